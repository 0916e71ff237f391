#include "store/record_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace khabar::store {
namespace {

EntityMention Mention(size_t paragraph, size_t begin, size_t end, std::string text,
                      std::string type, std::string id) {
  EntityMention m;
  m.paragraph = paragraph;
  m.begin = begin;
  m.end = end;
  m.text = std::move(text);
  m.type = std::move(type);
  m.id = std::move(id);
  m.label_en = m.id == "NIL" || m.id.empty() ? "" : "Label of " + m.id;
  m.qid = m.id == "cairo" ? "Q85" : "";
  m.confidence = 0.9;
  m.source = "kb";
  return m;
}

ArticleRecord Sample() {
  ArticleRecord r;
  r.id = "f3ebe7b70317b1ec9092c7d411c03d92";
  r.source.path = "feed.jsonl";
  r.source.locator = "line 7";
  r.source.url = "https://example.com/news/7";
  r.source.site = "example.com";
  r.title = "الرئيس يزور القاهرة";
  r.published = "2023-06-07T03:35+03:00";
  r.published_text = "7 يونيو 2023";
  r.author = "محرر";
  r.dateline = Dateline{};
  r.dateline->place = "القاهرة";
  r.paragraphs = {"القاهرة - زار الرئيس القاهرة اليوم والتقى عمرو موسى.",
                  "وقال عمرو موسى إن الزيارة مهمة.", ""};
  // Spans in code points: "القاهرة" is 7, "عمرو موسى" 9.
  r.entities = {
      Mention(0, 0, 7, "القاهرة", "LOC", "cairo"), Mention(0, 17, 24, "القاهرة", "LOC", "cairo"),
      Mention(0, 40, 49, "عمرو موسى", "PERS", "NIL"), Mention(1, 5, 14, "عمرو موسى", "PERS", "NIL"),
      // Text that is not the span it points at, an empty id, a type and a source
      // outside the usual sets, a paragraph out of range, odd confidences.
      Mention(1, 0, 4, "غير مطابق", "EVENT", ""), Mention(9, 3, 1, "خارج", "LOC", "x"),
      Mention(1, 2, 2, "", "MISC", "m")};
  r.entities[4].source = "handmade";
  r.entities[4].confidence = 0.12345;
  r.entities[5].confidence = std::numeric_limits<double>::quiet_NaN();
  r.entities[6].confidence = 1e300;
  r.entities[6].source = "";
  r.entity_counts = {{"cairo", "القاهرة", "LOC", "Label of cairo", "Q85", 2},
                     {"NIL", "عمرو موسى", "PERS", "", "", 2},
                     {"y", "ليس في النص", "ORG", "Y", "Q1", 1}};
  return r;
}

// What a record reads back as from its JSON: the reference UnpackRecord must match.
std::string ViaJson(const ArticleRecord& r) {
  Result<ArticleRecord> back = RecordFromJson(RecordToJson(r));
  EXPECT_TRUE(back.ok());
  return RecordToJson(*back);
}

TEST(RecordCodecTest, RoundTripsLikeJson) {
  const ArticleRecord r = Sample();
  const std::string packed = PackRecord(r);
  Result<ArticleRecord> back = UnpackRecord(packed);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(RecordToJson(*back), ViaJson(r));
  ASSERT_EQ(back->entities.size(), r.entities.size());
  EXPECT_EQ(back->entities[0].text, "القاهرة");
  EXPECT_EQ(back->entities[2].text, "عمرو موسى");
  EXPECT_EQ(back->entities[4].text, "غير مطابق");
  EXPECT_EQ(back->entities[4].source, "handmade");
  EXPECT_DOUBLE_EQ(back->entities[4].confidence, 0.123);
  EXPECT_EQ(back->entities[5].confidence, 0);  // NaN: JSON null, read back as 0
  EXPECT_EQ(back->entities[2].id, "NIL");
  EXPECT_EQ(back->entities[4].id, "");
  EXPECT_EQ(back->entity_counts[2].text, "ليس في النص");
  std::string body;
  PackRecord(r, &body);
  EXPECT_EQ(*UnpackBody(packed), body);
  EXPECT_EQ(body, r.paragraphs[0] + "\n" + r.paragraphs[1] + "\n");
}

TEST(RecordCodecTest, WithoutEntitiesAndEmpty) {
  ArticleRecord r = Sample();
  r.entities.clear();
  r.entity_counts.clear();
  EXPECT_EQ(RecordToJson(*UnpackRecord(PackRecord(r))), ViaJson(r));
  const ArticleRecord empty;
  EXPECT_EQ(RecordToJson(*UnpackRecord(PackRecord(empty))), ViaJson(empty));
}

TEST(RecordCodecTest, CompactEntitiesAreSmaller) {
  ArticleRecord r = Sample();
  r.entities.resize(4);
  for (int i = 0; i < 6; ++i)
    r.entities.insert(r.entities.end(), r.entities.begin(), r.entities.begin() + 4);
  EXPECT_LT(PackRecord(r).size(), PackRecordV1(r).size());
}

TEST(RecordCodecTest, ReadsTheLayoutOfSchemaVersion2) {
  const ArticleRecord r = Sample();
  Result<ArticleRecord> back = UnpackRecord(PackRecordV1(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(RecordToJson(*back), ViaJson(r));
}

TEST(RecordCodecTest, KnownBodySkipsInflate) {
  const std::string blob = "not even zlib";
  const std::string body = "النص";
  EXPECT_EQ(KnownBody::Find(blob), nullptr);
  {
    KnownBody known(blob, &body);
    EXPECT_EQ(KnownBody::Find(blob), &body);
    EXPECT_EQ(KnownBody::Find("other"), nullptr);
  }
  EXPECT_EQ(KnownBody::Find(blob), nullptr);
}

TEST(RecordCodecTest, DamageIsAnError) {
  const std::string packed = PackRecord(Sample());
  EXPECT_EQ(UnpackRecord(packed.substr(0, packed.size() / 2)).status().code(),
            Status::Code::kCorrupt);
  EXPECT_EQ(UnpackRecord("").status().code(), Status::Code::kCorrupt);
  EXPECT_EQ(UnpackRecord(std::string(64, 'x')).status().code(), Status::Code::kCorrupt);
}

}  // namespace
}  // namespace khabar::store

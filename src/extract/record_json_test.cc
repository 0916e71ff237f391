#include <gtest/gtest.h>

#include "khabar/record.h"

namespace khabar {
namespace {

ArticleRecord Sample() {
  ArticleRecord r;
  r.id = "0123456789abcdef0123456789abcdef";
  r.source.path = "a/b.txt";
  r.source.encoding = "UTF-8";
  r.title = "عنوان \"مقتبس\"";
  r.published = "2022-02-11T18:20+02:00";
  r.published_text = "الجمعة، 11 فبراير 2022 06:20 م";
  r.dateline = Dateline{
      "واشنطن", Agency{"MENA", "وكالة أنباء الشرق الأوسط", "Middle East News Agency", "/أ ش أ/"}};
  r.caption = "صورة";
  r.paragraphs = {"فقرة أولى.", "فقرة\tثانية."};
  r.boilerplate = {"مشاركة"};
  r.warnings = {"w"};
  return r;
}

TEST(RecordJsonTest, RoundTrip) {
  const ArticleRecord r = Sample();
  const std::string line = RecordToJson(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("واشنطن"), std::string::npos);  // not \u-escaped
  EXPECT_EQ(line.rfind("{\"id\":", 0), 0u);
  auto back = RecordFromJson(line);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->title, r.title);
  EXPECT_EQ(back->source.path, r.source.path);
  EXPECT_EQ(back->source.encoding, "UTF-8");
  EXPECT_EQ(back->dateline->agency->text, "/أ ش أ/");
  EXPECT_EQ(back->paragraphs, r.paragraphs);
  EXPECT_EQ(back->boilerplate, r.boilerplate);
  EXPECT_EQ(RecordToJson(*back, true), RecordToJson(r, true));
}

TEST(RecordJsonTest, NullDatelineAndPretty) {
  ArticleRecord r;
  r.source.path = "-";
  r.paragraphs = {"x"};
  const std::string pretty = RecordToJson(r, true);
  EXPECT_NE(pretty.find("\n  \"dateline\": null"), std::string::npos);
  auto back = RecordFromJson(pretty);
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->dateline.has_value());
}

TEST(RecordJsonTest, ErrorRecord) {
  ErrorRecord e{SourceInfo{"bad.bin", "", "", "", ""}, "not text"};
  EXPECT_EQ(ErrorRecordToJson(e), "{\"source\":{\"path\":\"bad.bin\"},\"error\":\"not text\"}");
}

TEST(RecordJsonTest, RejectsMalformed) {
  EXPECT_FALSE(RecordFromJson("{").ok());
  EXPECT_FALSE(RecordFromJson("[]").ok());
  EXPECT_FALSE(RecordFromJson("{\"title\": 3}").ok());
  EXPECT_FALSE(RecordFromJson("{\"paragraphs\": [1]}").ok());
  EXPECT_FALSE(RecordFromJson("{\"dateline\": \"x\"}").ok());
  EXPECT_FALSE(RecordFromJson("{\"source\":{\"path\":\"x\"},\"error\":\"e\"}").ok());
}

TEST(RecordJsonTest, EntitiesOnlyWhenPresentAndRoundTrip) {
  ArticleRecord r;
  r.id = "abc";
  r.paragraphs = {"التقى أنتوني بلينكن نظيره في القاهرة."};
  EXPECT_EQ(RecordToJson(r).find("entities"), std::string::npos);
  EXPECT_EQ(RecordToJson(r).find("entity_counts"), std::string::npos);
  r.entities.push_back({0, 6, 19, "أنتوني بلينكن", "PERS", "antony_blinken", "Antony Blinken", "Q1",
                        0.96789, "model"});
  r.entities.push_back({0, 31, 37, "القاهرة", "LOC", "cairo", "Cairo", "Q85", 1.0, "kb"});
  r.entity_counts.push_back({"antony_blinken", "أنتوني بلينكن", "PERS", "Antony Blinken", "Q1", 1});
  r.entity_counts.push_back({"cairo", "القاهرة", "LOC", "Cairo", "Q85", 1});
  const std::string json = RecordToJson(r);
  EXPECT_NE(json.find("\"confidence\":0.968"), std::string::npos) << json;
  EXPECT_LT(json.find("\"warnings\""), json.find("\"entities\""));
  auto back = RecordFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->entities.size(), 2u);
  EXPECT_EQ(back->entities[0].text, "أنتوني بلينكن");
  EXPECT_EQ(back->entities[0].begin, 6u);
  EXPECT_EQ(back->entities[0].end, 19u);
  EXPECT_EQ(back->entities[1].id, "cairo");
  EXPECT_EQ(back->entities[1].source, "kb");
  EXPECT_DOUBLE_EQ(back->entities[0].confidence, 0.968);
  ASSERT_EQ(back->entity_counts.size(), 2u);
  EXPECT_EQ(back->entity_counts[0].type, "PERS");
  EXPECT_EQ(back->entity_counts[1].count, 1u);
  EXPECT_EQ(RecordToJson(*back), json);
  // The headline's mentions: before "entities", offsets into the title, no "paragraph" (Python's
  // paragraphs[-1] or paragraphs[0] would slice the wrong text).
  r.title = "بلينكن في القاهرة";
  r.title_entities.push_back(
      {0, 0, 6, "بلينكن", "PERS", "antony_blinken", "Antony Blinken", "Q1", 0.9, "coref"});
  r.title_entities.push_back({0, 10, 17, "القاهرة", "LOC", "cairo", "Cairo", "Q85", 0.95, "kb"});
  const std::string titled = RecordToJson(r);
  EXPECT_NE(titled.find("\"title_entities\":[{\"begin\":0,\"end\":6,\"text\":\"بلينكن\","),
            std::string::npos)
      << titled;
  EXPECT_LT(titled.find("\"warnings\""), titled.find("\"title_entities\""));
  EXPECT_LT(titled.find("\"title_entities\""), titled.find("\"entities\""));
  EXPECT_EQ(titled.find("\"paragraph\"", titled.find("\"title_entities\"")),
            titled.find("\"paragraph\"", titled.find("\"entities\"")));
  auto titled_back = RecordFromJson(titled);
  ASSERT_TRUE(titled_back.ok()) << titled_back.status().ToString();
  ASSERT_EQ(titled_back->title_entities.size(), 2u);
  EXPECT_EQ(titled_back->title_entities[1].begin, 10u);
  EXPECT_EQ(titled_back->title_entities[1].text, "القاهرة");
  EXPECT_EQ(titled_back->title_entities[0].source, "coref");
  EXPECT_EQ(titled_back->entities.size(), 2u);
  EXPECT_EQ(RecordToJson(*titled_back), titled);
  EXPECT_FALSE(RecordFromJson("{\"title_entities\": {}}").ok());
  EXPECT_FALSE(RecordFromJson("{\"title_entities\": [{\"end\": \"x\"}]}").ok());
  EXPECT_FALSE(RecordFromJson("{\"entities\": {}}").ok());
  EXPECT_FALSE(RecordFromJson("{\"entities\": [{\"begin\": -1}]}").ok());
  EXPECT_FALSE(RecordFromJson("{\"entity_counts\": [3]}").ok());
}

TEST(RecordJsonTest, InvalidUtf8DoesNotThrow) {
  ArticleRecord r;
  r.title = "\xFF\xFE";
  EXPECT_FALSE(RecordToJson(r).empty());
}

}  // namespace
}  // namespace khabar

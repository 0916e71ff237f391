#include "store/record_codec.h"

#include <gtest/gtest.h>

#include <zlib.h>
#include <zstd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

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

// Mention texts are found by a walk that resumes within a paragraph; out of order, back in an
// earlier paragraph or far into a long paragraph, each still reads back as its own text.
TEST(RecordCodecTest, MentionSpansInAnyOrderReadBack) {
  ArticleRecord r = Sample();
  std::string long_paragraph;
  for (int i = 0; i < 50; ++i) long_paragraph += "كلمة القاهرة ";
  r.paragraphs.push_back(long_paragraph);
  const size_t p = r.paragraphs.size() - 1;
  r.entities = {Mention(p, 18, 25, "القاهرة", "LOC", "cairo"),
                Mention(0, 17, 24, "القاهرة", "LOC", "cairo"),
                Mention(p, 5, 12, "القاهرة", "LOC", "cairo"),
                Mention(p, 13 * 49 + 5, 13 * 49 + 12, "القاهرة", "LOC", "cairo"),
                Mention(0, 0, 7, "القاهرة", "LOC", "cairo")};
  const std::string packed = PackRecord(r);
  Result<ArticleRecord> back = UnpackRecord(packed);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(RecordToJson(*back), ViaJson(r));
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

// Schema versions 4-5: the same bytes as now in a zlib stream with the preset dictionary.
TEST(RecordCodecTest, ReadsTheLayoutOfSchemaVersion5) {
  ArticleRecord with_frozen = Sample();
  with_frozen.entities[0].label_en = "Cairo";
  for (const ArticleRecord& r : {Sample(), with_frozen, ArticleRecord{}}) {
    const std::string old = PackRecordV3(r);
    ASSERT_GE(old.size(), size_t{2});
    EXPECT_EQ(static_cast<unsigned char>(old[0]), 0x78);  // a zlib header
    Result<ArticleRecord> back = UnpackRecord(old);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(RecordToJson(*back), ViaJson(r));
    Result<ArticleRecord> now = UnpackRecord(PackRecord(r));
    ASSERT_TRUE(now.ok()) << now.status().ToString();
    EXPECT_EQ(RecordToJson(*now), RecordToJson(*back));
  }
}

TEST(RecordCodecTest, ReadsTheLayoutOfSchemaVersion3) {
  for (ArticleRecord r : {Sample(), ArticleRecord{}}) {
    Result<ArticleRecord> back = UnpackRecord(PackRecordV2(r));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(RecordToJson(*back), ViaJson(r));
  }
}

// A body prefix is the body's first bytes in every layout, and says when it is the whole body.
TEST(RecordCodecTest, BodyPrefixesAreTheBodysStart) {
  ArticleRecord r = Sample();
  for (int i = 0; i < 60; ++i) r.paragraphs.push_back("فقرة طويلة رقم " + std::to_string(i));
  for (const std::string& blob :
       {PackRecord(r), PackRecordV1(r), PackRecordV2(r), PackRecordV3(r)}) {
    Result<std::string> body = UnpackBody(blob);
    ASSERT_TRUE(body.ok());
    for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{1000}, body->size() - 1,
                     body->size(), body->size() + 1, size_t{1} << 20}) {
      bool complete = false;
      Result<std::string> prefix = UnpackBodyPrefix(blob, n, &complete);
      ASSERT_TRUE(prefix.ok()) << prefix.status().ToString();
      EXPECT_EQ(*prefix, body->substr(0, n)) << n;
      EXPECT_EQ(complete, n >= body->size()) << n;
    }
  }
  bool complete = true;
  EXPECT_EQ(UnpackBodyPrefix("not a record", 10, &complete).status().code(),
            Status::Code::kCorrupt);
  const std::string blob = PackRecord(r);
  EXPECT_FALSE(UnpackBodyPrefix(blob.substr(0, blob.size() / 2), 1 << 20, &complete).ok());
}

// A reader inflating a body a part at a time gives the same prefixes as UnpackBodyPrefix, in
// every layout, whatever the steps, and checks the stream like it.
TEST(RecordCodecTest, BodyPrefixReaderGrowsLikeUnpackBodyPrefix) {
  ArticleRecord r = Sample();
  for (int i = 0; i < 300; ++i) r.paragraphs.push_back("فقرة طويلة رقم " + std::to_string(i));
  ArticleRecord empty = Sample();
  empty.paragraphs.clear();
  for (const std::string& blob :
       {PackRecord(r), PackRecordV1(r), PackRecordV2(r), PackRecordV3(r), PackRecord(empty),
        PackRecord(ArticleRecord{}), PackRecordV3(empty)}) {
    Result<std::string> body = UnpackBody(blob);
    ASSERT_TRUE(body.ok());
    for (size_t step : {size_t{1}, size_t{7}, size_t{300}, size_t{5000}, size_t{1} << 20}) {
      BodyPrefixReader reader(blob);
      for (size_t n = 0;; n += step) {
        ASSERT_TRUE(reader.Extend(n).ok()) << n;
        // At least n bytes (the reader may inflate a little more), the body's start.
        const std::string_view got = reader.body();
        EXPECT_GE(got.size(), std::min(n, body->size())) << n;
        EXPECT_EQ(got, std::string_view(*body).substr(0, got.size())) << n;
        EXPECT_EQ(reader.complete(), got.size() == body->size()) << n;
        if (reader.complete()) break;
      }
    }
  }
  BodyPrefixReader not_a_record("not a record");
  EXPECT_EQ(not_a_record.Extend(10).code(), Status::Code::kCorrupt);
  const std::string blob = PackRecord(r);
  BodyPrefixReader truncated(std::string_view(blob).substr(0, blob.size() / 2));
  EXPECT_FALSE(truncated.Extend(1 << 20).ok());
  // The checksum that ends the stream: zstd's XXH64 (now), zlib's Adler-32 (schema 1-5).
  for (std::string damaged : {PackRecord(empty), PackRecordV3(empty)}) {
    damaged[damaged.size() - 1] ^= 1;
    BodyPrefixReader bad_checksum(damaged);
    EXPECT_EQ(bad_checksum.Extend(1 << 20).code(), Status::Code::kCorrupt);
    EXPECT_EQ(UnpackRecord(damaged).status().code(), Status::Code::kCorrupt);
  }
}

// Readers take their buffer from the one a finished reader left on the thread: a body read after
// a longer or a shorter one, in small steps (the buffer grows and keeps what was inflated), and a
// reader kept alive while others come and go, all read their own bytes. Run on a new thread, so
// the first reader starts without a spare buffer.
TEST(RecordCodecTest, BodyPrefixReadersKeepTheirOwnBytes) {
  std::vector<std::string> blobs, bodies;
  for (int paragraphs : {400, 3, 0, 2000, 40, 1}) {
    ArticleRecord r = Sample();
    r.paragraphs.clear();
    for (int i = 0; i < paragraphs; ++i) {
      r.paragraphs.push_back("سطر " + std::to_string(i * 7919 % 100003) + " من النص");
    }
    blobs.push_back(PackRecord(r));
    Result<std::string> body = UnpackBody(blobs.back());
    ASSERT_TRUE(body.ok());
    bodies.push_back(*body);
  }
  ASSERT_GT(bodies[3].size(), size_t{40000});  // grows past the first 4 KiB buffer many times
  std::thread([&] {
    BodyPrefixReader kept(blobs[1]);
    ASSERT_TRUE(kept.Extend(1 << 20).ok());
    ASSERT_TRUE(kept.complete());
    for (int round = 0; round < 2; ++round) {
      for (size_t i = 0; i < blobs.size(); ++i) {
        BodyPrefixReader reader(blobs[i]);
        for (size_t n = 0; !reader.complete(); n += 97) {
          ASSERT_TRUE(reader.Extend(n).ok()) << i << " " << n;
          const std::string_view got = reader.body();
          ASSERT_EQ(got, std::string_view(bodies[i]).substr(0, got.size())) << i << " " << n;
        }
        EXPECT_EQ(reader.body(), bodies[i]) << i;
        EXPECT_EQ(kept.body(), bodies[1]) << i;
      }
    }
  }).join();
}

// Entities of the frozen table (data/store/record-entities-v1.tsv) are stored by line number;
// the same id with other labels, or a type outside the four, keeps its strings.
TEST(RecordCodecTest, FrozenEntitiesRoundTrip) {
  ArticleRecord r = Sample();
  r.entities[0].label_en = "Cairo";  // line ("cairo", "Cairo", "Q85")
  r.entities[2].id = "EG";           // ("EG", "Egypt", "Q79") typed as an odd type
  r.entities[2].type = "GPE";
  r.entities[2].label_en = "Egypt";
  r.entities[2].qid = "Q79";
  r.entities[3].id = "antony_blinken";  // in the table with an empty qid
  r.entities[3].label_en = "Antony Blinken";
  r.entity_counts[0].label_en = "Cairo";
  const std::string packed = PackRecord(r);
  Result<ArticleRecord> back = UnpackRecord(packed);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(RecordToJson(*back), ViaJson(r));
  EXPECT_EQ(back->entities[0].label_en, "Cairo");
  EXPECT_EQ(back->entities[1].label_en, "Label of cairo");  // not the table's: kept as written
  EXPECT_EQ(back->entities[2].type, "GPE");
  EXPECT_EQ(back->entities[2].qid, "Q79");
  EXPECT_EQ(back->entities[3].label_en, "Antony Blinken");
  EXPECT_EQ(back->entity_counts[0].label_en, "Cairo");
  // Stored by number: smaller than the same entities with labels the table does not have.
  ArticleRecord unknown = r;
  for (EntityMention& m : unknown.entities) m.label_en += "!";
  for (EntityCount& c : unknown.entity_counts) c.label_en += "!";
  EXPECT_LT(packed.size(), PackRecord(unknown).size());
}

TEST(RecordCodecTest, SmallerThanTheLayoutOfSchemaVersion3) {
  ArticleRecord r = Sample();
  for (EntityMention& m : r.entities) {
    if (m.id == "cairo") m.label_en = "Cairo";
  }
  for (int i = 0; i < 20; ++i) r.paragraphs.push_back(r.paragraphs[i % 2] + " وقال الوزير إن");
  EXPECT_LT(PackRecord(r).size() * 10, PackRecordV2(r).size() * 9);  // at least 10% smaller
}

// The preset dictionary and the frozen entity table decide how stored records read: an edit would
// make every record written with them unreadable or read differently. A new one is a new file.
TEST(RecordCodecTest, FrozenDataFilesAreUnchanged) {
  const char* root = std::getenv("KHABAR_SOURCE_DIR");
  const std::string dir = std::string(root != nullptr ? root : "../..") + "/data/store/";
  for (const auto& [name, crc] :
       {std::pair<std::string, uLong>{"record-dictionary-v1.txt", 0xab0c8d3d},
        std::pair<std::string, uLong>{"record-entities-v1.tsv", 0x3bac2235},
        std::pair<std::string, uLong>{"record-zstd-tables-v1.txt", 0x58970363}}) {
    std::ifstream in(dir + name, std::ios::binary);
    ASSERT_TRUE(in) << dir + name;
    std::stringstream text;
    text << in.rdbuf();
    const std::string bytes = text.str();
    EXPECT_EQ(
        crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())),
        crc)
        << name << " was edited: it is frozen (see its header)";
  }
}

// Every field of the record survives (Pack copies the fields it stores as JSON one by one).
// The record's JSON section, written directly, is RecordToJson's of the record without its text
// and entities, byte for byte: random records whose strings mix Arabic, quotes, backslashes,
// every control character, DEL, 3- and 4-byte characters and (nlohmann's path then) ill-formed
// bytes, overlong forms and surrogates, with and without dateline, agency and source fields.
TEST(RecordCodecTest, JsonSectionIsRecordToJsonsBytes) {
  const std::vector<std::string> pieces = {"وزارة",
                                           " ",
                                           "\"",
                                           "\\",
                                           "/",
                                           "\x7f",
                                           "€",
                                           "😀",
                                           "é",
                                           "a",
                                           "\xC3",
                                           "\xC0\x80",
                                           "\xED\xA0\x80",
                                           "\xF4\x90\x80\x80",
                                           "\xEF\xBF\xBD",
                                           "\xE0\xA0\x80",
                                           "\xF0\x90\x80\x80"};
  std::mt19937 random(3);
  const auto text = [&] {
    std::string t;
    const size_t n = random() % 6;
    for (size_t i = 0; i < n; ++i) {
      if (random() % 4 == 0) {
        t += static_cast<char>(random() % 0x20);
      } else {
        t += pieces[random() % pieces.size()];
      }
    }
    return t;
  };
  size_t direct = 0;
  for (int round = 0; round < 3000; ++round) {
    ArticleRecord r = round == 0 ? Sample() : ArticleRecord{};
    if (round > 0) {
      // Mostly well-formed strings (so that most records take the direct path).
      const bool clean = round % 3 != 0;
      const auto field = [&] {
        std::string t = text();
        if (clean && !std::string_view(t).empty()) {
          std::string kept;
          for (char c : t) kept += static_cast<unsigned char>(c) < 0x80 ? c : 'x';
          t = kept + (round % 2 ? "القاهرة" : "");
        }
        return t;
      };
      r.id = field();
      r.source.path = field();
      if (random() % 2) r.source.locator = field();
      if (random() % 2) r.source.url = field();
      if (random() % 2) r.source.site = field();
      if (random() % 2) r.source.encoding = field();
      r.title = field();
      r.published = field();
      r.published_text = field();
      r.modified = field();
      r.author = field();
      if (random() % 3) {
        r.dateline = Dateline{field(), std::nullopt};
        if (random() % 2) r.dateline->agency = Agency{field(), field(), field(), field()};
      }
      r.caption = field();
      for (size_t i = random() % 3; i > 0; --i) r.boilerplate.push_back(field());
      for (size_t i = random() % 3; i > 0; --i) r.warnings.push_back(field());
      for (size_t i = random() % 3; i > 0; --i) r.paragraphs.push_back(field());
      if (random() % 4 == 0) {
        r.title_entities.push_back(Mention(0, 0, 1, field(), "PERS", field()));
        r.title_entities.back().confidence = (random() % 1000) / 999.0;
      }
    }
    ArticleRecord rest = r;
    rest.paragraphs.clear();
    rest.entities.clear();
    rest.entity_counts.clear();
    rest.title_entities.clear();
    const std::string want = RecordToJson(rest);
    const std::string got = RecordJsonWithoutText(r);
    ASSERT_EQ(got, want) << round;
    direct += want.find("\xEF\xBF\xBD") == std::string::npos;
  }
  EXPECT_GT(direct, 1500u);
}

TEST(RecordCodecTest, PackedRecordsRoundTrip) {
  ArticleRecord r = Sample();
  r.source.encoding = "windows-1256";
  r.modified = "2023-06-08T10:00+03:00";
  r.dateline->agency =
      Agency{"MENA", "وكالة أنباء الشرق الأوسط", "Middle East News Agency", "/أ ش أ/"};
  r.caption = "صورة من الزيارة";
  r.boilerplate = {"اقرأ أيضا", "شارك"};
  r.warnings = {"date: odd", "no body text found"};
  // The headline's mentions (offsets into the title): compact, after the entity counts (KR4),
  // also one whose text is not its span, one out of the title, an odd source.
  r.title_entities = {
      Mention(0, 0, 6, "الرئيس", "PERS", "NIL"), Mention(0, 12, 19, "القاهرة", "LOC", "cairo"),
      Mention(0, 7, 11, "ليس هذا", "ORG", "y"), Mention(0, 40, 45, "خارج", "LOC", "")};
  r.title_entities[1].confidence = 0.12345;
  r.title_entities[2].source = "handmade";
  r.entity_counts[0].count = 3;
  const std::string packed = PackRecord(r);
  Result<ArticleRecord> back = UnpackRecord(packed);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(RecordToJson(*back), ViaJson(r));
  ASSERT_EQ(back->title_entities.size(), 4u);
  EXPECT_EQ(back->title_entities[1].text, "القاهرة");
  EXPECT_EQ(back->title_entities[1].begin, 12u);
  EXPECT_EQ(back->title_entities[1].qid, "Q85");
  EXPECT_DOUBLE_EQ(back->title_entities[1].confidence, 0.123);
  EXPECT_EQ(back->title_entities[2].text, "ليس هذا");
  EXPECT_EQ(back->title_entities[2].source, "handmade");
  EXPECT_EQ(back->title_entities[3].end, 45u);
  EXPECT_EQ(back->entities.size(), r.entities.size());
  Result<std::string> raw = UnpackRaw(packed);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->substr(0, 4), "KR4\n");
  EXPECT_EQ(raw->find("title_entities"), std::string::npos);  // not as JSON
  // Schema 7's layout kept them in the JSON section; it reads back the same.
  const std::string v7 = PackRecordV7(r);
  ASSERT_NE(UnpackRaw(v7)->find("title_entities"), std::string::npos);
  Result<ArticleRecord> old = UnpackRecord(v7);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(RecordToJson(*old), ViaJson(r));
  EXPECT_EQ(back->modified, r.modified);
  EXPECT_EQ(back->caption, r.caption);
  EXPECT_EQ(back->boilerplate, r.boilerplate);
  EXPECT_EQ(back->warnings, r.warnings);
  EXPECT_EQ(back->source.encoding, r.source.encoding);
}

// The preset dictionary: the non-comment lines of its file joined by spaces (record_codec.cc).
std::string PresetDictionary() {
  const char* root = std::getenv("KHABAR_SOURCE_DIR");
  std::ifstream in(std::string(root != nullptr ? root : "../..") +
                   "/data/store/record-dictionary-v1.txt");
  EXPECT_TRUE(in);
  std::string dictionary, line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!dictionary.empty()) dictionary += ' ';
    dictionary += line;
  }
  return dictionary;
}

// The zstd dictionary: the bytes of the hex digits of record-zstd-tables-v1.txt, then the preset
// dictionary (record_codec.cc).
std::string ZstdDictionary() {
  const char* root = std::getenv("KHABAR_SOURCE_DIR");
  std::ifstream in(std::string(root != nullptr ? root : "../..") +
                   "/data/store/record-zstd-tables-v1.txt");
  EXPECT_TRUE(in);
  std::string hex, line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') hex += line;
  }
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return bytes + PresetDictionary();
}

// A record's zstd frame is the one a fresh context makes with the zstd dictionary at level 3
// (content size and checksum), whatever this thread compressed before: the thread's context is
// reused from record to record. Decompressed with zstd's own one-shot call, it is the record.
TEST(RecordCodecTest, ReusedContextGivesFreshBytes) {
  const std::string dictionary = ZstdDictionary();
  ASSERT_EQ(ZSTD_getDictID_fromDict(dictionary.data(), dictionary.size()), 0x4B523031u);
  ArticleRecord r = Sample();
  for (int i = 0; i < 12; ++i) {
    r.paragraphs.push_back(r.paragraphs[i % 2] + " " + std::to_string(i * 7919));
    if (i % 3 == 0) r.paragraphs.insert(r.paragraphs.begin(), "فقرة أولى " + std::to_string(i));
    const std::string packed = PackRecord(r);
    std::string raw(1 << 16, '\0');
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ASSERT_NE(dctx, nullptr);
    const size_t n = ZSTD_decompress_usingDict(dctx, raw.data(), raw.size(), packed.data(),
                                               packed.size(), dictionary.data(), dictionary.size());
    ZSTD_freeDCtx(dctx);
    ASSERT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
    raw.resize(n);
    EXPECT_EQ(raw.substr(0, 4), "KR4\n");
    EXPECT_EQ(ZSTD_getDictID_fromFrame(packed.data(), packed.size()), 0x4B523031u);
    ZSTD_CCtx* fresh = ZSTD_createCCtx();
    ASSERT_NE(fresh, nullptr);
    ZSTD_CCtx_setParameter(fresh, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(fresh, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_loadDictionary(fresh, dictionary.data(), dictionary.size());
    std::string again(ZSTD_compressBound(raw.size()), '\0');
    const size_t m = ZSTD_compress2(fresh, again.data(), again.size(), raw.data(), raw.size());
    ZSTD_freeCCtx(fresh);
    ASSERT_FALSE(ZSTD_isError(m));
    again.resize(m);
    EXPECT_EQ(packed, again) << i;
  }
}

// A zstd frame made with another dictionary (here the preset one as raw content, no id) is
// damaged, not misread.
TEST(RecordCodecTest, UnknownZstdDictionaryIsAnError) {
  const std::string dictionary = PresetDictionary();
  ArticleRecord r = Sample();
  r.paragraphs.push_back(PresetDictionary().substr(0, 3000));  // matches into the dictionary
  const Result<std::string> body = UnpackBody(PackRecord(r));
  ASSERT_TRUE(body.ok());
  ZSTD_CCtx* other = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(other, ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_loadDictionary(other, dictionary.data(), dictionary.size());
  const std::string text = "KR3\n" + *body;
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const size_t n = ZSTD_compress2(other, out.data(), out.size(), text.data(), text.size());
  ZSTD_freeCCtx(other);
  ASSERT_FALSE(ZSTD_isError(n));
  out.resize(n);
  EXPECT_EQ(UnpackRecord(out).status().code(), Status::Code::kCorrupt);
  EXPECT_EQ(UnpackBody(out).status().code(), Status::Code::kCorrupt);
  BodyPrefixReader reader(out);
  EXPECT_EQ(reader.Extend(1 << 20).code(), Status::Code::kCorrupt);
}

// Schema versions 4-5: the compressed bytes of a record are those of a zlib stream freshly made
// and primed with the preset dictionary, whatever this thread compressed before: each record's
// stream is a copy of the thread's primed one, in buffers the previous copies used.
TEST(RecordCodecTest, PooledCopiesGiveFreshBytes) {
  const std::string dictionary = PresetDictionary();
  ASSERT_FALSE(dictionary.empty());
  const auto fresh = [&](const std::string& raw) {
    z_stream z{};
    EXPECT_EQ(deflateInit(&z, 4), Z_OK);
    deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()),
                         static_cast<uInt>(dictionary.size()));
    std::string out(deflateBound(&z, static_cast<uLong>(raw.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  };
  // Records of different sizes, one after another on this thread, each against a fresh stream
  // compressing the same uncompressed bytes (Inflate of the record).
  ArticleRecord r = Sample();
  for (int i = 0; i < 12; ++i) {
    r.paragraphs.push_back(r.paragraphs[i % 2] + " " + std::to_string(i * 7919));
    if (i % 3 == 0) r.paragraphs.insert(r.paragraphs.begin(), "فقرة أولى " + std::to_string(i));
    const std::string packed = PackRecordV3(r);
    z_stream z{};
    ASSERT_EQ(inflateInit(&z), Z_OK);
    std::string raw(1 << 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    z.avail_in = static_cast<uInt>(packed.size());
    z.next_out = reinterpret_cast<Bytef*>(raw.data());
    z.avail_out = static_cast<uInt>(raw.size());
    int rc = inflate(&z, Z_FINISH);
    if (rc == Z_NEED_DICT) {
      inflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()),
                           static_cast<uInt>(dictionary.size()));
      rc = inflate(&z, Z_FINISH);
    }
    ASSERT_EQ(rc, Z_STREAM_END) << i;
    raw.resize(z.total_out);
    inflateEnd(&z);
    EXPECT_EQ(packed, fresh(raw)) << i;
  }
}

TEST(RecordCodecTest, UnknownPresetDictionaryIsAnError) {
  z_stream z{};
  ASSERT_EQ(deflateInit(&z, 6), Z_OK);
  const std::string dictionary = "another dictionary";
  deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(dictionary.data()),
                       static_cast<uInt>(dictionary.size()));
  const std::string in = "KR3\n";
  std::string out(256, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  EXPECT_EQ(UnpackRecord(out).status().code(), Status::Code::kCorrupt);
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

// A body that compresses far more than text does (one paragraph repeated: ~2.5 MB in a few KB) is
// read through the streamed path, whole and as prefixes.
TEST(RecordCodecTest, HighlyCompressibleRecordsReadBack) {
  ArticleRecord r = Sample();
  r.paragraphs.assign(20000, "وقال الوزير إن الزيارة مهمة للبلدين وللمنطقة كلها.");
  std::string joined;
  const std::string packed = PackRecord(r, &joined);
  ASSERT_LT(packed.size() * 64, joined.size());
  Result<ArticleRecord> back = UnpackRecord(packed);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(RecordToJson(*back), ViaJson(r));
  Result<std::string> body = UnpackBody(packed);
  ASSERT_TRUE(body.ok());
  for (size_t n : {size_t{10}, size_t{100000}, body->size(), body->size() + 1}) {
    bool complete = false;
    Result<std::string> prefix = UnpackBodyPrefix(packed, n, &complete);
    ASSERT_TRUE(prefix.ok()) << n;
    EXPECT_EQ(*prefix, body->substr(0, n)) << n;
    EXPECT_EQ(complete, n >= body->size()) << n;
  }
  std::string damaged = packed;
  damaged[damaged.size() - 1] ^= 1;  // the checksum
  EXPECT_EQ(UnpackRecord(damaged).status().code(), Status::Code::kCorrupt);
  EXPECT_EQ(UnpackRecord(packed.substr(0, packed.size() - 1)).status().code(),
            Status::Code::kCorrupt);
  EXPECT_EQ(UnpackRecord(packed + "x").status().code(), Status::Code::kCorrupt);
}

TEST(RecordCodecTest, DamageIsAnError) {
  for (const std::string& packed : {PackRecord(Sample()), PackRecordV3(Sample())}) {
    EXPECT_EQ(UnpackRecord(packed.substr(0, packed.size() / 2)).status().code(),
              Status::Code::kCorrupt);
    // Every truncation of a record is an error, never a crash; so is a byte after its end.
    for (size_t n = 0; n < packed.size(); ++n) {
      EXPECT_FALSE(UnpackRecord(packed.substr(0, n)).ok()) << n;
      bool complete = false;
      EXPECT_FALSE(UnpackBodyPrefix(packed.substr(0, n), 1 << 20, &complete).ok()) << n;
      // A reader stops at the body's end: the body whole and right, or an error.
      BodyPrefixReader reader(std::string_view(packed).substr(0, n));
      if (reader.Extend(1 << 20).ok()) {
        EXPECT_TRUE(reader.complete()) << n;
        EXPECT_EQ(reader.body(), *UnpackBody(packed)) << n;
      }
    }
    // Every byte changed: an error or, where the stream allows it, the same record.
    const Result<ArticleRecord> original = UnpackRecord(packed);
    ASSERT_TRUE(original.ok());
    for (size_t i = 0; i < packed.size(); ++i) {
      std::string damaged = packed;
      damaged[i] ^= 0x20;
      const Result<ArticleRecord> back = UnpackRecord(damaged);
      if (back.ok()) EXPECT_EQ(RecordToJson(*back), RecordToJson(*original)) << i;
    }
  }
  EXPECT_EQ(UnpackRecord("").status().code(), Status::Code::kCorrupt);
  EXPECT_EQ(UnpackRecord(std::string(64, 'x')).status().code(), Status::Code::kCorrupt);
  EXPECT_EQ(UnpackRecord(std::string("\x28\xB5\x2F\xFD") + std::string(60, 'x')).status().code(),
            Status::Code::kCorrupt);
}

}  // namespace
}  // namespace khabar::store

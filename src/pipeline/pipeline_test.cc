#include "khabar/pipeline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "io/test_util.h"
#include "khabar/extract.h"
#include "khabar/kb.h"
#include "khabar/ner.h"

namespace khabar::pipeline {
namespace {
namespace fs = std::filesystem;

const char kPage[] = R"(<html><head><title>ارتفاع صادرات التمور | وام</title>
<meta property="article:published_time" content="2024-06-01T06:00:00Z"></head><body>
<nav><a href="/">الرئيسية</a></nav><article><h1>ارتفاع صادرات التمور</h1>
<p>أبوظبي (وام) - ارتفعت صادرات الدولة من التمور خلال الربع الأول من العام بنسبة كبيرة مقارنة بالفترة نفسها من العام الماضي، بحسب بيانات رسمية.</p>
<p>وأوضحت البيانات أن الأسواق الآسيوية استحوذت على النصيب الأكبر من الصادرات، تلتها أسواق أوروبا وأفريقيا.</p>
</article></body></html>)";

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("khabar_pipeline_test_" + std::to_string(::getpid()));
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Write(const std::string& name, const std::string& bytes) {
    const fs::path p = root_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::vector<Item> RunAll(const std::vector<std::string>& paths, PipelineOptions options = {}) {
    std::vector<Item> items;
    Status s = pipeline::Run(paths, options, [&](const Item& i) { items.push_back(i); });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return items;
  }
  fs::path root_;
};

TEST_F(PipelineTest, RoutesEveryFormatInInputOrder) {
  using io::testing::GzipMember;
  using io::testing::HttpResponse;
  using io::testing::WarcRecord;
  std::string warc;
  for (int i = 0; i < 3; ++i) {
    warc += GzipMember(WarcRecord("response", "https://www.wam.ae/ar/article/" + std::to_string(i),
                                  HttpResponse(kPage)));
  }
  warc += GzipMember(WarcRecord("request", "https://www.wam.ae/x", "GET / HTTP/1.1\r\n\r\n"));
  const std::string a = Write("a.html", kPage);
  const std::string b = Write("b.warc.gz", warc);
  const std::string c =
      Write("c.jsonl",
            "{\"title\": \"افتتاح مستشفى جديد\", \"author\": \"الرياض : واس\", \"content\": "
            "\"افتتح وزير الصحة اليوم مستشفى جديدا بسعة 300 سرير في شمال المدينة.\\nويخدم المستشفى "
            "أكثر من مليون نسمة.\", \"source\": \"spa.gov.sa\", \"date\": \"2015-08-02\"}\n"
            "not json\n");
  PipelineOptions options;
  options.threads = 3;
  std::vector<Item> items = RunAll({a, b, c}, options);
  ASSERT_EQ(items.size(), 6u);
  EXPECT_TRUE(items[0].ok);
  EXPECT_EQ(items[0].record.title, "ارتفاع صادرات التمور");
  EXPECT_EQ(items[0].record.published, "2024-06-01T06:00+00:00");  // no site known: UTC kept
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(items[i].ok) << items[i].error.error;
    EXPECT_EQ(items[i].record.source.url, "https://www.wam.ae/ar/article/" + std::to_string(i - 1));
    EXPECT_EQ(items[i].record.source.site, "wam.ae");
    EXPECT_EQ(items[i].record.published, "2024-06-01T10:00+04:00");  // Dubai time from the site
    EXPECT_EQ(items[i].record.source.path, b);
  }
  ASSERT_TRUE(items[4].ok) << items[4].error.error;
  const ArticleRecord& j = items[4].record;
  EXPECT_EQ(j.title, "افتتاح مستشفى جديد");
  EXPECT_EQ(j.source.locator, "line 1");
  EXPECT_EQ(j.published, "2015-08-02");
  ASSERT_TRUE(j.dateline.has_value());
  EXPECT_EQ(j.dateline->place, "الرياض");
  EXPECT_EQ(j.dateline->agency->code, "SPA");
  EXPECT_EQ(j.author, "");
  EXPECT_EQ(j.paragraphs.size(), 2u);
  EXPECT_FALSE(items[5].ok);
  EXPECT_EQ(items[5].error.source.locator, "line 2");
}

TEST_F(PipelineTest, BinaryInputIsNotTextSaidOnce) {
  // docs/record-format.md: "not text: binary data (…)", not "... (NUL bytes), not text" again.
  const std::string path = Write("blob.txt", std::string("\x01\x00\x02\x00\xff\x00\x00 PK", 10));
  std::vector<Item> items = RunAll({path});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].ok);
  EXPECT_EQ(items[0].error.error, "not text: binary data (NUL bytes)");
}

TEST_F(PipelineTest, ThreadCountDoesNotChangeOutput) {
  std::vector<std::string> paths;
  for (int i = 0; i < 25; ++i) {
    std::string page = kPage;
    page.replace(page.find("ارتفاع صادرات التمور</h1>"), 0, std::to_string(i) + " ");
    paths.push_back(Write("p" + std::to_string(100 + i) + ".html", page));
  }
  PipelineOptions one;
  one.threads = 1;
  PipelineOptions four;
  four.threads = 4;
  std::vector<Item> x = RunAll({root_.string()}, one), y = RunAll({root_.string()}, four);
  ASSERT_EQ(x.size(), 25u);
  ASSERT_EQ(y.size(), 25u);
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(RecordToJson(x[i].record), RecordToJson(y[i].record));
  }
}

// More documents than the window holds (128 per worker), with a sink that pauses as an ingest
// commit does: the workers run ahead and the items still come out in input order.
TEST_F(PipelineTest, ASlowSinkGetsEveryDocumentInInputOrder) {
  std::string lines;
  const int kLines = 700;
  for (int i = 0; i < kLines; ++i) {
    lines += "{\"title\": \"خبر رقم " + std::to_string(i) +
             "\", \"content\": \"افتتح وزير الصحة اليوم مستشفى جديدا في شمال المدينة.\"}\n";
  }
  const std::string path = Write("many.jsonl", lines);
  PipelineOptions options;
  options.threads = 2;
  std::vector<std::string> locators;
  Status s = pipeline::Run({path}, options, [&](const Item& item) {
    ASSERT_TRUE(item.ok) << item.error.error;
    locators.push_back(item.record.source.locator);
    if (locators.size() % 200 == 1) std::this_thread::sleep_for(std::chrono::milliseconds(30));
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(locators.size(), static_cast<size_t>(kLines));
  for (int i = 0; i < kLines; ++i) EXPECT_EQ(locators[i], "line " + std::to_string(i + 1));
}

TEST(FieldMapTest, ParsesAndRejects) {
  Result<FieldMap> m = ParseFieldMap("title=headline,text=body|content, date=meta.published");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->title, std::vector<std::string>{"headline"});
  EXPECT_EQ(m->text, (std::vector<std::string>{"body", "content"}));
  EXPECT_FALSE(ParseFieldMap("color=red").ok());
  EXPECT_FALSE(ParseFieldMap("title").ok());
  PipelineOptions options;
  options.fields = *m;
  Result<ArticleRecord> r = MapJsonRecord(
      R"({"headline":"عنوان","content":"فقرة أولى من النص.","meta":{"published":"2020-01-02T03:04:05+03:00"}})",
      SourceInfo{}, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->title, "عنوان");
  EXPECT_EQ(r->published, "2020-01-02T03:04:05+03:00");
  EXPECT_EQ(MapJsonRecord("[1,2]", {}, options).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(MapJsonRecord("{\"x\":1}", {}, options).status().code(),
            Status::Code::kInvalidArgument);
}

// A control character becomes one space on every input path (docs/record-format.md "Control
// characters"): a JSON escape, a raw byte in a text dump, an HTML page (raw and as a reference)
// and a WARC payload give the same paragraph, and the same id as the text without them.
TEST_F(PipelineTest, ControlCharactersBecomeSpacesOnEveryPath) {
  using io::testing::GzipMember;
  using io::testing::HttpResponse;
  using io::testing::WarcRecord;
  const std::string body = "قال المتحدث إن الوفد وصل إلى الرياض صباح اليوم في زيارة رسمية.";
  const std::string filler =
      "وأوضح أن الزيارة تستمر ثلاثة أيام يلتقي خلالها الوفد عددا من المسؤولين.";
  const std::string with_control =
      "قال المتحدث إن الوفد وصل\x01 إلى الرياض صباح اليوم في زيارة رسمية.";
  const std::string want = "قال المتحدث إن الوفد وصل  إلى الرياض صباح اليوم في زيارة رسمية.";
  std::string text = "وصول وفد رسمي إلى الرياض\n\n\x07" + with_control + "\n";
  for (int i = 0; i < 12; ++i) text += filler + "\n";  // under the binary-data threshold (1%)
  std::string page =
      "<html><head><title>وصول وفد</title></head><body><h1>وصول وفد رسمي إلى "
      "الرياض</h1><p>قال المتحدث إن الوفد وصل&#1; إلى الرياض صباح اليوم في زيارة "
      "رسمية.</p>";
  for (int i = 0; i < 3; ++i) page += "<p>" + filler + "</p>";
  page += "</body></html>";
  std::string raw_page = page;
  raw_page.replace(raw_page.find("&#1;"), 4, "\x1f");
  const std::string a =
      Write("a.jsonl",
            "{\"title\": \"وصول وفد\\u0000 رسمي\", \"content\": \"\\u0007قال المتحدث إن الوفد "
            "وصل\\u0000 إلى الرياض صباح اليوم في زيارة رسمية.\\n\\u0001\\n" +
                filler + "\"}\n");
  const std::string b = Write("b.txt", text);
  const std::string c = Write("c.html", page);
  const std::string d =
      Write("d.warc.gz",
            GzipMember(WarcRecord("response", "https://example.com/1", HttpResponse(raw_page))));
  std::vector<Item> items = RunAll({a, b, c, d});
  ASSERT_EQ(items.size(), 4u);
  for (const Item& item : items) {
    ASSERT_TRUE(item.ok) << item.error.error;
    const ArticleRecord& r = item.record;
    ASSERT_GE(r.paragraphs.size(), 2u) << RecordToJson(r);
    EXPECT_EQ(r.paragraphs[0], want) << r.source.path;
    EXPECT_EQ(r.paragraphs[1], filler) << r.source.path;  // the line of a control alone is gone
    EXPECT_NE(r.warnings.back().find("control characters replaced with spaces"), std::string::npos)
        << r.source.path;
    for (const std::string& p : r.paragraphs) {
      for (char ch : p) EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20 && ch != '\t') << p;
    }
  }
  EXPECT_EQ(items[0].record.title, "وصول وفد  رسمي");
  // The analyzer reads a control as a space already: the id does not change.
  ArticleRecord clean = items[0].record;
  clean.paragraphs[0] = body;
  EXPECT_EQ(items[0].record.id, extract::ContentId("وصول وفد رسمي", clean.paragraphs));
}

TEST_F(PipelineTest, KhabarRecordsAreReadBackAndGetEntities) {
  // `khabar parse` output fed back: read as it is (not re-mapped), error records stay errors.
  ArticleRecord rec;
  rec.id = "0123456789abcdef0123456789abcdef";
  rec.source.path = "dumps/original.txt";
  rec.source.site = "example.com";
  rec.title = "بلينكن في طوكيو";
  rec.published = "2022-02-11T18:20";
  rec.paragraphs = {
      "واشنطن (أ ش أ) - التقى وزير الخارجية الأمريكي أنتوني بلينكن نظيره الياباني في طوكيو.",
      "وأكد بلينكن أن الولايات المتحدة ملتزمة بأمن اليابان."};
  rec.boilerplate = {"مشاركة"};
  const std::string path =
      Write("records.jsonl",
            RecordToJson(rec) + "\n" +
                ErrorRecordToJson({SourceInfo{"x.bin", "", "", "", ""}, "not text"}) + "\n");
  PipelineOptions plain;
  plain.threads = 2;
  std::vector<Item> items = RunAll({path}, plain);
  ASSERT_EQ(items.size(), 2u);
  ASSERT_TRUE(items[0].ok) << items[0].error.error;
  EXPECT_EQ(RecordToJson(items[0].record), RecordToJson(rec));
  EXPECT_TRUE(items[0].record.entities.empty());
  EXPECT_FALSE(items[1].ok);
  EXPECT_EQ(items[1].error.source.path, "x.bin");
  EXPECT_EQ(items[1].error.error, "not text");

  PipelineOptions with_entities = plain;
  with_entities.entities = true;
  items = RunAll({path}, with_entities);
  ASSERT_TRUE(items[0].ok);
  const ArticleRecord& r = items[0].record;
  ASSERT_FALSE(r.entities.empty());
  ASSERT_FALSE(r.entity_counts.empty());
  bool blinken = false;
  size_t mentions = 0;
  for (const EntityMention& m : r.entities) {
    ASSERT_LT(m.paragraph, r.paragraphs.size());
    EXPECT_LT(m.begin, m.end);
    EXPECT_TRUE(m.type == "PERS" || m.type == "LOC" || m.type == "ORG" || m.type == "MISC");
    if (m.id == "antony_blinken") blinken = true;
  }
  for (const EntityCount& c : r.entity_counts) mentions += c.count;
  EXPECT_TRUE(blinken);
  // The headline is tagged and linked with the body: its own mentions, counted too.
  std::vector<std::string> title_ids;
  for (const EntityMention& m : r.title_entities) {
    EXPECT_EQ(m.paragraph, 0u);
    EXPECT_LT(m.end, 16u);
    title_ids.push_back(m.id);
  }
  EXPECT_EQ(title_ids, (std::vector<std::string>{"antony_blinken", "tokyo"}));
  EXPECT_EQ(mentions, r.entities.size() + r.title_entities.size());
  EXPECT_NE(RecordToJson(r).find("\"title_entities\":[{\"begin\":0,\"end\":6,"), std::string::npos)
      << RecordToJson(r);
  // Same entities whatever the thread count, and the record survives JSON.
  with_entities.threads = 1;
  std::vector<Item> again = RunAll({path}, with_entities);
  EXPECT_EQ(RecordToJson(again[0].record), RecordToJson(r));
  EXPECT_EQ(RecordToJson(*RecordFromJson(RecordToJson(r))), RecordToJson(r));
}

// The recognizer may still be loading when Run starts (ingest loads the model while reading):
// the workers wait for it and use it, not the default one. The test's recognizer
// knows one more person than the shipped KB, so only it links her.
TEST_F(PipelineTest, WorkersWaitForTheRecognizerBeingLoaded) {
  Result<std::unique_ptr<kb::KnowledgeBase>> kb = kb::KnowledgeBase::WithUserText(
      kb::KnowledgeBase::Default(),
      "id\ttype\tlabel_en\tcountry\taliases_ar\nmayor_x\tPER\tSamir Example\tEG\tسمير الشاطري\n",
      "user.tsv");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  const ner::Recognizer custom(&ner::Tagger::Default(), kb->get());
  std::string lines;
  for (int i = 0; i < 6; ++i) {
    const std::string n = std::to_string(i);
    lines += "{\"title\": \"افتتاح معرض ";
    lines += n;
    lines +=
        "\", \"content\": \"افتتح سمير الشاطري المعرض الجديد في القاهرة اليوم. وأكد الشاطري "
        "أن المعرض ناجح.\", \"url\": \"https://example.com/";
    lines += n;
    lines += "\", \"date\": \"2024-01-0";
    lines += std::to_string(i + 1);
    lines += "\"}\n";
    if (i == 2) lines += "not json\n";  // an error among them, not parked
  }
  const std::string path = Write("loading.jsonl", lines);
  const auto links_mayor = [](const Item& item) {
    for (const EntityMention& m : item.record.entities) {
      if (m.id == "mayor_x") return true;
    }
    return false;
  };
  PipelineOptions given;
  given.entities = true;
  given.recognizer = &custom;
  const std::vector<Item> reference = RunAll({path}, given);
  ASSERT_EQ(reference.size(), 7u);
  ASSERT_TRUE(links_mayor(reference[0])) << "the test's recognizer should link the user entity";
  for (int threads : {1, 2}) {
    std::promise<const ner::Recognizer*> loaded;
    PipelineOptions loading;
    loading.threads = threads;
    loading.entities = true;
    loading.recognizer_loading = loaded.get_future().share();
    // `prepare` runs after the entities: it sees them even for documents extracted while the
    // recognizer was loading.
    loading.prepare = [&](const ArticleRecord& record) -> std::shared_ptr<const void> {
      return std::make_shared<bool>(!record.entities.empty());
    };
    std::thread loader([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      loaded.set_value(&custom);
    });
    const std::vector<Item> items = RunAll({path}, loading);
    loader.join();
    ASSERT_EQ(items.size(), reference.size());
    for (size_t i = 0; i < items.size(); ++i) {
      if (i == 3) {
        EXPECT_FALSE(items[i].ok);
        EXPECT_EQ(items[i].error.source.locator, "line 4");
        EXPECT_EQ(items[i].prepared, nullptr);
        continue;
      }
      ASSERT_TRUE(items[i].ok) << items[i].error.error;
      EXPECT_TRUE(links_mayor(items[i])) << "threads " << threads << ", item " << i;
      EXPECT_EQ(RecordToJson(items[i].record), RecordToJson(reference[i].record)) << i;
      ASSERT_NE(items[i].prepared, nullptr);
      EXPECT_TRUE(*static_cast<const bool*>(items[i].prepared.get())) << i;
    }
  }
}

TEST_F(PipelineTest, MissingPathIsNotFound) {
  Status s = pipeline::Run({(root_ / "nope").string()}, {}, [](const Item&) {});
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace khabar::pipeline

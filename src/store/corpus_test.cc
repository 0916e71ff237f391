#include <gtest/gtest.h>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "khabar/store.h"
#include "store/filter_terms.h"
#include "store/fts_tokenizer.h"
#include "store/record_codec.h"
#include "store/schema_test_util.h"
#include "store/sqlite_util.h"

namespace khabar::store {
namespace {
namespace fs = std::filesystem;

ArticleRecord Article(std::string path, std::string id, std::string title,
                      std::vector<std::string> paragraphs,
                      std::string published = "2022-02-11T18:20") {
  ArticleRecord r;
  r.source.path = std::move(path);
  r.source.site = "example.com";
  r.id = std::move(id);
  r.title = std::move(title);
  r.paragraphs = std::move(paragraphs);
  r.published = std::move(published);
  return r;
}

class CorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("khabar_corpus_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "corpus.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Corpus> OpenOrDie(OpenOptions options = {}) {
    auto c = Corpus::Open(path_, options);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }

  // Rewrites every stored record with `pack` (an older layout), then runs `sql` (a downgrade), on
  // a connection of its own: the update trigger re-indexes the body through khabar's functions.
  void RepackRecords(std::string (*pack)(const ArticleRecord&), const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    struct Closer {
      sqlite3* db;
      ~Closer() { sqlite3_close_v2(db); }  // after the statements (declared later) are finalized
    } closer{db};
    ASSERT_TRUE(RegisterKhabarTokenizer(db).ok());
    ASSERT_TRUE(RegisterRecordFunctions(db).ok());
    ASSERT_TRUE(RegisterFilterFunctions(db).ok());
    Statement read, write;
    ASSERT_TRUE(read.Prepare(db, "SELECT rowid, record FROM articles").ok());
    ASSERT_TRUE(write.Prepare(db, "UPDATE articles SET record = ?2 WHERE rowid = ?1").ok());
    std::vector<std::pair<int64_t, std::string>> rows;
    while (read.Step() == SQLITE_ROW) {
      const Result<ArticleRecord> record = UnpackRecord(read.ColumnBlob(1));
      ASSERT_TRUE(record.ok());
      rows.emplace_back(read.ColumnInt(0), pack(*record));
    }
    read.Reset();
    for (const auto& [rowid, blob] : rows) {
      write.Reset();
      write.BindInt(1, rowid);
      write.BindBlob(2, blob);
      ASSERT_EQ(write.Step(), SQLITE_DONE) << sqlite3_errmsg(db);
    }
    write.Reset();
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  }

  void Exec(const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << sql;
  }

  void Fill(Corpus& c) {
    ASSERT_TRUE(c.BeginBatch().ok());
    ASSERT_EQ(
        *c.Put(Article("a.txt", "id-a", "الوزارة تعلن خطة جديدة",
                       {"أعلنت الوزارة اليوم خطة للطاقة.", "وقال الوزير إن الخطة تبدأ في مارس."},
                       "2022-02-11T18:20")),
        PutOutcome::kInserted);
    ASSERT_EQ(*c.Put(Article(
                  "b.txt", "id-b", "أمريكا واليابان",
                  {"التقى وزيرا خارجية أمريكا واليابان في ملبورن.", "وناقشت وزارتها ملف الطاقة."},
                  "2022-03-01T09:00")),
              PutOutcome::kInserted);
    ASSERT_EQ(*c.Put(Article("c.txt", "id-c", "مباراة كرة القدم",
                             {"فاز الفريق في المباراة النهائية بهدفين."}, "2021-12-30")),
              PutOutcome::kInserted);
    ASSERT_TRUE(c.CommitBatch().ok());
  }

  fs::path dir_;
  std::string path_;
};

std::vector<std::string> Ids(const SearchResults& r) {
  std::vector<std::string> ids;
  for (const auto& h : r.hits) ids.push_back(h.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_F(CorpusTest, CreatesSchemaAndReopens) {
  {
    auto c = OpenOrDie();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->schema_version(), kSchemaVersion);
    EXPECT_EQ(*c->CountArticles(), 0);
  }
  auto again = OpenOrDie({.read_only = true});
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->schema_version(), kSchemaVersion);
}

TEST_F(CorpusTest, InflectedAndVariantSpellingsMeet) {
  auto c = OpenOrDie();
  Fill(*c);
  // الوزارة finds الوزارة (a) and وزارتها (b); امريكا without hamza finds أمريكا.
  auto r = c->Search({.text = "الوزارة"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Ids(*r), (std::vector<std::string>{"id-a", "id-b"}));
  EXPECT_EQ(r->total, 2u);
  auto us = c->Search({.text = "امريكا"});
  ASSERT_TRUE(us.ok());
  EXPECT_EQ(Ids(*us), (std::vector<std::string>{"id-b"}));
}

TEST_F(CorpusTest, DeadlineStopsQueriesUntilCleared) {
  auto c = OpenOrDie();
  Fill(*c);
  ASSERT_TRUE(c->BeginBatch().ok());
  for (int i = 0; i < 300; ++i) {
    const std::string n = std::to_string(i);
    ASSERT_TRUE(c->Put(Article("more/" + n + ".txt", "id-more-" + n, "خبر رقم " + n,
                               {"نص الخبر " + n + " عن الوزارة والطاقة في العاصمة."}))
                    .ok());
  }
  ASSERT_TRUE(c->CommitBatch().ok());
  c->SetDeadline(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  auto late = c->Search({.text = "الوزارة"});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), Status::Code::kDeadlineExceeded) << late.status().ToString();
  // Stopped inside SQLite (the progress handler), not only before starting.
  auto stories = c->Stories(50, 1);
  ASSERT_FALSE(stories.ok());
  EXPECT_EQ(stories.status().code(), Status::Code::kDeadlineExceeded);
  c->ClearDeadline();
  auto r = c->Search({.text = "الوزارة"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 302u);
  EXPECT_TRUE(c->Stories(50, 1).ok());
}

TEST_F(CorpusTest, HighlightsMarkTheWordsAsWritten) {
  auto c = OpenOrDie();
  Fill(*c);
  auto r = c->Search({.text = "وزارة"});
  ASSERT_TRUE(r.ok());
  bool found = false;
  for (const auto& h : r->hits) {
    if (h.id == "id-b") {
      EXPECT_NE(h.snippet.find("\x02وزارتها\x03"), std::string::npos) << h.snippet;
      found = true;
    }
    if (h.id == "id-a") EXPECT_NE(h.title.find("\x02الوزارة\x03"), std::string::npos) << h.title;
  }
  EXPECT_TRUE(found);
}

TEST_F(CorpusTest, PhraseExclusionPrefixAndFilters) {
  auto c = OpenOrDie();
  Fill(*c);
  EXPECT_EQ(Ids(*c->Search({.text = "\"خطة للطاقة\""})), (std::vector<std::string>{"id-a"}));
  EXPECT_EQ(Ids(*c->Search({.text = "الطاقة -اليابان"})), (std::vector<std::string>{"id-a"}));
  EXPECT_EQ(Ids(*c->Search({.text = "مبارا*"})), (std::vector<std::string>{"id-c"}));
  EXPECT_EQ(Ids(*c->Search({.text = "الطاقة", .from = "2022-03"})),
            (std::vector<std::string>{"id-b"}));
  EXPECT_EQ(Ids(*c->Search({.text = "الطاقة", .to = "2022-02-11"})),
            (std::vector<std::string>{"id-a"}));
  EXPECT_EQ(c->Search({.text = "الطاقة", .sources = {"nowhere.org"}})->hits.size(), 0u);
  EXPECT_EQ(c->Search({.text = "الطاقة", .sources = {"b.txt"}})->hits.size(), 1u);
  auto paged = c->Search({.text = "الطاقة", .limit = 1, .offset = 1});
  ASSERT_TRUE(paged.ok());
  EXPECT_EQ(paged->hits.size(), 1u);
  EXPECT_EQ(paged->total, 2u);
}

TEST_F(CorpusTest, PutIsIdempotentAndUpdatesChangedArticles) {
  auto c = OpenOrDie();
  Fill(*c);
  EXPECT_EQ(*c->Put(Article("a.txt", "id-a", "الوزارة تعلن خطة جديدة", {"x"})),
            PutOutcome::kUnchanged);
  EXPECT_EQ(*c->CountArticles(), 3);
  EXPECT_EQ(*c->Put(Article("a.txt", "id-a2", "الوزارة تعدل الخطة", {"عدلت الوزارة خطة النقل."})),
            PutOutcome::kUpdated);
  EXPECT_EQ(*c->CountArticles(), 3);
  // The index follows the update: the old text is gone, the new one is found.
  EXPECT_EQ(c->Search({.text = "للطاقة"})->hits.size(), 1u);  // only b now
  EXPECT_EQ(Ids(*c->Search({.text = "النقل"})), (std::vector<std::string>{"id-a2"}));
  auto rec = c->Get("id-a2");
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->title, "الوزارة تعدل الخطة");
  ASSERT_EQ(rec->paragraphs.size(), 1u);
  EXPECT_EQ(c->Get("id-a").status().code(), Status::Code::kNotFound);
}

// A batch of unchanged articles commits nothing: the file, and PRAGMA data_version as another
// connection sees it (what `khabar serve`'s caches watch), stay as they were.
TEST_F(CorpusTest, ABatchOfUnchangedArticlesWritesNothing) {
  { Fill(*OpenOrDie()); }
  sqlite3* watcher = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &watcher, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto data_version = [watcher] {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(watcher, "PRAGMA data_version", -1, &st, nullptr);
    const int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
  };
  auto file_bytes = [this] {
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  { OpenOrDie(); }  // opening and closing may checkpoint the log into the file: compare from here
  const int64_t version = data_version();
  const std::string before = file_bytes();
  auto c = OpenOrDie();
  ASSERT_TRUE(c->BeginBatch().ok());
  EXPECT_EQ(*c->Put(Article("a.txt", "id-a", "الوزارة تعلن خطة جديدة", {"x"})),
            PutOutcome::kUnchanged);
  ASSERT_TRUE(c->CommitBatch().ok());
  EXPECT_EQ(data_version(), version);
  c.reset();
  EXPECT_EQ(file_bytes(), before);
  // A batch that stores something still commits, with the index settings restored.
  c = OpenOrDie();
  ASSERT_TRUE(c->BeginBatch().ok());
  EXPECT_EQ(*c->Put(Article("d.txt", "id-d", "خبر جديد", {"أعلنت الهيئة خطة للنقل."})),
            PutOutcome::kInserted);
  ASSERT_TRUE(c->CommitBatch().ok());
  EXPECT_NE(data_version(), version);
  EXPECT_EQ(Ids(*c->Search({.text = "الهيئة"})), (std::vector<std::string>{"id-d"}));
  sqlite3_close(watcher);
}

// Two versions of one article (a re-crawl) in the inputs: the later wins, and running the same
// inputs again is a no-op: the older version is stale (it changed the stored v2 back to v1, then v2
// replaced v1 again, on every run). A genuinely new version still updates.
TEST_F(CorpusTest, AnOlderVersionMetAgainIsStale) {
  const ArticleRecord v1 = Article("u.txt", "id-u1", "الوزارة تعلن خطة", {"أعلنت الوزارة خطة."});
  const ArticleRecord v2 =
      Article("u.txt", "id-u2", "الوزارة تعدل الخطة", {"عدلت الوزارة خطة النقل."});
  const ArticleRecord v3 =
      Article("u.txt", "id-u3", "الوزارة تلغي الخطة", {"ألغت الوزارة خطة الموانئ."});
  const auto run = [this](std::initializer_list<const ArticleRecord*> records) {
    std::vector<PutOutcome> out;
    auto c = OpenOrDie();
    EXPECT_TRUE(c->BeginBatch().ok());
    for (const ArticleRecord* r : records) {
      auto outcome = c->Put(*r);
      EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
      out.push_back(outcome.ok() ? *outcome : PutOutcome::kInserted);
    }
    EXPECT_TRUE(c->CommitBatch().ok());
    return out;
  };
  auto file_bytes = [this] {
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  { Fill(*OpenOrDie()); }
  EXPECT_EQ(run({&v1, &v2}), (std::vector{PutOutcome::kInserted, PutOutcome::kUpdated}));
  { OpenOrDie(); }  // opening and closing may checkpoint the log into the file: compare from here
  const std::string before = file_bytes();
  EXPECT_EQ(run({&v1, &v2}), (std::vector{PutOutcome::kStale, PutOutcome::kUnchanged}));
  EXPECT_EQ(file_bytes(), before);
  // v1 last in the inputs: still stale (v2 replaced it), v2 stays.
  EXPECT_EQ(run({&v2, &v1}), (std::vector{PutOutcome::kUnchanged, PutOutcome::kStale}));
  EXPECT_EQ(file_bytes(), before);
  {
    auto c = OpenOrDie({.read_only = true});
    EXPECT_EQ(Ids(*c->Search({.text = "النقل"})), (std::vector<std::string>{"id-u2"}));
    EXPECT_EQ(c->Get("id-u1").status().code(), Status::Code::kNotFound);
  }
  // A third version updates; both older ones are stale from then on, outside a batch too.
  EXPECT_EQ(run({&v1, &v2, &v3}),
            (std::vector{PutOutcome::kStale, PutOutcome::kUnchanged, PutOutcome::kUpdated}));
  auto c = OpenOrDie();
  EXPECT_EQ(*c->Put(v2), PutOutcome::kStale);
  EXPECT_EQ(*c->Put(v1), PutOutcome::kStale);
  EXPECT_EQ(*c->Put(v3), PutOutcome::kUnchanged);
  EXPECT_EQ(Ids(*c->Search({.text = "الموانئ"})), (std::vector<std::string>{"id-u3"}));
  EXPECT_TRUE(c->Search({.text = "النقل"})->hits.empty());
  EXPECT_EQ(*c->CountArticles(), 4);
  // Versions are per article: another source with v1's content is updated to it.
  ArticleRecord b_as_v1 = v1;
  b_as_v1.source.path = "b.txt";
  EXPECT_EQ(*c->Put(b_as_v1), PutOutcome::kUpdated);
}

// Within one run (one open Corpus) the later record of a source wins, even over a version replaced
// in this run; what a run replaced is stale in the next. A first run that saw only the later
// version then ends as one that saw both.
TEST_F(CorpusTest, WithinARunTheLaterVersionWins) {
  const ArticleRecord w1 = Article("w.txt", "id-w1", "الوزارة تعلن خطة", {"أعلنت الوزارة خطة."});
  const ArticleRecord w2 =
      Article("w.txt", "id-w2", "الوزارة تعدل الخطة", {"عدلت الوزارة خطة النقل."});
  {
    auto c = OpenOrDie();
    EXPECT_EQ(*c->Put(w2), PutOutcome::kInserted);
  }
  {
    auto c = OpenOrDie();
    EXPECT_EQ(*c->Put(w1), PutOutcome::kUpdated);
    EXPECT_EQ(*c->Put(w2), PutOutcome::kUpdated);  // stale if a run ended between the two
    EXPECT_EQ(*c->Put(w1), PutOutcome::kUpdated);
    EXPECT_EQ(*c->Put(w2), PutOutcome::kUpdated);
  }
  EXPECT_EQ(test_util::QueryRowsAsText(path_, {"SELECT content_id FROM articles",
                                               "SELECT content_id FROM replaced_versions"}),
            "id-w2|\n--\nid-w1|\n--\n");
  auto c = OpenOrDie();
  EXPECT_EQ(*c->Put(w1), PutOutcome::kStale);
  EXPECT_EQ(*c->Put(w2), PutOutcome::kUnchanged);
  EXPECT_EQ(Ids(*c->Search({.text = "النقل"})), (std::vector<std::string>{"id-w2"}));
}

// A version 6 database (no replaced_versions) is read as it is read-only, and upgraded in place
// when opened for writing: the versions replaced from then on are stale in later runs.
TEST_F(CorpusTest, UpgradesVersion6InPlace) {
  {
    auto c = OpenOrDie();
    Fill(*c);
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, test_util::kDowngradeToVersion6, nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  {
    auto ro = OpenOrDie({.read_only = true});
    ASSERT_NE(ro, nullptr);
    EXPECT_EQ(ro->schema_version(), 6);
    EXPECT_EQ(Ids(*ro->Search({.text = "الوزارة"})), (std::vector<std::string>{"id-a", "id-b"}));
  }
  auto c = OpenOrDie();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->schema_version(), kSchemaVersion);
  EXPECT_EQ(*c->Put(Article("a.txt", "id-a", "الوزارة تعلن خطة جديدة", {"x"})),
            PutOutcome::kUnchanged);
  EXPECT_EQ(*c->Put(Article("a.txt", "id-a2", "الوزارة تعدل الخطة", {"عدلت الوزارة خطة النقل."})),
            PutOutcome::kUpdated);
  // Replaced in this run (the upgrade forgot nothing, but knew no history): the later record wins.
  EXPECT_EQ(*c->Put(Article("a.txt", "id-a", "الوزارة تعلن خطة جديدة", {"x"})),
            PutOutcome::kUpdated);
  c.reset();
  EXPECT_EQ(test_util::QueryRowsAsText(path_, {"SELECT article, content_id FROM replaced_versions",
                                               "PRAGMA user_version"}),
            "1|id-a2|\n--\n" + std::to_string(kSchemaVersion) + "|\n--\n");
  c = OpenOrDie();
  EXPECT_EQ(*c->Put(Article("a.txt", "id-a2", "الوزارة تعدل الخطة", {"عدلت الوزارة خطة النقل."})),
            PutOutcome::kStale);
  EXPECT_EQ(*c->Put(Article("a.txt", "id-a", "الوزارة تعلن خطة جديدة", {"x"})),
            PutOutcome::kUnchanged);
}

TEST_F(CorpusTest, GetRoundTripsTheRecord) {
  auto c = OpenOrDie();
  Fill(*c);
  auto rec = c->Get("id-b");
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->source.path, "b.txt");
  EXPECT_EQ(rec->published, "2022-03-01T09:00");
  EXPECT_EQ(rec->paragraphs.size(), 2u);
}

// A wire story as two outlets ran it (the second cut the last paragraph and rewrote the headline),
// and an unrelated story on the same topic.
const std::vector<std::string> kWire = {
    "أعلنت وزارة الخارجية المصرية اليوم الأحد أن الوزير سيتوجه إلى العاصمة الأردنية عمان في زيارة "
    "رسمية تستمر يومين يلتقي خلالها نظيره الأردني لبحث العلاقات الثنائية وتطورات الأوضاع في "
    "المنطقة.",
    "وقال المتحدث باسم الوزارة في بيان إن المباحثات ستتناول سبل تعزيز التعاون الاقتصادي والتجاري "
    "بين "
    "البلدين وتنسيق المواقف إزاء القضايا الإقليمية والدولية ذات الاهتمام المشترك.",
    "وأضاف البيان أن الزيارة تأتي في إطار التشاور المستمر بين القاهرة وعمان وتنفيذا لتوجيهات "
    "قيادتي "
    "البلدين بتطوير العلاقات في مختلف المجالات وعلى رأسها الطاقة والنقل والاستثمار.",
    "ومن المقرر أن يعقد الوزيران مؤتمرا صحفيا مشتركا في ختام المباحثات يوم الاثنين."};

TEST_F(CorpusTest, NearDuplicatesFormOneStoryAndFoldInSearch) {
  auto c = OpenOrDie();
  ASSERT_TRUE(c->BeginBatch().ok());
  ASSERT_TRUE(
      c->Put(Article("x/1.txt", "w1", "وزير الخارجية يزور عمان", kWire, "2023-05-07T10:00")).ok());
  std::vector<std::string> cut(kWire.begin(), kWire.end() - 1);
  cut[0] = "القاهرة - أ ش أ: " + cut[0];
  ASSERT_TRUE(
      c->Put(Article("y/2.txt", "w2", "مباحثات مصرية أردنية في عمان", cut, "2023-05-07T12:30"))
          .ok());
  ASSERT_TRUE(
      c->Put(Article("z/3.txt", "other", "وزير الخارجية يستقبل نظيره",
                     {"استقبل وزير الخارجية في القاهرة اليوم نظيره الأردني حيث بحثا ملف "
                      "المياه والحدود وتبادلا الرسائل بين القيادتين قبل القمة المقبلة في الرياض.",
                      "وأكد الجانبان أهمية العمل العربي المشترك لمواجهة التحديات الاقتصادية."},
                     "2023-06-01T09:00"))
          .ok());
  ASSERT_TRUE(c->CommitBatch().ok());

  auto dupes = c->Duplicates("w2");
  ASSERT_TRUE(dupes.ok()) << dupes.status().ToString();
  ASSERT_EQ(dupes->size(), 1u);
  EXPECT_EQ((*dupes)[0].id, "w1");
  EXPECT_GT((*dupes)[0].containment, 0.8);
  EXPECT_TRUE(c->Duplicates("other")->empty());
  EXPECT_EQ(c->Duplicates("nope").status().code(), Status::Code::kNotFound);

  auto stories = c->Stories();
  ASSERT_TRUE(stories.ok());
  ASSERT_EQ(stories->size(), 1u);
  EXPECT_EQ((*stories)[0].size, 2u);
  EXPECT_EQ((*stories)[0].representative_id, "w1");  // the earliest
  EXPECT_EQ((*stories)[0].first_published, "2023-05-07T10:00");

  auto folded = c->Search({.text = "الأردني"});
  ASSERT_TRUE(folded.ok()) << folded.status().ToString();
  EXPECT_EQ(folded->total, 2u);  // the story once, plus the other article
  size_t story_hits = 0;
  for (const auto& h : folded->hits) story_hits += h.story_size == 2;
  EXPECT_EQ(story_hits, 1u);
  auto all = c->Search({.text = "الأردني", .collapse_duplicates = false});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 3u);

  // A changed article leaves its story.
  ASSERT_EQ(
      *c->Put(Article("y/2.txt", "w2b", "خبر آخر", {"نص مختلف تماما عن الزيارة والمباحثات."})),
      PutOutcome::kUpdated);
  EXPECT_TRUE(c->Stories()->empty());
  EXPECT_TRUE(c->Duplicates("w1")->empty());
}

TEST_F(CorpusTest, ReadOnlyRefusesWrites) {
  { OpenOrDie(); }
  auto c = OpenOrDie({.read_only = true});
  EXPECT_EQ(c->Put(Article("z.txt", "z", "t", {"p"})).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_FALSE(c->CommitBatch().ok());  // no batch, no writer: an error, not a crash
}

// Many articles of random words: the vocabulary and band b-trees are filled in random order.
// Returns some of the words, to search for.
// One batch of `articles` articles of random four-letter words, numbered from `first`.
std::vector<std::string> FillRandomWords(Corpus& c, int articles, int first = 0) {
  static constexpr std::string_view kLetters[] = {"ب", "ت", "ج", "د", "ر", "س", "ع", "ف",
                                                  "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"};
  uint64_t state = 12345 + first;
  auto word = [&] {
    std::string w;
    for (int i = 0; i < 4; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      w += kLetters[(state >> 33) % 16];
    }
    return w;
  };
  std::vector<std::string> some;
  EXPECT_TRUE(c.BeginBatch().ok());
  for (int a = 0; a < articles; ++a) {
    std::string title = word() + " " + word(), body;
    for (int i = 0; i < 40; ++i) {
      std::string w = word();
      if (a % 50 == 0 && i < 2) some.push_back(w);
      body += w + " ";
    }
    const std::string n = std::to_string(first + a);
    EXPECT_TRUE(c.Put(Article("r" + n + ".txt", "r" + n, title, {body},
                              "2022-03-" + std::to_string(10 + a % 18)))
                    .ok());
  }
  EXPECT_TRUE(c.CommitBatch().ok());
  return some;
}

// Segments of the full-text index (FTS5 merges them) and FTS5 configuration rows, as committed.
int64_t CountRows(const std::string& path, const char* sql) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, sql, -1, &st, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return n;
}
constexpr char kSegments[] = "SELECT count(DISTINCT segid) FROM articles_fts_idx";
constexpr char kConfigRows[] = "SELECT count(*) FROM articles_fts_config WHERE k != 'version'";

// Inside a batch FTS5 merges no segments (BeginBatch turns its automerge off until CommitBatch):
// batches that write enough for FTS5's incremental merging (a step every 64 leaf pages written,
// once a level holds 4 segments) leave one segment each, for the end of the run to merge once. The
// committed configuration is FTS5's default, also after a batch that was never committed.
TEST_F(CorpusTest, BatchesLeaveTheirSegmentsForTheEndOfTheRun) {
  std::vector<std::string> words;
  {
    auto c = OpenOrDie();
    for (int b = 0; b < 6; ++b) words = FillRandomWords(*c, 250, 1000 * b);
    EXPECT_EQ(CountRows(path_, kSegments), 6);
    EXPECT_EQ(CountRows(path_, kConfigRows), 0);
    ASSERT_TRUE(c->BeginBatch().ok());
    ASSERT_TRUE(c->Put(Article("x.txt", "id-x", "عنوان", {words[0]})).ok());
  }  // closed mid-batch: rolled back
  EXPECT_EQ(CountRows(path_, kConfigRows), 0);
  auto c = OpenOrDie();
  EXPECT_EQ(*c->CountArticles(), 1500);
  auto before = c->Search({.text = words[0] + " OR " + words[1], .limit = 100});
  ASSERT_TRUE(before.ok());
  EXPECT_GT(before->total, 0u);
  ASSERT_TRUE(c->Optimize().ok());
  EXPECT_EQ(CountRows(path_, kSegments), 1);
  auto after = c->Search({.text = words[0] + " OR " + words[1], .limit = 100});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(Ids(*after), Ids(*before));
}

// CheckpointInBackground: commits that leave `pages` pages in the write-ahead log have the thread
// copy them into the database file while the writer goes on, so that the log restarts; every batch
// is there after a reopen, and a stopped thread gives SQLite its own checkpoints back.
TEST_F(CorpusTest, BackgroundCheckpointsCopyTheLogBesideTheWriter) {
  // The longest the log gets over 12 batches, with the thread (checkpoints from 8 pages) or with
  // SQLite's default (a checkpoint at 1,000 pages: none in these batches).
  const auto longest_log = [&](const std::string& path, bool background, int64_t* runs) {
    auto c = Corpus::Open(path);
    EXPECT_TRUE(c.ok());
    if (!c.ok()) return uintmax_t{0};
    if (background) {
      EXPECT_TRUE((*c)->CheckpointInBackground(8).ok());
      EXPECT_TRUE((*c)->CheckpointInBackground(8).ok());  // again: the same thread
    }
    uintmax_t longest = 0;
    for (int b = 0; b < 12; ++b) {
      const int64_t checkpoints_before = (*c)->BackgroundCheckpoints();
      FillRandomWords(**c, 40, 1000 * b);
      longest = std::max(longest, fs::file_size(path + "-wal"));
      // On a loaded machine the checkpoint thread can lag a whole batch behind the writer; let it
      // run (up to 2 s) so that the test measures whether the log is copied beside the writer,
      // not how busy the machine is.
      for (int wait = 0;
           background && wait < 200 && (*c)->BackgroundCheckpoints() == checkpoints_before;
           ++wait) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    *runs = (*c)->BackgroundCheckpoints();
    EXPECT_TRUE((*c)->CheckpointInBackground(0).ok());
    EXPECT_EQ((*c)->BackgroundCheckpoints(), 0);
    EXPECT_TRUE((*c)->CheckpointInBackground(0).ok());  // stopping twice is harmless
    FillRandomWords(**c, 40, 50000);                    // with SQLite's checkpoints again
    return longest;
  };
  int64_t runs = 0;
  const uintmax_t without = longest_log((dir_ / "plain.db").string(), false, &runs);
  EXPECT_EQ(runs, 0);
  const uintmax_t with = longest_log(path_, true, &runs);
  EXPECT_GE(runs, 1);
  EXPECT_LT(with * 2, without) << "log of " << with / 16384 << " pages against " << without / 16384;
  auto c = OpenOrDie();
  EXPECT_EQ(*c->CountArticles(), 13 * 40);
  auto ro = OpenOrDie({.read_only = true});
  EXPECT_EQ(ro->CheckpointInBackground().code(), Status::Code::kInvalidArgument);
}

TEST_F(CorpusTest, CompactShrinksTheFileAndKeepsEveryAnswer) {
  auto c = OpenOrDie();
  const std::vector<std::string> words = FillRandomWords(*c, 600);
  ASSERT_TRUE(c->Optimize().ok());
  auto answers = [&] {
    std::string out;
    std::vector<std::string> queries = {
        words[0], words[2] + " OR " + words[4], "\"" + words[6] + " " + words[7] + "\"",
        words[8].substr(0, 6) + "*", "-" + words[10] + " " + words[12].substr(0, 6) + "*"};
    for (const std::string& q : queries) {
      auto r = c->Search({.text = q, .from = "2022-03-12", .limit = 50});
      EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
      if (!r.ok()) continue;
      out += std::to_string(r->total) + "\n";
      for (const auto& h : r->hits) {
        out += h.id + " " + h.title + " " + h.snippet + " " + std::to_string(h.score) + "\n";
      }
    }
    return out;
  };
  const std::string before = answers();
  ASSERT_GT(before.size(), 500u);
  {  // everything into the main file, as before Compact's own checkpoint
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  const auto size_before = fs::file_size(path_);
  ASSERT_TRUE(c->Compact().ok());
  EXPECT_LT(fs::file_size(path_), size_before);
  EXPECT_EQ(fs::file_size(path_ + "-wal"), 0u);  // the copy's log space is given back
  EXPECT_EQ(answers(), before);
  EXPECT_EQ(*c->CountArticles(), 600);
  // Still writable, and the new article is found.
  ASSERT_TRUE(c->BeginBatch().ok());
  ASSERT_TRUE(c->Put(Article("new.txt", "new", "عنوان جديد", {"نص المقال الجديد"})).ok());
  ASSERT_TRUE(c->CommitBatch().ok());
  EXPECT_EQ(c->Search({.text = "الجديد"})->hits.size(), 1u);

  auto ro = OpenOrDie({.read_only = true});
  EXPECT_EQ(ro->Compact().code(), Status::Code::kInvalidArgument);
}

// Ingest merges the index without giving the freed pages back when the compaction follows
// (MergeIndex, then Compact): the database holds what Optimize + Compact leave, index included.
TEST_F(CorpusTest, MergeIndexBeforeCompactIsOptimizeBeforeCompact) {
  const auto index_and_vocabulary = [](const std::string& path) {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::string out;
    for (const char* sql : {"SELECT id, hex(block) FROM articles_fts_data ORDER BY id",
                            "SELECT term, articles FROM vocabulary ORDER BY term"}) {
      sqlite3_stmt* st = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(raw, sql, -1, &st, nullptr), SQLITE_OK);
      while (sqlite3_step(st) == SQLITE_ROW) {
        out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        out += ' ';
        out += reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        out += '\n';
      }
      sqlite3_finalize(st);
    }
    sqlite3_close(raw);
    return out;
  };
  // 300 articles in one batch, then three more each in its own transaction: four index segments.
  const auto fill = [&](Corpus& c) {
    FillRandomWords(c, 300);
    for (int i = 0; i < 3; ++i) {
      const std::string n = std::to_string(i);
      ASSERT_TRUE(c.Put(Article("more" + n + ".txt", "more" + n, "عنوان إضافي " + n,
                                {"نص المقال الإضافي رقم " + n}))
                      .ok());
    }
  };
  std::string optimized;
  {
    auto c = OpenOrDie();
    fill(*c);
    const std::string unmerged = index_and_vocabulary(path_);
    ASSERT_TRUE(c->Optimize().ok());
    ASSERT_TRUE(c->Compact().ok());
    optimized = index_and_vocabulary(path_);
    ASSERT_NE(optimized, unmerged);  // the merge changed the index
  }
  fs::remove(path_);
  fs::remove(path_ + "-wal");
  fs::remove(path_ + "-shm");
  {
    auto c = OpenOrDie();
    fill(*c);
    ASSERT_TRUE(c->MergeIndex().ok());
    ASSERT_TRUE(c->Compact().ok());
  }
  EXPECT_EQ(index_and_vocabulary(path_), optimized);
  auto ro = OpenOrDie({.read_only = true});
  EXPECT_EQ(ro->MergeIndex().code(), Status::Code::kInvalidArgument);
}

// After a small run into a larger corpus the index keeps its segments (merging would rewrite all
// of it); once the small segments add up to the share asked for, it is merged into one. Answers
// are the same either way.
TEST_F(CorpusTest, OptimizeIfFragmentedMergesOnlyWhenTheNewSegmentsAreAShareOfTheIndex) {
  const auto segments = [&] {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, "SELECT count(DISTINCT segid) FROM articles_fts_idx", -1, &st,
                                 nullptr),
              SQLITE_OK);
    EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
    const int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return n;
  };
  auto c = OpenOrDie();
  const std::vector<std::string> words = FillRandomWords(*c, 400);
  const auto put = [&](int i) {
    const std::string n = std::to_string(i);
    ASSERT_TRUE(c->Put(Article("more" + n + ".txt", "more" + n, words[i] + " إضافي",
                               {words[i + 3] + " " + words[i + 6]}))
                    .ok());
  };
  put(0);  // a second segment, small: merged when any share is enough
  bool merged = false;
  ASSERT_TRUE(c->OptimizeIfFragmented(Corpus::kMinShareToOptimize, &merged).ok());
  EXPECT_FALSE(merged);
  EXPECT_EQ(segments(), 2);
  ASSERT_TRUE(c->OptimizeIfFragmented(1e-6, &merged).ok());
  EXPECT_TRUE(merged);
  EXPECT_EQ(segments(), 1);
  // Small runs of one article each: small segments beside the large one, merged among themselves
  // (never into the large one) once four of them are on one level.
  for (int i = 1; i <= 6; ++i) {
    put(i);
    ASSERT_TRUE(c->OptimizeIfFragmented(Corpus::kMinShareToOptimize, &merged).ok());
    EXPECT_FALSE(merged);
    if (i <= 3) EXPECT_EQ(segments(), 1 + i);
    EXPECT_LE(segments(), 4);
  }
  auto answers = [&] {
    std::string out;
    for (const std::string& q : {words[0], words[3] + " " + words[6], words[2] + " OR " + words[5],
                                 "\"" + words[4] + " " + words[7] + "\""}) {
      auto r = c->Search({.text = q, .limit = 50});
      EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
      if (!r.ok()) continue;
      out += std::to_string(r->total) + "\n";
      for (const auto& h : r->hits) out += h.id + " " + std::to_string(h.score) + "\n";
    }
    return out;
  };
  const std::string before = answers();
  EXPECT_NE(before.find("more0"), std::string::npos);
  // A share below what the small segments hold: one segment, the same answers.
  ASSERT_TRUE(c->OptimizeIfFragmented(1e-6, &merged).ok());
  EXPECT_TRUE(merged);
  EXPECT_EQ(segments(), 1);
  EXPECT_EQ(answers(), before);
  auto ro = OpenOrDie({.read_only = true});
  EXPECT_EQ(ro->OptimizeIfFragmented().code(), Status::Code::kInvalidArgument);
}

// A warmed connection (statements prepared, caches of story ids and document sizes filled by
// WarmUp's searches) answers as a cold one, before and after another connection writes.
TEST_F(CorpusTest, WarmUpChangesNoAnswer) {
  std::vector<std::string> words;
  {
    auto c = OpenOrDie();
    EXPECT_TRUE(c->WarmUp().ok());  // nothing to read yet
    words = FillRandomWords(*c, 600);
  }
  auto answers = [&](const Corpus& c) {
    std::string out;
    for (const std::string& q : {words[0], words[1] + " OR " + words[3], words[5] + " " + words[6],
                                 words[8].substr(0, 6) + "*"}) {
      for (bool fold : {true, false}) {
        auto r = c.Search({.text = q, .limit = 50, .collapse_duplicates = fold});
        EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
        if (!r.ok()) continue;
        out += std::to_string(r->total) + "\n";
        for (const auto& h : r->hits) {
          out += h.id + " " + h.snippet + " " + std::to_string(h.score) + " " +
                 std::to_string(h.story_size) + "\n";
        }
      }
    }
    return out;
  };
  auto warm = OpenOrDie({.read_only = true});
  ASSERT_TRUE(warm->WarmUp().ok());
  ASSERT_TRUE(warm->WarmUp(3).ok());
  const std::string before = answers(*OpenOrDie({.read_only = true}));
  ASSERT_GT(before.size(), 500u);
  EXPECT_EQ(answers(*warm), before);
  {  // a copy of an article under another name: a new member of its story, new sizes
    auto writer = OpenOrDie();
    Result<SearchResults> first = writer->Search({.text = words[0], .limit = 1});
    ASSERT_TRUE(first.ok() && !first->hits.empty());
    Result<ArticleRecord> copy = writer->Get(first->hits[0].id);
    ASSERT_TRUE(copy.ok());
    copy->source.path = "copy.txt";
    copy->source.site = "copy.example";
    copy->paragraphs.push_back(words[1]);
    copy->id = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0";
    ASSERT_TRUE(writer->Put(*copy).ok());
  }
  const std::string after = answers(*OpenOrDie({.read_only = true}));
  EXPECT_NE(after, before);
  EXPECT_EQ(answers(*warm), after);
}

TEST_F(CorpusTest, ForeignFilesAreRefused) {
  { std::ofstream(path_) << "this is not a database at all, just some text that is long enough"; }
  EXPECT_EQ(Corpus::Open(path_).status().code(), Status::Code::kCorrupt);
}

TEST_F(CorpusTest, NewerSchemaIsRefused) {
  { OpenOrDie(); }
  {
    sqlite3* db;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  auto c = Corpus::Open(path_);
  EXPECT_EQ(c.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(c.status().message().find("newer"), std::string::npos);
}

// A database of schema version 5 (records in zlib streams) is read as it is when opened read-only,
// and upgraded to the current version without touching its rows when opened for writing: they read
// back as before, and only new records are zstd frames.
// Version 7 wrote "KR3\n" records, with a title's mentions (if any) in their JSON section; version
// 8 writes "KR4\n" (the title's mentions compact). A version 7 database is read as it is, and
// upgraded in place by a writer (no SQL); its records read the same either way.
TEST_F(CorpusTest, ReadsAndUpgradesVersion7) {
  ArticleRecord titled = Article("t.txt", "id-t", "بلينكن في طوكيو", {"وصل بلينكن إلى طوكيو."});
  EntityMention m;
  m.begin = 10;
  m.end = 15;
  m.text = "طوكيو";
  m.type = "LOC";
  m.id = "tokyo";
  m.label_en = "Tokyo";
  m.confidence = 0.95;
  m.source = "kb";
  titled.title_entities = {m};
  titled.entity_counts = {{"tokyo", "طوكيو", "LOC", "Tokyo", "", 1}};
  std::string before;
  {
    auto c = OpenOrDie();
    Fill(*c);
    ASSERT_EQ(*c->Put(titled), PutOutcome::kInserted);
    before = RecordToJson(*c->Get("id-t"));
  }
  ASSERT_NE(before.find("\"title_entities\""), std::string::npos);
  {
    // Back to version 7: every record in its layout.
    ASSERT_NO_FATAL_FAILURE(RepackRecords(PackRecordV7, "PRAGMA user_version=7"));
  }
  {
    auto ro = OpenOrDie({.read_only = true});
    ASSERT_NE(ro, nullptr);
    EXPECT_EQ(ro->schema_version(), 7);
    EXPECT_EQ(RecordToJson(*ro->Get("id-t")), before);
    auto top = ro->TopEntities({});
    ASSERT_TRUE(top.ok());
    ASSERT_EQ(top->size(), 1u);
    EXPECT_EQ((*top)[0].id, "tokyo");
  }
  auto c = OpenOrDie();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->schema_version(), kSchemaVersion);
  EXPECT_EQ(RecordToJson(*c->Get("id-t")), before);
  EXPECT_EQ(*c->Put(titled), PutOutcome::kUnchanged);
  EXPECT_EQ(Ids(*c->Search({.text = "طوكيو"})), (std::vector<std::string>{"id-t"}));
}

TEST_F(CorpusTest, ReadsAndUpgradesTheZlibRecordsOfVersion5) {
  std::vector<std::string> before;
  const auto answers = [](Corpus& c) {
    std::vector<std::vector<std::string>> out;
    for (const char* q : {"الطاقة", "الوزارة", "المباراة", "\"خطة للطاقة\""}) {
      out.push_back(Ids(*c.Search({.text = q})));
    }
    return out;
  };
  std::vector<std::vector<std::string>> expected;
  {
    auto c = OpenOrDie();
    Fill(*c);
    for (const char* id : {"id-a", "id-b", "id-c"}) before.push_back(RecordToJson(*c->Get(id)));
    expected = answers(*c);
  }
  {
    // Back to version 5: the same records as zlib streams with the preset dictionary.
    ASSERT_NO_FATAL_FAILURE(RepackRecords(PackRecordV3, test_util::kDowngradeToVersion6));
    ASSERT_NO_FATAL_FAILURE(Exec("PRAGMA user_version=5"));
  }
  const auto count = [&](const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK);
    const int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  };
  constexpr char kZlib[] = "SELECT count(*) FROM articles WHERE hex(substr(record, 1, 2)) = '787D'";
  constexpr char kZstd[] =
      "SELECT count(*) FROM articles WHERE hex(substr(record, 1, 4)) = '28B52FFD'";
  ASSERT_EQ(count(kZlib), 3);
  {
    // Read-only (the server), version 5 is read as it is: same records, same answers.
    auto ro = OpenOrDie({.read_only = true});
    ASSERT_NE(ro, nullptr);
    EXPECT_EQ(ro->schema_version(), 5);
    size_t i = 0;
    for (const char* id : {"id-a", "id-b", "id-c"}) {
      EXPECT_EQ(RecordToJson(*ro->Get(id)), before[i++]);
    }
    EXPECT_EQ(answers(*ro), expected);
  }
  {
    // Versions before 5 still need the upgrade (their index is rebuilt).
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=4", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    EXPECT_EQ(Corpus::Open(path_, {.read_only = true}).status().code(), Status::Code::kUnsupported);
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=5", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  bool told = false;  // no re-indexing to announce
  auto c = OpenOrDie({.on_upgrade = [&](int, int64_t) { told = true; }});
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(told);
  EXPECT_EQ(c->schema_version(), kSchemaVersion);
  EXPECT_EQ(count(kZlib), 3);
  size_t i = 0;
  for (const char* id : {"id-a", "id-b", "id-c"}) EXPECT_EQ(RecordToJson(*c->Get(id)), before[i++]);
  EXPECT_EQ(answers(*c), expected);
  // A new article and a changed one are written as zstd frames; the index follows.
  ASSERT_EQ(*c->Put(Article("d.txt", "id-d", "خطة للطاقة", {"خطة للطاقة الشمسية."})),
            PutOutcome::kInserted);
  ASSERT_EQ(*c->Put(Article("a.txt", "id-a2", "الوزارة تعدل الخطة", {"عدلت الوزارة خطة النقل."})),
            PutOutcome::kUpdated);
  EXPECT_EQ(count(kZlib), 2);
  EXPECT_EQ(count(kZstd), 2);
  EXPECT_EQ(Ids(*c->Search({.text = "النقل"})), (std::vector<std::string>{"id-a2"}));
  EXPECT_EQ(Ids(*c->Search({.text = "\"خطة للطاقة\""})), (std::vector<std::string>{"id-d"}));
  EXPECT_EQ(RecordToJson(*c->Get("id-b")), before[1]);
}

TEST_F(CorpusTest, MalformedQueryIsAClearError) {
  auto c = OpenOrDie();
  Fill(*c);
  auto r = c->Search({.text = "\"unclosed"});
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(c->Search({.text = "مصر", .limit = 0}).status().code(), Status::Code::kInvalidArgument);
}

// Prepare (the ingest workers: one analysis for the index and the signature) and a plain Put find
// the same near-duplicates: bodies, a bodyless article (signed on its title), empty paragraphs.
TEST_F(CorpusTest, PreparedArticlesFindTheSameDuplicates) {
  std::vector<std::string> cut(kWire.begin(), kWire.end() - 1);
  std::vector<std::string> gaps = {""};
  gaps.insert(gaps.end(), kWire.begin(), kWire.end());
  const std::vector<ArticleRecord> articles = {
      Article("p/1.txt", "w1", "وزير الخارجية يزور عمان", kWire),
      Article("p/2.txt", "w2", "مباحثات في عمان", cut),
      Article("p/3.txt", "w3", "مباحثات", gaps),
      Article("p/4.txt", "t1", "وزير الخارجية يستقبل نظيره الأردني في القاهرة اليوم", {}),
      Article("p/5.txt", "t2", "وزير الخارجية يستقبل نظيره الأردني في القاهرة اليوم", {}),
  };
  std::vector<std::string> found[2];
  for (int prepared = 0; prepared < 2; ++prepared) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto c = OpenOrDie();
    ASSERT_TRUE(c->BeginBatch().ok());
    for (const ArticleRecord& r : articles) {
      auto p = Corpus::Prepare(r);
      ASSERT_EQ(*c->Put(r, prepared ? p.get() : nullptr), PutOutcome::kInserted);
    }
    ASSERT_TRUE(c->CommitBatch().ok());
    for (const ArticleRecord& r : articles) {
      auto duplicates = c->Duplicates(r.id);
      ASSERT_TRUE(duplicates.ok());
      for (const DuplicateInfo& d : *duplicates) {
        found[prepared].push_back(r.id + "~" + d.id + " " + std::to_string(d.jaccard));
      }
    }
    auto stories = c->Stories();
    ASSERT_TRUE(stories.ok());
    for (const StoryInfo& story : *stories) {
      found[prepared].push_back(story.representative_id + ":" + std::to_string(story.size));
    }
  }
  EXPECT_EQ(found[0], found[1]);
  EXPECT_GE(found[1].size(), 6u);  // w1~w2, w1~w3, w2~w3 (both ways), t1~t2, and the stories
}

// The rows of the near-duplicate tables and each article's story, as text, from a separate
// connection.
std::string DuplicateTables(const std::string& path) {
  return test_util::QueryRowsAsText(
      path,
      {"SELECT band_key, article_rowid FROM lsh_bands ORDER BY 1, 2",
       "SELECT article_rowid, other_rowid, jaccard, containment FROM duplicates ORDER BY 1, 2",
       "SELECT doc_key, rowid, story_id FROM articles ORDER BY 1"});
}

// A batch's band rows are written by CommitBatch and looked up from memory meanwhile: 140
// versions of one wire story (every band key shared by more articles than a lookup reads) and two
// articles replaced inside the batch give the same bands, pairs and stories one Put per
// transaction, in one batch and in batches of 50.
TEST_F(CorpusTest, BatchedBandsFindWhatStoredBandsFind) {
  std::vector<ArticleRecord> articles;
  for (int i = 0; i < 140; ++i) {
    std::vector<std::string> text = kWire;
    if (i % 3 != 0) text.back() += " وأضاف المصدر رقم " + std::to_string(i);
    if (i % 7 == 0) text.erase(text.begin());
    articles.push_back(Article("s/" + std::to_string(i) + ".txt", "v" + std::to_string(i),
                               "وزير الخارجية يزور عمان", text, "2023-05-07T10:00"));
    if (i == 60 || i == 100) {  // an earlier article of the batch changes: it leaves the story
      articles.push_back(
          Article("s/" + std::to_string(i / 2) + ".txt", "changed" + std::to_string(i), "خبر آخر",
                  {"نص مختلف تماما عن الزيارة والمباحثات رقم " + std::to_string(i)}));
    }
  }
  std::string expected;
  for (size_t batch : {size_t{0}, articles.size(), size_t{50}}) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    {
      auto c = OpenOrDie();
      size_t in_batch = 0;
      for (const ArticleRecord& r : articles) {
        if (batch > 0 && in_batch == 0) ASSERT_TRUE(c->BeginBatch().ok());
        auto outcome = c->Put(r, Corpus::Prepare(r).get());
        ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
        if (batch > 0 && ++in_batch == batch) {
          ASSERT_TRUE(c->CommitBatch().ok());
          in_batch = 0;
        }
      }
      if (in_batch > 0) ASSERT_TRUE(c->CommitBatch().ok());
      auto stories = c->Stories();
      ASSERT_TRUE(stories.ok());
      ASSERT_EQ(stories->size(), 2u);  // the wire story, and the two changed texts
      EXPECT_EQ((*stories)[0].size, 138u) << "batches of " << batch;
      EXPECT_EQ((*stories)[1].size, 2u) << "batches of " << batch;
    }
    const std::string tables = DuplicateTables(path_);
    if (batch == 0) {
      expected = tables;
    } else {
      EXPECT_EQ(tables, expected) << "batches of " << batch;
    }
  }
}

}  // namespace
}  // namespace khabar::store

// The vocabulary (vocabulary.cc), prefix search through it, and the migration that fills it.
#include "store/vocabulary.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "khabar/store.h"
#include "khabar/text.h"
#include "store/fts_tokenizer.h"
#include "store/schema_test_util.h"
#include "store/search.h"

namespace khabar::store {
namespace {

namespace fs = std::filesystem;

std::string Stem(std::string_view word) { return text::Analyzer::Default().Stem(word); }

ArticleRecord Article(int i, const std::string& body) {
  ArticleRecord r;
  r.source.url = "https://example.com/" + std::to_string(i);
  r.source.site = "example.com";
  r.id = "a" + std::to_string(i);
  r.title = "خبر " + std::to_string(i);
  r.paragraphs = {body + " " + std::to_string(i * 7919)};
  r.published = "2023-01-01";
  return r;
}

std::set<std::string> Ids(const SearchResults& results) {
  std::set<std::string> ids;
  for (const SearchHit& h : results.hits) ids.insert(h.id);
  return ids;
}

class VocabularyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("khabar_vocabulary_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "corpus.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Stores the articles: the first three in a batch (prepared as ingest does), the rest one by one.
  void Fill() {
    auto c = Corpus::Open(path_);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE((*c)->BeginBatch().ok());
    for (int i = 0; i < 3; ++i) {
      const ArticleRecord r = Article(i, bodies_[i]);
      auto prepared = (*c)->Prepare(r);
      ASSERT_TRUE((*c)->Put(r, prepared.get()).ok());
    }
    ASSERT_TRUE((*c)->CommitBatch().ok());
    for (int i = 3; i < static_cast<int>(std::size(bodies_)); ++i) {
      ASSERT_TRUE((*c)->Put(Article(i, bodies_[i])).ok());
    }
  }

  // A plain read-only connection to the corpus and a statement cache for it.
  struct RawDb {
    explicit RawDb(const std::string& path) {
      EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    }
    ~RawDb() { sqlite3_close_v2(db); }  // closes once the cache's statements are finalized
    sqlite3* db = nullptr;
    StatementCache cache;
  };

  Result<SearchResults> Search(Corpus& c, const std::string& q) {
    SearchQuery query;
    query.text = q;
    query.collapse_duplicates = false;
    return c.Search(query);
  }

  fs::path dir_;
  std::string path_;
  const std::string bodies_[5] = {
      "أعلنت الوزارة عن خطة جديدة",           // a0: الوزارة
      "وزارات الدولة تجتمع اليوم",            // a1: وزارات
      "قال وزير الخارجية إن الاجتماع انتهى",  // a2: وزير (not وزار*)
      "زار الرئيس المدينة",                   // a3: زار
      "وبالوزارة موظفون كثيرون",              // a4: وبالوزارة
  };
};

TEST(PretokenizeTest, OneTermPerWordAndTheDistinctTerms) {
  const PretokenizedText a = Pretokenize("والوزارات في 2023 Reuters");
  ASSERT_EQ(a.tokens.size(), 4u);
  EXPECT_EQ(std::string(a.terms, a.tokens[0].term_begin, a.tokens[0].term_size), Stem("والوزارات"));
  EXPECT_EQ(std::string(a.terms, a.tokens[2].term_begin, a.tokens[2].term_size), "2023");
  const PretokenizedText b = Pretokenize("الوزارة في 2023");
  const std::vector<std::string> terms = DistinctTerms({&a, &b});
  EXPECT_TRUE(std::is_sorted(terms.begin(), terms.end()));
  EXPECT_EQ(std::set<std::string>(terms.begin(), terms.end()).size(), terms.size());
  EXPECT_EQ(terms.size(), 4u);  // وزار (twice), في (twice), 2023 (twice), reuters
}

TEST(DefiniteArticleTest, FormsWithProclitics) {
  EXPECT_EQ(DefiniteArticle(text::MatchKey("وبالوزارة")), "وبال");
  EXPECT_EQ(DefiniteArticle(text::MatchKey("للوزارة")), "لل");
  EXPECT_EQ(DefiniteArticle(text::MatchKey("وزارة")), "");
}

TEST_F(VocabularyTest, PrefixExpandsToTheTermsOfTheWordsItStarts) {
  Fill();
  auto c = Corpus::Open(path_, {.read_only = true});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto r = Search(**c, "وزار*");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // وزارات and the stem of الوزارة start with وزار; وزير and زار do not.
  EXPECT_EQ(Ids(*r), (std::set<std::string>{"a0", "a1", "a4"}));
  // A prefix with the article covers the words written with it, and like a word search it finds
  // every inflection of them.
  r = Search(**c, "الوزا*");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Ids(*r), (std::set<std::string>{"a0", "a1", "a4"}));
  r = Search(**c, "وزار* -جديدة");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*r), (std::set<std::string>{"a1", "a4"}));
  r = Search(**c, "خارج* OR مدين*");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*r), (std::set<std::string>{"a2", "a3"}));
  r = Search(**c, "خارج* وزار*");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->hits.empty());
  r = Search(**c, "قطار*");  // no stored word starts with it
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->hits.empty());
  // Highlights of an expanded prefix mark the words as written.
  r = Search(**c, "خارج*");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_NE(r->hits[0].snippet.find("\x02الخارجية\x03"), std::string::npos) << r->hits[0].snippet;
}

TEST_F(VocabularyTest, CountsRankTheExpansionsAndLimitThem) {
  Fill();
  ASSERT_TRUE(Corpus::Open(path_).ok());
  RawDb raw(path_);
  sqlite3* db = raw.db;
  StatementCache& cache = raw.cache;
  auto terms = ExpandPrefix(db, &cache, text::MatchKey("وزار"), 32);
  ASSERT_TRUE(terms.ok()) << terms.status().ToString();
  std::set<std::string> distinct(terms->begin(), terms->end());
  EXPECT_EQ(distinct.size(), terms->size());  // each term once
  EXPECT_TRUE(distinct.count(Stem("الوزارة")));
  EXPECT_FALSE(distinct.count(Stem("وزير")));
  // The stem of الوزارة is held by three articles (a0, a4 and, if it stems alike, a1): first.
  EXPECT_EQ(terms->front(), Stem("الوزارة"));
  auto one = ExpandPrefix(db, &cache, text::MatchKey("وزار"), 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, std::vector<std::string>{terms->front()});
  auto none = ExpandPrefix(db, &cache, text::MatchKey("قطار"), 32);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(VocabularyTest, PhraseCountsComeFromTheVocabulary) {
  Fill();
  ASSERT_TRUE(Corpus::Open(path_).ok());
  RawDb raw(path_);
  sqlite3* db = raw.db;
  StatementCache& cache = raw.cache;
  auto fts = BuildFtsQuery("الوزارات \"وزير الخارجية\" OR قطار -المدينة");
  ASSERT_TRUE(fts.ok());
  auto counts = PhraseArticleCounts(db, &cache, ExpressionPhrases(*fts));
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  // وزار: a0, a1, a4; a phrase of two terms: unknown; قطار: none; المدينة: a3.
  EXPECT_EQ(*counts, (std::vector<int64_t>{3, -1, 0, 1}));
  auto verbatim = PhraseArticleCounts(
      db, &cache,
      ExpressionPhrases("(\"" + std::string(kVerbatimTermMarker) + Stem("الوزارة") + "\")"));
  ASSERT_TRUE(verbatim.ok());
  EXPECT_EQ(*verbatim, std::vector<int64_t>{3});
}

// With the document frequencies taken from the vocabulary, search scores stay FTS5's bm25().
TEST_F(VocabularyTest, ScoresWithKnownFrequenciesAreFts5Bm25) {
  Fill();
  auto c = Corpus::Open(path_, {.read_only = true});
  ASSERT_TRUE(c.ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_TRUE(RegisterKhabarTokenizer(db).ok());
  for (const std::string q :
       {"الوزارة OR المدينة", "وزار* OR الرئيس", "\"وزير الخارجية\" OR خطة"}) {
    auto r = Search(**c, q);
    ASSERT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    ASSERT_GE(r->hits.size(), 2u) << q;
    auto fts = BuildFtsQuery(q, [&](std::string_view prefix, size_t max_terms) {
      StatementCache cache;
      return ExpandPrefix(db, &cache, prefix, max_terms);
    });
    ASSERT_TRUE(fts.ok());
    for (const SearchHit& hit : r->hits) {
      sqlite3_stmt* st = nullptr;
      ASSERT_EQ(sqlite3_prepare_v2(db,
                                   "SELECT -bm25(articles_fts, 3.0, 1.0) FROM articles_fts JOIN"
                                   " articles a ON a.rowid = articles_fts.rowid"
                                   " WHERE articles_fts MATCH ?1 AND a.content_id = ?2",
                                   -1, &st, nullptr),
                SQLITE_OK)
          << sqlite3_errmsg(db);
      sqlite3_bind_text(st, 1, fts->c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 2, hit.id.c_str(), -1, SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(st), SQLITE_ROW) << q << " " << hit.id;
      EXPECT_NEAR(hit.score, sqlite3_column_double(st, 0), 1e-9) << q << " " << hit.id;
      sqlite3_finalize(st);
    }
  }
  sqlite3_close(db);
}

TEST_F(VocabularyTest, QueriesCannotSmuggleVerbatimTerms) {
  EXPECT_EQ(BuildFtsQuery(std::string(kVerbatimTermMarker) + "وزار").status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(BuildFtsQuery("وزار*").status().code(), Status::Code::kUnsupported);
  EXPECT_EQ(BuildFtsQuery("وزارة-الخارجية*").status().code(), Status::Code::kInvalidArgument);
}

TEST_F(VocabularyTest, VersionThreeIsReindexedAndGetsItsVocabulary) {
  Fill();
  {
    // A version-3 database: no vocabulary, and an index that also held the match keys (here:
    // an index of nothing, which the migration must rebuild from the articles).
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    test_util::DowngradeToVersion4(db);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE vocabulary; DELETE FROM articles_fts_data WHERE id > 10;"
                           "PRAGMA user_version = 3;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto read_only = Corpus::Open(path_, {.read_only = true});
  EXPECT_EQ(read_only.status().code(), Status::Code::kUnsupported);
  int upgraded_from = 0;
  int64_t upgraded_articles = 0;
  auto c = Corpus::Open(path_, {.on_upgrade = [&](int from, int64_t articles) {
                          upgraded_from = from;
                          upgraded_articles = articles;
                        }});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)->schema_version(), kSchemaVersion);
  EXPECT_EQ(upgraded_from, 3);
  EXPECT_EQ(upgraded_articles, 5);
  auto r = Search(**c, "وزار*");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Ids(*r), (std::set<std::string>{"a0", "a1", "a4"}));
  r = Search(**c, "المدينة");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Ids(*r), (std::set<std::string>{"a3"}));
}

// A version-4 database gets the `filters` column of the index and the filter terms in its
// vocabulary, and dated or outlet searches answer as before.
TEST_F(VocabularyTest, VersionFourGetsFilterTerms) {
  Fill();
  auto search = [](Corpus& c, std::string from, std::vector<std::string> sources) {
    SearchQuery q;
    q.text = "خبر";
    q.from = from;
    q.to = from;
    q.sources = std::move(sources);
    q.collapse_duplicates = false;
    Result<SearchResults> r = c.Search(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? Ids(*r) : std::set<std::string>{};
  };
  {
    auto c = Corpus::Open(path_);
    ASSERT_TRUE(c.ok());
    ArticleRecord other = Article(10, "مقال من موقع آخر");
    other.source.site = "other.org";
    other.published = "2021-06-02T10:00Z";
    ASSERT_TRUE((*c)->Put(other).ok());
    EXPECT_EQ(search(**c, "2021", {}), (std::set<std::string>{"a10"}));
    EXPECT_EQ(search(**c, "2023-01", {"example.com"}).size(), 5u);
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    test_util::DowngradeToVersion4(db);
    sqlite3_close(db);
  }
  int upgraded_from = 0;
  auto c = Corpus::Open(path_, {.on_upgrade = [&](int from, int64_t) { upgraded_from = from; }});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(upgraded_from, 4);
  EXPECT_EQ((*c)->schema_version(), kSchemaVersion);
  {
    RawDb raw(path_);
    ASSERT_TRUE(RegisterKhabarTokenizer(raw.db).ok());
    Result<std::vector<int64_t>> counts =
        PhraseArticleCounts(raw.db, &raw.cache,
                            {std::string(kVerbatimTermMarker) + "\xEE\x80\x81s:example.com",
                             std::string(kVerbatimTermMarker) + "\xEE\x80\x81sy:2021:other.org",
                             std::string(kVerbatimTermMarker) + "\xEE\x80\x81m:2023-01"});
    ASSERT_TRUE(counts.ok()) << counts.status().ToString();
    EXPECT_EQ(*counts, (std::vector<int64_t>{5, 1, 5}));
    // The index holds them.
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(raw.db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1",
                           -1, &st, nullptr),
        SQLITE_OK);
    const std::string term =
        "\"" + std::string(kVerbatimTermMarker) + "\xEE\x80\x81sy:2021:other.org\"";
    sqlite3_bind_text(st, 1, term.data(), static_cast<int>(term.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW) << sqlite3_errmsg(raw.db);
    EXPECT_EQ(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
  }
  EXPECT_EQ(search(**c, "2021", {}), (std::set<std::string>{"a10"}));
  EXPECT_EQ(search(**c, "2023-01", {"example.com"}).size(), 5u);
  EXPECT_TRUE(search(**c, "2023-01", {"other.org"}).empty());
}

}  // namespace
}  // namespace khabar::store

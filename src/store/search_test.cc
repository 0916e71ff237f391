// Search plans and totals (search.cc) on a corpus larger than the ranking window.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "khabar/store.h"
#include "store/search.h"

namespace khabar::store {
namespace {
namespace fs = std::filesystem;

constexpr int kBig = 2100;   // big.com, 2022: more than the 2,000-match ranking window
constexpr int kSmall = 150;  // small.org, 2021: few enough for the filter-driven plan

OpenOptions ReadOnly() {
  OpenOptions options;
  options.read_only = true;
  return options;
}

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("khabar_search_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    auto c = Corpus::Open((*dir_ / "corpus.db").string());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE((*c)->BeginBatch().ok());
    auto put = [&](const std::string& site, int i, const std::string& published, int mentions) {
      ArticleRecord r;
      r.source.url = "https://" + site + "/news/" + std::to_string(i);
      r.source.site = site;
      r.id = site + std::to_string(i);
      r.title = "خبر رقم " + std::to_string(i);
      std::string body;
      for (int m = 0; m < mentions; ++m) body += "قالت الحكومة ";
      // Every article its own words, so that no two are near-duplicates.
      body += "في بيان عن الموضوع " + std::to_string(i) + " " + std::to_string(i * 7919) + " " +
              std::to_string(i * 104729) + " والسياسات الاقتصادية";
      r.paragraphs = {body};
      r.published = published;
      ASSERT_TRUE((*c)->Put(r).ok());
    };
    for (int i = 0; i < kSmall; ++i) put("small.org", i, "2021-05-01T10:00", 1 + i % 5);
    for (int i = 0; i < kBig; ++i) put("big.com", i, "2022-05-01T10:00", 1 + i % 3);
    ASSERT_TRUE((*c)->CommitBatch().ok());
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  void SetUp() override {
    auto c = Corpus::Open((*dir_ / "corpus.db").string(), ReadOnly());
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    corpus_ = std::move(*c);
  }
  static fs::path* dir_;
  std::unique_ptr<Corpus> corpus_;
};
fs::path* SearchTest::dir_ = nullptr;

TEST_F(SearchTest, ManyMatchesGiveAnEstimatedTotal) {
  SearchQuery q;
  q.text = "الحكومة";
  auto r = corpus_->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->total_is_estimate);
  // Every article matches and rowids are dense: the density estimate is about the number of
  // stories (the generated articles are alike enough for a few to fold).
  EXPECT_NEAR(static_cast<double>(r->total), kBig + kSmall, 0.05 * (kBig + kSmall));
  ASSERT_EQ(r->hits.size(), 10u);
  // Ranked within the window (the 2,000 newest): the most mentions first.
  EXPECT_NE(r->hits[0].snippet.find("\x02الحكومة\x03"), std::string::npos) << r->hits[0].snippet;
  q.collapse_duplicates = false;
  auto all = corpus_->Search(q);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->total_is_estimate);  // exact here: every rowid matches
  EXPECT_EQ(all->total, static_cast<size_t>(kBig + kSmall));
}

TEST_F(SearchTest, NarrowFiltersAreExactAndRankedLikeTheIndexPlan) {
  SearchQuery q;
  q.text = "الحكومة";
  q.sources = {"small.org"};
  q.limit = 1000;
  q.collapse_duplicates = false;
  auto narrow = corpus_->Search(q);  // 150 articles of 2,250: the filter-driven plan
  ASSERT_TRUE(narrow.ok()) << narrow.status().ToString();
  EXPECT_FALSE(narrow->total_is_estimate);
  EXPECT_EQ(narrow->total, static_cast<size_t>(kSmall));
  ASSERT_EQ(narrow->hits.size(), static_cast<size_t>(kSmall));
  for (const SearchHit& h : narrow->hits) EXPECT_EQ(h.site, "small.org");
  for (size_t i = 1; i < narrow->hits.size(); ++i) {
    EXPECT_GE(narrow->hits[i - 1].score, narrow->hits[i].score);
  }
  // The same articles through a date filter, and through a URL prefix.
  SearchQuery by_date = q;
  by_date.sources.clear();
  by_date.from = by_date.to = "2021";
  auto dated = corpus_->Search(by_date);
  ASSERT_TRUE(dated.ok());
  ASSERT_EQ(dated->hits.size(), narrow->hits.size());
  for (size_t i = 0; i < dated->hits.size(); ++i) {
    EXPECT_EQ(dated->hits[i].id, narrow->hits[i].id);
    EXPECT_DOUBLE_EQ(dated->hits[i].score, narrow->hits[i].score);
  }
  SearchQuery by_url = q;
  by_url.sources = {"https://small.org/news/1"};  // 1, 10-19, 100-149
  auto prefixed = corpus_->Search(by_url);
  ASSERT_TRUE(prefixed.ok());
  EXPECT_EQ(prefixed->total, 61u);
  // The scores and the window equal those without filters: big.com (2,100 articles, most of the
  // corpus) is index-driven with a join; without filters the index alone gives the same 2,000.
  SearchQuery big = q;
  big.sources = {"big.com"};
  big.limit = 1000;
  SearchQuery unfiltered = big;
  unfiltered.sources.clear();
  auto driven = corpus_->Search(big);
  auto indexed = corpus_->Search(unfiltered);
  ASSERT_TRUE(driven.ok());
  ASSERT_TRUE(indexed.ok());
  EXPECT_TRUE(driven->total_is_estimate);
  ASSERT_EQ(driven->hits.size(), indexed->hits.size());
  for (size_t i = 0; i < driven->hits.size(); ++i) {
    EXPECT_EQ(driven->hits[i].id, indexed->hits[i].id);
    EXPECT_DOUBLE_EQ(driven->hits[i].score, indexed->hits[i].score);
  }
  // "to" is inclusive at its precision; an empty range matches nothing.
  by_date.from = "2021-05-01";
  by_date.to = "2021-05-01";
  EXPECT_EQ(corpus_->Search(by_date)->total, static_cast<size_t>(kSmall));
  by_date.from = "2021-06";
  by_date.to = "2021-12";
  EXPECT_EQ(corpus_->Search(by_date)->total, 0u);
}

// A word in fewer articles than the filters keep: the index drives even under narrow filters (its
// matches are fewer than the probes would be), with the same answer and scores.
TEST_F(SearchTest, RareWordsUnderNarrowFiltersWalkTheirMatches) {
  SearchQuery q;
  q.text = "7919";  // small.org 1 and big.com 1
  q.collapse_duplicates = false;
  auto all = corpus_->Search(q);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->hits.size(), 2u);
  q.sources = {"small.org"};
  auto narrow = corpus_->Search(q);
  ASSERT_TRUE(narrow.ok()) << narrow.status().ToString();
  ASSERT_EQ(narrow->hits.size(), 1u);
  EXPECT_EQ(narrow->total, 1u);
  EXPECT_FALSE(narrow->total_is_estimate);
  EXPECT_EQ(narrow->hits[0].site, "small.org");
  for (const SearchHit& h : all->hits) {
    if (h.id == narrow->hits[0].id) EXPECT_DOUBLE_EQ(h.score, narrow->hits[0].score);
  }
  q.text = "7919 OR 15838";  // and small.org 2, big.com 2
  auto two = corpus_->Search(q);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->total, 2u);
}

TEST_F(SearchTest, OnePhraseScoresTakeTheirDocumentFrequencyFromTheMatches) {
  // "104729" is in two articles (small.org 1 and big.com 1). Without filters the scores take its
  // document frequency from the matches (no doclist walk); with a filter khabar_bm25 walks it.
  // BM25 is the same either way.
  SearchQuery plain;
  plain.text = "104729";
  plain.collapse_duplicates = false;
  auto deferred = corpus_->Search(plain);
  ASSERT_TRUE(deferred.ok()) << deferred.status().ToString();
  ASSERT_EQ(deferred->hits.size(), 2u);
  EXPECT_FALSE(deferred->total_is_estimate);
  for (const SearchHit& h : deferred->hits) {
    SearchQuery filtered = plain;
    filtered.sources = {h.site};
    auto walked = corpus_->Search(filtered);
    ASSERT_TRUE(walked.ok());
    ASSERT_EQ(walked->hits.size(), 1u);
    EXPECT_EQ(walked->hits[0].id, h.id);
    EXPECT_NEAR(walked->hits[0].score, h.score, 1e-9);
    EXPECT_GT(h.score, 0.0);
  }
}

// Without filters, an expression that cannot match more articles than the ranking window (its
// phrases' vocabulary counts: ExpressionMatchBound) has its index walked upwards: the same hits,
// scores, snippets and totals as the plan that walks it from the newest article down (a date
// filter that every article passes).
TEST_F(SearchTest, WalkingTheIndexUpwardsGivesTheSameAnswers) {
  for (const std::string text : {"الحكومة 7 OR 8 OR 9 OR 10 OR 11 OR 104729 OR 12",
                                 "الاقتصادية 21 OR 22 OR 23 OR 24 OR 25 OR 26 OR 27 -1"}) {
    for (bool collapse : {false, true}) {
      SearchQuery up;
      up.text = text;
      up.collapse_duplicates = collapse;
      up.limit = 100;
      SearchQuery down = up;
      down.from = "2000";
      auto walked_up = corpus_->Search(up);
      auto walked_down = corpus_->Search(down);
      ASSERT_TRUE(walked_up.ok()) << walked_up.status().ToString();
      ASSERT_TRUE(walked_down.ok()) << walked_down.status().ToString();
      EXPECT_EQ(walked_up->total, walked_down->total) << text;
      EXPECT_FALSE(walked_up->total_is_estimate);
      ASSERT_GE(walked_up->hits.size(), 5u) << text;
      ASSERT_EQ(walked_up->hits.size(), walked_down->hits.size()) << text;
      for (size_t i = 0; i < walked_up->hits.size(); ++i) {
        const SearchHit &a = walked_up->hits[i], &b = walked_down->hits[i];
        EXPECT_EQ(a.id, b.id) << text << " hit " << i;
        EXPECT_EQ(a.score, b.score) << text << " hit " << i;
        EXPECT_EQ(a.title, b.title) << text << " hit " << i;
        EXPECT_EQ(a.snippet, b.snippet) << text << " hit " << i;
        EXPECT_EQ(a.story_size, b.story_size) << text << " hit " << i;
      }
    }
  }
}

// A vocabulary whose counts are too low (never written so, but a damaged or hand-edited one) makes
// the upward walk meet more matches than the window holds: the search walks again from the newest
// article, and answers as with the true counts.
TEST_F(SearchTest, TooLowVocabularyCountsStillRankTheNewestMatches) {
  const fs::path copy = *dir_ / "low_counts.db";
  fs::copy_file(*dir_ / "corpus.db", copy, fs::copy_options::overwrite_existing);
  if (fs::exists(*dir_ / "corpus.db-wal")) {
    fs::copy_file(*dir_ / "corpus.db-wal", copy.string() + "-wal",
                  fs::copy_options::overwrite_existing);
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(copy.string().c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE vocabulary SET articles = 1", nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  auto low = Corpus::Open(copy.string(), ReadOnly());
  ASSERT_TRUE(low.ok()) << low.status().ToString();
  for (bool collapse : {false, true}) {
    SearchQuery q;
    q.text = "الحكومة";  // one phrase: its IDF comes from the matches, not the vocabulary
    q.collapse_duplicates = collapse;
    q.limit = 50;
    auto truth = corpus_->Search(q);
    auto r = (*low)->Search(q);
    ASSERT_TRUE(truth.ok());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->total_is_estimate);
    EXPECT_EQ(r->total, truth->total);
    ASSERT_EQ(r->hits.size(), truth->hits.size());
    for (size_t i = 0; i < r->hits.size(); ++i) {
      EXPECT_EQ(r->hits[i].id, truth->hits[i].id) << i;
      EXPECT_EQ(r->hits[i].score, truth->hits[i].score) << i;
      EXPECT_EQ(r->hits[i].snippet, truth->hits[i].snippet) << i;
    }
  }
}

TEST(ExpressionMatchBoundTest, AndTakesTheRarestSideOrAddsUpNotKeepsItsLeft) {
  EXPECT_EQ(ExpressionMatchBound("(\"a\")", {70}), 70);
  EXPECT_EQ(ExpressionMatchBound("(\"a\") AND (\"b\")", {100, 30}), 30);
  EXPECT_EQ(ExpressionMatchBound("(\"a\" OR \"b\") AND (\"c\")", {100, 30, 500}), 130);
  EXPECT_EQ(ExpressionMatchBound("((\"a\") AND (\"b\")) NOT (\"c\" OR \"d\")", {10, 50, 5, 1}), 10);
  // A phrase of several words has no count: an AND takes its other side, an OR has no bound.
  EXPECT_EQ(ExpressionMatchBound("(\"a b\") AND (\"c\")", {-1, 40}), 40);
  EXPECT_EQ(ExpressionMatchBound("(\"a b\" OR \"c\")", {-1, 40}), -1);
  EXPECT_EQ(ExpressionMatchBound("(\"a \"\"b\"\" c\") AND (\"d\")", {9, 12}), 9);  // "" is a quote
  // Not the shape BuildFtsQuery writes, or counts missing: no bound.
  EXPECT_EQ(ExpressionMatchBound("(\"a\"", {5}), -1);
  EXPECT_EQ(ExpressionMatchBound("(\"a\") AND (\"b\")", {5}), -1);
  EXPECT_EQ(ExpressionMatchBound("a AND b", {5, 6}), -1);
  EXPECT_EQ(ExpressionMatchBound("(\"a\") NEAR (\"b\")", {5, 6}), -1);
  // What BuildFtsQuery writes for the query language.
  auto built = BuildFtsQuery("الوزارة \"خطة العام\" OR السفارة -المباراة", nullptr);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(ExpressionMatchBound(*built, {300, -1, 20, 7}), 300) << *built;
  EXPECT_EQ(ExpressionMatchBound(*built, {3000, 50, 20, 7}), 70) << *built;
}

TEST_F(SearchTest, PrefixesReachStemsAndShortOnesAreRefused) {
  SearchQuery q;
  q.text = "اقتصا*";  // والاقتصادية, through its stem
  auto r = corpus_->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, static_cast<size_t>(kBig + kSmall));
  q.text = "الت*";
  r = corpus_->Search(q);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("article"), std::string::npos) << r.status().message();
}

// A date bound that is no date is refused instead of being compared as text ("2021/05" sorts
// after every "2021-..." date, "20210501" before them): words and entity searches alike.
TEST_F(SearchTest, DateBoundsThatAreNoDatesAreRefused) {
  for (const char* bad : {"2021/05", "2021-13", "20210501", "May 2021", "٢٠٢١", "21"}) {
    for (const bool as_from : {true, false}) {
      SearchQuery q;
      q.text = "الحكومة";
      (as_from ? q.from : q.to) = bad;
      auto r = corpus_->Search(q);
      ASSERT_FALSE(r.ok()) << bad;
      EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << bad;
      EXPECT_NE(r.status().message().find(as_from ? "from must be a date" : "to must be a date"),
                std::string::npos)
          << r.status().message();
      q.text.clear();
      q.entities = {"EG"};
      EXPECT_EQ(corpus_->Search(q).status().code(), Status::Code::kInvalidArgument) << bad;
    }
  }
  SearchQuery q;
  q.text = "الحكومة";
  q.collapse_duplicates = false;
  for (const char* good : {"2021", "2021-05", "2021-05-01", "2021-05-01T09:00"}) {
    q.from = good;
    q.to = good;
    auto r = corpus_->Search(q);
    ASSERT_TRUE(r.ok()) << good << ": " << r.status().ToString();
    EXPECT_EQ(r->total, static_cast<size_t>(std::string(good).size() > 10 ? 0 : kSmall)) << good;
  }
}

// Search keeps each connection's story ids between searches (StoryCache): when an ingest moves an
// already-seen article into another story, the next search folds it with its new story.
TEST_F(SearchTest, ManyQueryShapesOnOneConnection) {
  // Each count of sources and of entities is another SQL text for the connection's statement
  // cache: more shapes than it keeps, the answers the same as on a fresh connection.
  auto query = [](size_t sources, size_t entities, bool dated) {
    SearchQuery q;
    q.text = "الحكومة";
    q.sources = {"small.org"};
    for (size_t i = 1; i < sources; ++i) q.sources.push_back("s" + std::to_string(i) + ".net");
    for (size_t i = 0; i < entities; ++i) q.entities.push_back("E" + std::to_string(i));
    if (dated) q.from = "2021-01-01";
    q.limit = 5;
    return q;
  };
  std::vector<std::string> answers;
  for (bool dated : {false, true}) {
    for (size_t entities = 0; entities <= 1; ++entities) {
      for (size_t sources = 1; sources <= 32; ++sources) {
        auto r = corpus_->Search(query(sources, entities, dated));
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        answers.push_back(std::to_string(r->total) + (r->hits.empty() ? "" : r->hits[0].id));
      }
    }
  }
  EXPECT_NE(answers[0].find("small.org"), std::string::npos) << answers[0];
  size_t i = 0;
  for (bool dated : {false, true}) {
    for (size_t entities = 0; entities <= 1; ++entities) {
      for (size_t sources = 1; sources <= 32; ++sources, ++i) {
        if (sources % 8 != 0) continue;
        auto fresh = Corpus::Open((*dir_ / "corpus.db").string(), ReadOnly());
        ASSERT_TRUE(fresh.ok());
        auto r = (*fresh)->Search(query(sources, entities, dated));
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(answers[i], std::to_string(r->total) + (r->hits.empty() ? "" : r->hits[0].id))
            << sources << " sources, " << entities << " entities";
      }
    }
  }
}

TEST(StatementCacheTest, StatementsStayValidUntilTrim) {
  // A search holds several statements at once; getting a new one must not free them, however many
  // the cache already keeps.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  StatementCache cache;
  std::vector<Statement*> held;
  for (int i = 0; i < 100; ++i) {
    Result<Statement*> st = cache.Get(db, "SELECT " + std::to_string(i));
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    held.push_back(*st);
  }
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(held[i]->Step(), SQLITE_ROW);
    EXPECT_EQ(held[i]->ColumnInt(0), i);
    held[i]->Reset();
  }
  cache.Trim();  // over the bound: emptied, then filled again
  Result<Statement*> again = cache.Get(db, "SELECT 7");
  ASSERT_TRUE(again.ok());
  ASSERT_EQ((*again)->Step(), SQLITE_ROW);
  EXPECT_EQ((*again)->ColumnInt(0), 7);
  (*again)->Reset();
  cache = StatementCache();
  sqlite3_close(db);
}

TEST(SearchStoryCacheTest, FoldingFollowsStoryChanges) {
  const fs::path dir =
      fs::temp_directory_path() / ("khabar_search_story_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "corpus.db").string();
  const std::string wire =
      "أعلنت وزارة الري في بيان صباح اليوم أن منسوب المياه في بحيرة السد ارتفع إلى مستوى قياسي "
      "لم يسجل منذ عشر سنوات وأن المحطات تعمل بكامل طاقتها لتوفير مياه الري للمزارعين في "
      "محافظات الصعيد كلها خلال موسم الصيف المقبل مع متابعة يومية من غرفة العمليات المركزية";
  auto record = [](std::string url, std::string id, std::string title, std::string body) {
    ArticleRecord r;
    r.source.url = std::move(url);
    r.source.site = "example.com";
    r.id = std::move(id);
    r.title = std::move(title);
    r.published = "2024-03-01";
    r.paragraphs = {std::move(body)};
    return r;
  };
  auto writer = Corpus::Open(db);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE(
      (*writer)->Put(record("https://example.com/a", "a1", "منسوب المياه يرتفع", wire)).ok());
  ASSERT_TRUE((*writer)
                  ->Put(record("https://example.com/b", "b1", "خبر آخر عن المياه",
                               "قال مسؤول في شركة المياه إن الأسعار لن تتغير هذا العام رغم "
                               "ارتفاع تكاليف التشغيل والصيانة في كل المحطات"))
                  .ok());
  auto reader = Corpus::Open(db, ReadOnly());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  SearchQuery q;
  q.text = "المياه";
  for (Corpus* on : {reader->get(), writer->get()}) {
    Result<SearchResults> before = on->Search(q);
    ASSERT_TRUE(before.ok()) << before.status().ToString();
    EXPECT_EQ(before->total, 2u);  // two stories
  }
  // b is stored again with the wire text: the same row, now a near-duplicate of a, in a's story.
  ASSERT_TRUE((*writer)
                  ->Put(record("https://example.com/b", "b2", "منسوب المياه يرتفع لمستوى قياسي",
                               wire + " وفق البيان"))
                  .ok());
  for (Corpus* on : {reader->get(), writer->get()}) {  // another connection's write, then its own
    Result<SearchResults> after = on->Search(q);
    ASSERT_TRUE(after.ok()) << after.status().ToString();
    EXPECT_EQ(after->total, 1u);
    ASSERT_EQ(after->hits.size(), 1u);
    EXPECT_EQ(after->hits[0].story_size, 2u);
  }
  // Inside a write batch the search joins the batch's transaction (no nested BEGIN), which then
  // commits as usual.
  ASSERT_TRUE((*writer)->BeginBatch().ok());
  Result<SearchResults> in_batch = (*writer)->Search(q);
  ASSERT_TRUE(in_batch.ok()) << in_batch.status().ToString();
  EXPECT_EQ(in_batch->total, 1u);
  EXPECT_TRUE((*writer)->CommitBatch().ok());
  reader->reset();
  writer->reset();
  fs::remove_all(dir);
}

// Dates and outlets become filter terms in the index (filter_terms.h) when they are selective: the
// answers stay exactly those of the SQL conditions, whatever the dates look like (year only,
// garbage, none), for outlets whose name another outlet's shares once spaces are '_', and for URL
// prefixes, which have no term.
TEST(SearchFilterTermsTest, AnswersEqualTheConditions) {
  const fs::path dir =
      fs::temp_directory_path() / ("khabar_search_filter_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "corpus.db").string();
  const std::vector<std::string> sites = {"a.com", "b.org", "c site", "c_site", "d.net"};
  const std::vector<std::string> odd_dates = {"", "2021", "yesterday", "20210304", "2021T10"};
  struct Stored {
    std::string id, site, url, published;
  };
  std::vector<Stored> stored;
  {
    auto c = Corpus::Open(db);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE((*c)->BeginBatch().ok());
    uint32_t seed = 12345;
    auto next = [&seed](uint32_t n) {
      seed = seed * 1103515245u + 12345u;
      return (seed >> 8) % n;
    };
    for (int i = 0; i < 400; ++i) {
      ArticleRecord r;
      r.source.site = sites[next(sites.size())];
      r.source.url =
          "https://" + r.source.site + "/" + (i % 3 ? "news/" : "sport/") + std::to_string(i);
      r.id = "id" + std::to_string(i);
      r.title = "خبر رقم " + std::to_string(i);
      // Mostly words of its own, so that no two articles are near-duplicates (stories fold).
      std::string body = "قالت الحكومة";
      for (int w = 1; w <= 16; ++w) body += " " + std::to_string(i * 7919 + w * 104729);
      r.paragraphs = {body};
      if (i % 40 < 5) {
        r.published = odd_dates[i % 40];
      } else {
        char date[32];
        std::snprintf(date, sizeof date, "%04u-%02u-%02uT%02u:00+03:00", 2019 + next(6),
                      1 + next(12), 1 + next(28), next(24));
        r.published = date;
      }
      ASSERT_TRUE((*c)->Put(r).ok());
      stored.push_back({r.id, r.source.site, r.source.url, r.published});
    }
    ASSERT_TRUE((*c)->CommitBatch().ok());
  }
  auto c = Corpus::Open(db, ReadOnly());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const std::vector<std::pair<std::string, std::string>> ranges = {{"", ""},
                                                                   {"2021", "2021"},
                                                                   {"2021-03", "2021-03"},
                                                                   {"2020-02-15", "2021-07"},
                                                                   {"2019", ""},
                                                                   {"2023-06-30", ""},
                                                                   {"", "2020"},
                                                                   {"2022-12-31", "2023-01-01"},
                                                                   {"2021", "2022-06"},
                                                                   {"2024-12", "2019"}};
  const std::vector<std::vector<std::string>> source_sets = {{},
                                                             {"a.com"},
                                                             {"c site"},
                                                             {"c_site"},
                                                             {"a.com", "d.net"},
                                                             {"https://b.org/sport/"},
                                                             {"b.org", "https://a.com/news/"}};
  int checked = 0;
  for (const auto& [from, to] : ranges) {
    for (const std::vector<std::string>& sources : source_sets) {
      if (from.empty() && to.empty() && sources.empty()) continue;
      SearchQuery q;
      q.text = "الحكومة";
      q.from = from;
      q.to = to;
      q.sources = sources;
      q.limit = 1000;
      q.collapse_duplicates = false;
      Result<SearchResults> r = (*c)->Search(q);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      std::set<std::string> got, want;
      for (const SearchHit& h : r->hits) got.insert(h.id);
      for (const Stored& a : stored) {
        const bool dated =
            (from.empty() || a.published >= from) && (to.empty() || a.published < to + "\x7f");
        bool sourced = sources.empty();
        for (const std::string& s : sources) {
          sourced = sourced || a.site == s || a.url.rfind(s, 0) == 0;
        }
        if (dated && sourced) want.insert(a.id);
      }
      EXPECT_EQ(got, want) << from << ".." << to << " " << (sources.empty() ? "" : sources[0]);
      EXPECT_EQ(r->total, want.size());
      ++checked;
    }
  }
  EXPECT_EQ(checked, 69);
  c->reset();
  fs::remove_all(dir);
}

// The story ids grow by doubling up to kMaxRowid entries, never past: 32 MiB for the stories and
// 16 for the sizes at most (a doubling from 3 * 2^20 entries would otherwise take 48 MiB).
TEST(SearchStoryCacheTest, StaysWithinItsMemoryBound) {
  StoryCache cache;
  cache.Validate(1, 0);
  const int64_t big = 3 * (StoryCache::kMaxRowid / 4);
  cache.Store(big, 7);
  cache.Store(big + 2, 7);  // doubles: capped at kMaxRowid
  cache.CountMember(big);
  cache.CountMember(big + 2);
  cache.Store(StoryCache::kMaxRowid - 1, 9);
  cache.Store(StoryCache::kMaxRowid, 9);  // not kept
  EXPECT_LE(cache.MemoryBytes(), size_t{48} << 20);
  int64_t story = 0;
  ASSERT_TRUE(cache.Find(big + 2, &story));
  EXPECT_EQ(story, 7);
  ASSERT_TRUE(cache.Find(StoryCache::kMaxRowid - 1, &story));
  EXPECT_EQ(story, 9);
  EXPECT_FALSE(cache.Find(StoryCache::kMaxRowid, &story));
}

}  // namespace
}  // namespace khabar::store

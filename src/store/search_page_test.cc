// RunSearch's step 2 and page (search.cc): stories loaded at once by a connection that keeps
// missing, and the page marked from the matches khabar_bm25 captured.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "khabar/store.h"
#include "store/entity_index.h"
#include "store/fts_functions.h"
#include "store/fts_tokenizer.h"
#include "store/record_codec.h"
#include "store/search.h"

namespace khabar::store {
namespace {
namespace fs = std::filesystem;

ArticleRecord Article(int i, const std::string& body, const std::string& version = "") {
  ArticleRecord r;
  r.source.url = "https://example.com/" + std::to_string(i);
  r.source.site = "example.com";
  r.id = "id" + std::to_string(i) + version;
  r.title = "المياه في الخبر " + std::to_string(i);
  r.published = "2024-03-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1);
  r.paragraphs = {body};
  return r;
}

// A read-only connection as the server's, with RunSearch's statement and story caches in view.
class Reader {
 public:
  explicit Reader(const std::string& path) {
    EXPECT_EQ(
        sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr),
        SQLITE_OK);
    EXPECT_TRUE(RegisterKhabarTokenizer(db_).ok());
    EXPECT_TRUE(RegisterFtsFunctions(db_).ok());
    EXPECT_TRUE(RegisterRecordFunctions(db_).ok());
    EXPECT_TRUE(RegisterEntityFunctions(db_).ok());
  }
  ~Reader() {
    statements_.reset();  // statements before the connection
    sqlite3_close(db_);
  }
  Result<SearchResults> Search(const SearchQuery& q) {
    return RunSearch(db_, statements_.get(), q);
  }
  const StoryCache& stories() const { return statements_->stories; }
  int64_t Count(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr);
    const int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
  }

 private:
  sqlite3* db_ = nullptr;
  std::unique_ptr<StatementCache> statements_ = std::make_unique<StatementCache>();
};

// 40 articles with their own words, then two of them made near-duplicates of a third: the folded
// total is the number of distinct stories, before and after, whether the stories were looked up
// or loaded at once.
TEST(SearchPageTest, LoadedStoriesFoldLikeLookedUpOnes) {
  const fs::path dir =
      fs::temp_directory_path() / ("khabar_search_page_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "corpus.db").string();
  const std::vector<std::string> words = {"السد",    "النهر", "المحطة", "الشركة", "الوزير",
                                          "المزارع", "الصيف", "الشتاء", "القرية", "المدينة"};
  // Words of three letters that differ from article to article: no two bodies are near-copies.
  const std::vector<std::string> letters = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر",
                                            "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ",
                                            "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"};
  auto body = [&](int i) {
    std::string b = "قال مصدر إن المياه " + words[i % words.size()];
    for (int w = 0; w < 40; ++w) {
      b += " " + letters[(i * 31 + w * 7) % 27] + letters[(i * 17 + w * 13 + 5) % 27] +
           letters[(i * 7 + w * 3 + 11) % 27];
    }
    return b;
  };
  const std::string wire =
      "أعلنت وزارة الري في بيان صباح اليوم أن منسوب المياه في بحيرة السد ارتفع إلى مستوى قياسي "
      "لم يسجل منذ عشر سنوات وأن المحطات تعمل بكامل طاقتها لتوفير مياه الري للمزارعين في "
      "محافظات الصعيد كلها خلال موسم الصيف المقبل مع متابعة يومية من غرفة العمليات المركزية";
  auto writer = Corpus::Open(path);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->BeginBatch().ok());
  for (int i = 0; i < 40; ++i)
    ASSERT_TRUE((*writer)->Put(Article(i, i == 0 ? wire : body(i))).ok());
  ASSERT_TRUE((*writer)->CommitBatch().ok());

  Reader reader(path);
  SearchQuery q;
  q.text = "المياه";
  q.limit = 5;
  auto expect_stories = [&](const std::string& when) {
    const int64_t stories = reader.Count("SELECT count(DISTINCT story_id) FROM articles");
    Result<SearchResults> r = reader.Search(q);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(static_cast<int64_t>(r->total), stories) << when;
    EXPECT_FALSE(r->total_is_estimate);
    // The stories were loaded at once: 40 lookups are over a sixteenth of 40 articles (and 16).
    EXPECT_TRUE(reader.stories().loaded) << when;
    for (const SearchHit& hit : r->hits) {
      const int64_t size = reader.Count(
          "SELECT count(*) FROM articles WHERE story_id = (SELECT story_id FROM articles"
          " WHERE content_id = '" +
          hit.id + "')");
      EXPECT_EQ(static_cast<int64_t>(hit.story_size), size) << when << " " << hit.id;
    }
  };
  expect_stories("first search");
  const int64_t before = reader.Count("SELECT count(DISTINCT story_id) FROM articles");
  ASSERT_GT(before, 3);
  expect_stories("second search (cached)");
  // Two more articles become copies of the wire story.
  ASSERT_TRUE((*writer)->Put(Article(1, wire + " وفق البيان", "b")).ok());
  ASSERT_TRUE((*writer)->Put(Article(2, wire + " بحسب الوزارة", "b")).ok());
  ASSERT_EQ(reader.Count("SELECT count(*) FROM articles WHERE story_id = (SELECT story_id FROM"
                         " articles WHERE content_id = 'id0') AND content_id IN ('id1b', 'id2b')"),
            2);
  expect_stories("after another connection's change");
  writer->reset();
  fs::remove_all(dir);
}

// The page takes its hits' story sizes from the loaded story cache (StoryCache::FindSize): they
// equal the counted ones, for stories of one and of several articles, before and after stories
// change (the cache is emptied and loaded again, and must not count an article twice).
TEST(SearchPageTest, LoadedStorySizesEqualCountedOnes) {
  const fs::path dir =
      fs::temp_directory_path() / ("khabar_search_sizes_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "corpus.db").string();
  const std::vector<std::string> letters = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر",
                                            "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ",
                                            "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"};
  auto body = [&](int i) {
    std::string b = "قال مصدر إن المياه";
    for (int w = 0; w < 40; ++w) {
      b += " " + letters[(i * 31 + w * 7) % 27] + letters[(i * 17 + w * 13 + 5) % 27] +
           letters[(i * 7 + w * 3 + 11) % 27];
    }
    return b;
  };
  // Two wire texts: copies of each make stories of several articles.
  const std::string wire_a =
      "أعلنت وزارة الري في بيان صباح اليوم أن منسوب المياه في بحيرة السد ارتفع إلى مستوى قياسي "
      "لم يسجل منذ عشر سنوات وأن المحطات تعمل بكامل طاقتها لتوفير مياه الري للمزارعين في "
      "محافظات الصعيد كلها خلال موسم الصيف المقبل مع متابعة يومية من غرفة العمليات المركزية";
  const std::string wire_b =
      "قالت شركة المياه في العاصمة إنها ستقطع الإمداد عن أحياء الشمال يومين متتاليين لإصلاح "
      "خط رئيسي تعرض لكسر مفاجئ وإن فرقها ستعمل ليلا ونهارا حتى تنتهي الأعمال وتعود المياه "
      "إلى البيوت قبل نهاية الأسبوع وفق الجدول الذي نشرته على موقعها الرسمي أمس";
  auto writer = Corpus::Open(path);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->BeginBatch().ok());
  for (int i = 0; i < 40; ++i) {
    const std::string text = i % 10 == 0   ? wire_a + " " + letters[i % 27]
                             : i % 10 == 5 ? wire_b + " " + letters[i % 27]
                                           : body(i);
    ASSERT_TRUE((*writer)->Put(Article(i, text)).ok());
  }
  ASSERT_TRUE((*writer)->CommitBatch().ok());

  Reader reader(path);
  SearchQuery q;
  q.text = "المياه";
  q.limit = 50;  // every story on the page
  q.collapse_duplicates = true;
  auto expect_sizes = [&](const std::string& when, size_t min_multi) {
    size_t multi = 0;
    for (int round = 0; round < 2; ++round) {  // the first search may load the stories
      Result<SearchResults> r = reader.Search(q);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      ASSERT_TRUE(reader.stories().loaded) << when;
      ASSERT_FALSE(r->hits.empty());
      multi = 0;
      for (const SearchHit& hit : r->hits) {
        const int64_t story =
            reader.Count("SELECT story_id FROM articles WHERE content_id = '" + hit.id + "'");
        const int64_t counted =
            reader.Count("SELECT count(*) FROM articles WHERE story_id = " + std::to_string(story));
        int64_t cached = -1;
        EXPECT_TRUE(reader.stories().FindSize(story, &cached)) << when << " " << hit.id;
        EXPECT_EQ(cached, counted) << when << " " << hit.id;
        EXPECT_EQ(static_cast<int64_t>(hit.story_size), counted) << when << " " << hit.id;
        if (counted > 1) ++multi;
      }
    }
    EXPECT_GE(multi, min_multi) << when;
  };
  expect_sizes("first searches", 2);
  // Four articles are stored again as copies of the first wire story, one of the second gets
  // its own text (a story of its own).
  for (int i : {1, 2, 3, 4}) {
    ASSERT_TRUE((*writer)->Put(Article(i, wire_a + " " + letters[i] + letters[i], "b")).ok());
  }
  ASSERT_TRUE((*writer)->Put(Article(15, body(15), "b")).ok());
  expect_sizes("after another connection's change", 2);
  writer->reset();
  fs::remove_all(dir);
}

TEST(StoryCacheTest, SizesOnlyForTheStoriesCountedUnderTheSameVersion) {
  StoryCache cache;
  cache.Validate(7, 0);
  for (int64_t story : {0, 3, 3, 3, 10, 12}) cache.CountMember(story);
  cache.CountMember(-5);                     // not kept: negative
  cache.CountMember(StoryCache::kMaxRowid);  // not kept: too large
  cache.load_next = 11;                      // stories below 11 were loaded
  int64_t size = -1;
  ASSERT_TRUE(cache.FindSize(3, &size));
  EXPECT_EQ(size, 3);
  ASSERT_TRUE(cache.FindSize(10, &size));
  EXPECT_EQ(size, 1);
  ASSERT_TRUE(cache.FindSize(5, &size));  // loaded, no article has it
  EXPECT_EQ(size, 0);
  EXPECT_FALSE(cache.FindSize(12, &size));  // not loaded yet
  EXPECT_FALSE(cache.FindSize(-5, &size));
  EXPECT_FALSE(cache.FindSize(StoryCache::kMaxRowid, &size));
  cache.Validate(7, 0);  // unchanged: kept
  EXPECT_TRUE(cache.FindSize(3, &size));
  cache.Validate(8, 0);  // another connection committed: emptied
  EXPECT_FALSE(cache.FindSize(3, &size));
  cache.load_next = 11;
  ASSERT_TRUE(cache.FindSize(3, &size));
  EXPECT_EQ(size, 0);  // the old counts are gone
  cache.CountMember(3);
  cache.Clear();  // unused until the next Validate
  cache.CountMember(3);
  cache.load_next = 11;
  EXPECT_FALSE(cache.FindSize(3, &size));
  cache.Validate(9, 1);
  cache.load_next = 11;
  ASSERT_TRUE(cache.FindSize(3, &size));
  EXPECT_EQ(size, 0);
}

}  // namespace
}  // namespace khabar::store

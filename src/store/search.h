// Full-text search over a corpus connection (internal to the store module; the public entry point
// is Corpus::Search in include/khabar/store.h). Specified in docs/storage.md, "Search" and
// "Search cost".
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "khabar/status.h"
#include "khabar/store.h"
#include "store/sqlite_util.h"

namespace khabar::store {

// The story (articles.story_id) of articles by rowid, as one connection last read them, kept across
// its searches while it sees the same database: folding a window of 2,000 matches into stories
// otherwise costs 2,000 lookups in the articles table. RunSearch calls Validate once per search,
// inside its read transaction, with `PRAGMA data_version` (commits of other connections) and
// sqlite3_total_changes64 (this connection's own writes); any change empties the cache. Rowids
// from kMaxRowid on are not kept. The stories that LoadStories loaded also have their sizes (the
// number of articles with that story_id), so that a page's hits need no count each. At most 48 MiB
// per connection (32 for the stories, 16 for the sizes: both vectors grow by doubling, capped at
// kMaxRowid elements). Not thread-safe (as below).
class StoryCache {
 public:
  static constexpr int64_t kMaxRowid = int64_t{1} << 22;
  // Empties the cache unless `data_version` and `changes` are those it was filled under; a
  // negative data_version (unreadable) leaves it empty and unused until the next Validate.
  void Validate(int64_t data_version, int64_t changes) {
    if (data_version < 0 || data_version != data_version_ || changes != changes_) {
      Clear();
      data_version_ = data_version;
      changes_ = changes;
    }
  }
  // Empties the cache and leaves it unused until the next Validate (after a failed load, whose
  // sizes would be counted twice by the next).
  void Clear() {
    story_.clear();
    size_.clear();
    data_version_ = -1;
    changes_ = -1;
    misses = 0;
    load_next = 0;
    loaded = false;
  }
  // Lookups in `articles` since the cache was last emptied; the story ids below which every
  // article's story was loaded since then, and whether all were (RunSearch: a connection that
  // keeps missing loads them all, a part per search).
  int64_t misses = 0;
  int64_t load_next = 0;
  bool loaded = false;
  bool Find(int64_t rowid, int64_t* story) const {
    if (rowid < 0 || rowid >= static_cast<int64_t>(story_.size()) || story_[rowid] == kUnknown) {
      return false;
    }
    *story = story_[rowid];
    return true;
  }
  void Store(int64_t rowid, int64_t story) {
    if (data_version_ < 0 || rowid < 0 || rowid >= kMaxRowid || story == kUnknown) return;
    if (rowid >= static_cast<int64_t>(story_.size())) Grow(&story_, rowid, kUnknown);
    story_[rowid] = story;
  }
  // Counts one article of `story` (LoadStories: every article of the story ids it loads, once).
  void CountMember(int64_t story) {
    if (data_version_ < 0 || story < 0 || story >= kMaxRowid) return;
    if (story >= static_cast<int64_t>(size_.size())) Grow(&size_, story, uint32_t{0});
    ++size_[story];
  }
  // The number of articles of `story` when LoadStories counted them since the cache was last
  // emptied (story ids from 0 below load_next and kMaxRowid); false otherwise (the caller counts).
  bool FindSize(int64_t story, int64_t* size) const {
    if (data_version_ < 0 || story < 0 || story >= load_next || story >= kMaxRowid) return false;
    *size = story < static_cast<int64_t>(size_.size()) ? size_[story] : 0;
    return true;
  }
  // The bytes allocated for the stories and sizes (at most 48 MiB).
  size_t MemoryBytes() const {
    return story_.capacity() * sizeof(int64_t) + size_.capacity() * sizeof(uint32_t);
  }

 private:
  static constexpr int64_t kUnknown = INT64_MIN;
  // Grows `v` (doubling) to hold index `i` < kMaxRowid, never past kMaxRowid elements: reserve
  // first, as resize alone may allocate up to twice the size it is given.
  template <typename T>
  static void Grow(std::vector<T>* v, int64_t i, T fill) {
    const size_t n = std::min<size_t>(kMaxRowid, std::max<size_t>(i + 1, v->size() * 2));
    v->reserve(n);
    v->resize(n, fill);
  }
  int64_t data_version_ = -1, changes_ = -1;
  std::vector<int64_t> story_;
  std::vector<uint32_t> size_;  // by story id; 0 for ids no article has
};

// Prepared statements of one connection, kept across searches: preparing the search's SQL costs
// about as much as running it on a small corpus. Keyed by the SQL text, whose shape depends only
// on how many sources and entities a query has (values are always bound), so the cache stays
// small (bounded by kMaxStatements; emptied by Trim, between searches, when it holds more). Not
// thread-safe: one per connection, used by the connection's thread.
class StatementCache {
 public:
  // The statement for `sql`, reset and with its bindings cleared; owned by the cache, valid until
  // the next Trim (a search holds several at once). Errors: the SQL does not prepare.
  Result<Statement*> Get(sqlite3* db, const std::string& sql);
  // Drops every statement when more than kMaxStatements are kept. Only while no statement of the
  // cache is in use: RunSearch calls it before its first Get.
  void Trim();

  StoryCache stories;  // the connection's story ids (see StoryCache)

 private:
  static constexpr size_t kMaxStatements = 64;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// An upper bound on the number of articles that `fts_expression` (a BuildFtsQuery expression)
// matches, from its phrases' article counts (`phrase_counts`, one per phrase in FTS5's order as
// ExpressionPhrases gives them; -1 unknown): an OR adds its sides' bounds up, an AND takes the
// least known one, a NOT its left side's. -1 when not known (a needed count is unknown, or the
// expression has another shape).
int64_t ExpressionMatchBound(std::string_view fts_expression,
                             const std::vector<int64_t>& phrase_counts);

// Sets hit->url to a stored doc_key that is a URL, hit->path otherwise (a file, "#locator" inside a
// container).
void SetHitLink(std::string doc_key, SearchHit* hit);

// Runs `query` on `db` (a connection with the khabar tokenizer and functions registered).
// Errors: kInvalidArgument for a malformed query or out-of-range paging; kDeadlineExceeded when the
// connection's progress handler interrupts it; SQLite errors as kIoError/kCorrupt.
Result<SearchResults> RunSearch(sqlite3* db, StatementCache* statements, const SearchQuery& query);

}  // namespace khabar::store

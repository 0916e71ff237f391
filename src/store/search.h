// Full-text search over a corpus connection (internal to the store module; the public entry point
// is Corpus::Search in include/khabar/store.h). Specified in docs/storage.md, "Search" and
// "Search cost".
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "khabar/status.h"
#include "khabar/store.h"
#include "store/sqlite_util.h"

namespace khabar::store {

// Prepared statements of one connection, kept across searches: preparing the search's SQL costs
// about as much as running it on a small corpus. Keyed by the SQL text, whose shape depends only
// on how many sources and entities a query has (values are always bound), so the cache stays
// small (bounded by kMaxStatements; cleared when full). Not thread-safe: one per connection, used
// by the connection's thread.
class StatementCache {
 public:
  // The statement for `sql`, reset and with its bindings cleared; owned by the cache, valid until
  // the next call. Errors: the SQL does not prepare.
  Result<Statement*> Get(sqlite3* db, const std::string& sql);

 private:
  static constexpr size_t kMaxStatements = 64;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// Sets hit->url to a stored doc_key that is a URL, hit->path otherwise (a file, "#locator" inside a
// container).
void SetHitLink(std::string doc_key, SearchHit* hit);

// Runs `query` on `db` (a connection with the khabar tokenizer and functions registered).
// Errors: kInvalidArgument for a malformed query or out-of-range paging; kDeadlineExceeded when the
// connection's progress handler interrupts it; SQLite errors as kIoError/kCorrupt.
Result<SearchResults> RunSearch(sqlite3* db, StatementCache* statements, const SearchQuery& query);

}  // namespace khabar::store

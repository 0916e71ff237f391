// The result cache of `khabar serve` (internal; docs/api.md, "Result cache"): answers to API
// requests, kept by the canonical form of the request and dropped as soon as the database changes.
//
//   ResultCache cache(64 << 20);                   // at most 64 MiB of keys and bodies
//   DataVersionWatch watch;                         // one read-only connection: PRAGMA
//   data_version watch.Open("corpus.db"); Result<uint64_t> version = watch.Read();        // once
//   per request, before looking up if (auto hit = cache.Get(key, *version)) ...    // the stored
//   answer, computed at this version else { ...compute...; cache.Put(key, *version, {status,
//   body}); }
//
// Versions: the value of `PRAGMA data_version` on one connection (DataVersionWatch) grows every
// time another connection (`khabar ingest`) commits, so "the same version" means "no commit in
// between". The cache keeps the entries of the highest version it has seen: a request that reads
// a higher version drops them all first (Get), and an answer computed at an older version is not
// stored (Put). A request reads the version before its own database work begins, so an answer is
// never older than the version it is stored under.
//
// Thread-safety: every method of both classes may be called from any thread (one mutex each; a
// Get or Put holds it for a hash lookup and a list splice, never during I/O).
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "khabar/status.h"

namespace khabar::server {

class ResultCache {
 public:
  struct Entry {
    int status = 200;
    std::shared_ptr<const std::string> body;  // shared with responses being sent
  };
  struct Stats {
    size_t entries = 0;
    size_t bytes = 0;  // accounted bytes (keys, bodies, per-entry overhead)
    uint64_t hits = 0, misses = 0;
    uint64_t invalidations = 0;  // times every entry was dropped for a newer version
    uint64_t evictions = 0;      // entries dropped to stay within max_bytes
  };
  // Bytes counted per entry beyond its key and body: list and hash nodes, the shared body.
  static constexpr size_t kEntryOverhead = 160;

  // `max_bytes`: bound on the accounted bytes of all entries; 0 disables the cache (Get always
  // misses, Put stores nothing). An entry larger than max_bytes / 8 is not stored.
  explicit ResultCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  ResultCache(const ResultCache&) = delete;
  ResultCache& operator=(const ResultCache&) = delete;

  bool enabled() const { return max_bytes_ > 0; }

  // The entry stored for `key` at `version` (and marks it most recently used), or nullopt. A
  // `version` above the cache's drops every entry first.
  std::optional<Entry> Get(std::string_view key, uint64_t version);

  // Stores `entry` for `key` computed at `version`, evicting the least recently used entries to
  // stay within max_bytes. Ignored when `version` is below the cache's (the answer may predate a
  // change already seen) and when the entry is too large; a `version` above drops every entry.
  void Put(std::string_view key, uint64_t version, Entry entry);

  Stats stats() const;

 private:
  struct Node {
    std::string key;
    Entry entry;
    size_t bytes;
  };
  // Drops every entry when `version` is newer; false when it is older. Needs mu_.
  bool AdvanceLocked(uint64_t version);
  void EraseLocked(std::list<Node>::iterator it);

  const size_t max_bytes_;
  mutable std::mutex mu_;
  uint64_t version_ = 0;
  std::list<Node> lru_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Node>::iterator> index_;  // views of Node::key
  Stats stats_;
};

// `PRAGMA data_version` of a read-only connection of its own to the corpus: see above. Reading it
// is one statement (a shared lock on the database, no page read), serialized by a mutex.
class DataVersionWatch {
 public:
  DataVersionWatch() = default;
  ~DataVersionWatch();
  DataVersionWatch(const DataVersionWatch&) = delete;
  DataVersionWatch& operator=(const DataVersionWatch&) = delete;

  // Opens `db` read-only. Errors: kIoError.
  Status Open(const std::string& db);
  // The current data version. Errors: kIoError (database locked past the busy timeout, gone).
  Result<uint64_t> Read();

 private:
  std::mutex mu_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace khabar::server

#include "server/result_cache.h"

#include <utility>

namespace khabar::server {

bool ResultCache::AdvanceLocked(uint64_t version) {
  if (version < version_) return false;
  if (version > version_) {
    if (!lru_.empty()) ++stats_.invalidations;
    index_.clear();
    lru_.clear();
    stats_.bytes = 0;
    stats_.entries = 0;
    version_ = version;
  }
  return true;
}

void ResultCache::EraseLocked(std::list<Node>::iterator it) {
  index_.erase(std::string_view(it->key));
  stats_.bytes -= it->bytes;
  --stats_.entries;
  lru_.erase(it);
}

std::optional<ResultCache::Entry> ResultCache::Get(std::string_view key, uint64_t version) {
  if (!enabled()) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  if (!AdvanceLocked(version) || version != version_) {
    ++stats_.misses;
    return std::nullopt;
  }
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++stats_.misses;
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  ++stats_.hits;
  return it->second->entry;
}

void ResultCache::Put(std::string_view key, uint64_t version, Entry entry) {
  if (!enabled() || entry.body == nullptr) return;
  const size_t bytes = key.size() + entry.body->size() + kEntryOverhead;
  if (bytes > max_bytes_ / 8) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (!AdvanceLocked(version)) return;
  if (auto it = index_.find(key); it != index_.end()) EraseLocked(it->second);
  while (!lru_.empty() && stats_.bytes + bytes > max_bytes_) {
    EraseLocked(std::prev(lru_.end()));
    ++stats_.evictions;
  }
  lru_.push_front(Node{std::string(key), std::move(entry), bytes});
  index_.emplace(std::string_view(lru_.front().key), lru_.begin());
  stats_.bytes += bytes;
  ++stats_.entries;
}

ResultCache::Stats ResultCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

DataVersionWatch::~DataVersionWatch() {
  sqlite3_finalize(stmt_);
  sqlite3_close(db_);
}

Status DataVersionWatch::Open(const std::string& db) {
  std::lock_guard<std::mutex> lock(mu_);
  if (db_ != nullptr) return Status::Ok();
  if (sqlite3_open_v2(db.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
          SQLITE_OK ||
      sqlite3_prepare_v2(db_, "PRAGMA data_version", -1, &stmt_, nullptr) != SQLITE_OK) {
    Status error = Status::IoError(
        "cannot watch " + db + " for changes: " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
    stmt_ = nullptr;
    db_ = nullptr;
    return error;
  }
  sqlite3_busy_timeout(db_, 1000);
  return Status::Ok();
}

Result<uint64_t> DataVersionWatch::Read() {
  std::lock_guard<std::mutex> lock(mu_);
  if (stmt_ == nullptr) return Status::IoError("data version watch not open");
  const int rc = sqlite3_step(stmt_);
  const int64_t version = rc == SQLITE_ROW ? sqlite3_column_int64(stmt_, 0) : -1;
  sqlite3_reset(stmt_);  // ends the read transaction: the WAL is not pinned
  if (version < 0) return Status::IoError(std::string("data version: ") + sqlite3_errmsg(db_));
  return static_cast<uint64_t>(version);
}

}  // namespace khabar::server

#include "server/result_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace khabar::server {
namespace {

ResultCache::Entry Body(std::string text, int status = 200) {
  return {status, std::make_shared<const std::string>(std::move(text))};
}

std::string Read(ResultCache& cache, std::string_view key, uint64_t version) {
  std::optional<ResultCache::Entry> e = cache.Get(key, version);
  return e ? *e->body : "<miss>";
}

TEST(ResultCacheTest, StoresAndFindsByExactKey) {
  ResultCache cache(1 << 20);
  EXPECT_EQ(Read(cache, "a", 1), "<miss>");
  cache.Put("a", 1, Body("answer a"));
  cache.Put("ab", 1, Body("answer ab"));
  EXPECT_EQ(Read(cache, "a", 1), "answer a");
  EXPECT_EQ(Read(cache, "ab", 1), "answer ab");
  EXPECT_EQ(Read(cache, "b", 1), "<miss>");
  cache.Put("a", 1, Body("answer a, again"));  // replaced, not duplicated
  EXPECT_EQ(Read(cache, "a", 1), "answer a, again");
  const ResultCache::Stats s = cache.stats();
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(s.hits, 3u);
  EXPECT_EQ(s.misses, 2u);
  EXPECT_EQ(s.bytes, 2 * ResultCache::kEntryOverhead + 1 + 15 + 2 + 9);
}

TEST(ResultCacheTest, NewerVersionDropsEverything) {
  ResultCache cache(1 << 20);
  cache.Put("q", 5, Body("at 5"));
  EXPECT_EQ(Read(cache, "q", 5), "at 5");
  EXPECT_EQ(Read(cache, "q", 6), "<miss>");  // the corpus changed
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().invalidations, 1u);
  EXPECT_EQ(Read(cache, "q", 5), "<miss>");  // and an old version does not bring it back
  // An answer computed before the change, stored after it was seen, is dropped.
  cache.Put("q", 5, Body("late, at 5"));
  EXPECT_EQ(Read(cache, "q", 6), "<miss>");
  EXPECT_EQ(cache.stats().entries, 0u);
  cache.Put("q", 6, Body("at 6"));
  EXPECT_EQ(Read(cache, "q", 6), "at 6");
  // A Put at a newer version drops the older entries too.
  cache.Put("other", 6, Body("other at 6"));
  cache.Put("r", 7, Body("at 7"));
  EXPECT_EQ(Read(cache, "q", 7), "<miss>");
  EXPECT_EQ(Read(cache, "other", 7), "<miss>");
  EXPECT_EQ(Read(cache, "r", 7), "at 7");
}

TEST(ResultCacheTest, EvictsLeastRecentlyUsedWithinBound) {
  const size_t entry = ResultCache::kEntryOverhead + 1 + 100;  // key "k" + 100-byte body
  ResultCache cache(8 * entry + 10);                           // room for 8 entries
  for (char c = 'a'; c < 'a' + 8; ++c) cache.Put(std::string(1, c), 1, Body(std::string(100, c)));
  EXPECT_EQ(cache.stats().entries, 8u);
  EXPECT_EQ(Read(cache, "a", 1), std::string(100, 'a'));  // "a" becomes the most recent
  cache.Put("i", 1, Body(std::string(100, 'i')));         // evicts "b", the least recent
  EXPECT_EQ(cache.stats().entries, 8u);
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_LE(cache.stats().bytes, 8 * entry + 10);
  EXPECT_EQ(Read(cache, "b", 1), "<miss>");
  EXPECT_EQ(Read(cache, "a", 1), std::string(100, 'a'));
  EXPECT_EQ(Read(cache, "c", 1), std::string(100, 'c'));
  // Too large for the cache (over an eighth of it): not stored, nothing evicted.
  cache.Put("big", 1, Body(std::string(2 * entry, 'x')));
  EXPECT_EQ(Read(cache, "big", 1), "<miss>");
  EXPECT_EQ(cache.stats().entries, 8u);
}

TEST(ResultCacheTest, ZeroBytesDisables) {
  ResultCache cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.Put("a", 1, Body("x"));
  EXPECT_EQ(Read(cache, "a", 1), "<miss>");
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(ResultCacheTest, ConcurrentUseStaysConsistent) {
  ResultCache cache(64 * 1024);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 3000; ++i) {
        const uint64_t version = 1 + i / 1000;               // two invalidations along the way
        std::string key = std::to_string((i * 7 + t) % 97);  // (GCC 12 warns falsely on "k" + s)
        key += 'k';
        std::string expected = key;
        expected += '@';
        expected += std::to_string(version);
        expected.append(200, '.');
        std::optional<ResultCache::Entry> e = cache.Get(key, version);
        if (e && *e->body != expected) ++wrong;
        if (!e) cache.Put(key, version, Body(expected));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.stats().bytes, 64u * 1024);
}

TEST(DataVersionWatchTest, ChangesWhenAnotherConnectionCommits) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("khabar_result_cache_test_" + std::to_string(getpid()) + ".db"))
                               .string();
  std::filesystem::remove(path);
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(writer, "PRAGMA journal_mode=WAL; CREATE TABLE t(x)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  DataVersionWatch watch;
  ASSERT_TRUE(watch.Open(path).ok());
  Result<uint64_t> v1 = watch.Read();
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  Result<uint64_t> v2 = watch.Read();
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(*v1, *v2);  // nothing committed in between
  ASSERT_EQ(sqlite3_exec(writer, "INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr), SQLITE_OK);
  Result<uint64_t> v3 = watch.Read();
  ASSERT_TRUE(v3.ok());
  EXPECT_GT(*v3, *v2);
  ASSERT_EQ(sqlite3_exec(writer, "UPDATE t SET x = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  Result<uint64_t> v4 = watch.Read();
  ASSERT_TRUE(v4.ok());
  EXPECT_GT(*v4, *v3);
  sqlite3_close(writer);
  DataVersionWatch missing;
  EXPECT_FALSE(missing.Open(path + ".missing/x.db").ok());
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

}  // namespace
}  // namespace khabar::server

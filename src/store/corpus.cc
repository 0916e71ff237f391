#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "khabar/dedupe.h"
#include "khabar/store.h"
#include "khabar/text.h"
#include "store/entity_index.h"
#include "store/filter_terms.h"
#include "store/fts_functions.h"
#include "store/fts_tokenizer.h"
#include "store/record_codec.h"
#include "store/search.h"
#include "store/sqlite_util.h"
#include "store/vocabulary.h"

namespace khabar::store {
namespace {

// PRAGMA application_id of every khabar database: "khbr".
constexpr int kApplicationId = 0x6B686272;

// Schema migrations: the SQL texts of kMigrations[v], run in order, bring a database from
// user_version v to v + 1 (MigrateData then does what SQL cannot). Specified in docs/storage.md;
// never edit a released step, add a new one.
struct MigrationStep {
  const char* sql[2];  // the second may be null
};
const MigrationStep kMigrations[] = {
    // 0 -> 1: articles and their full-text index.
    {{R"sql(
CREATE TABLE articles(
  rowid INTEGER PRIMARY KEY,
  doc_key TEXT NOT NULL UNIQUE,
  content_id TEXT NOT NULL,
  title TEXT NOT NULL,
  published TEXT NOT NULL DEFAULT '',
  site TEXT NOT NULL DEFAULT '',
  record BLOB NOT NULL,
  ingested_at INTEGER NOT NULL,
  story_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_story ON articles(story_id);
CREATE TABLE signatures(article_rowid INTEGER PRIMARY KEY, signature BLOB NOT NULL);
CREATE TABLE lsh_bands(
  band_key INTEGER NOT NULL, article_rowid INTEGER NOT NULL,
  PRIMARY KEY (band_key, article_rowid)) WITHOUT ROWID;
CREATE TABLE duplicates(
  article_rowid INTEGER NOT NULL, other_rowid INTEGER NOT NULL, jaccard REAL NOT NULL,
  containment REAL NOT NULL, PRIMARY KEY (article_rowid, other_rowid)) WITHOUT ROWID;
CREATE INDEX duplicates_other ON duplicates(other_rowid);
CREATE INDEX articles_content_id ON articles(content_id);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_site ON articles(site);
CREATE VIEW articles_text(rowid, title, body) AS
  SELECT rowid, title, khabar_body(record) FROM articles;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, body, content='articles_text', content_rowid='rowid', tokenize='khabar');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, body)
    VALUES (new.rowid, new.title, khabar_body(new.record));
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, khabar_body(old.record));
END;
CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, khabar_body(old.record));
  INSERT INTO articles_fts(rowid, title, body)
    VALUES (new.rowid, new.title, khabar_body(new.record));
END;
)sql",
      nullptr}},
    // 1 -> 2: entities and their mentions (analytics.cc).
    {{kEntitySchemaMigration, nullptr}},
    // 2 -> 3: compact mentions, one row of entities per article, 32-bit band keys (analytics.cc).
    {{kCompactSchemaMigration, nullptr}},
    // 3 -> 4: the vocabulary (vocabulary.cc) and the smaller entity indexes (analytics.cc); the
    // full-text index holds one term per word from now on, so a database with articles is
    // re-indexed and its vocabulary filled (MigrateData).
    {{kVocabularySchema, kSizeV4Migration}},
    // 4 -> 5: filter terms (filter_terms.h) in a third column of the full-text index, which is
    // re-created and rebuilt (MigrateData); outlet filters use an index led by the outlet.
    {{R"sql(
DROP TRIGGER IF EXISTS articles_ad;
DROP TRIGGER IF EXISTS articles_au;
DROP TABLE articles_fts;
DROP VIEW articles_text;
CREATE VIEW articles_text(rowid, title, body, filters) AS
  SELECT rowid, title, khabar_body(record), khabar_filters(site, published) FROM articles;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, body, filters, content='articles_text', content_rowid='rowid', tokenize='khabar');
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body, filters)
    VALUES ('delete', old.rowid, old.title, khabar_body(old.record),
            khabar_filters(old.site, old.published));
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, record, site, published ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body, filters)
    VALUES ('delete', old.rowid, old.title, khabar_body(old.record),
            khabar_filters(old.site, old.published));
  INSERT INTO articles_fts(rowid, title, body, filters)
    VALUES (new.rowid, new.title, khabar_body(new.record), khabar_filters(new.site, new.published));
END;
DROP INDEX IF EXISTS articles_site;
CREATE INDEX articles_site_published ON articles(site, published);
)sql",
      nullptr}},
    // 5 -> 6: records are written as zstd frames (record_codec.h); the zlib records of versions
    // 1-5 are still read. No SQL: the version tells older binaries they cannot read the new rows.
    {{"", nullptr}},
    // 6 -> 7: the content ids each article had before an update replaced them, so that an older
    // version met again is stale, not an update (Put; docs/storage.md, "Versions of an article").
    // Read by the writer only. Articles are never deleted; the trigger keeps the rows of one that
    // were.
    {{R"sql(
CREATE TABLE replaced_versions(
  article INTEGER NOT NULL, content_id TEXT NOT NULL,
  PRIMARY KEY (article, content_id)) WITHOUT ROWID;
CREATE TRIGGER articles_replaced_ad AFTER DELETE ON articles BEGIN
  DELETE FROM replaced_versions WHERE article = old.rowid;
END;
)sql",
      nullptr}},
    // 7 -> 8: records are written as "KR4\n" (record_codec.h: the title's mentions in the compact
    // entity section); "KR3\n" records are still read. No SQL: the version tells older binaries
    // they cannot read the new rows. Stored articles keep their mentions until stored again.
    {{"", nullptr}},
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

std::string DocKey(const SourceInfo& source) {
  if (!source.url.empty()) return source.url;
  return source.locator.empty() ? source.path : source.path + "#" + source.locator;
}

Result<int64_t> QueryInt(sqlite3* db, const char* sql) {
  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(db, sql));
  if (st.Step() != SQLITE_ROW) return SqliteError(db, sql);
  return st.ColumnInt(0);
}

// The steps of a migration from `version` that SQL alone cannot make, after the SQL of every step
// has run (same transaction). Cost: version < 5 re-analyzes every stored text once (the new index),
// version < 4 twice (and the vocabulary).
Status MigrateData(sqlite3* db, int64_t version) {
  if (version >= 5) return Status::Ok();
  Result<int64_t> articles = QueryInt(db, "SELECT count(*) FROM articles");
  if (!articles.ok()) return articles.status();
  if (*articles == 0) return Status::Ok();
  // The vocabulary gets the filter terms (version 4 has the others already).
  KHABAR_RETURN_IF_ERROR(version < 4 ? RebuildVocabulary(db) : AddFilterTermsToVocabulary(db));
  // Rebuilt, then merged into one segment as ingest leaves it (Optimize): a rebuilt index in many
  // segments made filtered searches twice as slow.
  return Exec(db,
              "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');"
              "INSERT INTO articles_fts(articles_fts) VALUES ('optimize');");
}

}  // namespace

class PreparedArticle {
 public:
  std::string doc_key, content_id;      // the record it was made for
  std::string packed;                   // PackRecord(record)
  std::string body;                     // the paragraphs joined by "\n" (khabar_body of `packed`)
  PretokenizedText title, body_tokens;  // what the tokenizer would emit for the title and body
  std::string filters;                  // FilterText(site, published): the `filters` column
  TermSet terms;                        // their distinct terms and the filter terms (vocabulary)
  dedupe::Signature signature;          // MinHasher::Default().Sign(ArticleText(record))
  std::vector<ArticleEntity> entities;  // GroupEntities(record)
  int64_t day = 0;                      // DayNumber(record.published)
};

// Checkpoints of a database's write-ahead log on a thread and connection of its own
// (Corpus::CheckpointInBackground): PASSIVE ones, which copy committed pages into the database file
// beside a writer that goes on writing. Request() is thread-safe; the destructor stops the thread.
class BackgroundCheckpointer {
 public:
  static Result<std::unique_ptr<BackgroundCheckpointer>> Start(const std::string& path) {
    std::unique_ptr<BackgroundCheckpointer> c(new BackgroundCheckpointer);
    if (sqlite3_open_v2(path.c_str(), &c->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      return Status::IoError("cannot open " + path + " to checkpoint: " +
                             (c->db_ ? sqlite3_errmsg(c->db_) : "out of memory"));
    }
    sqlite3_busy_timeout(c->db_, 10000);
    // A connection that has read nothing has not opened the log yet, and its checkpoints then
    // copy nothing: read the schema once.
    KHABAR_RETURN_IF_ERROR(Exec(c->db_, "SELECT count(*) FROM sqlite_master"));
    c->thread_ = std::thread([raw = c.get()] { raw->Run(); });
    return c;
  }
  ~BackgroundCheckpointer() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
    sqlite3_close_v2(db_);
  }
  // Asks for a checkpoint (coalesced with one asked for and not started yet).
  void Request() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      requested_ = true;
    }
    cv_.notify_one();
  }
  // Checkpoints so far that copied pages (tests, --timings).
  int64_t runs() {
    std::lock_guard<std::mutex> lock(mu_);
    return runs_;
  }

 private:
  BackgroundCheckpointer() = default;
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [this] { return requested_ || stop_; });
      if (stop_) return;
      requested_ = false;
      lock.unlock();
      // A failure (busy: another checkpoint is running) is left to the next request, or to the
      // writer, which checkpoints itself when the log grows too long (OnWalCommit).
      int log = 0, copied = 0;
      const int rc =
          sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
      lock.lock();
      if (rc == SQLITE_OK && copied > 0) ++runs_;
    }
  }

  sqlite3* db_ = nullptr;  // used by the thread only (and closed after it stopped)
  std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false, stop_ = false;
  int64_t runs_ = 0;
  std::thread thread_;
};

// The band rows (docs/storage.md, "Stories") of the articles stored in the current batch: written
// by CommitBatch in key order, looked up by the batch's later articles beside the table's rows.
// Inserted one article at a time, each row was a random spot of the lsh_bands b-tree; sorted
// across the batch, neighbouring rows share their pages (as the batch's mentions do).
class PendingBands {
 public:
  void Add(int64_t key, int64_t article) {
    if ((rows_.size() + 1) * 2 > slots_.size()) Grow();
    Slot& slot = SlotOf(key);
    rows_.push_back({key, article, slot.head});
    slot.key = key;
    slot.head = static_cast<int32_t>(rows_.size());
  }
  // Appends the articles pending under `key`.
  void Find(int64_t key, std::vector<int64_t>* out) const {
    if (rows_.empty()) return;
    for (int32_t r = SlotOf(key).head; r != 0; r = rows_[r - 1].next) {
      if (rows_[r - 1].article >= 0) out->push_back(rows_[r - 1].article);
    }
  }
  // Forgets the row (key, article) if pending.
  void Remove(int64_t key, int64_t article) {
    if (rows_.empty()) return;
    for (int32_t r = SlotOf(key).head; r != 0; r = rows_[r - 1].next) {
      if (rows_[r - 1].article == article) rows_[r - 1].article = -1;
    }
  }
  // The rows in key order, each once.
  std::vector<std::pair<int64_t, int64_t>> Sorted() const {
    std::vector<std::pair<int64_t, int64_t>> out;
    out.reserve(rows_.size());
    for (const Row& row : rows_) {
      if (row.article >= 0) out.emplace_back(row.key, row.article);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  bool empty() const { return rows_.empty(); }
  void Clear() {
    if (rows_.empty()) return;
    rows_.clear();
    std::fill(slots_.begin(), slots_.end(), Slot{});  // the next batch needs about as many
  }

 private:
  struct Row {
    int64_t key, article;  // article -1: removed
    int32_t next;          // the previous row with the same key, + 1 (0: none)
  };
  struct Slot {
    int64_t key = 0;
    int32_t head = 0;  // the newest row with this key, + 1 (0: empty slot)
  };
  // Open addressing, linear probing; slots_ is a power of two, at most half full.
  Slot& SlotOf(int64_t key) { return slots_[SlotIndex(key)]; }
  const Slot& SlotOf(int64_t key) const { return slots_[SlotIndex(key)]; }
  size_t SlotIndex(int64_t key) const {
    const size_t mask = slots_.size() - 1;
    size_t i =
        static_cast<size_t>((static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
    while (slots_[i].head != 0 && slots_[i].key != key) i = (i + 1) & mask;
    return i;
  }
  void Grow() {
    slots_.assign(slots_.empty() ? 4096 : slots_.size() * 2, Slot{});
    for (size_t r = 0; r < rows_.size(); ++r) {  // the chains again, oldest row first
      Slot& slot = SlotOf(rows_[r].key);
      rows_[r].next = slot.head;
      slot.key = rows_[r].key;
      slot.head = static_cast<int32_t>(r + 1);
    }
  }

  std::vector<Row> rows_;
  std::vector<Slot> slots_;
};

struct Corpus::Impl {
  sqlite3* db = nullptr;
  bool read_only = false;
  int version = 0;
  Statement find_by_key, insert, update, next_rowid, index_text;
  Statement is_replaced, put_replaced, forget_replaced;  // replaced_versions (version 7)
  // The versions (article rowid, content id) replaced since this connection opened: one of them met
  // again is not stale but wins, as the later record of a run does (docs/storage.md, "Versions").
  std::set<std::pair<int64_t, std::string>> replaced_in_run;
  Statement get_signature, put_signature, band_members, all_band_members, put_band, put_band_rows,
      delete_band, put_duplicate, story_of, merge_story;
  PendingBands pending_bands;
  // sqlite3_total_changes64 once the batch's index settings are written (BeginBatch): CommitBatch
  // rolls back a batch that changed no row after them.
  int64_t changes_at_batch_start = -1;
  static constexpr int kBandRows = 64;  // band rows per put_band_rows statement
  // Writes pending_bands (in the caller's transaction).
  Status FlushBands();

  // Near-duplicate bookkeeping for the article at `rowid` (docs/storage.md, "Stories").
  // `old_record` is the record being replaced when readable (nullptr otherwise).
  // `signature`: the record's, when computed ahead (nullptr: computed here).
  // Near-duplicate bookkeeping (docs/storage.md, "Stories") in three steps around the write of the
  // article's row, so that the row is written once with its story: an UPDATE of the row afterwards
  // would fire the full-text trigger and index the article a second time.
  struct Duplicates {
    std::vector<std::pair<int64_t, dedupe::SimilarityEstimate>> pairs;  // (other rowid, similarity)
    int64_t story = 0;                      // the story the article joins (its own rowid if none)
    std::vector<int64_t> stories_to_merge;  // other stories it bridges, merged into `story`
  };
  // Replacing the text of `rowid`: forgets its bands, duplicate pairs and story membership.
  // `old_record` is the record being replaced when readable (nullptr otherwise).
  Status ForgetDuplicates(int64_t rowid, const ArticleRecord* old_record);
  Status FindDuplicates(int64_t rowid, const dedupe::Signature& signature, Duplicates* out);
  // After the row is written with story_id = out.story.
  Status StoreDuplicates(int64_t rowid, const dedupe::Signature& signature,
                         const Duplicates& found);
  std::unique_ptr<EntityIndex> entity_index;     // analytics.cc; writable corpora only
  std::unique_ptr<VocabularyWriter> vocabulary;  // writable corpora only
  // Ends a batch's FTS5 settings (BeginBatch), in its transaction.
  Status RestoreIndexSettings();
  // The pending totals of the entity index and the vocabulary, written before each COMMIT.
  Status FlushTotals() {
    Status s = FlushBands();
    if (s.ok()) s = entity_index->Flush();
    return s.ok() ? vocabulary->Flush() : s;
  }
  StatementCache search_statements;  // search.cc
  // SetDeadline: read by the progress handler on this connection's (single) thread.
  bool has_deadline = false;
  std::chrono::steady_clock::time_point deadline;
  static int OnProgress(void* self) {
    const Impl* impl = static_cast<const Impl*>(self);
    return impl->has_deadline && std::chrono::steady_clock::now() > impl->deadline ? 1 : 0;
  }
  // CheckpointInBackground: the thread, the log size (pages) at which a commit asks it for a
  // checkpoint, and the size at which the writer checkpoints itself (the thread cannot keep up, or
  // the log could not restart).
  std::unique_ptr<BackgroundCheckpointer> checkpointer;
  int64_t checkpoint_pages = 0;
  static constexpr int64_t kWriterCheckpointFactor = 8;
  static int OnWalCommit(void* self, sqlite3* db, const char*, int pages) {
    Impl* impl = static_cast<Impl*>(self);
    if (pages >= impl->checkpoint_pages * kWriterCheckpointFactor) {
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (pages >= impl->checkpoint_pages && impl->checkpointer != nullptr) {
      impl->checkpointer->Request();
    }
    return SQLITE_OK;
  }
  // What runs after each commit of this connection: the background checkpointer's hook, or
  // SQLite's automatic checkpoint (Open keeps its default).
  void InstallCommitHook() {
    if (checkpointer != nullptr) {
      sqlite3_wal_hook(db, &OnWalCommit, this);
    } else {
      sqlite3_wal_autocheckpoint(db, static_cast<int>(Corpus::kDefaultCheckpointPages));
    }
  }
  ~Impl() {
    checkpointer.reset();  // before the connection closes (its last checkpoint)
    sqlite3_close_v2(db);
  }
};

Corpus::Corpus(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Corpus::~Corpus() = default;
int Corpus::schema_version() const { return impl_->version; }
sqlite3* Corpus::db() const { return impl_->db; }

void Corpus::SetDeadline(std::chrono::steady_clock::time_point deadline) {
  impl_->deadline = deadline;
  impl_->has_deadline = true;
}
void Corpus::ClearDeadline() { impl_->has_deadline = false; }

Result<std::unique_ptr<Corpus>> Corpus::Open(const std::string& path, const OpenOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->read_only = options.read_only;
  // No global memory statistics: they take a process-wide mutex on every allocation, which the
  // server's threads contend on. Only possible before SQLite initializes (else a harmless MISUSE).
  static std::once_flag no_memstatus;
  std::call_once(no_memstatus, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  const int flags =
      options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &impl->db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    return Status::IoError("cannot open " + path + ": " +
                           (impl->db ? sqlite3_errmsg(impl->db) : "out of memory"));
  }
  sqlite3* db = impl->db;
  sqlite3_busy_timeout(db, 10000);
  sqlite3_progress_handler(db, 1000, &Impl::OnProgress, impl.get());
  KHABAR_RETURN_IF_ERROR(RegisterKhabarTokenizer(db));
  KHABAR_RETURN_IF_ERROR(RegisterFtsFunctions(db));
  KHABAR_RETURN_IF_ERROR(RegisterRecordFunctions(db));
  KHABAR_RETURN_IF_ERROR(RegisterEntityFunctions(db));
  KHABAR_RETURN_IF_ERROR(RegisterFilterFunctions(db));

  Result<int64_t> app_id = QueryInt(db, "PRAGMA application_id");
  if (!app_id.ok())
    return Status::Corrupt(path + " is not a khabar database (" + app_id.status().message() + ")");
  Result<int64_t> version = QueryInt(db, "PRAGMA user_version");
  Result<int64_t> tables = QueryInt(db, "SELECT count(*) FROM sqlite_master");
  if (!version.ok() || !tables.ok()) return Status::Corrupt(path + " is not a khabar database");
  if (*app_id != kApplicationId && (*app_id != 0 || *tables > 0)) {
    return Status::Corrupt(path + " is an SQLite database but not a khabar corpus");
  }
  if (*version > kSchemaVersion) {
    return Status::Unsupported(path + " has schema version " + std::to_string(*version) +
                               ", newer than this khabar understands (" +
                               std::to_string(kSchemaVersion) + "); upgrade khabar");
  }
  // Version 6 only changed how new records are compressed, version 7 added a table only the
  // writer reads, version 8 the records' title mentions: a version 5, 6 or 7 database reads as it
  // is.
  const bool readable_as_is = options.read_only && *version >= 5;
  if (*version < kSchemaVersion && !readable_as_is) {
    if (options.read_only) {
      return Status::Unsupported(path + " has schema version " + std::to_string(*version) +
                                 "; open it once for writing (khabar ingest) to upgrade it to " +
                                 std::to_string(kSchemaVersion));
    }
    // Free pages (left by index merges and updates) go back to the file system on Optimize().
    // 16 KiB pages: a compressed record (2-3 KB for a 400-word article) leaves most of a 4 KiB
    // page empty, one row per page; 16 KiB pages pack them (docs/storage.md, "Size").
    if (*tables == 0) {
      KHABAR_RETURN_IF_ERROR(Exec(db, "PRAGMA page_size=16384; PRAGMA auto_vacuum=INCREMENTAL"));
    }
    KHABAR_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    if (options.on_upgrade && *tables > 0 && *version < 5) {  // MigrateData re-indexes
      Result<int64_t> articles = QueryInt(db, "SELECT count(*) FROM articles");
      options.on_upgrade(static_cast<int>(*version), articles.ok() ? *articles : 0);
    }
    for (int64_t v = *version; v < kSchemaVersion; ++v) {
      Status s = Exec(db, kMigrations[v].sql[0]);
      if (s.ok() && kMigrations[v].sql[1] != nullptr) s = Exec(db, kMigrations[v].sql[1]);
      if (!s.ok()) {
        Exec(db, "ROLLBACK");
        return Status(s.code(), "schema migration to version " + std::to_string(v + 1) +
                                    " failed: " + s.message());
      }
    }
    Status data = MigrateData(db, *version);
    if (!data.ok()) {
      Exec(db, "ROLLBACK");
      return Status(data.code(), "schema migration to version " + std::to_string(kSchemaVersion) +
                                     " failed: " + data.message());
    }
    const std::string pragmas = "PRAGMA application_id=" + std::to_string(kApplicationId) +
                                "; PRAGMA user_version=" + std::to_string(kSchemaVersion) + ";";
    KHABAR_RETURN_IF_ERROR(Exec(db, pragmas.c_str()));
    KHABAR_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  }
  impl->version = readable_as_is ? static_cast<int>(*version) : kSchemaVersion;
  // Reads through a memory map (no copy of every page into a private cache; shared by all the
  // server's connections) and a larger page cache for the index b-trees.
  KHABAR_RETURN_IF_ERROR(Exec(db, "PRAGMA mmap_size=2147418112; PRAGMA cache_size=-32768;"));
  if (!options.read_only) {
    // WAL + NORMAL: a killed process never corrupts the file or loses a committed batch.
    KHABAR_RETURN_IF_ERROR(
        Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"));
    KHABAR_RETURN_IF_ERROR(impl->find_by_key.Prepare(
        db, "SELECT rowid, content_id, record FROM articles WHERE doc_key = ?1"));
    KHABAR_RETURN_IF_ERROR(impl->insert.Prepare(
        db,
        "INSERT INTO articles(doc_key, content_id, title, published, site, record, ingested_at,"
        " rowid, story_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, unixepoch(), ?7, ?8)"));
    KHABAR_RETURN_IF_ERROR(impl->update.Prepare(
        db,
        "UPDATE articles SET content_id = ?2, title = ?3, published = ?4, site = ?5, record = ?6,"
        " ingested_at = unixepoch(), story_id = ?8 WHERE rowid = ?1"));
    KHABAR_RETURN_IF_ERROR(
        impl->next_rowid.Prepare(db, "SELECT coalesce(max(rowid), 0) + 1 FROM articles"));
    // New articles are indexed by Put itself, not by a trigger (docs/storage.md, "Ingest").
    KHABAR_RETURN_IF_ERROR(impl->index_text.Prepare(
        db, "INSERT INTO articles_fts(rowid, title, body, filters) VALUES (?1, ?2, ?3, ?4)"));
    const std::pair<Statement*, const char*> statements[] = {
        {&impl->get_signature, "SELECT signature FROM signatures WHERE article_rowid = ?1"},
        {&impl->put_signature, "INSERT OR REPLACE INTO signatures VALUES (?1, ?2)"},
        {&impl->band_members,
         "SELECT band_key, article_rowid FROM lsh_bands WHERE band_key = ?1 LIMIT 128"},
        {&impl->put_band, "INSERT OR IGNORE INTO lsh_bands VALUES (?1, ?2)"},
        {&impl->delete_band, "DELETE FROM lsh_bands WHERE band_key = ?1 AND article_rowid = ?2"},
        {&impl->put_duplicate, "INSERT OR REPLACE INTO duplicates VALUES (?1, ?2, ?3, ?4)"},
        {&impl->story_of, "SELECT story_id FROM articles WHERE rowid = ?1"},
        {&impl->merge_story, "UPDATE articles SET story_id = ?2 WHERE story_id = ?1"},
        {&impl->is_replaced,
         "SELECT 1 FROM replaced_versions WHERE article = ?1 AND content_id = ?2"},
        {&impl->put_replaced, "INSERT OR IGNORE INTO replaced_versions VALUES (?1, ?2)"},
        {&impl->forget_replaced,
         "DELETE FROM replaced_versions WHERE article = ?1 AND content_id = ?2"},
    };
    for (const auto& [statement, sql] : statements)
      KHABAR_RETURN_IF_ERROR(statement->Prepare(db, sql));
    // The batch's band rows, kBandRows per statement (CommitBatch).
    const int bands = dedupe::kStoredBands;
    KHABAR_RETURN_IF_ERROR(impl->put_band_rows.Prepare(
        db, MultiRowInsertSql("INSERT OR IGNORE INTO lsh_bands VALUES ", Impl::kBandRows, 2)));
    // The members of all the stored bands of an article, each band's first 128 as band_members
    // gives them, in one statement (one statement per band cost as much as its lookup).
    std::string all_members;
    for (int i = 1; i <= bands; ++i) {
      all_members +=
          std::string(i > 1 ? " UNION ALL " : "") +
          "SELECT * FROM (SELECT band_key, article_rowid FROM lsh_bands WHERE band_key = ?" +
          std::to_string(i) + " LIMIT 128)";
    }
    KHABAR_RETURN_IF_ERROR(impl->all_band_members.Prepare(db, all_members));
    Result<std::unique_ptr<EntityIndex>> entity_index = EntityIndex::Create(db);
    if (!entity_index.ok()) return entity_index.status();
    impl->entity_index = std::move(*entity_index);
    Result<std::unique_ptr<VocabularyWriter>> vocabulary = VocabularyWriter::Create(db);
    if (!vocabulary.ok()) return vocabulary.status();
    impl->vocabulary = std::move(*vocabulary);
  }
  return std::unique_ptr<Corpus>(new Corpus(std::move(impl)));
}

Status Corpus::CheckpointInBackground(int64_t pages) {
  if (impl_->read_only) return Status::InvalidArgument("corpus opened read-only");
  if (pages <= 0) {
    if (impl_->checkpointer == nullptr) return Status::Ok();
    // SQLite's own checkpoints again, then the thread stops (after its checkpoint in progress).
    std::unique_ptr<BackgroundCheckpointer> stopping = std::move(impl_->checkpointer);
    impl_->InstallCommitHook();
    stopping.reset();
    return Status::Ok();
  }
  if (impl_->checkpointer == nullptr) {
    const char* path = sqlite3_db_filename(impl_->db, "main");
    if (path == nullptr || *path == '\0') {
      return Status::InvalidArgument("an in-memory or temporary corpus has no log to checkpoint");
    }
    Result<std::unique_ptr<BackgroundCheckpointer>> started = BackgroundCheckpointer::Start(path);
    if (!started.ok()) return started.status();
    impl_->checkpointer = std::move(*started);
  }
  impl_->checkpoint_pages = pages;
  impl_->InstallCommitHook();  // replaces SQLite's automatic checkpoint
  return Status::Ok();
}

int64_t Corpus::BackgroundCheckpoints() const {
  return impl_->checkpointer != nullptr ? impl_->checkpointer->runs() : 0;
}

Status Corpus::BeginBatch() {
  KHABAR_RETURN_IF_ERROR(Exec(impl_->db, "BEGIN IMMEDIATE"));
  if (impl_->read_only) return Status::Ok();
  // Inside a batch, FTS5 neither merges the full-text index's segments incrementally nor writes
  // its pending terms before 16 MiB: its automerge rewrote each batch's new segments again and
  // again, and a flush every 1 MiB (its default) made several segments per batch, work that the
  // merge at the end of the run (Optimize, OptimizeIfFragmented) does once. Set for the batch's
  // transaction only: CommitBatch restores FTS5's defaults before COMMIT, so that no committed
  // state, and no process killed mid-batch, keeps them (docs/storage.md, "Ingest", "Merging once").
  // FTS5's crisis merge (16 segments on a level) still bounds the number of segments.
  Status s = Exec(impl_->db,
                  "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 0);"
                  "INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 16777216)");
  if (!s.ok()) {
    Exec(impl_->db, "ROLLBACK");
    return s;
  }
  impl_->changes_at_batch_start = sqlite3_total_changes64(impl_->db);
  return s;
}

Status Corpus::Impl::RestoreIndexSettings() {
  // The index's pending terms go to disk first (FTS5 writes them at a savepoint), while automerge
  // is still off: at COMMIT there is then nothing left to write, so nothing to merge. FTS5's
  // defaults back by its command (which tells every connection), then the configuration rows are
  // removed so that the table holds what it held before (a default is no row).
  return Exec(db,
              "SAVEPOINT khabar_batch; RELEASE khabar_batch;"
              "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 4);"
              "INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 1048576);"
              "DELETE FROM articles_fts_config WHERE k IN ('automerge', 'hashsize')");
}

Status Corpus::CommitBatch() {
  // The entity totals and vocabulary accumulated over the batch, in the same transaction.
  const bool writable = impl_->entity_index != nullptr;
  Status flushed = writable ? impl_->FlushTotals() : Status::Ok();
  // A batch that stored nothing (every article unchanged: a re-run of the same inputs) is rolled
  // back: committing it wrote its index settings and their restoration, which changed the file
  // and PRAGMA data_version (so `khabar serve` dropped its caches) though no answer changed.
  const bool stored_nothing =
      writable && sqlite3_total_changes64(impl_->db) == impl_->changes_at_batch_start;
  if (flushed.ok() && writable && !stored_nothing) flushed = impl_->RestoreIndexSettings();
  if (flushed.ok()) flushed = Exec(impl_->db, stored_nothing ? "ROLLBACK" : "COMMIT");
  if (!flushed.ok()) {
    if (writable) {
      impl_->entity_index->DropCache();  // entity rows it inserted may be rolled back
      impl_->vocabulary->Drop();
      impl_->pending_bands.Clear();
    }
    return flushed;
  }
  // A cached statement left on a row keeps a read transaction open after COMMIT, and the WAL can
  // then never be checkpointed (it grew to gigabytes): reset every one still running.
  for (sqlite3_stmt* s = sqlite3_next_stmt(impl_->db, nullptr); s != nullptr;
       s = sqlite3_next_stmt(impl_->db, s)) {
    if (sqlite3_stmt_busy(s)) sqlite3_reset(s);
  }
  return Status::Ok();
}

std::shared_ptr<const PreparedArticle> Corpus::Prepare(const ArticleRecord& record) {
  auto prepared = std::make_shared<PreparedArticle>();
  prepared->doc_key = DocKey(record.source);
  prepared->content_id = record.id;
  prepared->packed = PackRecord(record, &prepared->body);
  // The signature's text is the body (the title when there is none): its analysis for the index
  // also makes the shingles (one analysis instead of two).
  const dedupe::MinHasher& hasher = dedupe::MinHasher::Default();
  const std::string signed_text = dedupe::ArticleText(record);
  const bool body_signed = signed_text == prepared->body;
  const bool title_signed = !body_signed && signed_text == record.title;
  dedupe::ShingleBuilder shingles(hasher);
  prepared->title = Pretokenize(record.title, title_signed ? &shingles : nullptr);
  prepared->body_tokens = Pretokenize(prepared->body, body_signed ? &shingles : nullptr);
  prepared->terms = DistinctTermSet({&prepared->title, &prepared->body_tokens});
  const std::vector<std::string> filter_terms = FilterTerms(record.source.site, record.published);
  prepared->filters = FilterText(filter_terms);
  // Filter terms never equal a word's term (filter_terms.h): appended, each once.
  for (const std::string& term : filter_terms) prepared->terms.Append(term, TermHash(term));
  prepared->signature = body_signed || title_signed ? hasher.SignShingles(shingles.Finish())
                                                    : hasher.Sign(signed_text);
  prepared->entities = GroupEntities(record);
  prepared->day = DayNumber(record.published);
  return prepared;
}

Result<PutOutcome> Corpus::Put(const ArticleRecord& record) { return Put(record, nullptr); }

Result<PutOutcome> Corpus::Put(const ArticleRecord& record, const PreparedArticle* prepared) {
  if (impl_->read_only) return Status::InvalidArgument("corpus opened read-only");
  sqlite3* db = impl_->db;
  const std::string key = DocKey(record.source);
  if (key.empty()) return Status::InvalidArgument("record has no source path or url");
  if (prepared != nullptr && (prepared->doc_key != key || prepared->content_id != record.id)) {
    prepared = nullptr;  // made for another record
  }

  // The entities, grouped (prepared on a worker when there is a PreparedArticle).
  std::vector<ArticleEntity> grouped;
  const std::vector<ArticleEntity>& entities =
      prepared != nullptr ? prepared->entities : (grouped = GroupEntities(record));
  const int64_t day = prepared != nullptr ? prepared->day : DayNumber(record.published);
  // Outside a batch, every Put is its own transaction: write the entity totals and vocabulary now.
  struct FlushUnlessBatch {
    Impl* impl;
    ~FlushUnlessBatch() {
      if (sqlite3_get_autocommit(impl->db)) impl->FlushTotals();
    }
  } flush_unless_batch{impl_.get()};

  Statement& find = impl_->find_by_key;
  find.Reset();
  find.BindText(1, key);
  int64_t rowid = 0;
  std::optional<ArticleRecord> old_record;  // the text being replaced, to forget its bands
  std::string replaced_id;                  // its content id
  bool revived = false;                     // the record's content id was replaced in this run
  const int rc = find.Step();
  if (rc == SQLITE_ROW) {
    rowid = find.ColumnInt(0);
    if (find.ColumnText(1) == record.id) {
      // A statement left on a row holds a read snapshot, and the WAL can then never be
      // checkpointed: reset before anything else.
      find.Reset();
      // Stored before its entities were found (schema version 1, --no-entities): add them now.
      Result<bool> added = impl_->entity_index->Backfill(rowid, record, entities);
      if (!added.ok()) return added.status();
      return *added ? PutOutcome::kUpdated : PutOutcome::kUnchanged;
    }
    // A version this article had before the stored one replaced it in an earlier run: stale,
    // nothing to write (looked up only here, when the content id differs: new and unchanged
    // articles pay nothing). Replaced in this run, it wins again: the later record of a run wins.
    Statement& replaced = impl_->is_replaced;
    replaced.Reset();
    replaced.BindInt(1, rowid);
    replaced.BindText(2, record.id);
    const int known = replaced.Step();
    replaced.Reset();
    if (known == SQLITE_ROW) {
      if (!impl_->replaced_in_run.contains({rowid, record.id})) {
        find.Reset();
        return PutOutcome::kStale;
      }
      revived = true;
    } else if (known != SQLITE_DONE) {
      return SqliteError(db, "looking up the versions of " + key);
    }
    replaced_id = find.ColumnText(1);
    Result<ArticleRecord> old = UnpackRecord(find.ColumnBlob(2));
    if (old.ok()) old_record = *std::move(old);
  } else if (rc != SQLITE_DONE) {
    return SqliteError(db, "looking up " + key);
  }
  find.Reset();

  // Without a PreparedArticle (Put outside ingest), the same preparation here, on the writer.
  std::shared_ptr<const PreparedArticle> prepared_here;
  if (prepared == nullptr) {
    prepared_here = Prepare(record);
    prepared = prepared_here.get();
  }

  // The row is written once, with its story: find the near-duplicates first.
  const bool replacing = rowid != 0;
  if (!replacing) {
    impl_->next_rowid.Reset();
    if (impl_->next_rowid.Step() != SQLITE_ROW) return SqliteError(db, "numbering " + key);
    rowid = impl_->next_rowid.ColumnInt(0);
    impl_->next_rowid.Reset();  // a statement left on a row holds a read snapshot (no checkpoint)
  }
  const dedupe::Signature& signature = prepared->signature;
  if (replacing) {
    KHABAR_RETURN_IF_ERROR(impl_->ForgetDuplicates(rowid, old_record ? &*old_record : nullptr));
  }
  Impl::Duplicates duplicates;
  KHABAR_RETURN_IF_ERROR(impl_->FindDuplicates(rowid, signature, &duplicates));

  Statement& write = replacing ? impl_->update : impl_->insert;
  write.Reset();
  if (replacing) {
    write.BindInt(1, rowid);
  } else {
    write.BindText(1, key);
    write.BindInt(7, rowid);
  }
  write.BindInt(8, duplicates.story);
  write.BindText(2, record.id);
  write.BindText(3, record.title);
  write.BindText(4, record.published);
  write.BindText(5, record.source.site);
  const std::string& packed = prepared->packed;
  // The record and the body (below) are bound without a copy: they outlive the statements' steps,
  // and every parameter is bound again before the next step.
  sqlite3_bind_blob(write.get(), 6, packed.data(), static_cast<int>(packed.size()), SQLITE_STATIC);
  {
    // An update's trigger re-indexes the text: it gets the new body without inflating the record
    // just compressed.
    const std::string& body = prepared->body;
    ScopedPretokenized pretokenized(&prepared->title, &prepared->body_tokens);
    KnownBody known(packed, &body);
    if (write.Step() != SQLITE_DONE) return SqliteError(db, "storing " + key);
    if (!replacing) {
      // A new article is added to the index here rather than by a trigger: a trigger makes the
      // INSERT a statement transaction, and FTS5 writes its pending terms to disk at every
      // statement savepoint, one small segment per article (and merges them again and again).
      // A plain INSERT keeps them in memory for the whole batch.
      Statement& index = impl_->index_text;
      index.Reset();
      index.BindInt(1, rowid);
      index.BindText(2, record.title);
      sqlite3_bind_text(index.get(), 3, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
      index.BindText(4, prepared->filters);
      const int rc = index.Step();
      index.Reset();
      if (rc != SQLITE_DONE) return SqliteError(db, "indexing " + key);
    }
  }
  if (replacing) {
    // The version just replaced is stale for later runs; the table never lists the stored one.
    if (revived) {
      Statement& forget = impl_->forget_replaced;
      forget.Reset();
      forget.BindInt(1, rowid);
      forget.BindText(2, record.id);
      if (forget.Step() != SQLITE_DONE) return SqliteError(db, "forgetting a version of " + key);
    }
    Statement& remember = impl_->put_replaced;
    remember.Reset();
    remember.BindInt(1, rowid);
    remember.BindText(2, replaced_id);
    if (remember.Step() != SQLITE_DONE)
      return SqliteError(db, "remembering the versions of " + key);
    impl_->replaced_in_run.emplace(rowid, std::move(replaced_id));
  }
  impl_->vocabulary->Add(prepared->terms);
  KHABAR_RETURN_IF_ERROR(impl_->StoreDuplicates(rowid, signature, duplicates));
  KHABAR_RETURN_IF_ERROR(impl_->entity_index->Index(rowid, day, entities));  // analytics.cc
  return replacing ? PutOutcome::kUpdated : PutOutcome::kInserted;
}

namespace {
// Band keys are stored truncated to 32 bits, signed (4 bytes in a record: unsigned values above
// 2^31 took 6): half the index size, and the rare extra candidate is rejected by the signature
// comparison anyway.
int64_t StoredBandKey(uint64_t key) { return static_cast<int32_t>(static_cast<uint32_t>(key)); }
// The band keys the corpus stores and looks up: the first dedupe::kStoredBands (docs/dedupe.md,
// section 8). Databases written before version 4 hold all 64; the others are never looked up.
std::vector<uint64_t> StoredBands(const dedupe::Signature& signature) {
  std::vector<uint64_t> keys = dedupe::BandKeys(signature);
  if (keys.size() > static_cast<size_t>(dedupe::kStoredBands)) keys.resize(dedupe::kStoredBands);
  return keys;
}
}  // namespace

Status Corpus::Impl::ForgetDuplicates(int64_t rowid, const ArticleRecord* old_record) {
  auto stored_key = StoredBandKey;
  {
    // Forget the old text: its bands, its duplicate pairs, and its story membership.
    if (old_record != nullptr) {
      const dedupe::Signature old =
          dedupe::MinHasher::Default().Sign(dedupe::ArticleText(*old_record));
      // All the bands: a database written before version 4 stored 64 per article.
      for (uint64_t key : dedupe::BandKeys(old)) {
        delete_band.Reset();
        delete_band.BindInt(1, stored_key(key));
        delete_band.BindInt(2, rowid);
        if (delete_band.Step() != SQLITE_DONE) return SqliteError(db, "removing bands");
        pending_bands.Remove(stored_key(key), rowid);  // stored earlier in this batch
      }
    }
    Statement forget;
    KHABAR_RETURN_IF_ERROR(
        forget.Prepare(db, "DELETE FROM duplicates WHERE article_rowid = ?1 OR other_rowid = ?1"));
    forget.BindInt(1, rowid);
    if (forget.Step() != SQLITE_DONE) return SqliteError(db, "removing duplicate pairs");
    // The changed article leaves its story; the others keep theirs under their oldest member.
    Statement relabel;
    KHABAR_RETURN_IF_ERROR(relabel.Prepare(
        db,
        "UPDATE articles SET story_id = (SELECT min(rowid) FROM articles"
        " WHERE story_id = ?1 AND rowid != ?1) WHERE story_id = ?1 AND rowid != ?1"));
    relabel.BindInt(1, rowid);
    if (relabel.Step() != SQLITE_DONE) return SqliteError(db, "leaving story");
  }
  return Status::Ok();
}

Status Corpus::Impl::FindDuplicates(int64_t rowid, const dedupe::Signature& signature,
                                    Duplicates* out) {
  auto stored_key = StoredBandKey;
  const dedupe::Signature compact = dedupe::Compact(signature);
  // Candidates: earlier articles sharing a band key; verified on their signatures.
  const std::vector<uint64_t> keys = StoredBands(signature);
  std::vector<int64_t> candidates;
  // Each band's members: the first 128 stored (in rowid order) as the table gives them, with the
  // batch's pending rows (PendingBands) taken as if they were stored.
  std::vector<std::pair<int64_t, int64_t>> stored;  // (band key, article), each band's in order
  const auto add_members = [&](int64_t key) {
    const auto first = std::lower_bound(stored.begin(), stored.end(), std::pair{key, INT64_MIN});
    size_t begin = candidates.size();
    for (auto it = first; it != stored.end() && it->first == key; ++it) {
      // A key looked up twice (two bands with the same stored key) gives its rows twice.
      if (it != first && it->second <= (it - 1)->second) break;
      candidates.push_back(it->second);
    }
    const size_t from_table = candidates.size() - begin;
    pending_bands.Find(key, &candidates);
    if (candidates.size() - begin > from_table) {
      constexpr size_t kMembers = 128;  // as the LIMIT of the table's lookups
      std::sort(candidates.begin() + static_cast<std::ptrdiff_t>(begin), candidates.end());
      if (candidates.size() - begin > kMembers) candidates.resize(begin + kMembers);
    }
    candidates.erase(std::remove(candidates.begin() + static_cast<std::ptrdiff_t>(begin),
                                 candidates.end(), rowid),
                     candidates.end());
  };
  std::vector<int64_t> sorted_keys;
  for (uint64_t key : keys) sorted_keys.push_back(stored_key(key));
  if (keys.size() == static_cast<size_t>(dedupe::kStoredBands)) {
    // In key order: each lookup then starts near the previous one in the b-tree (10% faster).
    std::sort(sorted_keys.begin(), sorted_keys.end());
    all_band_members.Reset();
    for (size_t i = 0; i < sorted_keys.size(); ++i) {
      all_band_members.BindInt(static_cast<int>(i) + 1, sorted_keys[i]);
    }
    int rc;
    while ((rc = all_band_members.Step()) == SQLITE_ROW) {
      stored.emplace_back(all_band_members.ColumnInt(0), all_band_members.ColumnInt(1));
    }
    all_band_members.Reset();  // a statement left on a row holds a read snapshot
    if (rc != SQLITE_DONE) return SqliteError(db, "looking up near-duplicates");
  } else {
    for (int64_t key : sorted_keys) {
      band_members.Reset();
      band_members.BindInt(1, key);
      while (band_members.Step() == SQLITE_ROW) {
        stored.emplace_back(band_members.ColumnInt(0), band_members.ColumnInt(1));
      }
      band_members.Reset();
    }
    std::stable_sort(stored.begin(), stored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  for (int64_t key : sorted_keys) add_members(key);
  // Verify the candidates sharing the most bands first, and at most kMaxVerified of them: a true
  // duplicate (Jaccard >= 0.5) shares about a quarter of the bands, while formulaic texts (weather
  // bulletins, price lists) can share a band or two with thousands of articles.
  constexpr size_t kMaxVerified = 64;
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::pair<int, int64_t>> by_hits;  // (-shared bands, rowid)
  for (size_t i = 0; i < candidates.size();) {
    size_t j = i;
    while (j < candidates.size() && candidates[j] == candidates[i]) ++j;
    by_hits.emplace_back(-static_cast<int>(j - i), candidates[i]);
    i = j;
  }
  if (by_hits.size() > kMaxVerified) {
    std::partial_sort(by_hits.begin(), by_hits.begin() + kMaxVerified, by_hits.end());
    by_hits.resize(kMaxVerified);
  }
  candidates.clear();
  for (const auto& [hits, id] : by_hits) candidates.push_back(id);

  int64_t story = rowid;
  std::vector<int64_t>& stories_to_merge = out->stories_to_merge;
  for (int64_t other : candidates) {
    get_signature.Reset();
    get_signature.BindInt(1, other);
    if (get_signature.Step() != SQLITE_ROW) continue;
    Result<dedupe::Signature> theirs =
        dedupe::DeserializeCompactSignature(get_signature.ColumnBlob(0));
    get_signature.Reset();
    if (!theirs.ok()) continue;
    const dedupe::SimilarityEstimate sim = dedupe::Similarity(compact, *theirs);
    if (!dedupe::IsDuplicate(sim)) continue;
    out->pairs.emplace_back(other, sim);
    story_of.Reset();
    story_of.BindInt(1, other);
    if (story_of.Step() == SQLITE_ROW) stories_to_merge.push_back(story_of.ColumnInt(0));
    story_of.Reset();
  }
  // The story keeps the smallest label of those it joins (the oldest); joined stories merge into
  // it.
  for (int64_t s : stories_to_merge) story = std::min(story, s);
  out->story = story;
  return Status::Ok();
}

Status Corpus::Impl::StoreDuplicates(int64_t rowid, const dedupe::Signature& signature,
                                     const Duplicates& found) {
  put_signature.Reset();
  put_signature.BindInt(1, rowid);
  put_signature.BindBlob(2, dedupe::SerializeCompactSignature(signature));
  if (put_signature.Step() != SQLITE_DONE) return SqliteError(db, "storing signature");
  for (const auto& [other, sim] : found.pairs) {
    for (auto [a, b] : {std::pair{rowid, other}, std::pair{other, rowid}}) {
      put_duplicate.Reset();
      put_duplicate.BindInt(1, a);
      put_duplicate.BindInt(2, b);
      sqlite3_bind_double(put_duplicate.get(), 3, sim.jaccard);
      sqlite3_bind_double(put_duplicate.get(), 4, sim.containment);
      if (put_duplicate.Step() != SQLITE_DONE) return SqliteError(db, "storing duplicate pair");
    }
  }
  // Stories bridged by this article merge into the oldest (rare: their members are re-indexed by
  // the update trigger).
  const int64_t story = found.story;
  for (int64_t s : found.stories_to_merge) {
    if (s == story) continue;
    merge_story.Reset();
    merge_story.BindInt(1, s);
    merge_story.BindInt(2, story);
    if (merge_story.Step() != SQLITE_DONE) return SqliteError(db, "merging stories");
  }
  // The bands wait for CommitBatch (FlushBands), which writes the batch's in key order.
  for (uint64_t key : StoredBands(signature)) pending_bands.Add(StoredBandKey(key), rowid);
  return Status::Ok();
}

Status Corpus::Impl::FlushBands() {
  if (pending_bands.empty()) return Status::Ok();
  const std::vector<std::pair<int64_t, int64_t>> rows = pending_bands.Sorted();
  pending_bands.Clear();
  return InsertRows(
      db, put_band_rows, kBandRows, put_band, 2, rows.size(),
      [&](Statement& st, int p, size_t i) {
        st.BindInt(p, rows[i].first);
        st.BindInt(p + 1, rows[i].second);
      },
      "storing bands");
}

Result<SearchResults> Corpus::Search(const SearchQuery& query) const {
  if (impl_->has_deadline && std::chrono::steady_clock::now() > impl_->deadline) {
    return Status::DeadlineExceeded("search: the time limit had passed before it started");
  }
  // Entities and no words: the articles mentioning them, newest first (analytics.cc).
  if (!query.entities.empty() && query.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return SearchByEntities(impl_->db, query);
  }
  return RunSearch(impl_->db, &impl_->search_statements, query);  // search.cc
}

Status Corpus::WarmUp(size_t searches) const {
  // Words of the newest titles: what users of a news corpus search, spread over the corpus.
  Statement titles;
  KHABAR_RETURN_IF_ERROR(
      titles.Prepare(impl_->db, "SELECT title FROM articles ORDER BY rowid DESC LIMIT 400"));
  const text::Analyzer& analyzer = text::Analyzer::Default();
  std::vector<std::string> words;
  std::unordered_set<std::string> seen;
  int rc = SQLITE_DONE;
  while (words.size() < searches && (rc = titles.Step()) == SQLITE_ROW) {
    const std::string title = titles.ColumnText(0);
    for (const text::Token& token : text::Tokenize(title)) {
      // Arabic words of three letters or more, not stopwords; a word token holds no query syntax.
      if (token.kind != text::TokenKind::kWord || token.char_end - token.char_begin < 3 ||
          analyzer.IsStopword(text::MatchKey(token.surface))) {
        continue;
      }
      if (seen.insert(std::string(token.surface)).second) words.emplace_back(token.surface);
      if (words.size() == searches) break;
    }
  }
  if (words.size() < searches && rc != SQLITE_DONE) {
    return SqliteError(impl_->db, "reading titles to warm up");
  }
  for (const std::string& word : words) {
    SearchQuery query;
    query.text = word;
    query.limit = 20;
    (void)Search(query);
  }
  return Status::Ok();
}

Result<std::vector<StoryInfo>> Corpus::Stories(size_t limit, size_t min_size) const {
  if (limit == 0 || limit > 10000)
    return Status::InvalidArgument("limit must be between 1 and 10000");
  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT story_id, count(*) AS n, min(nullif(published, '')), max(nullif(published, ''))"
      " FROM articles GROUP BY story_id HAVING n >= ?1 ORDER BY n DESC, story_id LIMIT ?2"));
  st.BindInt(1, static_cast<int64_t>(std::max<size_t>(min_size, 1)));
  st.BindInt(2, static_cast<int64_t>(limit));
  Statement members;
  KHABAR_RETURN_IF_ERROR(
      members.Prepare(impl_->db,
                      "SELECT content_id, title, site, published FROM articles WHERE story_id = ?1"
                      " ORDER BY published = '', published, rowid"));
  std::vector<StoryInfo> stories;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    StoryInfo story;
    story.size = static_cast<size_t>(st.ColumnInt(1));
    story.first_published = st.ColumnText(2);
    story.last_published = st.ColumnText(3);
    members.Reset();
    members.BindInt(1, st.ColumnInt(0));
    while (members.Step() == SQLITE_ROW) {
      if (story.representative_id.empty()) {
        story.representative_id = members.ColumnText(0);
        story.title = members.ColumnText(1);
      }
      story.article_ids.push_back(members.ColumnText(0));
      const std::string site = members.ColumnText(2);
      if (!site.empty() &&
          std::find(story.outlets.begin(), story.outlets.end(), site) == story.outlets.end()) {
        story.outlets.push_back(site);
      }
    }
    stories.push_back(std::move(story));
  }
  if (rc != SQLITE_DONE) return SqliteError(impl_->db, "listing stories");
  return stories;
}

Result<std::vector<DuplicateInfo>> Corpus::Duplicates(std::string_view id) const {
  Statement st;
  KHABAR_RETURN_IF_ERROR(
      st.Prepare(impl_->db,
                 "SELECT o.content_id, o.title, o.site, o.published, d.jaccard, d.containment"
                 " FROM articles a JOIN duplicates d ON d.article_rowid = a.rowid"
                 " JOIN articles o ON o.rowid = d.other_rowid WHERE a.content_id = ?1"
                 " ORDER BY max(d.jaccard, d.containment) DESC, o.rowid"));
  st.BindText(1, id);
  std::vector<DuplicateInfo> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    out.push_back({st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3),
                   st.ColumnDouble(4), st.ColumnDouble(5)});
  }
  if (rc != SQLITE_DONE) return SqliteError(impl_->db, "listing duplicates");
  if (out.empty()) {
    Statement exists;
    KHABAR_RETURN_IF_ERROR(
        exists.Prepare(impl_->db, "SELECT 1 FROM articles WHERE content_id = ?1"));
    exists.BindText(1, id);
    if (exists.Step() != SQLITE_ROW)
      return Status::NotFound("no article with id " + std::string(id));
  }
  return out;
}

Result<ArticleRecord> Corpus::Get(std::string_view id) const {
  Statement st;
  KHABAR_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "SELECT record FROM articles WHERE content_id = ?1 LIMIT 1"));
  st.BindText(1, id);
  const int rc = st.Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no article with id " + std::string(id));
  if (rc != SQLITE_ROW) return SqliteError(impl_->db, "reading article");
  return UnpackRecord(st.ColumnBlob(0));
}

Status Corpus::Optimize() {
  KHABAR_RETURN_IF_ERROR(MergeIndex());
  return Exec(impl_->db, "PRAGMA incremental_vacuum");
}

namespace {
// Leaf pages of each segment of the full-text index, from the segments' page directory
// (articles_fts_idx: a row per leaf that starts a term, its page number shifted left by one):
// the leaves of a segment are numbered consecutively, from where a merge left the numbering, and
// a segment whose first leaves a merge in progress has consumed counts from its first one left.
Result<std::vector<int64_t>> SegmentPages(sqlite3* db) {
  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(
      db, "SELECT (max(pgno) >> 1) - (min(pgno) >> 1) + 1 FROM articles_fts_idx GROUP BY segid"));
  std::vector<int64_t> pages;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) pages.push_back(st.ColumnInt(0));
  if (rc != SQLITE_DONE) return SqliteError(db, "reading the index's segments");
  return pages;
}
}  // namespace

Status Corpus::OptimizeIfFragmented(double min_share, bool* merged) {
  if (impl_->read_only) return Status::InvalidArgument("corpus opened read-only");
  Result<std::vector<int64_t>> pages = SegmentPages(impl_->db);
  if (!pages.ok()) return pages.status();
  int64_t total = 0, largest = 0;
  for (int64_t p : *pages) {
    total += p;
    largest = std::max(largest, p);
  }
  const int64_t small = total - largest;  // the pages of the segments beside the largest
  const bool merge = small > 0 && static_cast<double>(small) >= min_share * total;
  if (merged != nullptr) *merged = merge;
  if (merge) return Optimize();
  if (small > 0) {
    // FTS5's incremental merging (automerge, at each commit) leaves merges of small segments
    // half done at the end of a run; finish them, and merge any level holding 4 segments, writing
    // at most as many pages as the small segments hold. Fewer segments, faster searches: 7 -> 3
    // after 10,000 articles into 100,000, in 0.15 s.
    const std::string sql = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('merge', " +
                            std::to_string(small) + ")";
    KHABAR_RETURN_IF_ERROR(Exec(impl_->db, sql.c_str()));
  }
  return Exec(impl_->db, "PRAGMA incremental_vacuum");
}

Status Corpus::MergeIndex() {
  if (impl_->read_only) return Status::InvalidArgument("corpus opened read-only");
  // Its commit checkpoints the log as any other (tried: none here, leaving one checkpoint for the
  // Compact that follows in ingest; the log then could not restart and the rewrite grew it to
  // twice the database: the end step took 0.15-0.2 s longer, docs/storage.md).
  return Exec(impl_->db, "INSERT INTO articles_fts(articles_fts) VALUES ('optimize')");
}

Status Corpus::Compact() {
  if (impl_->read_only) return Status::InvalidArgument("corpus opened read-only");
  KHABAR_RETURN_IF_ERROR(Exec(impl_->db, "VACUUM"));
  // The copy went through the write-ahead log: give its space back now, not at the last close.
  return Exec(impl_->db, "PRAGMA wal_checkpoint(TRUNCATE)");
}

Result<int64_t> Corpus::CountArticles() const {
  return QueryInt(impl_->db, "SELECT count(*) FROM articles");
}

}  // namespace khabar::store

// The corpus: articles kept in one embedded SQLite file, searchable in Arabic however a word is
// spelled or inflected. Schema and migrations are specified in docs/storage.md.
//
//   auto corpus = khabar::store::Corpus::Open("corpus.db");
//   if (!corpus.ok()) { ... }
//   (*corpus)->BeginBatch();
//   for (const ArticleRecord& rec : records) (*corpus)->Put(rec);   // idempotent upsert
//   (*corpus)->CommitBatch();
//   auto hits = (*corpus)->Search({.text = "الوزارة \"مجلس الأمن\" -أوكرانيا", .limit = 10});
//
// Full-text search runs on SQLite FTS5 with khabar's own analyzer (include/khabar/text.h)
// registered as the FTS5 tokenizer "khabar": every word is indexed as its match key and, at the
// same position, its stem, so الوزارة finds وزارة, وزارتها and والوزارات, and امريكا finds أمريكا.
// User queries are turned into FTS5 expressions by BuildFtsQuery, which quotes every term: user
// text never reaches SQL except as bound parameters.
//
// Durability: WAL journal, one transaction per batch; a process killed mid-batch leaves the
// database as of the last committed batch, and re-running the same ingest completes it (Put is
// idempotent). Thread-safety: a Corpus is one SQLite connection; use it from one thread at a time.
// Several Corpus objects (threads or processes) may read the same file while one writes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/record.h"
#include "khabar/status.h"

struct sqlite3;

namespace khabar::store {

inline constexpr int kSchemaVersion = 8;

struct OpenOptions {
  bool read_only = false;  // open an existing db without writing (the server's mode)
  // Called before an older database is upgraded when the upgrade re-indexes every article (from
  // versions before 5: minutes on a large corpus), with its version and the article count, so
  // that a caller can say so. Later upgrades only change the version.
  std::function<void(int from_version, int64_t articles)> on_upgrade;
};

// kStale: the record is a version of a stored article that a later version replaced in an earlier
// run (a re-crawl's older copy met again): it changes nothing (Corpus::Put).
enum class PutOutcome { kInserted, kUpdated, kUnchanged, kStale };

struct SearchQuery {
  std::string text;  // the query language of docs/storage.md
  // Inclusive ISO dates (YYYY, YYYY-MM, YYYY-MM-DD, optionally followed by a time) on
  // `published`; "" = open. Anything else ("2022/03", "2022-13") is kInvalidArgument.
  std::string from, to;
  std::vector<std::string> sources;  // sites, or URL / path prefixes; empty = all
  size_t limit = 10;                 // 1..1000
  size_t offset = 0;                 // 0..100000
  // Fold the near-duplicates of a wire story into its best-ranked article (SearchHit::story_size
  // says how many articles the story has); false lists every article.
  bool collapse_duplicates = true;
  // Only articles mentioning every one of these entity ids (at most 8). With an empty `text`, the
  // articles mentioning them are listed newest first (no highlights) instead of a text search.
  std::vector<std::string> entities;
  // Also compute SearchResults::top_sources and top_entities over the matching articles: at most
  // kFacetSample of them (in index order), near-duplicates not folded. Costs one index lookup per
  // sampled match and article entity.
  bool facets = false;
};

inline constexpr size_t kFacetSample = 10000;
inline constexpr size_t kFacetSize = 10;  // rows in each facet

// ---------------------------------------------------------------------------------------------
// Analytics over the entities found at ingest (docs/storage.md "Analytics"). Every query is bound
// parameters only and bounded: `limit` rows (1..10000), and scans either an index range or at most
// kMaxScopeArticles articles, as each function's comment says.

enum class Granularity { kDay, kWeek, kMonth, kYear };
// "day", "week", "month", "year"; kInvalidArgument otherwise.
Result<Granularity> ParseGranularity(std::string_view name);

// Functions that look at the entities of a set of articles (TopEntities, CoMentioned, SourceCounts
// with an entity, search facets) consider at most this many, the most recently published first.
inline constexpr size_t kMaxScopeArticles = 100000;

struct StatsQuery {
  // Inclusive publication dates (YYYY, YYYY-MM or YYYY-MM-DD; longer values are cut to the day);
  // "" = open. A bound excludes undated articles.
  std::string from, to;
  std::vector<std::string> sources;  // sites, or URL / path prefixes (as in search); at most 32
  std::string entity;                // only articles mentioning this entity id; "" = all
  Granularity granularity = Granularity::kDay;  // ArticleCounts, EntityTimeline
  std::string type;          // TopEntities, CoMentioned: only "PERS", "LOC", "ORG" or "MISC"
  size_t min_count = 1;      // CoMentioned: least number of shared articles
  bool rank_by_pmi = false;  // CoMentioned: order by PMI (else by shared articles)
  size_t limit = 100;        // rows returned, 1..10000
};

// Articles in one period: "2022-03-01" (day), the Monday starting the week "2022-02-28" (week,
// Monday to Sunday), "2022-03" (month), "2022" (year).
struct TimeBucket {
  std::string period;
  int64_t count = 0;
};

struct SourceCount {
  std::string site;  // "" for articles without a known site
  int64_t count = 0;
};

// An entity and how often it occurs in a set of articles. `id` is the KB id, or for an entity not
// in the KB "NIL:TYPE:key" (key = text::MatchKey of its longest written form), which is stable.
struct EntityStat {
  std::string id, type, label_en, qid;
  std::string name_ar;   // the KB's Arabic name, else the longest form seen when first stored
  int64_t articles = 0;  // articles mentioning it (in the set asked about)
  int64_t mentions = 0;  // mentions in those articles
};

struct EntityProfile {
  EntityStat entity;                  // articles and mentions over the whole corpus
  std::string first_seen, last_seen;  // publication days of its first and last dated article
};

struct CoMention {
  EntityStat entity;  // entity.articles, entity.mentions: over the whole corpus
  int64_t count = 0;  // articles (in the query's scope) mentioning both
  // Document-level pointwise mutual information, log2( (count / n_x) / (n_y / N) ): n_x = articles
  // of the asked entity in the scope, n_y = articles of this one and N = articles with entities,
  // both over the whole corpus. Without filters this is the textbook log2(N n_xy / (n_x n_y)); with
  // a date or source filter it compares the filtered articles of x against the corpus as a whole.
  double pmi = 0;
};

struct SearchHit {
  std::string id;         // the record's content id
  std::string title;      // with highlights: matched words between \x02 and \x03 markers
  std::string snippet;    // body excerpt with the same markers, "…" where cut
  std::string published;  // ISO 8601 as stored
  std::string site;
  std::string url;        // the article URL when known
  std::string path;       // otherwise the file, with "#locator" for a record inside a container
  double score = 0;       // BM25 (higher is better)
  size_t story_size = 1;  // articles in this hit's story (1: no near-duplicates)
};

// A story: articles that are near-duplicates of one another (the same wire story run by several
// outlets), found at ingest by MinHash/LSH (include/khabar/dedupe.h).
struct StoryInfo {
  std::string representative_id;  // the earliest published article
  std::string title;              // its title
  size_t size = 0;
  std::vector<std::string> article_ids;  // by publication time; representative first
  std::vector<std::string> outlets;      // distinct sites, in order of first publication
  std::string first_published, last_published;
};

struct DuplicateInfo {
  std::string id, title, site, published;
  double jaccard = 0, containment = 0;  // estimated similarities (see docs/dedupe.md)
};

struct SearchResults {
  std::vector<SearchHit> hits;
  // Number of matching articles (before limit/offset; near-duplicates folded unless
  // SearchQuery::collapse_duplicates is off). Exact when at most 2,000 articles match; beyond that
  // only the 2,000 most recently stored are ranked (docs/storage.md, "Search cost") and `total` is
  // an estimate from their density, with total_is_estimate set.
  size_t total = 0;
  bool total_is_estimate = false;
  // With SearchQuery::facets: the kFacetSize most frequent sites and entities among the first
  // `facet_sample` matching articles (facet_sample < total when the sample was cut at
  // kFacetSample).
  std::vector<SourceCount> top_sources;
  std::vector<EntityStat> top_entities;
  size_t facet_sample = 0;
};

// Highlight markers used in SearchHit::title and snippet; callers render them (e.g. <mark>, ANSI).
inline constexpr std::string_view kHighlightBegin = "\x02";
inline constexpr std::string_view kHighlightEnd = "\x03";

// The part of storing an article that needs no database: the compressed record, the analysis of its
// title and body for the full-text index, its near-duplicate signature, its entities grouped. Made
// by Corpus::Prepare on any thread (ingest makes it in the pipeline's workers), so that the writing
// thread only writes. Immutable; opaque.
class PreparedArticle;

class Corpus {
 public:
  // Opens or creates the database at `path` and brings its schema to kSchemaVersion. Errors:
  // kIoError (cannot open), kCorrupt (not a khabar database), kUnsupported (made by a newer
  // khabar).
  static Result<std::unique_ptr<Corpus>> Open(const std::string& path,
                                              const OpenOptions& options = {});
  ~Corpus();
  Corpus(const Corpus&) = delete;
  Corpus& operator=(const Corpus&) = delete;

  // Groups Puts into one transaction (much faster, and the unit of crash safety). The per-entity
  // totals (TopEntities without filters, Entity, the PMI's N), the rows of the entities first seen,
  // the mentions and the near-duplicate band rows of the batch's articles are written by
  // CommitBatch (sorted), in the same transaction: read them after it (Put itself finds the
  // batch's earlier near-duplicates). Inside a batch the full-text index
  // is not merged incrementally (each batch adds one segment; Optimize / OptimizeIfFragmented
  // merge them); the FTS5 settings that does it are restored before COMMIT.
  Status BeginBatch();
  Status CommitBatch();

  // Moves the checkpoints of the write-ahead log (the copy of committed pages into the database
  // file, and its fsync) from this connection's commits to a thread with a connection of its own,
  // for a long run of batches (ingest): a commit that leaves at least `pages` pages in the log asks
  // the thread for a checkpoint and goes on; one that leaves 8 × `pages` (the thread cannot keep
  // up, or the log could not restart because a checkpoint was running at every commit)
  // checkpoints itself, as SQLite does by default at 1,000 pages. Crash safety is the log's, as
  // before. `pages` <= 0 stops the thread (after its checkpoint in progress) and restores SQLite's
  // default; the destructor stops it too. Errors: kInvalidArgument (read-only or in-memory
  // corpus), kIoError (second connection).
  Status CheckpointInBackground(int64_t pages = kDefaultCheckpointPages);
  static constexpr int64_t kDefaultCheckpointPages = 1000;  // SQLite's wal_autocheckpoint
  // Checkpoints the thread has run (tests, --timings).
  int64_t BackgroundCheckpoints() const;

  // Inserts the record, or updates the stored record from the same source (url, else path+locator)
  // when its content id changed; kUnchanged when it is already stored as is; kStale, changing
  // nothing, when its content id is one this source had before and that an update replaced before
  // this Corpus was opened (schema version 7: re-running inputs that hold two versions of an
  // article is a no-op). A version replaced since it was opened updates again: within one run the
  // later record wins.
  Result<PutOutcome> Put(const ArticleRecord& record);
  // The same, with the database-free work already done by Prepare(record) for this same record
  // (nullptr: done here). A PreparedArticle of another record (other source or content id) is
  // ignored; the index is the same either way.
  Result<PutOutcome> Put(const ArticleRecord& record, const PreparedArticle* prepared);
  // Thread-safe, touches no database: call it on worker threads. Costs about what the analyzer and
  // zlib cost on the article (docs/storage.md, "Performance").
  static std::shared_ptr<const PreparedArticle> Prepare(const ArticleRecord& record);

  // BM25-ranked search with highlights. kInvalidArgument (with a message for people) on a malformed
  // query; never an SQL error and never a full scan.
  Result<SearchResults> Search(const SearchQuery& query) const;

  // Readies this connection for searching, for a server to call before it takes requests: runs
  // up to `searches` searches (20 hits each) for words of the titles of the newest articles, so
  // that the search statements are prepared, the index's pages are mapped and the caches of story
  // ids and document sizes (which load a part per search once a connection has looked up enough
  // rows) are filled, instead of during the first users' searches. The caches still empty when
  // the corpus changes. Errors: only a failed read of the titles; a search that fails is skipped.
  // Cost: about 0.25 s on 100,000 articles.
  Status WarmUp(size_t searches = 96) const;

  // The stored record with content id `id`; kNotFound when absent.
  Result<ArticleRecord> Get(std::string_view id) const;

  // Stories with at least `min_size` articles, largest first.
  Result<std::vector<StoryInfo>> Stories(size_t limit = 50, size_t min_size = 2) const;
  // Near-duplicates of the article with content id `id`, most similar first; kNotFound if no such
  // article.
  Result<std::vector<DuplicateInfo>> Duplicates(std::string_view id) const;

  Result<int64_t> CountArticles() const;

  // --- Analytics (src/store/analytics.cc; docs/storage.md "Analytics"). kInvalidArgument for a bad
  // limit, type or more than 32 sources; kNotFound for an unknown entity id.

  // Articles per period, chronological, the most recent `limit` periods; articles dated less
  // precisely than the period are left out. With query.entity, only the articles mentioning it.
  // Cost: an index range scan over the articles in the date range (one row lookup each with
  // sources).
  Result<std::vector<TimeBucket>> ArticleCounts(const StatsQuery& query) const;
  // Articles per site, most first. Cost: an index scan of the articles in the date range; with
  // query.entity, one row lookup per article mentioning it (at most kMaxScopeArticles).
  Result<std::vector<SourceCount>> SourceCounts(const StatsQuery& query) const;
  // Entities mentioned in the most articles (query.type: of that type). Without dates, sources or
  // entity: read from per-entity totals kept at ingest (cost: `limit` index rows). Otherwise over
  // the articles in scope (at most kMaxScopeArticles, newest first): one index range per article.
  // With query.entity, the entity itself is left out (then it is CoMentioned without PMI).
  Result<std::vector<EntityStat>> TopEntities(const StatsQuery& query) const;
  // One entity's row, corpus-wide counts and first and last publication day. Cost: three index
  // lookups.
  Result<EntityProfile> Entity(std::string_view id) const;
  // ArticleCounts of the articles mentioning `id` (query.entity is ignored). Cost: an index range
  // over the entity's mentions in the date range.
  Result<std::vector<TimeBucket>> EntityTimeline(std::string_view id,
                                                 const StatsQuery& query) const;
  // Entities sharing articles with `id`, with the number of shared articles (>= query.min_count)
  // and PMI (CoMention::pmi), ordered by count or PMI. Scope: the articles mentioning `id` in the
  // date range and sources, at most kMaxScopeArticles (newest first); cost one index range per
  // article.
  Result<std::vector<CoMention>> CoMentioned(std::string_view id, const StatsQuery& query) const;

  // Merges the full-text index's segments into one (smaller on disk, faster to search). Cost grows
  // with the index: ingest runs it after a run that added many articles.
  Status Optimize();
  // Optimize's merge alone, without giving the pages it frees back to the file system (cheaper
  // when Compact follows: the rewrite drops free pages anyway).
  Status MergeIndex();
  // Optimize() when the full-text index's segments other than its largest hold at least
  // `min_share` of its leaf pages; otherwise finishes the merges of small segments that FTS5's
  // incremental merging left half done (writing at most as many pages as they hold) and gives the
  // freed pages back to the file system. For ingest after a run into a large corpus: Optimize
  // after 1,000 new articles rewrote the whole index of 100,000 (~180 MB, 6 s), while a few small
  // segments beside it cost searches a few percent (docs/storage.md, "Idle cores, and later runs
  // into a large corpus"). The full merge comes once the small segments add up to `min_share` of
  // the index: amortized, 1 / min_share pages rewritten per page added. Sets *merged (when not
  // null) to whether it ran Optimize(). Cost: a scan of the segments' page directory (~20,000
  // rows per 100,000 articles), then the merge.
  Status OptimizeIfFragmented(double min_share = kMinShareToOptimize, bool* merged = nullptr);
  static constexpr double kMinShareToOptimize = 1.0 / 8;

  // Rewrites the database file with every page full and no free pages (SQLite's VACUUM): b-trees
  // filled by random-order inserts (vocabulary, bands, mentions, entity keys) are about a quarter
  // empty after a bulk load. Cost: a copy of the whole database, in time and in temporary disk
  // space (the write-ahead log grows to the database's size until it is checkpointed); ingest runs
  // it after a run that wrote most of the database. Needs no other statement of this connection
  // running; readers on other connections keep their snapshot.
  Status Compact();

  // Work on this connection (Search, Get, Stories, analytics...) still running at `deadline` stops
  // and returns kDeadlineExceeded, until ClearDeadline(). For servers, where one hostile query must
  // not hold a worker: set it when a request starts. Checked every thousand SQLite VM steps (well
  // under a millisecond).
  void SetDeadline(std::chrono::steady_clock::time_point deadline);
  void ClearDeadline();

  int schema_version() const;

 private:
  struct Impl;
  explicit Corpus(std::unique_ptr<Impl> impl);
  // The connection, for the analytics code (src/store/analytics.cc), which cannot see Impl.
  sqlite3* db() const;
  std::unique_ptr<Impl> impl_;
};

// The index terms a prefix search covers (at most `max_terms`, most frequent first), given the
// prefix as a match key (MatchKey); Corpus::Search reads them from the corpus vocabulary.
using PrefixExpander =
    std::function<Result<std::vector<std::string>>(std::string_view word_prefix, size_t max_terms)>;

// Turns a user query into an FTS5 MATCH expression. Language: words (implicit AND), "phrases", OR
// between items, NOT item or -item to exclude, word* for a prefix (of one word, three letters or
// more after the article), which becomes the OR of what `expand_prefix` gives. kInvalidArgument for
// an empty query, one with only exclusions, an unbalanced quote, more than 64 items / 1,000
// characters, or more than 4 prefixes; kUnsupported for a prefix without `expand_prefix`; errors
// of `expand_prefix` are returned.
Result<std::string> BuildFtsQuery(std::string_view user_query,
                                  const PrefixExpander& expand_prefix = nullptr);

}  // namespace khabar::store

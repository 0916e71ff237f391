// The corpus: articles kept in one embedded SQLite file, searchable in Arabic however a word is spelled
// or inflected. Schema and migrations are specified in docs/storage.md.
//
//   auto corpus = khabar::store::Corpus::Open("corpus.db");
//   if (!corpus.ok()) { ... }
//   (*corpus)->BeginBatch();
//   for (const ArticleRecord& rec : records) (*corpus)->Put(rec);   // idempotent upsert
//   (*corpus)->CommitBatch();
//   auto hits = (*corpus)->Search({.text = "الوزارة \"مجلس الأمن\" -أوكرانيا", .limit = 10});
//
// Full-text search runs on SQLite FTS5 with khabar's own analyzer (include/khabar/text.h) registered as
// the FTS5 tokenizer "khabar": every word is indexed as its match key and, at the same position, its
// stem, so الوزارة finds وزارة, وزارتها and والوزارات, and امريكا finds أمريكا. User queries are turned
// into FTS5 expressions by BuildFtsQuery, which quotes every term: user text never reaches SQL except
// as bound parameters.
//
// Durability: WAL journal, one transaction per batch; a process killed mid-batch leaves the database
// as of the last committed batch, and re-running the same ingest completes it (Put is idempotent).
// Thread-safety: a Corpus is one SQLite connection; use it from one thread at a time. Several
// Corpus objects (threads or processes) may read the same file while one writes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/record.h"
#include "khabar/status.h"

namespace khabar::store {

inline constexpr int kSchemaVersion = 1;

struct OpenOptions {
  bool read_only = false;  // open an existing db without writing (the server's mode)
};

enum class PutOutcome { kInserted, kUpdated, kUnchanged };

struct SearchQuery {
  std::string text;                  // the query language of docs/storage.md
  std::string from, to;              // inclusive ISO dates (YYYY-MM-DD[...]) on `published`; "" = open
  std::vector<std::string> sources;  // sites, or URL / path prefixes; empty = all
  size_t limit = 10;   // 1..1000
  size_t offset = 0;   // 0..100000
  // Fold the near-duplicates of a wire story into its best-ranked article (SearchHit::story_size
  // says how many articles the story has); false lists every article.
  bool collapse_duplicates = true;
};

struct SearchHit {
  std::string id;         // the record's content id
  std::string title;      // with highlights: matched words between \x02 and \x03 markers
  std::string snippet;    // body excerpt with the same markers, "…" where cut
  std::string published;  // ISO 8601 as stored
  std::string site;
  std::string url;   // the article URL when known
  std::string path;  // otherwise the file, with "#locator" for a record inside a container
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
  size_t total = 0;  // number of matching articles (before limit/offset)
};

// Highlight markers used in SearchHit::title and snippet; callers render them (e.g. <mark>, ANSI).
inline constexpr std::string_view kHighlightBegin = "\x02";
inline constexpr std::string_view kHighlightEnd = "\x03";

class Corpus {
 public:
  // Opens or creates the database at `path` and brings its schema to kSchemaVersion. Errors: kIoError
  // (cannot open), kCorrupt (not a khabar database), kUnsupported (made by a newer khabar).
  static Result<std::unique_ptr<Corpus>> Open(const std::string& path, const OpenOptions& options = {});
  ~Corpus();
  Corpus(const Corpus&) = delete;
  Corpus& operator=(const Corpus&) = delete;

  // Groups Puts into one transaction (much faster, and the unit of crash safety).
  Status BeginBatch();
  Status CommitBatch();

  // Inserts the record, or updates the stored record from the same source (url, else path+locator)
  // when its content id changed; kUnchanged when it is already stored as is.
  Result<PutOutcome> Put(const ArticleRecord& record);

  // BM25-ranked search with highlights. kInvalidArgument (with a message for people) on a malformed
  // query; never an SQL error and never a full scan.
  Result<SearchResults> Search(const SearchQuery& query) const;

  // The stored record with content id `id`; kNotFound when absent.
  Result<ArticleRecord> Get(std::string_view id) const;

  // Stories with at least `min_size` articles, largest first.
  Result<std::vector<StoryInfo>> Stories(size_t limit = 50, size_t min_size = 2) const;
  // Near-duplicates of the article with content id `id`, most similar first; kNotFound if no such
  // article.
  Result<std::vector<DuplicateInfo>> Duplicates(std::string_view id) const;

  Result<int64_t> CountArticles() const;

  // Merges the full-text index's segments into one (smaller on disk, faster to search). Cost grows
  // with the index: ingest runs it after a run that added many articles.
  Status Optimize();
  int schema_version() const;

 private:
  struct Impl;
  explicit Corpus(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Turns a user query into an FTS5 MATCH expression. Language: words (implicit AND), "phrases", OR
// between items, NOT item or -item to exclude, word* for a prefix. kInvalidArgument for an empty
// query, one with only exclusions, an unbalanced quote, or more than 64 items / 1,000 characters.
Result<std::string> BuildFtsQuery(std::string_view user_query);

}  // namespace khabar::store

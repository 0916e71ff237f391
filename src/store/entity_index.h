// The corpus's entity tables (docs/storage.md "Entities"): what Put writes for the entities of an
// article, and the pieces of Search that filter and facet by entity. Internal to the store module;
// implemented in analytics.cc beside the analytics queries.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "khabar/record.h"
#include "khabar/status.h"
#include "khabar/store.h"
#include "store/sqlite_util.h"

namespace khabar::store {

// Migration step 1 -> 2: the entities and mentions tables and their indexes.
extern const char kEntitySchemaMigration[];
// Migration step 2 -> 3: integer days, one mentions b-tree plus one row of entities per article
// (article_entities), 32-bit signed band keys, the update trigger only on title and record.
extern const char kCompactSchemaMigration[];
// Part of migration step 3 -> 4 (corpus.cc's kMigrations, after the vocabulary's SQL): drops the
// index entities_top, which TopEntities no longer needs.
extern const char kSizeV4Migration[];

// Registers the SQL functions of the entity tables on `db`: khabar_day_number(text) (DayNumber),
// khabar_day_text(int) (DayText) and the aggregate khabar_entity_list(entity, count) (an
// article_entities.entities blob), used by migrations and queries.
Status RegisterEntityFunctions(sqlite3* db);

// The key an entity is stored under: its KB id, or "NIL:TYPE:" + text::MatchKey(text) for an
// entity the KB does not know.
std::string EntityKey(std::string_view id, std::string_view type, std::string_view text);

// The publication day of `published` as stored in mentions.day: YYYYMMDD, with 00 for the parts
// a less precise date leaves out ("2022-04" -> 20220400, "2022" -> 20220000); 0 when undated or
// not an ISO date. Ordered like the text it replaces.
int64_t DayNumber(std::string_view published);
// Back to text: 20220211 -> "2022-02-11", 20220400 -> "2022-04", 0 -> "".
std::string DayText(int64_t day);
// kInvalidArgument ("`what` must be a date: ...") unless `date` is empty or has a DayNumber: the
// check of every from/to bound (search, entity search, analytics), so that "2022/03" or "2022-13"
// is refused instead of silently matching nothing (or everything).
Status ValidDateBound(std::string_view date, std::string_view what);

// An entity of one article: its mentions merged by key (the first mention's type and labels).
struct ArticleEntity {
  std::string key, type, label_en, qid, name_ar;
  int64_t count = 0;  // mentions in the article
};
// The entities of `record` (from its mentions, else its entity counts). Pure; thread-safe (runs in
// Corpus::Prepare on the pipeline workers).
std::vector<ArticleEntity> GroupEntities(const ArticleRecord& record);

// Writes the entity rows of articles (one per Corpus opened for writing; same thread rules).
// Per-entity totals (entities.articles, entities.mentions) and the articles_with_entities counter
// are accumulated in memory and written by Flush(), which Corpus calls before each COMMIT (and
// after a Put outside a batch): an entity mentioned in many articles of a batch is updated once.
// An entity not stored yet gets its rowid at once (the one SQLite would give it: the largest + 1)
// and its row is written by Flush too, with its totals (one insert instead of an insert and an
// update); so are the mentions rows, sorted. Inside a batch, its new entities and its mentions
// are there after CommitBatch, like the totals (article_entities is written at once).
class EntityIndex {
 public:
  static Result<std::unique_ptr<EntityIndex>> Create(sqlite3* db);

  // Replaces what is stored for the article at `rowid` by `entities` (none when NER did not run),
  // dated `day` (DayNumber): forgets its old mentions (and their share of the totals), then adds
  // the new ones. Idempotent.
  Status Index(int64_t rowid, int64_t day, const std::vector<ArticleEntity>& entities);
  // For an article stored unchanged (same source, same content id): when `record` carries entities
  // and the stored article has none (stored before NER ran: schema version 1, --no-entities),
  // stores the record again with them and indexes them; true then. Otherwise one index lookup.
  Result<bool> Backfill(int64_t rowid, const ArticleRecord& record,
                        const std::vector<ArticleEntity>& entities);
  // Writes the rows of the entities first seen since the last Flush and the pending totals, in
  // rowid order.
  Status Flush();
  // Forgets the cached entity rowids and what is pending (after a failed commit: rows written in
  // its transaction are gone).
  void DropCache();

 private:
  struct Cached {
    int64_t rowid = 0;
    int64_t articles = 0, mentions = 0;                      // pending totals (added by Flush)
    bool no_label = false, no_qid = false, no_name = false;  // empty in the row: may be filled in
    bool touched = false;                                    // in touched_
  };
  // An entity first seen since the last Flush: its row, written by Flush.
  struct NewEntity {
    std::string key, type, label_en, qid, name_ar;
  };

  explicit EntityIndex(sqlite3* db) : db_(db) {}
  // The entity's cache entry (its rowid; a new entity's row is written by Flush).
  Result<Cached*> EntityRow(const ArticleEntity& e);
  // Flush without its clean-up after an error.
  Status WriteTotals();

  static constexpr int kMentionRows = 64;  // mentions per insert_mentions_ statement

  sqlite3* db_;
  Statement old_entities_, delete_mention_, delete_article_, find_entity_, next_entity_,
      insert_entity_, fill_entity_, insert_mention_, insert_mentions_, put_article_, has_entities_,
      bump_totals_, bump_counter_, rewrite_record_;
  // Entity key -> row. Entries are never erased between two Flushes (touched_ points at them;
  // a new entity must keep its rowid); the cache is bounded at Flush.
  std::unordered_map<std::string, Cached> cache_;
  std::vector<Cached*> touched_;         // entries with pending totals
  std::vector<NewEntity> new_entities_;  // rowids first_new_rowid_, first_new_rowid_ + 1, ...
  int64_t first_new_rowid_ = 0;
  // Totals taken back from entities that replaced articles mentioned (by rowid: the article's
  // entity list has no keys).
  std::unordered_map<int64_t, std::pair<int64_t, int64_t>> forgotten_;
  int64_t pending_counter_ = 0;  // articles_with_entities
  // Mentions rows written by Flush (in key order: the batch's mentions of an entity are then one
  // b-tree neighbourhood instead of a random page per article and entity).
  struct Mention {
    int64_t entity, day, article;
    bool operator<(const Mention& o) const {
      return entity != o.entity ? entity < o.entity
             : day != o.day     ? day < o.day
                                : article < o.article;
    }
  };
  std::vector<Mention> new_mentions_;
  std::unordered_set<int64_t> articles_with_new_mentions_;
};

// The (entity rowid, mention count) pairs of an article_entities.entities blob, by rowid.
// kCorrupt when damaged.
Result<std::vector<std::pair<int64_t, int64_t>>> DecodeEntityList(std::string_view blob);

// " AND EXISTS (...)" clauses restricting an SQL query over `articles a` to articles mentioning
// each entity id; the ids are bound as parameters ?first_param, ?first_param + 1, ...
std::string EntityFilterSql(size_t count, int first_param);

// Fills results->top_sources, top_entities and facet_sample from the article rowids that
// `sample_sql` yields (its first column; the caller's statement, already bound by `bind`).
Status ComputeFacets(sqlite3* db, const std::string& sample_sql,
                     const std::function<void(Statement&)>& bind, SearchResults* results);

// Search with an empty text and entity ids: the articles mentioning all of them, newest first,
// with the query's dates, sources, paging and near-duplicate folding. No highlights.
Result<SearchResults> SearchByEntities(sqlite3* db, const SearchQuery& query);

}  // namespace khabar::store

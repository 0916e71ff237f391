// The corpus's entity tables (schema version 2, docs/storage.md "Entities"): what Put writes for
// the entities of an article, and the pieces of Search that filter and facet by entity. Internal to
// the store module; implemented in analytics.cc beside the analytics queries.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "khabar/record.h"
#include "khabar/status.h"
#include "khabar/store.h"
#include "store/sqlite_util.h"

namespace khabar::store {

// Migration step 1 -> 2: the entities and mentions tables and their indexes.
extern const char kEntitySchemaMigration[];

// The key an entity is stored under: its KB id, or "NIL:TYPE:" + text::MatchKey(text) for an
// entity the KB does not know.
std::string EntityKey(std::string_view id, std::string_view type, std::string_view text);

// Writes the entity rows of articles (one per Corpus opened for writing; same thread rules).
class EntityIndex {
 public:
  static Result<std::unique_ptr<EntityIndex>> Create(sqlite3* db);

  // Replaces what is stored for the article at `rowid` by the entities of `record` (none when NER
  // did not run): forgets its old mentions (and their share of the per-entity totals), then adds
  // the new ones. Idempotent.
  Status Index(int64_t rowid, const ArticleRecord& record);
  // For an article stored unchanged (same source, same content id): when `record` carries entities
  // and the stored article has none (stored before NER ran: schema version 1, --no-entities),
  // stores the record again with them and indexes them; true then. Otherwise one index lookup.
  Result<bool> Backfill(int64_t rowid, const ArticleRecord& record);

 private:
  explicit EntityIndex(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  Statement old_mentions_, forget_totals_, delete_mentions_, upsert_entity_, insert_mention_,
      has_mentions_, bump_counter_, rewrite_record_;
};

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

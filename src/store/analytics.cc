// Entities in the corpus (schema version 2) and the analytics over them: docs/storage.md,
// "Entities" and "Analytics". Every SQL text here is built from constants and counts only; every
// value is a bound parameter.
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "khabar/kb.h"
#include "khabar/store.h"
#include "khabar/text.h"
#include "store/entity_index.h"
#include "store/record_codec.h"
#include "store/sqlite_util.h"

namespace khabar::store {

// Never edit once released (see kMigrations in corpus.cc).
const char kEntitySchemaMigration[] = R"sql(
CREATE TABLE entities(
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  label_en TEXT NOT NULL DEFAULT '',
  qid TEXT NOT NULL DEFAULT '',
  name_ar TEXT NOT NULL DEFAULT '',
  articles INTEGER NOT NULL DEFAULT 0,
  mentions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_top ON entities(articles);
CREATE INDEX entities_type_top ON entities(type, articles);
CREATE TABLE mentions(
  entity INTEGER NOT NULL,
  day TEXT NOT NULL,
  article INTEGER NOT NULL,
  count INTEGER NOT NULL,
  first_paragraph INTEGER NOT NULL,
  PRIMARY KEY (entity, day, article)) WITHOUT ROWID;
CREATE INDEX mentions_article ON mentions(article, entity, count);
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counters VALUES ('articles_with_entities', 0);
DROP INDEX articles_published;
CREATE INDEX articles_published_site ON articles(published, site);
)sql";

namespace {

constexpr size_t kMaxLimit = 10000;
constexpr size_t kMaxSources = 32;
constexpr size_t kMaxSearchEntities = 8;

// The publication day of an ISO date-time: "2022-02-11T18:20+02:00" -> "2022-02-11"; less precise
// dates stay as they are ("2022-04"); "" when undated.
std::string Day(std::string_view published) {
  const size_t t = published.find('T');
  return std::string(published.substr(0, std::min<size_t>(t, 10)));
}

// Inclusive bounds of StatsQuery::from/to as byte-wise comparable text on `published` or a day: a
// value starting with `to` sorts below to + "\xff".
std::string Lower(const std::string& from) { return from.substr(0, 10); }
std::string Upper(const std::string& to) { return to.empty() ? "\xff" : to.substr(0, 10) + "\xff"; }

bool ValidType(std::string_view type) {
  return type.empty() || type == "PERS" || type == "LOC" || type == "ORG" || type == "MISC";
}

Status Validate(const StatsQuery& q) {
  if (q.limit == 0 || q.limit > kMaxLimit) {
    return Status::InvalidArgument("limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  if (q.sources.size() > kMaxSources) return Status::InvalidArgument("at most 32 sources");
  if (!ValidType(q.type)) {
    return Status::InvalidArgument("unknown entity type '" + q.type + "' (PERS, LOC, ORG, MISC)");
  }
  return Status::Ok();
}

// Fixed parameter numbers of the analytics statements (an unused one is simply not referenced).
enum Param { kLo = 1, kHi = 2, kLimit = 3, kEntity = 4, kType = 5, kMinCount = 6, kSource0 = 7 };

// " AND (a.site = ?7 OR instr(a.doc_key, ?7) = 1 OR ...)" for the sources; "" when none.
std::string SourcesSql(size_t n) {
  if (n == 0) return "";
  std::string sql = " AND (";
  for (size_t i = 0; i < n; ++i) {
    const std::string p = "?" + std::to_string(kSource0 + i);
    sql += (i ? " OR " : "") + ("a.site = " + p + " OR instr(a.doc_key, " + p + ") = 1");
  }
  return sql + ")";
}

void BindCommon(Statement& st, const StatsQuery& q, int64_t entity_rowid) {
  st.BindText(kLo, Lower(q.from));
  st.BindText(kHi, Upper(q.to));
  st.BindInt(kLimit, static_cast<int64_t>(q.limit));
  st.BindInt(kEntity, entity_rowid);
  st.BindText(kType, q.type);
  st.BindInt(kMinCount, static_cast<int64_t>(std::max<size_t>(q.min_count, 1)));
  for (size_t i = 0; i < q.sources.size(); ++i) {
    st.BindText(kSource0 + static_cast<int>(i), q.sources[i]);
  }
}

// The articles a query is about, newest first, at most kMaxScopeArticles: those mentioning the
// entity ?4 when `by_entity`, else all; within the dates and sources. One column: `article`.
std::string ScopeSql(bool by_entity, size_t sources) {
  const std::string cap = " LIMIT " + std::to_string(kMaxScopeArticles);
  if (by_entity) {
    return "SELECT m.article AS article FROM mentions m" +
           std::string(sources ? " JOIN articles a ON a.rowid = m.article" : "") +
           " WHERE m.entity = ?4 AND m.day >= ?1 AND m.day <= ?2" + SourcesSql(sources) +
           " ORDER BY m.day DESC" + cap;
  }
  return "SELECT a.rowid AS article FROM articles a WHERE a.published >= ?1 AND a.published <= ?2" +
         SourcesSql(sources) + " ORDER BY a.published DESC" + cap;
}

// The rowid of entity `id`; kNotFound when unknown.
Result<int64_t> EntityRowid(sqlite3* db, std::string_view id) {
  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(db, "SELECT rowid FROM entities WHERE id = ?1"));
  st.BindText(1, id);
  const int rc = st.Step();
  if (rc == SQLITE_ROW) return st.ColumnInt(0);
  if (rc == SQLITE_DONE) return Status::NotFound("no entity with id " + std::string(id));
  return SqliteError(db, "looking up entity");
}

// The rowid of query.entity, or 0 when the query names no entity (kNotFound for an unknown id).
Result<int64_t> ScopeEntityRowid(sqlite3* db, const StatsQuery& query) {
  if (query.entity.empty()) return int64_t{0};
  return EntityRowid(db, query.entity);
}

// Columns id, type, label_en, qid, name_ar starting at `first`.
EntityStat ReadEntity(const Statement& st, int first) {
  EntityStat e;
  e.id = st.ColumnText(first);
  e.type = st.ColumnText(first + 1);
  e.label_en = st.ColumnText(first + 2);
  e.qid = st.ColumnText(first + 3);
  e.name_ar = st.ColumnText(first + 4);
  return e;
}

// Per-article entity row, merged over the mentions that share a key.
struct ArticleEntity {
  std::string key, type, label_en, qid, text;
  int64_t count = 0;
  int64_t first_paragraph = 0;
};

std::vector<ArticleEntity> GroupEntities(const ArticleRecord& record) {
  std::vector<ArticleEntity> out;
  std::unordered_map<std::string, size_t> index;
  auto add = [&](std::string_view id, const std::string& type, const std::string& label_en,
                 const std::string& qid, const std::string& text, int64_t count,
                 int64_t paragraph) {
    if (id.empty() && text.empty()) return;
    std::string key = EntityKey(id, type, text);
    auto [it, inserted] = index.try_emplace(key, out.size());
    if (inserted) out.push_back({std::move(key), type, label_en, qid, text, 0, paragraph});
    ArticleEntity& e = out[it->second];
    e.count += count;
    e.first_paragraph = std::min(e.first_paragraph, paragraph);
    if (text.size() > e.text.size()) e.text = text;
  };
  if (!record.entities.empty()) {
    for (const EntityMention& m : record.entities) {
      add(m.id, m.type, m.label_en, m.qid, m.text, 1, static_cast<int64_t>(m.paragraph));
    }
  } else {
    for (const EntityCount& c : record.entity_counts) {
      add(c.id, c.type, c.label_en, c.qid, c.text,
          static_cast<int64_t>(std::max<size_t>(c.count, 1)), 0);
    }
  }
  return out;
}

// The Arabic name shown for an entity: the shipped KB's, else the form written in the article.
std::string NameAr(const ArticleEntity& e) {
  if (e.key.rfind("NIL:", 0) != 0) {
    if (const kb::Entity* k = kb::KnowledgeBase::Default().Find(e.key)) {
      if (!k->label_ar.empty()) return k->label_ar;
    }
  }
  return e.text;
}

// A snippet of `paragraph` around code points [begin, end), the mention between highlight markers.
std::string MarkedSnippet(std::string_view paragraph, size_t begin, size_t end) {
  constexpr size_t kContext = 100;  // code points either side
  const size_t from = begin > kContext ? begin - kContext : 0;
  std::string out = from > 0 ? "…" : "";
  size_t pos = 0, cp = 0;
  while (pos < paragraph.size() && cp < end + kContext) {
    const size_t start = pos;
    utf8::Next(paragraph, &pos);
    if (cp == begin) out += kHighlightBegin;
    if (cp >= from) out.append(paragraph.substr(start, pos - start));
    ++cp;
    if (cp == end) out += kHighlightEnd;
  }
  if (pos < paragraph.size()) out += "…";
  return out;
}

Result<std::vector<TimeBucket>> CountByPeriod(sqlite3* db, const StatsQuery& q,
                                              int64_t entity_rowid) {
  std::string bucket, min_length;
  switch (q.granularity) {
    case Granularity::kDay:
      bucket = "d";
      min_length = "10";
      break;
    case Granularity::kWeek:
      bucket = "date(d, 'weekday 0', '-6 days')";
      min_length = "10";
      break;
    case Granularity::kMonth:
      bucket = "substr(d, 1, 7)";
      min_length = "7";
      break;
    case Granularity::kYear:
      bucket = "substr(d, 1, 4)";
      min_length = "4";
      break;
  }
  const size_t n = q.sources.size();
  const std::string days =
      entity_rowid != 0 ? "SELECT m.day AS d FROM mentions m" +
                              std::string(n ? " JOIN articles a ON a.rowid = m.article" : "") +
                              " WHERE m.entity = ?4 AND m.day >= ?1 AND m.day <= ?2" + SourcesSql(n)
                        : "SELECT substr(a.published, 1, 10) AS d FROM articles a"
                          " WHERE a.published >= ?1 AND a.published <= ?2" +
                              SourcesSql(n);
  const std::string sql = "SELECT " + bucket + " AS p, count(*) FROM (" + days +
                          ") WHERE length(d) >= " + min_length +
                          " GROUP BY p HAVING p IS NOT NULL ORDER BY p DESC LIMIT ?3";
  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(db, sql));
  BindCommon(st, q, entity_rowid);
  std::vector<TimeBucket> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back({st.ColumnText(0), st.ColumnInt(1)});
  if (rc != SQLITE_DONE) return SqliteError(db, "counting articles");
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

std::string EntityKey(std::string_view id, std::string_view type, std::string_view text) {
  if (!id.empty() && id != "NIL") return std::string(id);
  return "NIL:" + std::string(type) + ":" + text::MatchKey(text);
}

Result<Granularity> ParseGranularity(std::string_view name) {
  if (name == "day") return Granularity::kDay;
  if (name == "week") return Granularity::kWeek;
  if (name == "month") return Granularity::kMonth;
  if (name == "year") return Granularity::kYear;
  return Status::InvalidArgument("unknown period '" + std::string(name) +
                                 "' (day, week, month, year)");
}

// ---------------------------------------------------------------------------------------------
// Writing.

Result<std::unique_ptr<EntityIndex>> EntityIndex::Create(sqlite3* db) {
  std::unique_ptr<EntityIndex> x(new EntityIndex(db));
  const std::pair<Statement*, const char*> statements[] = {
      {&x->old_mentions_, "SELECT entity, count FROM mentions WHERE article = ?1"},
      {&x->forget_totals_,
       "UPDATE entities SET articles = articles - 1, mentions = mentions - ?2 WHERE rowid = ?1"},
      {&x->delete_mentions_, "DELETE FROM mentions WHERE article = ?1"},
      {&x->upsert_entity_,
       "INSERT INTO entities(id, type, label_en, qid, name_ar, articles, mentions)"
       " VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6) ON CONFLICT(id) DO UPDATE SET"
       " articles = articles + 1, mentions = mentions + excluded.mentions,"
       " label_en = CASE WHEN label_en = '' THEN excluded.label_en ELSE label_en END,"
       " qid = CASE WHEN qid = '' THEN excluded.qid ELSE qid END,"
       " name_ar = CASE WHEN name_ar = '' THEN excluded.name_ar ELSE name_ar END"
       " RETURNING rowid"},
      {&x->insert_mention_, "INSERT OR REPLACE INTO mentions VALUES (?1, ?2, ?3, ?4, ?5)"},
      {&x->has_mentions_, "SELECT 1 FROM mentions WHERE article = ?1 LIMIT 1"},
      {&x->bump_counter_,
       "UPDATE counters SET value = value + ?1 WHERE name = 'articles_with_entities'"},
      {&x->rewrite_record_, "UPDATE articles SET record = ?2 WHERE rowid = ?1"},
  };
  for (const auto& [statement, sql] : statements) {
    KHABAR_RETURN_IF_ERROR(statement->Prepare(db, sql));
  }
  return x;
}

Status EntityIndex::Index(int64_t rowid, const ArticleRecord& record) {
  // Forget what the article mentioned before.
  std::vector<std::pair<int64_t, int64_t>> old;  // (entity rowid, count)
  old_mentions_.Reset();
  old_mentions_.BindInt(1, rowid);
  int rc;
  while ((rc = old_mentions_.Step()) == SQLITE_ROW) {
    old.emplace_back(old_mentions_.ColumnInt(0), old_mentions_.ColumnInt(1));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, "reading mentions");
  for (const auto& [entity, count] : old) {
    forget_totals_.Reset();
    forget_totals_.BindInt(1, entity);
    forget_totals_.BindInt(2, count);
    if (forget_totals_.Step() != SQLITE_DONE) return SqliteError(db_, "updating entity totals");
  }
  if (!old.empty()) {
    delete_mentions_.Reset();
    delete_mentions_.BindInt(1, rowid);
    if (delete_mentions_.Step() != SQLITE_DONE) return SqliteError(db_, "removing mentions");
  }

  const std::vector<ArticleEntity> entities = GroupEntities(record);
  const std::string day = Day(record.published);
  for (const ArticleEntity& e : entities) {
    upsert_entity_.Reset();
    upsert_entity_.BindText(1, e.key);
    upsert_entity_.BindText(2, e.type);
    upsert_entity_.BindText(3, e.label_en);
    upsert_entity_.BindText(4, e.qid);
    upsert_entity_.BindText(5, NameAr(e));
    upsert_entity_.BindInt(6, e.count);
    if (upsert_entity_.Step() != SQLITE_ROW) return SqliteError(db_, "storing entity");
    const int64_t entity = upsert_entity_.ColumnInt(0);
    upsert_entity_.Reset();
    insert_mention_.Reset();
    insert_mention_.BindInt(1, entity);
    insert_mention_.BindText(2, day);
    insert_mention_.BindInt(3, rowid);
    insert_mention_.BindInt(4, e.count);
    insert_mention_.BindInt(5, e.first_paragraph);
    if (insert_mention_.Step() != SQLITE_DONE) return SqliteError(db_, "storing mention");
  }
  const int64_t delta = (entities.empty() ? 0 : 1) - (old.empty() ? 0 : 1);
  if (delta != 0) {
    bump_counter_.Reset();
    bump_counter_.BindInt(1, delta);
    if (bump_counter_.Step() != SQLITE_DONE) return SqliteError(db_, "counting articles");
  }
  return Status::Ok();
}

Result<bool> EntityIndex::Backfill(int64_t rowid, const ArticleRecord& record) {
  if (record.entities.empty() && record.entity_counts.empty()) return false;
  has_mentions_.Reset();
  has_mentions_.BindInt(1, rowid);
  const int rc = has_mentions_.Step();
  has_mentions_.Reset();  // never leave a statement on a row: it pins a WAL snapshot
  if (rc == SQLITE_ROW) return false;
  if (rc != SQLITE_DONE) return SqliteError(db_, "reading mentions");
  rewrite_record_.Reset();
  rewrite_record_.BindInt(1, rowid);
  rewrite_record_.BindBlob(2, PackRecord(record));
  if (rewrite_record_.Step() != SQLITE_DONE) return SqliteError(db_, "storing record");
  KHABAR_RETURN_IF_ERROR(Index(rowid, record));
  return true;
}

// ---------------------------------------------------------------------------------------------
// Search by entity, facets.

std::string EntityFilterSql(size_t count, int first_param) {
  std::string sql;
  for (size_t i = 0; i < count; ++i) {
    sql +=
        " AND EXISTS (SELECT 1 FROM mentions em WHERE em.article = a.rowid AND em.entity ="
        " (SELECT rowid FROM entities WHERE id = ?" +
        std::to_string(first_param + static_cast<int>(i)) + "))";
  }
  return sql;
}

Status ComputeFacets(sqlite3* db, const std::string& sample_sql,
                     const std::function<void(Statement&)>& bind, SearchResults* results) {
  Statement sample, site_of, entities_of, entity_row;
  KHABAR_RETURN_IF_ERROR(sample.Prepare(db, sample_sql));
  KHABAR_RETURN_IF_ERROR(site_of.Prepare(db, "SELECT site FROM articles WHERE rowid = ?1"));
  KHABAR_RETURN_IF_ERROR(
      entities_of.Prepare(db, "SELECT entity, count FROM mentions WHERE article = ?1"));
  KHABAR_RETURN_IF_ERROR(entity_row.Prepare(
      db, "SELECT id, type, label_en, qid, name_ar FROM entities WHERE rowid = ?1"));
  bind(sample);
  std::unordered_map<std::string, int64_t> sites;
  std::unordered_map<int64_t, std::pair<int64_t, int64_t>> entities;  // rowid -> articles, mentions
  size_t n = 0;
  int rc;
  while (n < kFacetSample && (rc = sample.Step()) == SQLITE_ROW) {
    ++n;
    const int64_t article = sample.ColumnInt(0);
    site_of.Reset();
    site_of.BindInt(1, article);
    if (site_of.Step() == SQLITE_ROW) ++sites[site_of.ColumnText(0)];
    entities_of.Reset();
    entities_of.BindInt(1, article);
    while (entities_of.Step() == SQLITE_ROW) {
      auto& [articles, mentions] = entities[entities_of.ColumnInt(0)];
      ++articles;
      mentions += entities_of.ColumnInt(1);
    }
  }
  if (n < kFacetSample && rc != SQLITE_DONE) return SqliteError(db, "search facets");
  results->facet_sample = n;

  std::vector<std::pair<std::string, int64_t>> site_list(sites.begin(), sites.end());
  std::sort(site_list.begin(), site_list.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (site_list.size() > kFacetSize) site_list.resize(kFacetSize);
  results->top_sources.clear();
  for (auto& [site, count] : site_list) results->top_sources.push_back({site, count});

  std::vector<std::pair<int64_t, std::pair<int64_t, int64_t>>> entity_list(entities.begin(),
                                                                           entities.end());
  std::sort(entity_list.begin(), entity_list.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (entity_list.size() > kFacetSize) entity_list.resize(kFacetSize);
  results->top_entities.clear();
  for (const auto& [rowid, counts] : entity_list) {
    entity_row.Reset();
    entity_row.BindInt(1, rowid);
    if (entity_row.Step() != SQLITE_ROW) continue;
    EntityStat e = ReadEntity(entity_row, 0);
    e.articles = counts.first;
    e.mentions = counts.second;
    results->top_entities.push_back(std::move(e));
  }
  return Status::Ok();
}

Result<SearchResults> SearchByEntities(sqlite3* db, const SearchQuery& query) {
  if (query.limit == 0 || query.limit > 1000) {
    return Status::InvalidArgument("limit must be between 1 and 1000");
  }
  if (query.offset > 100000) return Status::InvalidArgument("offset must be at most 100000");
  if (query.sources.size() > kMaxSources) return Status::InvalidArgument("at most 32 sources");
  if (query.entities.empty() || query.entities.size() > kMaxSearchEntities) {
    return Status::InvalidArgument("between 1 and 8 entities");
  }
  // ?1 from, ?2 to, ?3 limit, ?4 offset, ?5 first entity (the candidates), ?6.. the other
  // entities, then the sources.
  const size_t n_entities = query.entities.size();
  const int source0 = 5 + static_cast<int>(n_entities);
  std::string sources;
  for (size_t i = 0; i < query.sources.size(); ++i) {
    const std::string p = "?" + std::to_string(source0 + static_cast<int>(i));
    sources += (i ? " OR " : " AND (") + ("a.site = " + p + " OR instr(a.doc_key, " + p + ") = 1");
  }
  if (!sources.empty()) sources += ")";
  const std::string matches =
      "SELECT a.rowid AS id, a.story_id AS story, a.published AS published FROM articles a"
      " WHERE a.rowid IN (SELECT m.article FROM mentions m WHERE m.entity ="
      " (SELECT rowid FROM entities WHERE id = ?5) AND m.day >= ?1 AND m.day <= ?2"
      " ORDER BY m.day DESC LIMIT " +
      std::to_string(kMaxScopeArticles) + ")" + EntityFilterSql(n_entities - 1, 6) + sources;
  const std::string ranked =
      query.collapse_duplicates
          ? "SELECT id, story, published FROM (SELECT id, story, published, row_number() OVER"
            " (PARTITION BY story ORDER BY published DESC, id DESC) AS n FROM (" +
                matches + ")) WHERE n = 1"
          : matches;
  const std::string select = "SELECT id, story, count(*) OVER () FROM (" + ranked +
                             ") ORDER BY published DESC, id DESC LIMIT ?3 OFFSET ?4";
  // `matches` and everything built on it: ?1/?2 the dates, ?5... the entities, then the sources.
  auto bind_filters = [&](Statement& s) {
    s.BindText(1, Lower(query.from));
    s.BindText(2, Upper(query.to));
    for (size_t i = 0; i < n_entities; ++i) s.BindText(5 + static_cast<int>(i), query.entities[i]);
    for (size_t i = 0; i < query.sources.size(); ++i) {
      s.BindText(source0 + static_cast<int>(i), query.sources[i]);
    }
  };
  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(db, select));
  bind_filters(st);
  st.BindInt(3, static_cast<int64_t>(query.limit));
  st.BindInt(4, static_cast<int64_t>(query.offset));
  Statement details, story_size;
  KHABAR_RETURN_IF_ERROR(details.Prepare(
      db,
      "SELECT content_id, title, published, site, doc_key, record FROM articles WHERE rowid = ?1"));
  KHABAR_RETURN_IF_ERROR(
      story_size.Prepare(db, "SELECT count(*) FROM articles WHERE story_id = ?1"));
  SearchResults results;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    results.total = static_cast<size_t>(st.ColumnInt(2));
    details.Reset();
    details.BindInt(1, st.ColumnInt(0));
    if (details.Step() != SQLITE_ROW) return SqliteError(db, "search details");
    SearchHit hit;
    hit.id = details.ColumnText(0);
    hit.title = details.ColumnText(1);
    hit.published = details.ColumnText(2);
    hit.site = details.ColumnText(3);
    const std::string doc_key = details.ColumnText(4);
    (doc_key.find("://") != std::string::npos ? hit.url : hit.path) = doc_key;
    // Snippet: the first mention of the first entity, marked.
    if (Result<ArticleRecord> rec = UnpackRecord(details.ColumnBlob(5)); rec.ok()) {
      for (const EntityMention& m : rec->entities) {
        if (m.paragraph < rec->paragraphs.size() &&
            EntityKey(m.id, m.type, m.text) == query.entities[0]) {
          hit.snippet = MarkedSnippet(rec->paragraphs[m.paragraph], m.begin, m.end);
          break;
        }
      }
      if (hit.snippet.empty() && !rec->paragraphs.empty()) {
        hit.snippet = MarkedSnippet(rec->paragraphs[0], 0, 0);
      }
    }
    story_size.Reset();
    story_size.BindInt(1, st.ColumnInt(1));
    hit.story_size =
        story_size.Step() == SQLITE_ROW ? static_cast<size_t>(story_size.ColumnInt(0)) : 1;
    results.hits.push_back(std::move(hit));
  }
  if (rc != SQLITE_DONE) return SqliteError(db, "search by entity");
  if (query.facets) {
    KHABAR_RETURN_IF_ERROR(ComputeFacets(
        db, "SELECT id FROM (" + matches + ") LIMIT " + std::to_string(kFacetSample),
        bind_filters,
        &results));
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Analytics.

Result<std::vector<TimeBucket>> Corpus::ArticleCounts(const StatsQuery& query) const {
  KHABAR_RETURN_IF_ERROR(Validate(query));
  Result<int64_t> scope_entity = ScopeEntityRowid(db(), query);
  if (!scope_entity.ok()) return scope_entity.status();
  const int64_t entity = *scope_entity;
  return CountByPeriod(db(), query, entity);
}

Result<std::vector<TimeBucket>> Corpus::EntityTimeline(std::string_view id,
                                                       const StatsQuery& query) const {
  KHABAR_RETURN_IF_ERROR(Validate(query));
  Result<int64_t> e = EntityRowid(db(), id);
  if (!e.ok()) return e.status();
  return CountByPeriod(db(), query, *e);
}

Result<std::vector<SourceCount>> Corpus::SourceCounts(const StatsQuery& query) const {
  KHABAR_RETURN_IF_ERROR(Validate(query));
  Result<int64_t> scope_entity = ScopeEntityRowid(db(), query);
  if (!scope_entity.ok()) return scope_entity.status();
  const int64_t entity = *scope_entity;
  const size_t n = query.sources.size();
  const std::string sql =
      entity != 0 ? "SELECT a.site, count(*) AS c FROM (" + ScopeSql(true, n) +
                        ") s JOIN articles a ON a.rowid = s.article GROUP BY a.site"
                        " ORDER BY c DESC, a.site LIMIT ?3"
                  : "SELECT a.site, count(*) AS c FROM articles a WHERE a.published >= ?1"
                    " AND a.published <= ?2" +
                        SourcesSql(n) + " GROUP BY a.site ORDER BY c DESC, a.site LIMIT ?3";
  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(db(), sql));
  BindCommon(st, query, entity);
  std::vector<SourceCount> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back({st.ColumnText(0), st.ColumnInt(1)});
  if (rc != SQLITE_DONE) return SqliteError(db(), "counting sources");
  return out;
}

Result<std::vector<EntityStat>> Corpus::TopEntities(const StatsQuery& query) const {
  KHABAR_RETURN_IF_ERROR(Validate(query));
  Result<int64_t> scope_entity = ScopeEntityRowid(db(), query);
  if (!scope_entity.ok()) return scope_entity.status();
  const int64_t entity = *scope_entity;
  const bool whole_corpus =
      entity == 0 && query.from.empty() && query.to.empty() && query.sources.empty();
  std::string sql;
  if (whole_corpus) {
    // The totals kept at ingest, read in index order.
    sql =
        "SELECT id, type, label_en, qid, name_ar, articles, mentions FROM entities"
        " WHERE articles > 0" +
        std::string(query.type.empty() ? "" : " AND type = ?5") +
        " ORDER BY articles DESC LIMIT ?3";
  } else {
    sql =
        "SELECT e.id, e.type, e.label_en, e.qid, e.name_ar, count(*) AS n, sum(m.count) AS c"
        " FROM (" +
        ScopeSql(entity != 0, query.sources.size()) +
        ") s JOIN mentions m ON m.article = s.article JOIN entities e ON e.rowid = m.entity"
        " WHERE m.entity != ?4" +
        std::string(query.type.empty() ? "" : " AND e.type = ?5") +
        " GROUP BY m.entity ORDER BY n DESC, c DESC, e.id LIMIT ?3";
  }
  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(db(), sql));
  BindCommon(st, query, entity);
  std::vector<EntityStat> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    EntityStat e = ReadEntity(st, 0);
    e.articles = st.ColumnInt(5);
    e.mentions = st.ColumnInt(6);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return SqliteError(db(), "top entities");
  return out;
}

Result<EntityProfile> Corpus::Entity(std::string_view id) const {
  Statement st;
  KHABAR_RETURN_IF_ERROR(
      st.Prepare(db(),
                 "SELECT id, type, label_en, qid, name_ar, articles, mentions, rowid FROM entities"
                 " WHERE id = ?1"));
  st.BindText(1, id);
  const int rc = st.Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no entity with id " + std::string(id));
  if (rc != SQLITE_ROW) return SqliteError(db(), "reading entity");
  EntityProfile profile;
  profile.entity = ReadEntity(st, 0);
  profile.entity.articles = st.ColumnInt(5);
  profile.entity.mentions = st.ColumnInt(6);
  const int64_t rowid = st.ColumnInt(7);
  for (const char* order : {"ASC", "DESC"}) {
    Statement day;
    KHABAR_RETURN_IF_ERROR(day.Prepare(
        db(), std::string("SELECT day FROM mentions WHERE entity = ?1 AND day > '' ORDER BY day ") +
                  order + " LIMIT 1"));
    day.BindInt(1, rowid);
    if (day.Step() == SQLITE_ROW) {
      (order[0] == 'A' ? profile.first_seen : profile.last_seen) = day.ColumnText(0);
    }
  }
  return profile;
}

Result<std::vector<CoMention>> Corpus::CoMentioned(std::string_view id,
                                                   const StatsQuery& query) const {
  KHABAR_RETURN_IF_ERROR(Validate(query));
  Result<int64_t> x = EntityRowid(db(), id);
  if (!x.ok()) return x.status();
  const std::string scope = ScopeSql(true, query.sources.size());
  // n_x: the articles of x in scope; N: the articles with entities.
  Statement scope_size, total;
  KHABAR_RETURN_IF_ERROR(scope_size.Prepare(db(), "SELECT count(*) FROM (" + scope + ")"));
  BindCommon(scope_size, query, *x);
  if (scope_size.Step() != SQLITE_ROW) return SqliteError(db(), "co-mentions");
  const double n_x = static_cast<double>(scope_size.ColumnInt(0));
  KHABAR_RETURN_IF_ERROR(
      total.Prepare(db(), "SELECT value FROM counters WHERE name = 'articles_with_entities'"));
  const double n_total = total.Step() == SQLITE_ROW ? static_cast<double>(total.ColumnInt(0)) : 0;

  Statement st;
  KHABAR_RETURN_IF_ERROR(st.Prepare(
      db(),
      "SELECT e.id, e.type, e.label_en, e.qid, e.name_ar, e.articles, e.mentions, count(*) AS n"
      " FROM (" +
          scope +
          ") s JOIN mentions m ON m.article = s.article JOIN entities e ON e.rowid = m.entity"
          " WHERE m.entity != ?4" +
          std::string(query.type.empty() ? "" : " AND e.type = ?5") +
          " GROUP BY m.entity HAVING n >= ?6"));
  BindCommon(st, query, *x);
  std::vector<CoMention> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    CoMention c;
    c.entity = ReadEntity(st, 0);
    c.entity.articles = st.ColumnInt(5);
    c.entity.mentions = st.ColumnInt(6);
    c.count = st.ColumnInt(7);
    const double n_y = static_cast<double>(c.entity.articles);
    c.pmi = n_x > 0 && n_y > 0 && n_total > 0 ? std::log2((c.count / n_x) / (n_y / n_total)) : 0;
    out.push_back(std::move(c));
  }
  if (rc != SQLITE_DONE) return SqliteError(db(), "co-mentions");
  auto by_count = [](const CoMention& a, const CoMention& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.pmi != b.pmi) return a.pmi > b.pmi;
    return a.entity.id < b.entity.id;
  };
  auto by_pmi = [](const CoMention& a, const CoMention& b) {
    if (a.pmi != b.pmi) return a.pmi > b.pmi;
    if (a.count != b.count) return a.count > b.count;
    return a.entity.id < b.entity.id;
  };
  const size_t keep = std::min(query.limit, out.size());
  if (query.rank_by_pmi) {
    std::partial_sort(out.begin(), out.begin() + keep, out.end(), by_pmi);
  } else {
    std::partial_sort(out.begin(), out.begin() + keep, out.end(), by_count);
  }
  out.resize(keep);
  return out;
}

}  // namespace khabar::store

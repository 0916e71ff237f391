// Entities in the corpus and the analytics over them: docs/storage.md, "Entities" and "Analytics".
// Every SQL text here is built from constants and counts only; every value is a bound parameter.
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <span>
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
#include "store/search.h"
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

// Never edit once released. Needs the functions of RegisterEntityFunctions.
const char kCompactSchemaMigration[] = R"sql(
DROP INDEX mentions_article;
ALTER TABLE mentions RENAME TO mentions_v2;
CREATE TABLE mentions(
  entity INTEGER NOT NULL,
  day INTEGER NOT NULL,
  article INTEGER NOT NULL,
  PRIMARY KEY (entity, day, article)) WITHOUT ROWID;
INSERT INTO mentions SELECT entity, khabar_day_number(day), article FROM mentions_v2 ORDER BY 1, 2, 3;
CREATE TABLE article_entities(
  article INTEGER PRIMARY KEY,
  day INTEGER NOT NULL,
  entities BLOB NOT NULL);
INSERT INTO article_entities
  SELECT article, khabar_day_number(min(day)), khabar_entity_list(entity, count)
  FROM mentions_v2 GROUP BY article ORDER BY article;
DROP TABLE mentions_v2;
ALTER TABLE lsh_bands RENAME TO lsh_bands_v2;
CREATE TABLE lsh_bands(
  band_key INTEGER NOT NULL, article_rowid INTEGER NOT NULL,
  PRIMARY KEY (band_key, article_rowid)) WITHOUT ROWID;
INSERT OR IGNORE INTO lsh_bands
  SELECT CASE WHEN band_key >= 2147483648 THEN band_key - 4294967296 ELSE band_key END,
         article_rowid FROM lsh_bands_v2 ORDER BY 1, 2;
DROP TABLE lsh_bands_v2;
DROP TRIGGER IF EXISTS articles_ai;
DROP TRIGGER IF EXISTS articles_au;
CREATE TRIGGER articles_au AFTER UPDATE OF title, record ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, khabar_body(old.record));
  INSERT INTO articles_fts(rowid, title, body)
    VALUES (new.rowid, new.title, khabar_body(new.record));
END;
)sql";

// Version 4 (the SQL of the 3 -> 4 step, corpus.cc kMigrations). entities_top(articles) goes: the
// whole corpus's top entities are read from entities_type_top, the top of each type merged
// (TopEntities), with the same answer (docs/storage.md, "Size").
const char kSizeV4Migration[] = R"sql(
DROP INDEX IF EXISTS entities_top;
)sql";

namespace {

constexpr size_t kMaxLimit = 10000;
constexpr size_t kMaxSources = 32;
constexpr size_t kMaxSearchEntities = 8;

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    *out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  *out += static_cast<char>(v);
}

// article_entities.entities: varints (rowid - previous rowid, count) per entity, by rowid.
std::string EncodeEntityList(std::vector<std::pair<int64_t, int64_t>> entities) {
  std::sort(entities.begin(), entities.end());
  std::string out;
  int64_t last = 0;
  for (const auto& [rowid, count] : entities) {
    PutVarint(static_cast<uint64_t>(rowid - last), &out);
    PutVarint(static_cast<uint64_t>(std::max<int64_t>(count, 0)), &out);
    last = rowid;
  }
  return out;
}

// Inclusive bounds of StatsQuery::from/to as byte-wise comparable text on `published`: a value
// starting with `to` sorts below to + "\xff".
std::string Lower(const std::string& from) { return from.substr(0, 10); }
std::string Upper(const std::string& to) { return to.empty() ? "\xff" : to.substr(0, 10) + "\xff"; }
// The same bounds on mentions.day (DayNumber): "2022-03" -> [20220300, 20220399].
int64_t LowerDay(const std::string& from) { return from.empty() ? 0 : DayNumber(from); }
int64_t UpperDay(const std::string& to) {
  if (to.empty()) return INT64_MAX;
  const int64_t day = DayNumber(to);
  if (day % 100 != 0) return day;
  if (day / 100 % 100 != 0) return day + 99;
  return day + 9999;
}

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
  KHABAR_RETURN_IF_ERROR(ValidDateBound(q.from, "from"));
  return ValidDateBound(q.to, "to");
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

// `days`: ?1/?2 bound for mentions.day (integers) rather than articles.published (text).
void BindCommon(Statement& st, const StatsQuery& q, int64_t entity_rowid, bool days) {
  if (days) {
    st.BindInt(kLo, LowerDay(q.from));
    st.BindInt(kHi, UpperDay(q.to));
  } else {
    st.BindText(kLo, Lower(q.from));
    st.BindText(kHi, Upper(q.to));
  }
  st.BindInt(kLimit, static_cast<int64_t>(q.limit));
  st.BindInt(kEntity, entity_rowid);
  st.BindText(kType, q.type);
  st.BindInt(kMinCount, static_cast<int64_t>(std::max<size_t>(q.min_count, 1)));
  for (size_t i = 0; i < q.sources.size(); ++i) {
    st.BindText(kSource0 + static_cast<int>(i), q.sources[i]);
  }
}

// The articles a query is about, newest first, at most kMaxScopeArticles: those mentioning the
// entity ?4 when `by_entity` (bind with days = true), else all; within the dates and sources. One
// column: `article`.
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

// Per entity rowid: articles and mentions over a set of articles.
using EntityTally = std::unordered_map<int64_t, std::pair<int64_t, int64_t>>;

// Adds the entities of every article that `scope` yields (first column: article rowid) to *tally,
// leaving out `exclude` (0: none). At most `cap` articles; returns how many were read.
Result<size_t> TallyEntities(sqlite3* db, Statement& scope, int64_t exclude, size_t cap,
                             EntityTally* tally) {
  Statement entities_of;
  KHABAR_RETURN_IF_ERROR(
      entities_of.Prepare(db, "SELECT entities FROM article_entities WHERE article = ?1"));
  size_t n = 0;
  int rc = SQLITE_DONE;
  while (n < cap && (rc = scope.Step()) == SQLITE_ROW) {
    ++n;
    entities_of.Reset();
    entities_of.BindInt(1, scope.ColumnInt(0));
    if (entities_of.Step() != SQLITE_ROW) continue;
    Result<std::vector<std::pair<int64_t, int64_t>>> list =
        DecodeEntityList(entities_of.ColumnBlob(0));
    if (!list.ok()) return list.status();
    for (const auto& [entity, count] : *list) {
      if (entity == exclude) continue;
      auto& [articles, mentions] = (*tally)[entity];
      ++articles;
      mentions += count;
    }
  }
  entities_of.Reset();
  if (n < cap && rc != SQLITE_DONE) return SqliteError(db, "reading entities of articles");
  return n;
}

// A snippet of `paragraph` around code points [begin, end), the mention between highlight markers
// (none when the span is empty).
std::string MarkedSnippet(std::string_view paragraph, size_t begin, size_t end) {
  constexpr size_t kContext = 100;  // code points either side
  const size_t from = begin > kContext ? begin - kContext : 0;
  std::string out = from > 0 ? "…" : "";
  size_t pos = 0, cp = 0;
  while (pos < paragraph.size() && cp < end + kContext) {
    const size_t start = pos;
    utf8::Next(paragraph, &pos);
    if (cp == begin && begin < end) out += kHighlightBegin;  // (0, 0): nothing to mark
    if (cp >= from) out.append(paragraph.substr(start, pos - start));
    ++cp;
    if (cp == end && begin < end) out += kHighlightEnd;
  }
  if (pos < paragraph.size()) out += "…";
  return out;
}

// `text` with each code-point span of `spans` (in order, not overlapping) between highlight
// markers; spans past the end are ignored.
std::string MarkSpans(std::string_view text, std::span<const std::pair<size_t, size_t>> spans) {
  std::string out;
  out.reserve(text.size() + 2 * spans.size());
  size_t pos = 0, cp = 0, s = 0;
  bool open = false;
  while (pos < text.size()) {
    while (!open && s < spans.size() && spans[s].second <= cp) ++s;  // empty or passed
    if (!open && s < spans.size() && spans[s].first == cp) {
      out += kHighlightBegin;
      open = true;
    }
    const size_t start = pos;
    utf8::Next(text, &pos);
    out.append(text.substr(start, pos - start));
    ++cp;
    if (open && spans[s].second == cp) {
      out += kHighlightEnd;
      open = false;
      ++s;
    }
  }
  if (open) out += kHighlightEnd;
  return out;
}

// Whether `m` is a mention of the entity `key` (EntityKey). A NIL entity's key is its longest
// form (the record's entity_counts group its mentions), so a shorter mention of it, such as a
// headline's الزهراني of the body's كريم الزهراني, is a run of its words with the same type.
bool IsMentionOf(const EntityMention& m, std::string_view key) {
  const std::string own = EntityKey(m.id, m.type, m.text);
  if (own == key) return true;
  const std::string prefix = "NIL:" + m.type + ":";
  if (!own.starts_with(prefix) || !key.starts_with(prefix) || own.size() == prefix.size()) {
    return false;
  }
  const std::string_view name = key.substr(prefix.size());
  const std::string_view part = std::string_view(own).substr(prefix.size());
  for (size_t at = name.find(part); at != std::string_view::npos; at = name.find(part, at + 1)) {
    const size_t end = at + part.size();
    if ((at == 0 || name[at - 1] == ' ') && (end == name.size() || name[end] == ' ')) return true;
  }
  return false;
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
      entity_rowid != 0 ? "SELECT khabar_day_text(m.day) AS d FROM mentions m" +
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
  BindCommon(st, q, entity_rowid, entity_rowid != 0);
  std::vector<TimeBucket> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back({st.ColumnText(0), st.ColumnInt(1)});
  if (rc != SQLITE_DONE) return SqliteError(db, "counting articles");
  std::reverse(out.begin(), out.end());
  return out;
}

void DayNumberFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const unsigned char* p = sqlite3_value_text(argv[0]);
  const std::string_view s =
      p ? std::string_view(reinterpret_cast<const char*>(p), sqlite3_value_bytes(argv[0])) : "";
  sqlite3_result_int64(ctx, DayNumber(s));
}

void DayTextFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const std::string text = DayText(sqlite3_value_int64(argv[0]));
  sqlite3_result_text(ctx, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// khabar_entity_list(entity, count): the aggregate state is a vector of pairs.
using EntityPairs = std::vector<std::pair<int64_t, int64_t>>;
void EntityListStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto** state = static_cast<EntityPairs**>(sqlite3_aggregate_context(ctx, sizeof(EntityPairs*)));
  if (state == nullptr) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (*state == nullptr) *state = new EntityPairs;
  (*state)->emplace_back(sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]));
}
void EntityListFinal(sqlite3_context* ctx) {
  auto** state = static_cast<EntityPairs**>(sqlite3_aggregate_context(ctx, 0));
  const std::string blob = EncodeEntityList(state && *state ? **state : EntityPairs{});
  if (state != nullptr) delete *state;
  sqlite3_result_blob(ctx, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status RegisterEntityFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  if (sqlite3_create_function_v2(db, "khabar_day_number", 1, flags, nullptr, DayNumberFunction,
                                 nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_create_function_v2(db, "khabar_day_text", 1, flags, nullptr, DayTextFunction, nullptr,
                                 nullptr, nullptr) != SQLITE_OK ||
      sqlite3_create_function_v2(db, "khabar_entity_list", 2, flags, nullptr, nullptr,
                                 EntityListStep, EntityListFinal, nullptr) != SQLITE_OK) {
    return Status::Internal("cannot register the entity functions");
  }
  return Status::Ok();
}

int64_t DayNumber(std::string_view published) {
  const size_t t = published.find('T');
  const std::string_view d = published.substr(0, std::min<size_t>(t, 10));
  auto digits = [&](size_t from, size_t n, int64_t* out) {
    if (d.size() < from + n) return false;
    int64_t v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (d[i] < '0' || d[i] > '9') return false;
      v = v * 10 + (d[i] - '0');
    }
    *out = v;
    return true;
  };
  int64_t year = 0, month = 0, day = 0;
  if (!digits(0, 4, &year) || year == 0) return 0;
  if (d.size() == 4) return year * 10000;
  if (d.size() < 7 || d[4] != '-' || !digits(5, 2, &month) || month < 1 || month > 12) return 0;
  if (d.size() == 7) return year * 10000 + month * 100;
  if (d.size() != 10 || d[7] != '-' || !digits(8, 2, &day) || day < 1 || day > 31) return 0;
  return year * 10000 + month * 100 + day;
}

Status ValidDateBound(std::string_view date, std::string_view what) {
  if (!date.empty() && DayNumber(date) == 0) {
    return Status::InvalidArgument(std::string(what) +
                                   " must be a date: YYYY, YYYY-MM or YYYY-MM-DD");
  }
  return Status::Ok();
}

std::string DayText(int64_t day) {
  if (day <= 0) return "";
  char buf[32];
  const int64_t y = day / 10000, m = day / 100 % 100, d = day % 100;
  if (d != 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d));
  } else if (m != 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(y),
                  static_cast<long long>(m));
  } else {
    std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(y));
  }
  return buf;
}

Result<std::vector<std::pair<int64_t, int64_t>>> DecodeEntityList(std::string_view blob) {
  std::vector<std::pair<int64_t, int64_t>> out;
  size_t pos = 0;
  int64_t last = 0;
  auto varint = [&](uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= blob.size()) return false;
      const auto b = static_cast<unsigned char>(blob[pos++]);
      *v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (b < 0x80) return true;
    }
    return false;
  };
  while (pos < blob.size()) {
    uint64_t delta, count;
    if (!varint(&delta) || !varint(&count)) {
      return Status::Corrupt("damaged article_entities row");
    }
    last += static_cast<int64_t>(delta);
    out.emplace_back(last, static_cast<int64_t>(count));
  }
  return out;
}

std::string EntityKey(std::string_view id, std::string_view type, std::string_view text) {
  if (!id.empty() && id != "NIL") return std::string(id);
  return "NIL:" + std::string(type) + ":" + text::MatchKey(text);
}

std::vector<ArticleEntity> GroupEntities(const ArticleRecord& record) {
  std::vector<ArticleEntity> out;
  std::vector<std::string> longest;  // the longest form written, per entity
  std::unordered_map<std::string, size_t> index;
  auto add = [&](std::string_view id, const std::string& type, const std::string& label_en,
                 const std::string& qid, const std::string& text, int64_t count) {
    if (id.empty() && text.empty()) return;
    std::string key = EntityKey(id, type, text);
    auto [it, inserted] = index.try_emplace(key, out.size());
    if (inserted) {
      out.push_back({std::move(key), type, label_en, qid, "", 0});
      longest.push_back(text);
    }
    out[it->second].count += count;
    if (text.size() > longest[it->second].size()) longest[it->second] = text;
  };
  // The per-document counts first: the recognizer grouped them (a NIL partial name such as
  // ياكونان joins the fuller ديديه ياكونان of the same article, whose longer form is the row's
  // text, so both are one entity here too). Records with mentions and no counts group by text.
  if (!record.entity_counts.empty()) {
    for (const EntityCount& c : record.entity_counts) {
      add(c.id, c.type, c.label_en, c.qid, c.text,
          static_cast<int64_t>(std::max<size_t>(c.count, 1)));
    }
  } else {
    for (const std::vector<EntityMention>* list : {&record.title_entities, &record.entities}) {
      for (const EntityMention& m : *list) add(m.id, m.type, m.label_en, m.qid, m.text, 1);
    }
  }
  // The Arabic name shown for an entity: the shipped KB's, else the form written in the article.
  for (size_t i = 0; i < out.size(); ++i) {
    ArticleEntity& e = out[i];
    if (e.key.rfind("NIL:", 0) != 0) {
      if (const kb::Entity* k = kb::KnowledgeBase::Default().Find(e.key)) {
        if (!k->label_ar.empty()) e.name_ar = k->label_ar;
      }
    }
    if (e.name_ar.empty()) e.name_ar = std::move(longest[i]);
  }
  return out;
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
      {&x->old_entities_, "SELECT day, entities FROM article_entities WHERE article = ?1"},
      {&x->delete_mention_, "DELETE FROM mentions WHERE entity = ?1 AND day = ?2 AND article = ?3"},
      {&x->delete_article_, "DELETE FROM article_entities WHERE article = ?1"},
      // Plain statements rather than one upsert: an INSERT ... ON CONFLICT DO UPDATE runs as a
      // statement transaction, and FTS5 flushes its pending terms at every one.
      {&x->find_entity_,
       "SELECT rowid, label_en = '', qid = '', name_ar = '' FROM entities WHERE id = ?1"},
      // The rowid SQLite gives a row inserted without one.
      {&x->next_entity_, "SELECT coalesce(max(rowid), 0) + 1 FROM entities"},
      {&x->insert_entity_,
       "INSERT INTO entities(rowid, id, type, label_en, qid, name_ar, articles, mentions)"
       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
      {&x->fill_entity_,
       "UPDATE entities SET label_en = CASE WHEN label_en = '' THEN ?2 ELSE label_en END,"
       " qid = CASE WHEN qid = '' THEN ?3 ELSE qid END,"
       " name_ar = CASE WHEN name_ar = '' THEN ?4 ELSE name_ar END WHERE rowid = ?1"},
      {&x->insert_mention_, "INSERT OR IGNORE INTO mentions VALUES (?1, ?2, ?3)"},
      {&x->put_article_, "INSERT OR REPLACE INTO article_entities VALUES (?1, ?2, ?3)"},
      {&x->has_entities_, "SELECT 1 FROM article_entities WHERE article = ?1"},
      {&x->bump_totals_,
       "UPDATE entities SET articles = articles + ?2, mentions = mentions + ?3 WHERE rowid = ?1"},
      {&x->bump_counter_,
       "UPDATE counters SET value = value + ?1 WHERE name = 'articles_with_entities'"},
      {&x->rewrite_record_, "UPDATE articles SET record = ?2 WHERE rowid = ?1"},
  };
  for (const auto& [statement, sql] : statements) {
    KHABAR_RETURN_IF_ERROR(statement->Prepare(db, sql));
  }
  // kMentionRows mentions per statement (one statement per mention was a third of the entity
  // index's time).
  KHABAR_RETURN_IF_ERROR(x->insert_mentions_.Prepare(
      db, MultiRowInsertSql("INSERT OR IGNORE INTO mentions VALUES ", kMentionRows, 3)));
  return x;
}

Result<EntityIndex::Cached*> EntityIndex::EntityRow(const ArticleEntity& e) {
  auto it = cache_.find(e.key);
  if (it == cache_.end()) {
    Cached row;
    find_entity_.Reset();
    sqlite3_bind_text(find_entity_.get(), 1, e.key.data(), static_cast<int>(e.key.size()),
                      SQLITE_STATIC);
    const int rc = find_entity_.Step();
    if (rc == SQLITE_ROW) {
      row.rowid = find_entity_.ColumnInt(0);
      row.no_label = find_entity_.ColumnInt(1) != 0;
      row.no_qid = find_entity_.ColumnInt(2) != 0;
      row.no_name = find_entity_.ColumnInt(3) != 0;
    }
    find_entity_.Reset();  // a statement left on a row pins a WAL snapshot
    if (rc == SQLITE_DONE) {
      // New: the next rowid after the stored ones and the new ones before it; Flush writes it.
      if (new_entities_.empty()) {
        next_entity_.Reset();
        const int next = next_entity_.Step();
        if (next == SQLITE_ROW) first_new_rowid_ = next_entity_.ColumnInt(0);
        next_entity_.Reset();
        if (next != SQLITE_ROW) return SqliteError(db_, "numbering entity");
      }
      row.rowid = first_new_rowid_ + static_cast<int64_t>(new_entities_.size());
      new_entities_.push_back({e.key, e.type, e.label_en, e.qid, e.name_ar});
      row.no_label = e.label_en.empty();
      row.no_qid = e.qid.empty();
      row.no_name = e.name_ar.empty();
    } else if (rc != SQLITE_ROW) {
      return SqliteError(db_, "looking up entity");
    }
    it = cache_.emplace(e.key, row).first;
  }
  // The labels of an entity are those first seen; a later mention fills in only a missing one.
  Cached& row = it->second;
  if ((row.no_label && !e.label_en.empty()) || (row.no_qid && !e.qid.empty()) ||
      (row.no_name && !e.name_ar.empty())) {
    if (!new_entities_.empty() && row.rowid >= first_new_rowid_) {
      NewEntity& n = new_entities_[static_cast<size_t>(row.rowid - first_new_rowid_)];
      if (n.label_en.empty()) n.label_en = e.label_en;
      if (n.qid.empty()) n.qid = e.qid;
      if (n.name_ar.empty()) n.name_ar = e.name_ar;
    } else {
      fill_entity_.Reset();
      fill_entity_.BindInt(1, row.rowid);
      fill_entity_.BindText(2, e.label_en);
      fill_entity_.BindText(3, e.qid);
      fill_entity_.BindText(4, e.name_ar);
      if (fill_entity_.Step() != SQLITE_DONE) return SqliteError(db_, "storing entity");
    }
    row.no_label = row.no_label && e.label_en.empty();
    row.no_qid = row.no_qid && e.qid.empty();
    row.no_name = row.no_name && e.name_ar.empty();
  }
  return &row;
}

Status EntityIndex::Index(int64_t rowid, int64_t day, const std::vector<ArticleEntity>& entities) {
  // Forget what the article mentioned before.
  old_entities_.Reset();
  old_entities_.BindInt(1, rowid);
  int rc = old_entities_.Step();
  if (rc == SQLITE_ROW) {
    const int64_t old_day = old_entities_.ColumnInt(0);
    Result<std::vector<std::pair<int64_t, int64_t>>> old =
        DecodeEntityList(old_entities_.ColumnBlob(1));
    old_entities_.Reset();
    if (!old.ok()) return old.status();
    // Mentions of an article stored earlier in this batch are not written yet.
    if (articles_with_new_mentions_.erase(rowid) > 0) {
      new_mentions_.erase(std::remove_if(new_mentions_.begin(), new_mentions_.end(),
                                         [rowid](const Mention& m) { return m.article == rowid; }),
                          new_mentions_.end());
    }
    for (const auto& [entity, count] : *old) {
      delete_mention_.Reset();
      delete_mention_.BindInt(1, entity);
      delete_mention_.BindInt(2, old_day);
      delete_mention_.BindInt(3, rowid);
      if (delete_mention_.Step() != SQLITE_DONE) return SqliteError(db_, "removing mentions");
      auto& [articles, mentions] = forgotten_[entity];
      articles -= 1;
      mentions -= count;
    }
    if (!old->empty()) --pending_counter_;
    delete_article_.Reset();
    delete_article_.BindInt(1, rowid);
    if (delete_article_.Step() != SQLITE_DONE) return SqliteError(db_, "removing mentions");
  } else {
    old_entities_.Reset();
    if (rc != SQLITE_DONE) return SqliteError(db_, "reading mentions");
  }
  if (entities.empty()) return Status::Ok();

  std::vector<std::pair<int64_t, int64_t>> list;
  list.reserve(entities.size());
  for (const ArticleEntity& e : entities) {
    Result<Cached*> entity = EntityRow(e);  // new entities get their rowids in this order
    if (!entity.ok()) return entity.status();
    Cached& row = **entity;
    row.articles += 1;
    row.mentions += e.count;
    if (!row.touched) {
      row.touched = true;
      touched_.push_back(&row);
    }
    list.emplace_back(row.rowid, e.count);
  }
  // The mentions wait for Flush, which inserts the batch's in key order.
  for (const auto& [entity, count] : list) new_mentions_.push_back({entity, day, rowid});
  articles_with_new_mentions_.insert(rowid);
  put_article_.Reset();
  put_article_.BindInt(1, rowid);
  put_article_.BindInt(2, day);
  put_article_.BindBlob(3, EncodeEntityList(std::move(list)));
  if (put_article_.Step() != SQLITE_DONE) return SqliteError(db_, "storing mentions");
  ++pending_counter_;
  return Status::Ok();
}

Status EntityIndex::Flush() {
  Status s = WriteTotals();
  if (!s.ok()) DropCache();  // the rows and totals written so far are rolled back with the batch
  return s;
}

Status EntityIndex::WriteTotals() {
  // The batch's mentions in key order (neighbouring b-tree inserts), kMentionRows per statement.
  std::sort(new_mentions_.begin(), new_mentions_.end());
  KHABAR_RETURN_IF_ERROR(InsertRows(
      db_, insert_mentions_, kMentionRows, insert_mention_, 3, new_mentions_.size(),
      [&](Statement& st, int p, size_t i) {
        const Mention& m = new_mentions_[i];
        st.BindInt(p, m.entity);
        st.BindInt(p + 1, m.day);
        st.BindInt(p + 2, m.article);
      },
      "storing mentions"));
  new_mentions_.clear();
  articles_with_new_mentions_.clear();
  // The pending totals by rowid: the stored entities' first (updated in rowid order, neighbouring
  // b-tree pages), then the new ones, whose rowids follow every stored one (appended with their
  // totals).
  struct Total {
    int64_t rowid, articles, mentions;
  };
  std::vector<Total> totals;
  totals.reserve(touched_.size() + forgotten_.size());
  for (Cached* row : touched_) {
    totals.push_back({row->rowid, row->articles, row->mentions});
    row->articles = row->mentions = 0;
    row->touched = false;
  }
  touched_.clear();
  for (const auto& [rowid, delta] : forgotten_)
    totals.push_back({rowid, delta.first, delta.second});
  forgotten_.clear();
  std::sort(totals.begin(), totals.end(),
            [](const Total& a, const Total& b) { return a.rowid < b.rowid; });
  size_t t = 0;
  // The sum of the entries of totals[t...] with the same rowid; t moves past them.
  const auto next_total = [&](int64_t* articles, int64_t* mentions) {
    const int64_t rowid = totals[t].rowid;
    *articles = *mentions = 0;
    for (; t < totals.size() && totals[t].rowid == rowid; ++t) {
      *articles += totals[t].articles;
      *mentions += totals[t].mentions;
    }
  };
  const int64_t first_new =
      new_entities_.empty() ? INT64_MAX : first_new_rowid_;  // rowids of new rows start here
  while (t < totals.size() && totals[t].rowid < first_new) {
    const int64_t rowid = totals[t].rowid;
    int64_t articles, mentions;
    next_total(&articles, &mentions);
    if (articles == 0 && mentions == 0) continue;
    bump_totals_.Reset();
    bump_totals_.BindInt(1, rowid);
    bump_totals_.BindInt(2, articles);
    bump_totals_.BindInt(3, mentions);
    if (bump_totals_.Step() != SQLITE_DONE) return SqliteError(db_, "updating entity totals");
  }
  for (size_t i = 0; i < new_entities_.size(); ++i) {
    const int64_t rowid = first_new_rowid_ + static_cast<int64_t>(i);
    int64_t articles = 0, mentions = 0;
    if (t < totals.size() && totals[t].rowid == rowid) next_total(&articles, &mentions);
    const NewEntity& e = new_entities_[i];
    insert_entity_.Reset();
    insert_entity_.BindInt(1, rowid);
    const std::string* texts[] = {&e.key, &e.type, &e.label_en, &e.qid, &e.name_ar};
    for (int k = 0; k < 5; ++k) {
      // The strings outlive the step (reset below): no copy.
      sqlite3_bind_text(insert_entity_.get(), k + 2, texts[k]->data(),
                        static_cast<int>(texts[k]->size()), SQLITE_STATIC);
    }
    insert_entity_.BindInt(7, articles);
    insert_entity_.BindInt(8, mentions);
    const int rc = insert_entity_.Step();
    insert_entity_.Reset();
    if (rc != SQLITE_DONE) return SqliteError(db_, "storing entity");
  }
  new_entities_.clear();
  if (pending_counter_ != 0) {
    bump_counter_.Reset();
    bump_counter_.BindInt(1, pending_counter_);
    if (bump_counter_.Step() != SQLITE_DONE) return SqliteError(db_, "counting articles");
    pending_counter_ = 0;
  }
  if (cache_.size() >= 1000000) cache_.clear();  // bounded memory; refilled as entities recur
  return Status::Ok();
}

void EntityIndex::DropCache() {
  cache_.clear();
  new_mentions_.clear();
  articles_with_new_mentions_.clear();
  touched_.clear();
  new_entities_.clear();
  forgotten_.clear();
  pending_counter_ = 0;
}

Result<bool> EntityIndex::Backfill(int64_t rowid, const ArticleRecord& record,
                                   const std::vector<ArticleEntity>& entities) {
  if (record.entities.empty() && record.entity_counts.empty()) return false;
  has_entities_.Reset();
  has_entities_.BindInt(1, rowid);
  const int rc = has_entities_.Step();
  has_entities_.Reset();  // never leave a statement on a row: it pins a WAL snapshot
  if (rc == SQLITE_ROW) return false;
  if (rc != SQLITE_DONE) return SqliteError(db_, "reading mentions");
  rewrite_record_.Reset();
  rewrite_record_.BindInt(1, rowid);
  std::string body;
  const std::string packed = PackRecord(record, &body);
  rewrite_record_.BindBlob(2, packed);
  {
    KnownBody known(packed, &body);
    if (rewrite_record_.Step() != SQLITE_DONE) return SqliteError(db_, "storing record");
  }
  KHABAR_RETURN_IF_ERROR(Index(rowid, DayNumber(record.published), entities));
  return true;
}

// ---------------------------------------------------------------------------------------------
// Search by entity, facets.

std::string EntityFilterSql(size_t count, int first_param) {
  // One primary-key lookup in mentions each: (entity, the article's day, the article).
  std::string sql;
  for (size_t i = 0; i < count; ++i) {
    sql +=
        " AND EXISTS (SELECT 1 FROM mentions em WHERE em.entity ="
        " (SELECT rowid FROM entities WHERE id = ?" +
        std::to_string(first_param + static_cast<int>(i)) +
        ") AND em.day = khabar_day_number(a.published) AND em.article = a.rowid)";
  }
  return sql;
}

Status ComputeFacets(sqlite3* db, const std::string& sample_sql,
                     const std::function<void(Statement&)>& bind, SearchResults* results) {
  Statement sample, site_of, entities_of, entity_row;
  KHABAR_RETURN_IF_ERROR(sample.Prepare(db, sample_sql));
  KHABAR_RETURN_IF_ERROR(site_of.Prepare(db, "SELECT site FROM articles WHERE rowid = ?1"));
  KHABAR_RETURN_IF_ERROR(
      entities_of.Prepare(db, "SELECT entities FROM article_entities WHERE article = ?1"));
  KHABAR_RETURN_IF_ERROR(entity_row.Prepare(
      db, "SELECT id, type, label_en, qid, name_ar FROM entities WHERE rowid = ?1"));
  bind(sample);
  std::unordered_map<std::string, int64_t> sites;
  EntityTally entities;  // rowid -> articles, mentions
  size_t n = 0;
  int rc = SQLITE_DONE;
  while (n < kFacetSample && (rc = sample.Step()) == SQLITE_ROW) {
    ++n;
    const int64_t article = sample.ColumnInt(0);
    site_of.Reset();
    site_of.BindInt(1, article);
    if (site_of.Step() == SQLITE_ROW) ++sites[site_of.ColumnText(0)];
    entities_of.Reset();
    entities_of.BindInt(1, article);
    if (entities_of.Step() == SQLITE_ROW) {
      Result<std::vector<std::pair<int64_t, int64_t>>> list =
          DecodeEntityList(entities_of.ColumnBlob(0));
      if (!list.ok()) return list.status();
      for (const auto& [entity, count] : *list) {
        auto& [articles, mentions] = entities[entity];
        ++articles;
        mentions += count;
      }
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
  KHABAR_RETURN_IF_ERROR(ValidDateBound(query.from, "from"));
  KHABAR_RETURN_IF_ERROR(ValidDateBound(query.to, "to"));
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
    s.BindInt(1, LowerDay(query.from));
    s.BindInt(2, UpperDay(query.to));
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
    SetHitLink(details.ColumnText(4), &hit);
    // Highlights: the first entity's mentions in the headline, and the snippet around its first
    // mention in the body (else the first paragraph, as it is: an entity named only in the
    // headline is marked there).
    if (Result<ArticleRecord> rec = UnpackRecord(details.ColumnBlob(5)); rec.ok()) {
      // A NIL entity's shorter forms only where its full name is not written (in the headline,
      // in the body): they may be another person's words (كريم of كريم الزهراني).
      const std::string& key = query.entities[0];
      auto exactly = [&](const EntityMention& m) { return EntityKey(m.id, m.type, m.text) == key; };
      std::vector<std::pair<size_t, size_t>> in_title;
      for (const bool exact : {true, false}) {
        for (const EntityMention& m : rec->title_entities) {
          if (exact ? exactly(m) : IsMentionOf(m, key)) in_title.emplace_back(m.begin, m.end);
        }
        if (!in_title.empty()) break;
      }
      if (!in_title.empty()) hit.title = MarkSpans(rec->title, in_title);
      const EntityMention* first = nullptr;
      for (const bool exact : {true, false}) {
        for (const EntityMention& m : rec->entities) {
          if (m.paragraph < rec->paragraphs.size() && (exact ? exactly(m) : IsMentionOf(m, key))) {
            first = &m;
            break;
          }
        }
        if (first != nullptr) break;
      }
      if (first != nullptr) {
        hit.snippet = MarkedSnippet(rec->paragraphs[first->paragraph], first->begin, first->end);
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
    KHABAR_RETURN_IF_ERROR(
        ComputeFacets(db, "SELECT id FROM (" + matches + ") LIMIT " + std::to_string(kFacetSample),
                      bind_filters, &results));
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
  BindCommon(st, query, entity, entity != 0);
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
  std::vector<EntityStat> out;
  if (whole_corpus) {
    // The totals kept at ingest, from the index entities_type_top(type, articles): the top `limit`
    // of each type (one type, or each of those stored: a seek each), merged. Ties in articles:
    // the newest entity first, the order of an index scan.
    std::vector<std::string> types;
    if (!query.type.empty()) {
      types.push_back(query.type);
    } else {
      Statement next_type;
      KHABAR_RETURN_IF_ERROR(
          next_type.Prepare(db(), "SELECT min(type) FROM entities WHERE type > ?1"));
      std::string after;
      while (true) {
        next_type.Reset();
        next_type.BindText(1, after);
        if (next_type.Step() != SQLITE_ROW) return SqliteError(db(), "top entities");
        if (sqlite3_column_type(next_type.get(), 0) == SQLITE_NULL) break;
        after = next_type.ColumnText(0);
        types.push_back(after);
      }
      next_type.Reset();
    }
    Statement st;
    KHABAR_RETURN_IF_ERROR(st.Prepare(
        db(),
        "SELECT id, type, label_en, qid, name_ar, articles, mentions, rowid FROM entities"
        " WHERE type = ?5 AND articles > 0 ORDER BY articles DESC, rowid DESC LIMIT ?3"));
    std::vector<std::pair<int64_t, EntityStat>> found;  // (rowid, entity)
    for (const std::string& type : types) {
      StatsQuery typed = query;
      typed.type = type;
      st.Reset();
      BindCommon(st, typed, entity, false);
      int rc;
      while ((rc = st.Step()) == SQLITE_ROW) {
        EntityStat e = ReadEntity(st, 0);
        e.articles = st.ColumnInt(5);
        e.mentions = st.ColumnInt(6);
        found.emplace_back(st.ColumnInt(7), std::move(e));
      }
      if (rc != SQLITE_DONE) return SqliteError(db(), "top entities");
    }
    st.Reset();
    const size_t keep = std::min(query.limit, found.size());
    std::partial_sort(found.begin(), found.begin() + keep, found.end(),
                      [](const auto& a, const auto& b) {
                        if (a.second.articles != b.second.articles) {
                          return a.second.articles > b.second.articles;
                        }
                        return a.first > b.first;
                      });
    for (size_t i = 0; i < keep; ++i) out.push_back(std::move(found[i].second));
    return out;
  }
  // The entities of the articles in scope, counted here (article_entities: one row per article).
  Statement scope, entity_row;
  KHABAR_RETURN_IF_ERROR(scope.Prepare(db(), ScopeSql(entity != 0, query.sources.size())));
  BindCommon(scope, query, entity, entity != 0);
  EntityTally tally;
  Result<size_t> read = TallyEntities(db(), scope, entity, kMaxScopeArticles, &tally);
  if (!read.ok()) return read.status();
  KHABAR_RETURN_IF_ERROR(entity_row.Prepare(
      db(), "SELECT id, type, label_en, qid, name_ar FROM entities WHERE rowid = ?1"));
  for (const auto& [rowid, counts] : tally) {
    entity_row.Reset();
    entity_row.BindInt(1, rowid);
    if (entity_row.Step() != SQLITE_ROW) continue;
    EntityStat e = ReadEntity(entity_row, 0);
    if (!query.type.empty() && e.type != query.type) continue;
    e.articles = counts.first;
    e.mentions = counts.second;
    out.push_back(std::move(e));
  }
  entity_row.Reset();
  const size_t keep = std::min(query.limit, out.size());
  std::partial_sort(out.begin(), out.begin() + keep, out.end(),
                    [](const EntityStat& a, const EntityStat& b) {
                      if (a.articles != b.articles) return a.articles > b.articles;
                      if (a.mentions != b.mentions) return a.mentions > b.mentions;
                      return a.id < b.id;
                    });
  out.resize(keep);
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
        db(), std::string("SELECT day FROM mentions WHERE entity = ?1 AND day > 0 ORDER BY day ") +
                  order + " LIMIT 1"));
    day.BindInt(1, rowid);
    if (day.Step() == SQLITE_ROW) {
      (order[0] == 'A' ? profile.first_seen : profile.last_seen) = DayText(day.ColumnInt(0));
    }
  }
  return profile;
}

Result<std::vector<CoMention>> Corpus::CoMentioned(std::string_view id,
                                                   const StatsQuery& query) const {
  KHABAR_RETURN_IF_ERROR(Validate(query));
  Result<int64_t> x = EntityRowid(db(), id);
  if (!x.ok()) return x.status();
  // The articles of x in scope, and their entities (x left out); n_x = how many articles.
  Statement scope, total, entity_row;
  KHABAR_RETURN_IF_ERROR(scope.Prepare(db(), ScopeSql(true, query.sources.size())));
  BindCommon(scope, query, *x, true);
  EntityTally tally;
  Result<size_t> read = TallyEntities(db(), scope, *x, kMaxScopeArticles, &tally);
  if (!read.ok()) return read.status();
  const double n_x = static_cast<double>(*read);
  // N: the articles with entities.
  KHABAR_RETURN_IF_ERROR(
      total.Prepare(db(), "SELECT value FROM counters WHERE name = 'articles_with_entities'"));
  const double n_total = total.Step() == SQLITE_ROW ? static_cast<double>(total.ColumnInt(0)) : 0;
  KHABAR_RETURN_IF_ERROR(entity_row.Prepare(db(),
                                            "SELECT id, type, label_en, qid, name_ar, articles, "
                                            "mentions FROM entities WHERE rowid = ?1"));
  const int64_t min_count = static_cast<int64_t>(std::max<size_t>(query.min_count, 1));
  std::vector<CoMention> out;
  for (const auto& [rowid, counts] : tally) {
    if (counts.first < min_count) continue;
    entity_row.Reset();
    entity_row.BindInt(1, rowid);
    if (entity_row.Step() != SQLITE_ROW) continue;
    CoMention c;
    c.entity = ReadEntity(entity_row, 0);
    if (!query.type.empty() && c.entity.type != query.type) continue;
    c.entity.articles = entity_row.ColumnInt(5);
    c.entity.mentions = entity_row.ColumnInt(6);
    c.count = counts.first;
    const double n_y = static_cast<double>(c.entity.articles);
    c.pmi = n_x > 0 && n_y > 0 && n_total > 0 ? std::log2((c.count / n_x) / (n_y / n_total)) : 0;
    out.push_back(std::move(c));
  }
  entity_row.Reset();
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

#include "store/search.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/entity_index.h"
#include "store/filter_terms.h"
#include "store/fts_functions.h"
#include "store/fts_tokenizer.h"
#include "store/record_codec.h"
#include "store/vocabulary.h"

namespace khabar::store {

void SetHitLink(std::string doc_key, SearchHit* hit) {
  (doc_key.find("://") != std::string::npos ? hit->url : hit->path) = std::move(doc_key);
}

Result<Statement*> StatementCache::Get(sqlite3* db, const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto statement = std::make_unique<Statement>();
    KHABAR_RETURN_IF_ERROR(statement->Prepare(db, sql));
    it = statements_.emplace(sql, std::move(statement)).first;
  }
  it->second->Reset();
  return it->second.get();
}

void StatementCache::Trim() {
  // Never inside Get: the search still holds statements it got before (a cleared map would leave
  // them dangling).
  if (statements_.size() > kMaxStatements) statements_.clear();
}

namespace {

// ExpressionMatchBound's recursive descent over FTS5's boolean syntax as BuildFtsQuery writes it:
// quoted strings, parentheses, AND, OR, NOT (NOT binds tightest, then AND, then OR, as in FTS5).
// kUnknown: no bound known; kInvalid: not an expression of that shape.
class MatchBoundParser {
 public:
  static constexpr int64_t kUnknown = -1, kInvalid = -2;
  MatchBoundParser(std::string_view text, const std::vector<int64_t>& counts)
      : text_(text), counts_(counts) {}
  int64_t Parse() {
    const int64_t bound = Or();
    SkipSpaces();
    return pos_ == text_.size() ? bound : kInvalid;
  }

 private:
  int64_t Or() {
    int64_t bound = And();
    while (bound != kInvalid && Keyword("OR")) {
      const int64_t right = And();
      if (right == kInvalid) return kInvalid;
      bound = bound < 0 || right < 0 ? kUnknown : bound + right;
    }
    return bound;
  }
  int64_t And() {
    int64_t bound = Not();
    while (bound != kInvalid && Keyword("AND")) {
      const int64_t right = Not();
      if (right == kInvalid) return kInvalid;
      if (bound < 0 || (right >= 0 && right < bound)) bound = right;
    }
    return bound;
  }
  int64_t Not() {
    const int64_t bound = Primary();
    while (bound != kInvalid && Keyword("NOT")) {
      if (Primary() == kInvalid) return kInvalid;
    }
    return bound;
  }
  int64_t Primary() {
    SkipSpaces();
    if (pos_ >= text_.size()) return kInvalid;
    if (text_[pos_] == '(') {
      ++pos_;
      const int64_t bound = Or();
      SkipSpaces();
      if (bound == kInvalid || pos_ >= text_.size() || text_[pos_] != ')') return kInvalid;
      ++pos_;
      return bound;
    }
    if (text_[pos_] != '"') return kInvalid;
    // A quoted string ("" inside is a quote): one phrase.
    for (++pos_; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] != '"') continue;
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        ++pos_;
        continue;
      }
      ++pos_;
      if (phrase_ >= counts_.size()) return kInvalid;
      const int64_t count = counts_[phrase_++];
      return count < 0 ? kUnknown : count;
    }
    return kInvalid;  // unbalanced
  }
  bool Keyword(std::string_view word) {
    SkipSpaces();
    if (text_.substr(pos_, word.size()) != word) return false;
    const size_t end = pos_ + word.size();
    if (end < text_.size() && text_[end] != ' ' && text_[end] != '(' && text_[end] != '"') {
      return false;
    }
    pos_ = end;
    return true;
  }
  void SkipSpaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }

  std::string_view text_;
  const std::vector<int64_t>& counts_;
  size_t pos_ = 0;
  size_t phrase_ = 0;  // the next quoted string's index in counts_
};

}  // namespace

int64_t ExpressionMatchBound(std::string_view fts_expression,
                             const std::vector<int64_t>& phrase_counts) {
  const int64_t bound = MatchBoundParser(fts_expression, phrase_counts).Parse();
  return bound >= 0 ? bound : -1;
}

namespace {

// Bounded ranking (docs/storage.md, "Search cost"): BM25, the story fold and the sort cost per
// match, so when more than kRankWindow articles match (and pass the filters), only the kRankWindow
// most recently stored of them are ranked. FTS5 yields them walking its doclists backwards by
// rowid and stops there: a common word costs the window, not the corpus.
constexpr int64_t kRankWindow = 2000;
// The filtered articles drive a search when there are at most this many, and few for the corpus
// (see RunSearch).
constexpr int64_t kMaxProbes = 5000;
// A snippet is kSnippetWords words of the body. The body prefix first inflated for it is
// kSnippetBytesPerWord per word up to the window's end plus kSnippetPrefixBytes, then 1.5x longer
// until it is enough: the inflation continues and only the new lines are tokenized, so a short
// first guess costs little, and a long one costs inflating and tokenizing text past the window
// (16 bytes a word plus 256 inflated 65% more than the window's end on generated 400-word
// articles, 10.8 bytes a word).
constexpr int kSnippetWords = 32;
constexpr size_t kSnippetBytesPerWord = 12;
constexpr size_t kSnippetPrefixBytes = 64;

// A search's score: `function` (khabar_bm25 or khabar_bm25_rows) with the search id parameter
// and the column weights every plan passes (title 3.0, body 1.0; the 0.0 weighs nothing).
std::string ScoreSql(std::string_view function, int id_param) {
  return std::string(function) + "(articles_fts, ?" + std::to_string(id_param) + ", 3.0, 1.0, 0.0)";
}

// The window statement of the index-only plan (see RunSearch): khabar_bm25_rows keeps each row's
// rowid and score (ScoredRowsOf), so no row comes out and the walk is one step, a co-routine
// inside SQLite (a return from sqlite3_step and two column reads per row were 3% of a cold
// search's instructions). The subquery's LIMIT keeps it from being flattened into the outer WHERE.
std::string IndexWindowSql(int id_param, const std::string& where, bool walk_up) {
  return "SELECT 1 FROM (SELECT " + ScoreSql("khabar_bm25_rows", id_param) +
         " AS s FROM articles_fts" + where + " ORDER BY rowid " + (walk_up ? "ASC" : "DESC") +
         " LIMIT " + std::to_string(kRankWindow + 1) + ") WHERE s IS NULL";
}

struct Candidate {
  int64_t rowid;
  int64_t story;
  double score;  // bm25(): lower is better
};

// The stories already kept by the fold: an open-addressing set of story ids (a node per id in an
// unordered_set was an allocation per candidate). Grows as needed.
class StorySet {
 public:
  explicit StorySet(size_t expected) {
    size_t n = 16;
    while (n < 2 * expected) n *= 2;
    slots_.assign(n, kEmpty);
  }
  // True when `story` was not in the set (it is now).
  bool Insert(int64_t story) {
    if (story == kEmpty) {
      const bool added = !has_empty_key_;
      has_empty_key_ = true;
      return added;
    }
    if (2 * (size_ + 1) > slots_.size()) Grow();
    if (!Place(story, &slots_)) return false;
    ++size_;
    return true;
  }

 private:
  static constexpr int64_t kEmpty = INT64_MIN;
  static bool Place(int64_t story, std::vector<int64_t>* slots) {
    const size_t mask = slots->size() - 1;
    for (size_t i = (static_cast<uint64_t>(story) * 0x9E3779B97F4A7C15ull) >> 17 & mask;;
         i = (i + 1) & mask) {
      if ((*slots)[i] == story) return false;
      if ((*slots)[i] == kEmpty) {
        (*slots)[i] = story;
        return true;
      }
    }
  }
  void Grow() {
    std::vector<int64_t> bigger(slots_.size() * 2, kEmpty);
    for (int64_t story : slots_) {
      if (story != kEmpty) Place(story, &bigger);
    }
    slots_.swap(bigger);
  }
  std::vector<int64_t> slots_;
  size_t size_ = 0;
  bool has_empty_key_ = false;
};

// Resets `s` when it goes out of scope, so that a cached statement never holds a read transaction
// open (which would pin the WAL) between searches.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement* s) : s_(s) {}
  ~ResetOnExit() { s_->Reset(); }

 private:
  Statement* s_;
};

// Column `i` of the current row of `s` as a view (valid until the statement steps or resets); ""
// for NULL.
std::string_view ColumnView(const Statement& s, int i) {
  const unsigned char* p = sqlite3_column_text(s.get(), i);
  return p ? std::string_view(reinterpret_cast<const char*>(p),
                              static_cast<size_t>(sqlite3_column_bytes(s.get(), i)))
           : std::string_view();
}

// Loads the stories of every article into `stories`, one part per search: the articles of story
// ids [stories->load_next, + span) with span an eighth of the rowids (at least 4,096), one range of
// the story index (articles_story covers it: ~0.15 µs per article; a lookup per article costs
// ~2 µs). RunSearch calls it when a connection's lookups since its cache was last emptied reach a
// sixteenth of the articles (at least kMinStoryMissesBeforeLoad): the scan then costs less than
// the lookups already made, so a connection that serves many searches pays at most about twice
// the best choice, one that serves a few searches between changes never scans, and no search pays
// for the whole scan (on 100,000 articles ~15 ms at once: the slowest answers of a busy server).
constexpr int64_t kMinStoryMissesBeforeLoad = 16;
Status LoadStories(sqlite3* db, StatementCache* statements, int64_t max_rowid,
                   StoryCache* stories) {
  const int64_t span = std::max<int64_t>(4096, max_rowid / 8 + 1);
  Result<Statement*> st = statements->Get(
      db, "SELECT rowid, story_id FROM articles WHERE story_id >= ?1 AND story_id < ?2");
  if (!st.ok()) return st.status();
  ResetOnExit reset(*st);
  // Story ids are rowids (of the story's first article): the first part also takes any below 0.
  (*st)->BindInt(1, stories->load_next == 0 ? INT64_MIN : stories->load_next);
  (*st)->BindInt(2, stories->load_next + span);
  int rc;
  while ((rc = (*st)->Step()) == SQLITE_ROW) {
    const int64_t story = (*st)->ColumnInt(1);
    stories->Store((*st)->ColumnInt(0), story);
    stories->CountMember(story);  // every article of these stories: their sizes are exact
  }
  if (rc != SQLITE_DONE) {
    stories->Clear();  // a part counted again would count twice
    return SqliteError(db, "search");
  }
  stories->load_next += span;
  if (stories->load_next > max_rowid) stories->loaded = true;
  return Status::Ok();
}

// One read transaction around a whole search (unless the caller already has one open): a search
// runs tens of statements (the window, the page's stories, highlights and story sizes), and in
// autocommit mode each would take and release the database's shared lock and check the WAL again
// (about a tenth of a search's CPU). It also gives every statement the same snapshot. Ended on
// scope exit, so that no read transaction stays open between searches (it would pin the WAL).
class ReadTransaction {
 public:
  // BEGIN and COMMIT are prepared once per connection (`statements`): sqlite3_exec parsed them
  // for every search.
  ReadTransaction(sqlite3* db, StatementCache* statements) : db_(db), statements_(statements) {
    if (sqlite3_get_autocommit(db) == 0) return;
    Result<Statement*> begin = statements->Get(db, "BEGIN");
    owned_ = begin.ok() && (*begin)->Step() == SQLITE_DONE;
    if (begin.ok()) (*begin)->Reset();
  }
  ~ReadTransaction() {
    if (!owned_ || sqlite3_get_autocommit(db_)) return;
    Result<Statement*> commit = statements_->Get(db_, "COMMIT");
    const bool committed = commit.ok() && (*commit)->Step() == SQLITE_DONE;
    if (commit.ok()) (*commit)->Reset();
    if (!committed) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  sqlite3* db_;
  StatementCache* statements_;
  bool owned_ = false;
};

// A search's filter expression for FTS5 (filter_terms.h): `fts` AND the OR of the filter terms that
// hold every article the query's dates and outlets accept, when there are such terms and the
// articles holding them are at most kMaxFilterShare of the corpus (`corpus_articles`); else
// nullopt. An outlet also matches documents by key prefix (RunSearch): its term is only used when
// no document key starts with it. The SQL conditions stay in the search: the terms may hold more.
constexpr int64_t kMaxFilterTerms = 64;
constexpr double kMaxFilterShare = 0.5;
Result<std::optional<std::string>> WithFilterTerms(sqlite3* db, StatementCache* statements,
                                                   const SearchQuery& query, const std::string& fts,
                                                   int64_t corpus_articles) {
  std::vector<std::string> sites = query.sources;
  for (const std::string& source : query.sources) {
    Result<Statement*> st =
        statements->Get(db, "SELECT 1 FROM articles WHERE doc_key >= ?1 AND doc_key < ?2 LIMIT 1");
    if (!st.ok()) return st.status();
    ResetOnExit reset(*st);
    (*st)->BindText(1, source);
    (*st)->BindText(2, source + "\xff");
    const int rc = (*st)->Step();
    if (rc == SQLITE_ROW) sites.clear();  // a key prefix: outlet terms would miss its documents
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteError(db, "search");
  }
  int last_year = 0;
  if (query.to.empty() && !query.from.empty()) {
    // The latest year stored (texts starting with a digit sort below ':'): one index lookup.
    Result<Statement*> st = statements->Get(
        db, "SELECT coalesce(max(published), '') FROM articles WHERE published < ':'");
    if (!st.ok()) return st.status();
    ResetOnExit reset(*st);
    if ((*st)->Step() != SQLITE_ROW) return SqliteError(db, "search");
    const std::string latest = (*st)->ColumnText(0);
    last_year = latest.size() >= 4 ? std::atoi(latest.substr(0, 4).c_str()) : 0;
  }
  const std::optional<std::vector<std::string>> cover =
      FilterCover(query.from, query.to, sites, last_year);
  if (!cover || cover->empty()) return std::optional<std::string>();
  std::vector<std::string> phrases;
  for (const std::string& term : *cover) phrases.push_back(kVerbatimTermMarker + term);
  Result<std::vector<int64_t>> counts = PhraseArticleCounts(db, statements, phrases);
  if (!counts.ok()) return counts.status();
  // Terms no article holds are left out; the articles of the others are the filter's (a term per
  // kind and article: they add up).
  std::vector<std::string> kept;
  int64_t articles = 0;
  for (size_t i = 0; i < cover->size(); ++i) {
    if ((*counts)[i] <= 0) continue;
    kept.push_back((*cover)[i]);
    articles += (*counts)[i];
  }
  if (kept.empty() || static_cast<int64_t>(kept.size()) > kMaxFilterTerms ||
      static_cast<double>(articles) > kMaxFilterShare * static_cast<double>(corpus_articles)) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>("(" + fts + ") AND " + AnyOfIndexTerms(kept));
}

}  // namespace

Result<SearchResults> RunSearch(sqlite3* db, StatementCache* statements, const SearchQuery& query) {
  statements->Trim();
  ReadTransaction transaction(
      db, statements);  // before the first statement (prefix expansion included)
  if (query.entities.size() > 8) return Status::InvalidArgument("at most 8 entities");
  Result<std::string> fts =
      BuildFtsQuery(query.text, [db, statements](std::string_view prefix, size_t max_terms) {
        return ExpandPrefix(db, statements, prefix, max_terms);
      });
  if (!fts.ok()) return fts.status();
  if (query.limit == 0 || query.limit > 1000) {
    return Status::InvalidArgument("limit must be between 1 and 1000");
  }
  if (query.offset > 100000) return Status::InvalidArgument("offset must be at most 100000");
  if (query.sources.size() > 32) return Status::InvalidArgument("at most 32 sources");
  KHABAR_RETURN_IF_ERROR(ValidDateBound(query.from, "from"));
  KHABAR_RETURN_IF_ERROR(ValidDateBound(query.to, "to"));

  // The SQL's shape depends only on which filters were given and how many sources and entities;
  // every value is a bound parameter: ?1 the FTS expression, ?2/?3 the dates, then two per source,
  // then the entities. Every condition on `articles a` can use an index (docs/storage.md).
  std::string conditions;  // " AND ..." on `articles a`: dates and sources
  if (!query.from.empty()) conditions += " AND a.published >= ?2";
  // "to" is inclusive at its own precision: 2023-06 takes every time in June.
  if (!query.to.empty()) conditions += " AND a.published < ?3";
  if (!query.sources.empty()) {
    conditions += " AND (";
    for (size_t i = 0; i < query.sources.size(); ++i) {
      const std::string p = "?" + std::to_string(4 + 2 * i), q = "?" + std::to_string(5 + 2 * i);
      conditions += (i ? " OR " : "") +
                    ("a.site = " + p + " OR (a.doc_key >= " + p + " AND a.doc_key < " + q + ")");
    }
    conditions += ")";
  }
  const int entity_param = 4 + 2 * static_cast<int>(query.sources.size());
  const std::string entity_conditions = EntityFilterSql(query.entities.size(), entity_param);
  const std::string where = " WHERE articles_fts MATCH ?1" + conditions + entity_conditions;
  // The highest rowid stored: the corpus size for the plan choice and the estimates below. Read
  // once, when first needed.
  int64_t max_rowid = -1;
  auto read_max_rowid = [&]() -> Status {
    if (max_rowid >= 0) return Status::Ok();
    Result<Statement*> st = statements->Get(db, "SELECT coalesce(max(rowid), 0) FROM articles");
    if (!st.ok()) return st.status();
    ResetOnExit reset(*st);
    if ((*st)->Step() != SQLITE_ROW) return SqliteError(db, "search");
    max_rowid = (*st)->ColumnInt(0);
    return Status::Ok();
  };
  // What ?1 matches: the query, AND the filter terms of the dates and outlets when they are
  // selective (WithFilterTerms): FTS5 then intersects the doclists and the walk below only meets
  // articles the filters (nearly all) accept.
  std::string match = *fts;
  bool filter_terms = false;
  if (!conditions.empty()) {
    KHABAR_RETURN_IF_ERROR(read_max_rowid());
    Result<std::optional<std::string>> with_terms =
        WithFilterTerms(db, statements, query, *fts, max_rowid);
    if (!with_terms.ok()) return with_terms.status();
    if (*with_terms) {
      match = **with_terms;
      filter_terms = true;
    }
  }
  // khabar_bm25's statistics are kept per search (fts_functions.h).
  static std::atomic<int64_t> last_search_id{0};
  const int64_t search_id = ++last_search_id;
  const int id_param = entity_param + static_cast<int>(query.entities.size());
  // Without filters the index alone gives the window; stories are looked up later, for the
  // candidates that reach the page (a lookup in the large articles table per match is half the
  // cost of a common word otherwise).
  const bool index_only = conditions.empty() && entity_conditions.empty();
  // One phrase and no filters: its document frequency is the number of matches, known (or
  // estimated) from the window itself, so khabar_bm25 walks no doclist (a negative search id) and
  // the scores are scaled here. Every score of the query scales alike: the order is the same.
  const size_t query_phrases = ExpressionPhrases(*fts).size();  // the first phrases of `match`
  const std::vector<std::string> phrases = ExpressionPhrases(match);
  const bool deferred_idf = index_only && phrases.size() == 1;
  int64_t match_bound = -1;  // at least the number of matches, when known (-1: not known)
  // The same from the expression's structure (an AND takes its rarest side; ExpressionMatchBound).
  int64_t expression_bound = -1;
  if (!deferred_idf) {
    // The document frequencies of one-term phrases from the vocabulary: one lookup each instead
    // of a walk of each doclist (fts_functions.h).
    Result<std::vector<int64_t>> known = PhraseArticleCounts(db, statements, phrases);
    if (!known.ok()) return known.status();
    // Every match holds at least one of the phrases: their article counts added up bound the
    // matches (when all are known) for the plan choice below.
    match_bound = 0;
    for (size_t i = 0; i < query_phrases && i < known->size(); ++i) {
      const int64_t articles = (*known)[i];
      match_bound = articles < 0 || match_bound < 0 ? -1 : match_bound + articles;
    }
    expression_bound = ExpressionMatchBound(match, *known);
    SetKnownDocumentFrequencies(search_id, *std::move(known));
  } else {
    // One phrase: its article count (one vocabulary lookup, when it is one term) only decides
    // which way the window is walked (walk_up below); its IDF still comes from the matches.
    Result<std::vector<int64_t>> known = PhraseArticleCounts(db, statements, phrases);
    if (!known.ok()) return known.status();
    expression_bound = ExpressionMatchBound(match, *known);
  }
  const int64_t bound_search_id = deferred_idf ? -search_id : search_id;  // khabar_bm25's
  auto bind_filters = [&](Statement& s) {
    s.BindText(1, match);
    if (!query.from.empty()) s.BindText(2, query.from);
    if (!query.to.empty()) s.BindText(3, query.to + "\x7f");  // above any longer time it prefixes
    for (size_t i = 0; i < query.sources.size(); ++i) {
      s.BindText(4 + 2 * static_cast<int>(i), query.sources[i]);
      // Above every key the source prefixes: 0xFF never occurs in UTF-8.
      s.BindText(5 + 2 * static_cast<int>(i), query.sources[i] + "\xff");
    }
    for (size_t i = 0; i < query.entities.size(); ++i) {
      s.BindText(entity_param + static_cast<int>(i), query.entities[i]);
    }
    if (sqlite3_bind_parameter_count(s.get()) >= id_param) {  // the statements that score
      s.BindInt(id_param, bound_search_id);
    }
  };

  // 1. The window: the most recently stored matches with their BM25 score and story, in one walk
  //    of the index. Sorting, folding and paging a few thousand rows is cheaper in C++ than in SQL
  //    window functions.
  //    Two plans. Usually the index drives: FTS5 walks the matches newest first and each is checked
  //    against the filters. But when the dates and sources leave few articles (one outlet in one
  //    month), walking a common word's matches to find them would visit most of the corpus; then
  //    the filtered articles drive, and the index is probed for each (docs/storage.md).
  SearchResults results;
  std::vector<Candidate> window;
  window.reserve(kRankWindow + 1);
  bool filter_driven = false;
  if (!conditions.empty() && !filter_terms) {
    Result<Statement*> st =
        statements->Get(db, "SELECT count(*) FROM (SELECT 1 FROM articles a WHERE 1" + conditions +
                                " LIMIT " + std::to_string(kMaxProbes + 1) + ")");
    if (!st.ok()) return st.status();
    ResetOnExit reset(*st);
    bind_filters(**st);
    if ((*st)->Step() != SQLITE_ROW) return SqliteError(db, "search");
    const int64_t filtered_articles = (*st)->ColumnInt(0);
    // A probe costs about ten times a step of the index walk (35 vs 3 µs per article measured on
    // 100,000 articles), and the walk visits at most every article, or every match when their
    // number is bounded: probing pays when the filters keep less than a twelfth of the corpus and
    // of the matches (a rare word with a year and an outlet cost 3,500 probes, 106 ms, on a
    // million articles).
    KHABAR_RETURN_IF_ERROR(read_max_rowid());
    const int64_t walk_bound = match_bound >= 0 ? std::min(match_bound, max_rowid) : max_rowid;
    filter_driven = filtered_articles <= std::min(kMaxProbes, walk_bound / 12);
  }
  const std::string score = ScoreSql("khabar_bm25", id_param);
  // When the expression cannot match more articles than the window holds, every match is in the
  // window and the index is walked upwards: downwards FTS5 prepares every leaf page it enters and
  // each step costs more (an AND of two words steps over both doclists: cold-phase searches took
  // 6% fewer instructions). Same rows, same scores; the window is put back newest first.
  const bool walk_up = index_only && expression_bound >= 0 && expression_bound <= kRankWindow;
  {
    std::string sql;
    if (filter_driven) {
      sql = "SELECT a.rowid, a.story_id, " + score +
            " FROM articles a CROSS JOIN articles_fts ON articles_fts.rowid = a.rowid" + where;
    } else if (index_only) {
      // No story column, and no row out (IndexWindowSql).
      sql = IndexWindowSql(id_param, where, walk_up);
    } else {
      sql = "SELECT a.rowid, a.story_id, " + score +
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid" + where +
            " ORDER BY articles_fts.rowid DESC LIMIT " + std::to_string(kRankWindow + 1);
    }
    Result<Statement*> st = statements->Get(db, sql);
    if (!st.ok()) return st.status();
    ResetOnExit reset(*st);
    bind_filters(**st);
    int rc;
    if (index_only) {
      // The rows khabar_bm25_rows scored (none: no match), in the walk's order.
      auto walk = [&](Statement& s) -> int {
        const int step = s.Step();  // no row comes out: the scores are never NULL
        if (step != SQLITE_DONE) return step == SQLITE_ROW ? SQLITE_INTERNAL : step;
        if (std::vector<ScoredRow>* rows = ScoredRowsOf(bound_search_id)) {
          for (const ScoredRow& row : *rows) window.push_back({row.rowid, -1, row.score});
          rows->clear();
        }
        return step;
      };
      rc = walk(**st);
      if (rc == SQLITE_DONE && walk_up) {
        if (static_cast<int64_t>(window.size()) > kRankWindow) {
          // The bound was wrong (it never is for a consistent vocabulary): the newest matches
          // are wanted, so the walk is made again from the newest.
          window.clear();
          Result<Statement*> down =
              statements->Get(db, IndexWindowSql(id_param, where, /*walk_up=*/false));
          if (!down.ok()) return down.status();
          ResetOnExit reset_down(*down);
          bind_filters(**down);
          rc = walk(**down);
        } else {
          std::reverse(window.begin(), window.end());
        }
      }
    } else {
      while ((rc = (*st)->Step()) == SQLITE_ROW) {
        window.push_back({(*st)->ColumnInt(0), (*st)->ColumnInt(1), (*st)->ColumnDouble(2)});
      }
    }
    if (rc != SQLITE_DONE) return SqliteError(db, "search");
  }
  if (filter_driven) {  // the same window as the other plan: the newest kRankWindow (+1)
    std::sort(window.begin(), window.end(),
              [](const Candidate& x, const Candidate& y) { return x.rowid > y.rowid; });
    if (static_cast<int64_t>(window.size()) > kRankWindow + 1) window.resize(kRankWindow + 1);
  }
  const bool window_cut = static_cast<int64_t>(window.size()) > kRankWindow;
  if (window_cut) window.pop_back();
  const int64_t rank_floor = window.empty() ? 0 : window.back().rowid;  // lowest rowid ranked
  if (window_cut) KHABAR_RETURN_IF_ERROR(read_max_rowid());
  // The share of the rowids below the window that match as often as those in it (see `total`).
  const double cut_scale =
      window_cut ? static_cast<double>(max_rowid) /
                       static_cast<double>(std::max<int64_t>(1, max_rowid - rank_floor + 1))
                 : 1.0;
  if (deferred_idf && !window.empty()) {
    const double matching = static_cast<double>(window.size()) * cut_scale;
    const double idf = Bm25Idf(Bm25RowCount(), static_cast<int64_t>(matching + 0.5));
    for (Candidate& c : window) c.score *= idf;
  }

  // 2. Rank; with folding, only the best-ranked article of each story stays. Stories not known yet
  //    (index_only) are looked up in rank order, for as many candidates as the page needs, or all
  //    of them when the total must be exact.
  KHABAR_RETURN_IF_ERROR(LoadDocumentSizes(db, "articles_fts"));  // when it pays (fts_functions.h)
  auto better = [](const Candidate& x, const Candidate& y) {
    return x.score != y.score ? x.score < y.score : x.rowid < y.rowid;
  };
  // The window is put in rank order only as far as it is read: a page of a common word's search
  // reads a few dozen of its 2,000 candidates. window[0, ranked) are the best candidates in rank
  // order (`better` is a total order: the same as sorting the whole window).
  size_t ranked = 0;
  auto rank_until = [&](size_t n) {
    n = std::min(n, window.size());
    if (n <= ranked) return;
    const size_t target = std::min(window.size(), std::max<size_t>(n, 2 * ranked + 64));
    if (target == window.size()) {
      std::sort(window.begin() + ranked, window.end(), better);
    } else {
      std::partial_sort(window.begin() + ranked, window.begin() + target, window.end(), better);
    }
    ranked = target;
  };
  size_t examined = window.size();  // candidates whose story is known, in rank order
  // The connection's story cache when it was validated in this search: the page then takes the
  // story sizes it counted (LoadStories) instead of a count per hit.
  const StoryCache* story_sizes = nullptr;
  if (query.collapse_duplicates || index_only) {
    Result<Statement*> story_of =
        statements->Get(db, "SELECT story_id FROM articles WHERE rowid = ?1");
    if (!story_of.ok()) return story_of.status();
    Statement& so = **story_of;
    StoryCache& stories = statements->stories;
    {
      Result<Statement*> version = statements->Get(db, "PRAGMA data_version");
      if (!version.ok()) return version.status();
      ResetOnExit reset(*version);
      stories.Validate((*version)->Step() == SQLITE_ROW ? (*version)->ColumnInt(0) : -1,
                       sqlite3_total_changes64(db));
    }
    story_sizes = &stories;
    const size_t wanted = query.offset + query.limit;
    // An exact folded total needs every candidate's story; otherwise the page is enough.
    const bool every_story = query.collapse_duplicates && !window_cut;
    if (every_story) rank_until(window.size());  // read to the end: one sort
    StorySet seen(every_story ? window.size() : std::min(window.size(), 4 * wanted + 16));
    std::vector<Candidate> kept;
    kept.reserve(std::min(window.size(), wanted));
    examined = 0;
    int64_t load_after = -1;   // misses that make LoadStories pay (-1: not read yet)
    bool loaded_part = false;  // LoadStories ran in this search
    for (size_t i = 0; i < window.size(); ++i) {
      if (!every_story && kept.size() >= wanted) break;
      rank_until(i + 1);
      Candidate& c = window[i];
      if (c.story < 0 && !stories.Find(c.rowid, &c.story)) {
        // A connection that keeps missing loads every article's story, a part per search
        // (LoadStories).
        if (!stories.loaded && ++stories.misses >= kMinStoryMissesBeforeLoad) {
          if (load_after < 0) {
            KHABAR_RETURN_IF_ERROR(read_max_rowid());
            load_after = max_rowid < StoryCache::kMaxRowid
                             ? std::max<int64_t>(kMinStoryMissesBeforeLoad, max_rowid / 16)
                             : INT64_MAX;
          }
          if (stories.misses >= load_after && !loaded_part) {
            loaded_part = true;
            KHABAR_RETURN_IF_ERROR(LoadStories(db, statements, max_rowid, &stories));
            if (stories.Find(c.rowid, &c.story)) {
              ++examined;
              if (!query.collapse_duplicates || seen.Insert(c.story)) kept.push_back(c);
              continue;
            }
          }
        }
        so.Reset();
        so.BindInt(1, c.rowid);
        const int rc = so.Step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
          so.Reset();
          return SqliteError(db, "search");
        }
        c.story = rc == SQLITE_ROW ? so.ColumnInt(0) : c.rowid;
        so.Reset();
        stories.Store(c.rowid, c.story);
      }
      ++examined;
      if (!query.collapse_duplicates || seen.Insert(c.story)) kept.push_back(c);
    }
    if (query.collapse_duplicates) {
      // Exact unless the window was cut, when only the page's share of it was examined: the
      // share of distinct stories among the examined candidates is taken for the whole.
      const size_t unexamined = window.size() - examined;
      window.swap(kept);
      results.total = window.size();
      if (examined > 0 && unexamined > 0) {
        results.total += static_cast<size_t>(
            static_cast<double>(unexamined) * window.size() / static_cast<double>(examined) + 0.5);
      }
    } else {
      results.total = window.size();
      window.swap(kept);
    }
  } else {
    results.total = window.size();
    rank_until(query.offset + query.limit);  // the page
  }

  if (window_cut) {
    // More matches than were ranked: estimate the total from the window's density over the rowids
    // it covers, assuming the older rowids match as often (docs/storage.md, "Search cost").
    results.total = std::max(
        results.total, static_cast<size_t>(static_cast<double>(results.total) * cut_scale + 0.5));
    results.total_is_estimate = true;
  }

  // 3. The page: highlights, snippet and story size of each hit.
  if (query.offset < window.size()) {
    const size_t end = std::min(window.size(), query.offset + query.limit);
    Result<Statement*> details = statements->Get(
        db,
        "SELECT a.content_id, khabar_mark(articles_fts, 0, 0), khabar_mark(articles_fts, 1, 32),"
        " a.published, a.site, a.doc_key"
        " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        " WHERE articles_fts MATCH ?1 AND articles_fts.rowid = ?2");
    if (!details.ok()) return details.status();
    Result<Statement*> story_size =
        statements->Get(db, "SELECT count(*) FROM articles WHERE story_id = ?1");
    if (!story_size.ok()) return story_size.status();
    // The window's rows were scored by khabar_bm25, which captured their matches
    // (CapturedMatches): a hit is then read from `articles` alone and marked here, without FTS5
    // matching the query again for that row (the statement above, for a row not captured).
    Result<Statement*> row =
        statements->Get(db,
                        "SELECT content_id, title, record, published, site, doc_key"
                        " FROM articles WHERE rowid = ?1");
    if (!row.ok()) return row.status();
    Statement& d = **details;
    Statement& r = **row;
    Statement& s = **story_size;
    std::vector<PhraseMatch> title_matches, body_matches;
    for (size_t i = query.offset; i < end; ++i) {
      const Candidate& c = window[i];
      SearchHit hit;
      hit.score = -c.score;
      if (CapturedMatches(search_id, c.rowid, 0, &title_matches) &&
          CapturedMatches(search_id, c.rowid, 1, &body_matches)) {
        r.Reset();
        r.BindInt(1, c.rowid);
        if (r.Step() != SQLITE_ROW) {
          r.Reset();
          return SqliteError(db, "search details");
        }
        hit.id = r.ColumnText(0);
        hit.title = MarkColumn(ColumnView(r, 1), &title_matches, 0);
        // Only as much of the body as the snippet needs is inflated (a quarter of a search was
        // inflating whole records): a prefix, inflated further until it decides the snippet
        // (GrowingSnippet: only the new lines are tokenized).
        const void* blob = sqlite3_column_blob(r.get(), 2);
        const std::string_view record(
            static_cast<const char*>(blob),
            blob ? static_cast<size_t>(sqlite3_column_bytes(r.get(), 2)) : 0);
        GrowingSnippet snippet(std::move(body_matches), kSnippetWords);
        const size_t tokens = static_cast<size_t>(snippet.window_end());
        BodyPrefixReader body(record);
        for (size_t prefix = kSnippetPrefixBytes + tokens * kSnippetBytesPerWord;;
             prefix += prefix / 2) {
          const Status read = body.Extend(prefix);
          if (!read.ok()) {
            r.Reset();
            return read;
          }
          if (snippet.Update(body.body(), body.complete())) break;
        }
        hit.snippet = snippet.Take();
        hit.published = r.ColumnText(3);
        hit.site = r.ColumnText(4);
        SetHitLink(r.ColumnText(5), &hit);
        r.Reset();
      } else {
        d.Reset();
        d.BindText(1, *fts);
        d.BindInt(2, c.rowid);
        if (d.Step() != SQLITE_ROW) {
          d.Reset();
          return SqliteError(db, "search details");
        }
        hit.id = d.ColumnText(0);
        hit.title = d.ColumnText(1);
        hit.snippet = d.ColumnText(2);
        hit.published = d.ColumnText(3);
        hit.site = d.ColumnText(4);
        SetHitLink(d.ColumnText(5), &hit);
        d.Reset();
      }
      int64_t story_size;
      if (story_sizes != nullptr && story_sizes->FindSize(c.story, &story_size)) {
        hit.story_size = static_cast<size_t>(story_size);
      } else {
        s.Reset();
        s.BindInt(1, c.story);
        hit.story_size = s.Step() == SQLITE_ROW ? static_cast<size_t>(s.ColumnInt(0)) : 1;
        s.Reset();
      }
      results.hits.push_back(std::move(hit));
    }
  }
  if (query.facets) {
    // Top sites and entities of the matches (analytics.cc), over at most kFacetSample of them.
    KHABAR_RETURN_IF_ERROR(ComputeFacets(
        db,
        "SELECT a.rowid FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid" + where +
            " LIMIT " + std::to_string(kFacetSample),
        bind_filters, &results));
  }
  return results;
}

}  // namespace khabar::store

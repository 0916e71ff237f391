#include "store/fts_functions.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "khabar/store.h"
#include "khabar/text.h"
#include "store/fts_tokenizer.h"

namespace khabar::store {

std::vector<TokenSpan> PositionedTokens(std::string_view text, size_t max_tokens) {
  std::vector<TokenSpan> spans;
  size_t line_begin = 0;
  while (line_begin <= text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_begin, line_end - line_begin);
    for (const text::Token& t : text::Tokenize(line)) {
      // As the khabar tokenizer (fts_tokenizer.cc): punctuation, symbols and tokens whose match
      // key is empty get no position.
      if (t.kind == text::TokenKind::kPunctuation || t.kind == text::TokenKind::kSymbol) continue;
      if (text::MatchKey(t.surface).empty()) continue;
      spans.push_back({line_begin + t.byte_begin, line_begin + t.byte_end});
      if (max_tokens != 0 && spans.size() >= max_tokens) return spans;
    }
    line_begin = line_end + 1;
  }
  return spans;
}

namespace {

struct Instance {
  int phrase;
  int first, last;  // token positions, inclusive
};

// The first token position of the window of `size` positions that covers the most distinct
// phrases, then the most instances; the earliest such. A window starts a few words before its
// first match, so the match has some context.
int ChooseWindow(const std::vector<Instance>& hits, int size) {
  constexpr int kLeadIn = 4;
  int best_start = 0, best_phrases = -1, best_hits = -1;
  for (size_t i = 0; i < hits.size() && i < 256; ++i) {
    const int start = std::max(0, hits[i].first - kLeadIn);
    uint64_t phrases = 0;
    int n = 0;
    for (size_t j = i; j < hits.size() && hits[j].first < start + size; ++j) {
      if (hits[j].first < start) continue;
      phrases |= uint64_t{1} << (hits[j].phrase & 63);
      ++n;
    }
    const int distinct = __builtin_popcountll(phrases);
    if (distinct > best_phrases || (distinct == best_phrases && n > best_hits)) {
      best_start = start;
      best_phrases = distinct;
      best_hits = n;
    }
  }
  return best_start;
}

// khabar_mark(fts_table, column, window): see snippet.h.
void MarkFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                  sqlite3_value** argv) {
  if (argc != 2) {
    sqlite3_result_error(ctx, "khabar_mark: expected (table, column, window)", -1);
    return;
  }
  const int column = sqlite3_value_int(argv[0]);
  const int window = std::clamp(sqlite3_value_int(argv[1]), 0, 1000);
  const char* text_ptr = nullptr;
  int text_size = 0;
  int rc = api->xColumnText(fts, column, &text_ptr, &text_size);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const std::string_view text(text_ptr ? text_ptr : "", text_ptr ? text_size : 0);

  std::vector<Instance> hits;
  int count = 0;
  rc = api->xInstCount(fts, &count);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  for (int i = 0; i < count; ++i) {
    int phrase = 0, col = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &col, &offset) != SQLITE_OK || col != column) continue;
    const int size = std::max(1, api->xPhraseSize(fts, phrase));
    hits.push_back({phrase, offset, offset + size - 1});
  }
  std::sort(hits.begin(), hits.end(),
            [](const Instance& a, const Instance& b) { return a.first < b.first; });

  const int start = window == 0 ? 0 : ChooseWindow(hits, window);
  const std::vector<TokenSpan> tokens =
      PositionedTokens(text, window == 0 ? 0 : static_cast<size_t>(start + window));
  if (start >= static_cast<int>(tokens.size())) {  // empty column, or a window past its end
    sqlite3_result_text(ctx, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return;
  }
  const size_t begin = window == 0 ? 0 : tokens[start].begin;
  const size_t end = window == 0 ? text.size() : tokens.back().end;

  std::string out;
  out.reserve(end - begin + 16);
  if (begin > 0) out += "…";
  size_t copied = begin;  // text[begin, copied) is in `out`
  auto copy_to = [&](size_t to) {
    for (; copied < to; ++copied) out += text[copied] == '\n' ? ' ' : text[copied];
  };
  for (const Instance& h : hits) {
    const int first = std::max(h.first, start);
    const int last = std::min<int>(h.last, static_cast<int>(tokens.size()) - 1);
    if (first > last || tokens[first].begin < copied) continue;  // outside, or overlaps the last
    copy_to(tokens[first].begin);
    out += kHighlightBegin;
    copy_to(tokens[last].end);
    out += kHighlightEnd;
  }
  copy_to(end);
  if (end < text.size() && text.find_first_not_of(" \t\r\n", end) != std::string_view::npos) {
    out += "…";
  }
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// The per-search statistics of khabar_bm25 on this thread: computed at the first row of a search,
// reused for its other rows (FTS5's bm25() recomputes them whenever the table is re-filtered, which
// a probe per filtered article does).
struct Bm25Stats {
  int64_t search_id = 0;
  int64_t rows = 0;  // FTS5's row count
  double avgdl = 1;
  std::vector<double> idf;  // per phrase
};
thread_local Bm25Stats t_bm25;

// SetKnownDocumentFrequencies.
struct KnownFrequencies {
  int64_t search_id = 0;
  std::vector<int64_t> counts;  // per phrase; -1: unknown
};
thread_local KnownFrequencies t_known;

int CountRow(const Fts5ExtensionApi*, Fts5Context*, void* count) {
  ++*static_cast<int64_t*>(count);
  return SQLITE_OK;
}

// The token counts of documents (FTS5's docsize table, what xColumnSize(-1) reads) already
// looked up on one connection, by rowid, so that the rows of the next searches' windows cost no
// docsize lookup (a statement per row: half of khabar_bm25's time). Valid while the connection
// sees the same database: checked at the first row of every search against `PRAGMA data_version`
// (commits by other connections) and sqlite3_total_changes64 (this connection's own writes, rolled
// back or not), and emptied when either moved. Rowids from kMaxCachedRowid on are not kept:
// at most 16 MiB per connection.
class DocSizeCache {
 public:
  static constexpr int64_t kMaxCachedRowid = int64_t{1} << 22;

  explicit DocSizeCache(sqlite3* db) : db_(db) {}

  // Once per search (search_id): drops every size when the database may have changed.
  void Validate(int64_t search_id) {
    if (search_id == search_id_) return;
    search_id_ = search_id;
    // Prepared for each search, not kept: a statement left prepared would make sqlite3_close of
    // the connection fail (and this cache, freed with the connection, leak).
    int64_t version = -1;
    sqlite3_stmt* data_version = nullptr;
    if (sqlite3_prepare_v2(db_, "PRAGMA data_version", -1, &data_version, nullptr) == SQLITE_OK &&
        sqlite3_step(data_version) == SQLITE_ROW) {
      version = sqlite3_column_int64(data_version, 0);
    }
    sqlite3_finalize(data_version);
    const int64_t changes = sqlite3_total_changes64(db_);
    if (version < 0 || version != data_version_seen_ || changes != changes_seen_) {
      sizes_.clear();
      data_version_seen_ = version;  // -1 (unreadable) never matches: nothing is kept then
      changes_seen_ = changes;
    }
  }
  // The token count of `rowid` (all columns), from the cache or xColumnSize.
  int Size(const Fts5ExtensionApi* api, Fts5Context* fts, int* size) {
    const int64_t rowid = api->xRowid(fts);
    const bool cacheable = data_version_seen_ >= 0 && rowid >= 0 && rowid < kMaxCachedRowid;
    if (cacheable && rowid < static_cast<int64_t>(sizes_.size()) && sizes_[rowid] >= 0) {
      *size = sizes_[rowid];
      return SQLITE_OK;
    }
    const int rc = api->xColumnSize(fts, -1, size);
    if (rc == SQLITE_OK && cacheable && *size >= 0) {
      if (rowid >= static_cast<int64_t>(sizes_.size())) {
        sizes_.resize(std::max<size_t>(rowid + 1, sizes_.size() * 2), -1);
      }
      sizes_[rowid] = *size;
    }
    return rc;
  }

 private:
  sqlite3* const db_;
  int64_t search_id_ = 0;
  int64_t data_version_seen_ = -1;
  int64_t changes_seen_ = -1;
  std::vector<int32_t> sizes_;  // -1: not known
};

// khabar_bm25(fts_table, search_id, weight...): see fts_functions.h.
void Bm25Function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
                  sqlite3_value** argv) {
  constexpr double k1 = 1.2, b = 0.75;  // FTS5's bm25() constants
  if (argc < 1) {
    sqlite3_result_error(ctx, "khabar_bm25: expected (table, search_id, weight...)", -1);
    return;
  }
  const int64_t search_id = sqlite3_value_int64(argv[0]);
  DocSizeCache* doc_sizes = static_cast<DocSizeCache*>(api->xUserData(fts));
  doc_sizes->Validate(search_id);
  const int phrases = api->xPhraseCount(fts);
  int rc = SQLITE_OK;
  if (t_bm25.search_id != search_id || static_cast<int>(t_bm25.idf.size()) != phrases) {
    sqlite3_int64 rows = 0, tokens = 0;
    rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    // A negative search id: every IDF is 1 and no doclist is walked (the caller scales).
    std::vector<double> idf(phrases, 1.0);
    for (int i = 0; rc == SQLITE_OK && search_id >= 0 && i < phrases; ++i) {
      int64_t hits = 0;
      if (t_known.search_id == search_id && i < static_cast<int>(t_known.counts.size()) &&
          t_known.counts[i] >= 0) {
        hits = std::min<int64_t>(t_known.counts[i], rows);
      } else {
        rc = api->xQueryPhrase(fts, i, &hits, CountRow);
      }
      idf[i] = Bm25Idf(rows, hits);
    }
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    t_bm25.search_id = search_id;
    t_bm25.rows = rows;
    t_bm25.avgdl = rows > 0 ? std::max(1.0, static_cast<double>(tokens) / rows) : 1.0;
    t_bm25.idf = std::move(idf);
  }
  thread_local std::vector<double> frequency;
  frequency.assign(phrases, 0.0);
  int count = 0;
  rc = api->xInstCount(fts, &count);
  for (int i = 0; rc == SQLITE_OK && i < count; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 && phrase < phrases) {
      frequency[phrase] += argc > column + 1 ? sqlite3_value_double(argv[column + 1]) : 1.0;
    }
  }
  int size = 0;
  if (rc == SQLITE_OK) rc = doc_sizes->Size(api, fts, &size);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double score = 0;
  for (int i = 0; i < phrases; ++i) {
    const double f = frequency[i];
    score += t_bm25.idf[i] * (f * (k1 + 1.0)) / (f + k1 * (1 - b + b * size / t_bm25.avgdl));
  }
  sqlite3_result_double(ctx, -score);
}

}  // namespace

int64_t Bm25RowCount() { return t_bm25.rows; }

void SetKnownDocumentFrequencies(int64_t search_id, std::vector<int64_t> frequencies) {
  t_known.search_id = search_id;
  t_known.counts = std::move(frequencies);
}

double Bm25Idf(int64_t rows, int64_t matching) {
  const double n = static_cast<double>(rows), h = static_cast<double>(matching);
  const double idf = std::log((n - h + 0.5) / (h + 0.5));
  return idf > 0.0 ? idf : 1e-6;
}

Status RegisterFtsFunctions(sqlite3* db) {
  fts5_api* api = GetFts5Api(db);
  if (api == nullptr || api->iVersion < 2)
    return Status::Unsupported("SQLite was built without FTS5");
  if (api->xCreateFunction(api, "khabar_mark", nullptr, MarkFunction, nullptr) != SQLITE_OK ||
      api->xCreateFunction(api, "khabar_bm25", new DocSizeCache(db), Bm25Function, [](void* cache) {
        delete static_cast<DocSizeCache*>(cache);
      }) != SQLITE_OK) {
    return Status::Internal("cannot register the khabar FTS5 functions");
  }
  return Status::Ok();
}

}  // namespace khabar::store

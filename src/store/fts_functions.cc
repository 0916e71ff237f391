#include "store/fts_functions.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "khabar/store.h"
#include "khabar/text.h"
#include "store/fts_tokenizer.h"
#include "text/tokenizer.h"

namespace khabar::store {

namespace {

// Whether the khabar tokenizer gives `t` a position (fts_tokenizer.cc): punctuation, symbols and
// tokens whose match key is empty get none. A token that starts with an Arabic letter (U+0621..
// U+063A, U+0641..U+064A) or an ASCII letter or digit always has a key (that letter stays a letter
// in the key; KhabarMarkTest.KeyedTokenShortcutAgreesWithMatchKey checks each of them), so
// text::MatchKey, which allocates and normalizes, only runs for the other tokens: it was half the
// cost of a snippet.
bool HasPosition(const text::Token& t) {
  if (t.kind == text::TokenKind::kPunctuation || t.kind == text::TokenKind::kSymbol) return false;
  const std::string_view s = t.surface;
  if (s.empty()) return false;
  const auto b0 = static_cast<unsigned char>(s[0]);
  if ((b0 >= '0' && b0 <= '9') || (b0 >= 'a' && b0 <= 'z') || (b0 >= 'A' && b0 <= 'Z')) {
    return true;
  }
  if (s.size() >= 2 && (b0 == 0xD8 || b0 == 0xD9)) {
    const auto b1 = static_cast<unsigned char>(s[1]);
    const char32_t cp = (static_cast<char32_t>(b0 & 0x1F) << 6) | (b1 & 0x3F);
    if ((b1 & 0xC0) == 0x80 && ((cp >= 0x0621 && cp <= 0x063A) || (cp >= 0x0641 && cp <= 0x064A))) {
      return true;
    }
  }
  return !text::MatchKey(s).empty();
}

}  // namespace

namespace {

// An Arabic letter (U+0621..U+063A D8 A1..BA, U+0641..U+064A D9 81..8A) encoded at p[0], p[1].
bool IsArabicLetterAt(const unsigned char* p) {
  return p[0] == 0xD8 ? p[1] - 0xA1u <= 0xBAu - 0xA1u
                      : p[0] == 0xD9 && p[1] - 0x81u <= 0x8Au - 0x81u;
}

// U+0621..U+065F (letters, tatweel, harakat: D8 A1..BF, D9 80..9F) encoded at p[0], p[1]: what
// the tokenizer's Arabic word takes without looking further (text/tokenize.cc, ScanArabicWord).
bool IsArabicWordCharAt(const unsigned char* p) {
  return p[0] == 0xD8 ? p[1] - 0xA1u <= 0xBFu - 0xA1u
                      : p[0] == 0xD9 && p[1] - 0x80u <= 0x9Fu - 0x80u;
}

// IsArabicWordCharAt for the four characters encoded at p[0..7], one 8-byte word at a time (the
// loop over a word's letters was most of the snippet tokenizer's time). In each 16-bit lane (lead
// byte low, little-endian), the lead must be D8 or D9 and the second byte a continuation byte
// 80..BF; then c + 0x40 * (lead & 1) is A1..BF for D8 A1..BF and C0..DF for D9 80..9F, so one range
// A1..DF, tested by the carry into bit 15 of lane + (0x8000 - bound).
bool FourArabicWordCharsAt(const unsigned char* p) {
  static_assert(std::endian::native == std::endian::little);
  uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr uint64_t kLanes = 0x0001000100010001;
  if ((x & (0xC0FE * kLanes)) != 0x80D8 * kLanes) return false;
  const uint64_t t = ((x >> 8) & (0x00FF * kLanes)) + ((x & kLanes) << 6);
  const uint64_t at_least_a1 = t + (0x8000 - 0xA1) * kLanes;
  const uint64_t at_least_e0 = t + (0x8000 - 0xE0) * kLanes;
  return (at_least_a1 & ~at_least_e0 & (0x8000 * kLanes)) == 0x8000 * kLanes;
}

// Whether an Arabic word ends before p[0], p[1]: an ASCII character, or the Arabic comma,
// semicolon or question mark (the tokenizer's Arabic word takes none of them: they are neither
// letters, marks, tatweel nor joiners).
bool EndsArabicWord(const unsigned char* p) {
  return p[0] < 0x80 || (p[0] == 0xD8 && (p[1] == 0x8C || p[1] == 0x9B || p[1] == 0x9F));
}

// Punctuation that is a token of its own without a position wherever it starts one (text/
// tokenize.cc: one character, or a run of dots or of ! ? that is one token as a whole).
bool IsPlainPunctuation(unsigned char c) {
  switch (c) {
    case '.':
    case ',':
    case ':':
    case ';':
    case '(':
    case ')':
    case '"':
    case '!':
    case '?':
    case '-':
      return true;
    default:
      return false;
  }
}

}  // namespace

bool PositionedTokenizer::AddLine(std::string_view line, size_t line_begin, size_t max_tokens) {
  const auto* s = reinterpret_cast<const unsigned char*>(line.data());
  const size_t n = line.size();
  size_t p = 0;  // a position where the tokenizer, run over the whole line, starts a token or a gap
  while (p < n) {
    // Fast paths for most of a news text, checked against text::Tokenize by
    // PositionedTokensTest.FastPathAgreesWithTokenize: spaces (skipped by the tokenizer) and
    // plain punctuation (tokens without a position) are stepped over; an Arabic letter followed by
    // U+0621..U+065F up to the line's end or a character that ends the word is one word of
    // exactly these bytes, and a word starting with an Arabic letter has a position
    // (HasPosition).
    if (s[p] == ' ' || IsPlainPunctuation(s[p])) {
      ++p;
      continue;
    }
    if (p + 1 < n && s[p] == 0xD8 && s[p + 1] == 0x8C) {  // the Arabic comma
      p += 2;
      continue;
    }
    if (p + 1 < n && IsArabicLetterAt(s + p)) {
      size_t q = p + 2;
      while (q + 8 <= n && FourArabicWordCharsAt(s + q)) q += 8;
      while (q + 1 < n && IsArabicWordCharAt(s + q)) q += 2;
      if (q == n || s[q] < 0x80 || (q + 1 < n && EndsArabicWord(s + q))) {
        spans_.push_back({line_begin + p, line_begin + q});
        if (max_tokens != 0 && spans_.size() >= max_tokens) return true;
        p = q;
        continue;
      }
    }
    // Any other token: the tokenizer's own scanner, from here. It never looks before the token it
    // scans, so scanning from `p` gives the token a scan of the whole line gives there.
    text::internal::TokenScanner scanner(line.substr(p));
    text::Token t;
    if (!scanner.Next(&t)) break;
    if (HasPosition(t)) {
      spans_.push_back({line_begin + p + t.byte_begin, line_begin + p + t.byte_end});
      if (max_tokens != 0 && spans_.size() >= max_tokens) return true;
    }
    p += t.byte_end;
  }
  return false;
}

void PositionedTokenizer::Extend(std::string_view text, size_t max_tokens) {
  spans_.resize(final_spans_);  // the spans of a line that was not complete may change
  // A snippet's window needs its max_tokens spans: one allocation instead of the vector's
  // doublings (a tenth of the tokenizer's time). Bounded: a window is at most ~1,000 positions.
  if (max_tokens != 0 && spans_.capacity() < max_tokens && max_tokens <= 4096) {
    spans_.reserve(max_tokens);
  }
  size_t line_begin = final_begin_;
  while (line_begin <= text.size()) {
    size_t line_end = text.find('\n', line_begin);
    // A line that ends in `text` is tokenized for good (lines are tokenized one by one); the last
    // one may grow.
    const bool complete_line = line_end != std::string_view::npos;
    if (!complete_line) line_end = text.size();
    // Stops inside the line once max_tokens are found: the tokens before are final.
    if (AddLine(text.substr(line_begin, line_end - line_begin), line_begin, max_tokens)) return;
    if (complete_line) {
      final_begin_ = line_end + 1;
      final_spans_ = spans_.size();
    }
    line_begin = line_end + 1;
  }
}

std::vector<TokenSpan> PositionedTokens(std::string_view text, size_t max_tokens) {
  PositionedTokenizer tokenizer;
  tokenizer.Extend(text, max_tokens);
  return tokenizer.Take();
}

namespace {

// The first token position of the window of `size` positions that covers the most distinct
// phrases, then the most instances; the earliest such. A window starts a few words before its
// first match, so the match has some context.
int ChooseWindow(const std::vector<PhraseMatch>& hits, int size) {
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

// khabar_mark(fts_table, column, window): see fts_functions.h.
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

  std::vector<PhraseMatch> hits;
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
  const std::string out = MarkColumn(text, &hits, window);
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// The matches recorded by khabar_bm25 for the rows of the current search on this thread
// (CapturedMatches).
struct CapturedMatch {
  int32_t first, last;
  int16_t phrase, column;
};
struct CapturedRow {
  int64_t rowid;
  uint32_t begin, end;  // [begin, end) in Capture::matches
};
struct Capture {
  int64_t search_id = 0;  // |search_id| of the rows below
  // Rows in decreasing (the index plans) or increasing rowid order (a window walked upwards):
  // binary search.
  bool descending = true;
  bool ascending = true;
  std::vector<CapturedRow> rows;
  std::vector<CapturedMatch> matches;
};
thread_local Capture t_capture;

// The per-search statistics of khabar_bm25 on this thread: computed at the first row of a search,
// reused for its other rows (FTS5's bm25() recomputes them whenever the table is re-filtered, which
// a probe per filtered article does).
struct Bm25Stats {
  int64_t search_id = 0;
  int64_t rows = 0;  // FTS5's row count
  double avgdl = 1;
  std::vector<double> idf;         // per phrase
  std::vector<int32_t> last_step;  // per phrase: its token count - 1 (at least 0)
  // The weights of the first columns (a search passes the same weights in every call).
  static constexpr int kWeighted = 8;
  double weight[kWeighted] = {};
  int weights = 0;
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

class DocSizeCache;
// The DocSizeCache of each connection with the functions registered (LoadDocumentSizes).
std::mutex g_doc_size_caches_mu;
std::unordered_map<sqlite3*, DocSizeCache*>& DocSizeCaches() {
  static auto* caches = new std::unordered_map<sqlite3*, DocSizeCache*>;
  return *caches;
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
  static constexpr int64_t kMinMissesBeforeLoad = 16;

  explicit DocSizeCache(sqlite3* db) : db_(db) {
    std::lock_guard<std::mutex> lock(g_doc_size_caches_mu);
    DocSizeCaches()[db] = this;
  }
  sqlite3* db() const { return db_; }
  // MaybeLoad filled the cache since it was last emptied.
  bool loaded() const { return filled_; }

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
      misses_ = 0;
      loaded_ = false;
      filled_ = false;
      load_next_ = 0;
      max_id_ = -1;
    }
  }
  // LoadDocumentSizes: once this cache's misses since it was last emptied reach a sixteenth of
  // `rows` (at least kMinMissesBeforeLoad), reads the next part of `fts_table`'s docsize table
  // (ids [load_next_, + an eighth of the ids, at least 4,096)) at each call, until all are in.
  Status MaybeLoad(std::string_view fts_table, int64_t rows) {
    if (loaded_ || data_version_seen_ < 0 || rows <= 0 || rows >= kMaxCachedRowid ||
        misses_ < std::max<int64_t>(kMinMissesBeforeLoad, rows / 16)) {
      return Status::Ok();
    }
    const std::string table = "\"" + std::string(fts_table) + "_docsize\"";
    if (max_id_ < 0) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db_, ("SELECT coalesce(max(id), 0) FROM " + table).c_str(), -1, &st,
                             nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW) {
        max_id_ = sqlite3_column_int64(st, 0);
      }
      sqlite3_finalize(st);
      if (max_id_ < 0 || max_id_ >= kMaxCachedRowid) {  // no docsize table (columnsize=0), or big
        loaded_ = true;                                 // sizes stay looked up one by one
        return Status::Ok();
      }
    }
    const int64_t span = std::max<int64_t>(4096, max_id_ / 8 + 1);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_,
                           ("SELECT id, sz FROM " + table + " WHERE id >= ?1 AND id < ?2").c_str(),
                           -1, &st, nullptr) != SQLITE_OK) {
      sqlite3_finalize(st);
      loaded_ = true;
      return Status::Ok();
    }
    sqlite3_bind_int64(st, 1, load_next_);
    sqlite3_bind_int64(st, 2, load_next_ + span);
    // Every size read is the document's in this snapshot (the search's read transaction, whose
    // first khabar_bm25 row validated the cache): kept even when the scan is interrupted.
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const int64_t rowid = sqlite3_column_int64(st, 0);
      const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(st, 1));
      const int64_t size = DecodedDocumentSize(blob, sqlite3_column_bytes(st, 1));
      if (rowid < 0 || rowid >= kMaxCachedRowid || size < 0 || size > INT32_MAX) continue;
      if (rowid >= static_cast<int64_t>(sizes_.size())) {
        sizes_.resize(std::max<size_t>(rowid + 1, sizes_.size() * 2), -1);
      }
      sizes_[rowid] = static_cast<int32_t>(size);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return Status::Ok();  // interrupted (deadline): the next call resumes
    load_next_ += span;
    if (load_next_ > max_id_) loaded_ = filled_ = true;
    return Status::Ok();
  }
  // The sum of the per-column token counts of an FTS5 docsize blob (one SQLite varint per
  // column, as xColumnSize(-1) adds them up); -1 when malformed.
  static int64_t DecodedDocumentSize(const unsigned char* p, int n) {
    int64_t total = 0;
    int i = 0;
    while (i < n) {
      uint64_t v = 0;
      int len = 0;
      while (true) {
        if (i >= n) return -1;
        const unsigned char b = p[i++];
        if (++len == 9) {
          v = (v << 8) | b;
          break;
        }
        v = (v << 7) | (b & 0x7F);
        if ((b & 0x80) == 0) break;
      }
      total += static_cast<int32_t>(v);  // FTS5 reads each as a 32-bit integer
    }
    return total;
  }
  // The token count of `rowid` (the current row: all columns), from the cache or xColumnSize.
  int Size(const Fts5ExtensionApi* api, Fts5Context* fts, int64_t rowid, int* size) {
    const bool cacheable = data_version_seen_ >= 0 && rowid >= 0 && rowid < kMaxCachedRowid;
    if (cacheable && rowid < static_cast<int64_t>(sizes_.size()) && sizes_[rowid] >= 0) {
      *size = sizes_[rowid];
      return SQLITE_OK;
    }
    const int rc = api->xColumnSize(fts, -1, size);
    ++misses_;
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
  int64_t misses_ = 0;          // xColumnSize calls since the cache was last emptied
  bool loaded_ = false;         // MaybeLoad is done (all loaded, or no table) since then
  bool filled_ = false;         // and filled the cache
  int64_t load_next_ = 0;       // the ids below this one were loaded since then
  int64_t max_id_ = -1;         // the docsize table's largest id (-1: not read yet)
};

// One varint of an FTS5 position list, as FTS5 reads it (sqlite3Fts5GetVarint32: SQLite's varint,
// cut to 31 bits).
inline int ReadPositionVarint(const unsigned char** p) {
  const unsigned char* q = *p;
  if (q[0] < 0x80) {
    *p = q + 1;
    return q[0];
  }
  uint64_t v = 0;
  int n = 0;
  while (true) {
    const unsigned char b = q[n++];
    if (n == 9) {
      v = (v << 8) | b;
      break;
    }
    v = (v << 7) | (b & 0x7F);
    if (b < 0x80) break;
  }
  *p = q + n;
  return static_cast<int>(static_cast<uint32_t>(v) & 0x7FFFFFFF);
}

// NextPhrasePosition, inlined in khabar_bm25's loop.
inline void StepPosition(Fts5PhraseIter* it, int* column, int* offset) {
  if (it->a >= it->b) {
    *column = -1;
    *offset = -1;
    return;
  }
  int value = ReadPositionVarint(&it->a);
  if (value == 1) {  // a column follows, then the column's first position
    *column = ReadPositionVarint(&it->a);
    *offset = 0;
    value = ReadPositionVarint(&it->a);
  }
  *offset += value - 2;
}

}  // namespace

void NextPhrasePosition(Fts5PhraseIter* it, int* column, int* offset) {
  StepPosition(it, column, offset);
}

namespace {

// Whether NextPhrasePosition steps through position lists as this SQLite's xPhraseNext does:
// khabar_bm25 checks it on the first row of every search and turns it off for the process when a
// step differs (an SQLite whose iterator works otherwise).
std::atomic<bool> g_inline_positions{true};

// True when NextPhrasePosition gives xPhraseNext's (column, offset) sequence for every phrase of
// the current row.
bool InlinePositionsAgree(const Fts5ExtensionApi* api, Fts5Context* fts, int phrases) {
  for (int phrase = 0; phrase < phrases; ++phrase) {
    Fts5PhraseIter theirs, ours;
    int their_column = 0, their_offset = 0, our_column = 0, our_offset = 0;
    if (api->xPhraseFirst(fts, phrase, &theirs, &their_column, &their_offset) != SQLITE_OK ||
        api->xPhraseFirst(fts, phrase, &ours, &our_column, &our_offset) != SQLITE_OK) {
      return false;
    }
    while (true) {
      if (their_column != our_column || their_offset != our_offset) return false;
      if (their_column < 0) break;
      api->xPhraseNext(fts, &theirs, &their_column, &their_offset);
      NextPhrasePosition(&ours, &our_column, &our_offset);
    }
  }
  return true;
}

// The (rowid, score) of every row that khabar_bm25_rows scored in the current search on this
// thread (ScoredRowsOf).
struct ScoredRowsOfSearch {
  int64_t search_id = 0;  // |search_id| of the rows below
  std::vector<ScoredRow> rows;
};
thread_local ScoredRowsOfSearch t_scored;

// khabar_bm25(fts_table, search_id, weight...): see fts_functions.h. With `kKeepRows`
// (khabar_bm25_rows) the row's rowid and score are also kept (ScoredRowsOf).
//
// Called for every row of a search's window (2,000 rows for a common word), so the per-row work
// is kept to the phrases' position lists: the phrases' sizes and IDFs are read once per search,
// the column weights once per row, and each instance costs one xPhraseNext call (it also cost an
// xPhraseSize call and a weight's value conversion, and FTS5's instance list, xInstCount/xInst,
// built a merged copy of the lists first: half of the function's time).
template <bool kKeepRows>
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
  const bool new_search =
      t_bm25.search_id != search_id || static_cast<int>(t_bm25.idf.size()) != phrases;
  if (new_search) {
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
    std::vector<int32_t> last_step(phrases);
    for (int i = 0; i < phrases; ++i) last_step[i] = std::max(1, api->xPhraseSize(fts, i)) - 1;
    t_bm25.search_id = search_id;
    t_bm25.rows = rows;
    t_bm25.avgdl = rows > 0 ? std::max(1.0, static_cast<double>(tokens) / rows) : 1.0;
    t_bm25.idf = std::move(idf);
    t_bm25.last_step = std::move(last_step);
    t_bm25.weights = std::min(argc - 1, Bm25Stats::kWeighted);
    for (int i = 0; i < t_bm25.weights; ++i) t_bm25.weight[i] = sqlite3_value_double(argv[i + 1]);
  }
  // The weights of the first columns, read at the search's first row (the others are read when
  // met: never, for the store's calls).
  const double* weight = t_bm25.weight;
  const int weights = t_bm25.weights;
  // The weighted instance counts per phrase.
  constexpr int kInline = 16;
  double inline_frequency[kInline];
  thread_local std::vector<double> many;
  double* frequency = inline_frequency;
  if (phrases > kInline) {
    many.assign(phrases, 0.0);
    frequency = many.data();
  } else {
    for (int i = 0; i < phrases; ++i) inline_frequency[i] = 0.0;  // one or two: no memset
  }
  // The row's title and body matches, for the search's page (CapturedMatches).
  Capture& capture = t_capture;
  const int64_t capture_id = search_id < 0 ? -search_id : search_id;
  if (capture.search_id != capture_id) {
    capture.search_id = capture_id;
    capture.descending = capture.ascending = true;
    capture.rows.clear();
    capture.matches.clear();
  }
  const int64_t rowid = api->xRowid(fts);
  const size_t captured_begin = capture.matches.size();
  const int32_t* last_step = t_bm25.last_step.data();
  const int columns = api->xColumnCount(fts);
  // Each phrase's instances straight from its position list (xPhraseFirst/xPhraseNext): FTS5's
  // instance list (xInstCount/xInst) merges the phrases' lists into a new array first, which
  // cost more than the rest of the row. A phrase's instances come in (column, offset) order as in
  // the instance list, so each phrase's frequency is the same sum in the same order.
  // The steps through a position list are made here (NextPhrasePosition), not by an indirect call
  // of xPhraseNext per instance (~6% of a cold search's instructions), while they agree with it
  // (checked at each search's first row).
  if (new_search && g_inline_positions.load(std::memory_order_relaxed) &&
      !InlinePositionsAgree(api, fts, phrases)) {
    g_inline_positions.store(false, std::memory_order_relaxed);
  }
  const bool inline_positions = g_inline_positions.load(std::memory_order_relaxed);
  auto step = [&](Fts5PhraseIter* it, int* column, int* offset) {
    if (inline_positions) {
      StepPosition(it, column, offset);
    } else {
      api->xPhraseNext(fts, it, column, offset);
    }
  };
  size_t count = 0;  // instances in every column (the capture's bound counts them all)
  for (int phrase = 0; rc == SQLITE_OK && phrase < phrases; ++phrase) {
    Fts5PhraseIter it;
    int column = 0, offset = 0;
    rc = api->xPhraseFirst(fts, phrase, &it, &column, &offset);
    for (; rc == SQLITE_OK && column >= 0; step(&it, &column, &offset)) {
      if (column >= columns) {
        rc = SQLITE_CORRUPT_VTAB;  // the instance list reports such an instance so
        break;
      }
      ++count;
      frequency[phrase] += column < weights    ? weight[column]
                           : argc > column + 1 ? sqlite3_value_double(argv[column + 1])
                                               : 1.0;
      if ((column == 0 || column == 1) && phrase <= INT16_MAX) {
        capture.matches.push_back({offset, offset + last_step[phrase], static_cast<int16_t>(phrase),
                                   static_cast<int16_t>(column)});
      }
    }
  }
  if (rc == SQLITE_OK && capture_id != 0 && captured_begin + count <= kMaxCapturedMatches) {
    // Kept phrase by phrase: CapturedMatches puts the few rows a page reads in FTS5's order.
    if (!capture.rows.empty()) {
      if (capture.rows.back().rowid <= rowid) capture.descending = false;
      if (capture.rows.back().rowid >= rowid) capture.ascending = false;
    }
    capture.rows.push_back({rowid, static_cast<uint32_t>(captured_begin),
                            static_cast<uint32_t>(capture.matches.size())});
  } else {
    capture.matches.resize(captured_begin);
  }
  int size = 0;
  if (rc == SQLITE_OK) rc = doc_sizes->Size(api, fts, rowid, &size);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double score = 0;
  const double* idf = t_bm25.idf.data();
  for (int i = 0; i < phrases; ++i) {
    const double f = frequency[i];
    score += idf[i] * (f * (k1 + 1.0)) / (f + k1 * (1 - b + b * size / t_bm25.avgdl));
  }
  if constexpr (kKeepRows) {
    ScoredRowsOfSearch& scored = t_scored;
    if (scored.search_id != capture_id) {
      scored.search_id = capture_id;
      scored.rows.clear();
    }
    scored.rows.push_back({rowid, -score});
  }
  sqlite3_result_double(ctx, -score);
}

}  // namespace

namespace {

void SortByPosition(std::vector<PhraseMatch>* matches) {
  std::sort(matches->begin(), matches->end(),
            [](const PhraseMatch& a, const PhraseMatch& b) { return a.first < b.first; });
}

// A prefix decides like the whole text when the window's last token ends well before the cut (a
// token never depends on text that far after it) and a non-space follows it there (the trailing
// "…").
bool PrefixDecides(std::string_view text, const std::vector<TokenSpan>& tokens, int start,
                   int window) {
  constexpr size_t kMargin = 32;
  return window > 0 && static_cast<int>(tokens.size()) == start + window &&
         tokens.back().end + kMargin <= text.size() &&
         text.find_first_not_of(" \t\r\n", tokens.back().end) < tokens.back().end + kMargin;
}

// MarkColumn's answer once the window (`start`, `window`) and the tokens are known.
std::string RenderMarked(std::string_view text, const std::vector<PhraseMatch>& hits, int start,
                         int window, const std::vector<TokenSpan>& tokens) {
  if (start >= static_cast<int>(tokens.size())) {  // empty column, or a window past its end
    return std::string(text);
  }
  const size_t begin = window == 0 ? 0 : tokens[start].begin;
  const size_t end = window == 0 ? text.size() : tokens.back().end;

  std::string out;
  out.reserve(end - begin + 16 + 2 * hits.size());
  if (begin > 0) out += "…";
  size_t copied = begin;  // text[begin, copied) is in `out`
  // Line breaks become spaces: the text is copied a line at a time.
  auto copy_to = [&](size_t to) {
    while (copied < to) {
      const size_t nl = text.find('\n', copied);
      const size_t stop = nl < to ? nl : to;
      out.append(text.data() + copied, stop - copied);
      copied = stop;
      if (copied < to) {
        out += ' ';
        ++copied;
      }
    }
  };
  for (const PhraseMatch& h : hits) {
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
  return out;
}

}  // namespace

std::string MarkColumn(std::string_view text, std::vector<PhraseMatch>* matches, int window,
                       bool* enough) {
  std::vector<PhraseMatch>& hits = *matches;
  SortByPosition(&hits);
  const int start = window == 0 ? 0 : ChooseWindow(hits, window);
  const std::vector<TokenSpan> tokens =
      PositionedTokens(text, window == 0 ? 0 : static_cast<size_t>(start + window));
  if (enough != nullptr) {
    *enough = PrefixDecides(text, tokens, start, window);
    if (!*enough) return std::string();
  }
  return RenderMarked(text, hits, start, window, tokens);
}

GrowingSnippet::GrowingSnippet(std::vector<PhraseMatch> matches, int window)
    : hits_(std::move(matches)), window_(std::max(window, 1)) {
  SortByPosition(&hits_);
  start_ = ChooseWindow(hits_, window_);
}

bool GrowingSnippet::Update(std::string_view text, bool complete) {
  tokenizer_.Extend(text, static_cast<size_t>(start_ + window_));
  if (!complete && !PrefixDecides(text, tokenizer_.spans(), start_, window_)) return false;
  snippet_ = RenderMarked(text, hits_, start_, window_, tokenizer_.spans());
  return true;
}

bool CapturedMatches(int64_t search_id, int64_t rowid, int column, std::vector<PhraseMatch>* out) {
  out->clear();
  const Capture& c = t_capture;
  if (search_id == 0 || c.search_id != (search_id < 0 ? -search_id : search_id)) return false;
  const CapturedRow* row = nullptr;
  if (c.descending) {
    auto it = std::lower_bound(c.rows.begin(), c.rows.end(), rowid,
                               [](const CapturedRow& r, int64_t id) { return r.rowid > id; });
    if (it != c.rows.end() && it->rowid == rowid) row = &*it;
  } else if (c.ascending) {
    auto it = std::lower_bound(c.rows.begin(), c.rows.end(), rowid,
                               [](const CapturedRow& r, int64_t id) { return r.rowid < id; });
    if (it != c.rows.end() && it->rowid == rowid) row = &*it;
  } else {
    for (const CapturedRow& r : c.rows) {
      if (r.rowid == rowid) row = &r;  // the last: a row scored twice keeps its last matches
    }
  }
  if (row == nullptr) return false;
  for (uint32_t i = row->begin; i < row->end; ++i) {
    const CapturedMatch& m = c.matches[i];
    if (m.column == column) out->push_back({m.phrase, m.first, m.last});
  }
  // khabar_bm25 keeps a row's matches phrase by phrase; FTS5's instance order (xInst) is by
  // offset, then phrase, within a column (one phrase's matches are in that order already).
  std::sort(out->begin(), out->end(), [](const PhraseMatch& x, const PhraseMatch& y) {
    return x.first != y.first ? x.first < y.first : x.phrase < y.phrase;
  });
  return true;
}

std::vector<ScoredRow>* ScoredRowsOf(int64_t search_id) {
  ScoredRowsOfSearch& scored = t_scored;
  if (search_id == 0 || scored.search_id != (search_id < 0 ? -search_id : search_id)) {
    return nullptr;
  }
  return &scored.rows;
}

int64_t Bm25RowCount() { return t_bm25.rows; }

Status LoadDocumentSizes(sqlite3* db, std::string_view fts_table) {
  DocSizeCache* cache = nullptr;
  {
    std::lock_guard<std::mutex> lock(g_doc_size_caches_mu);
    auto it = DocSizeCaches().find(db);
    if (it != DocSizeCaches().end()) cache = it->second;
  }
  return cache == nullptr ? Status::Ok() : cache->MaybeLoad(fts_table, t_bm25.rows);
}

bool DocumentSizesLoaded(sqlite3* db) {
  std::lock_guard<std::mutex> lock(g_doc_size_caches_mu);
  auto it = DocSizeCaches().find(db);
  return it != DocSizeCaches().end() && it->second->loaded();
}

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
  // Both scoring functions share the connection's DocSizeCache, owned by khabar_bm25 (destroyed
  // with the connection's FTS5 functions).
  void (*destroy)(void*) = [](void* p) {
    auto* cache = static_cast<DocSizeCache*>(p);
    {
      std::lock_guard<std::mutex> lock(g_doc_size_caches_mu);
      auto it = DocSizeCaches().find(cache->db());
      if (it != DocSizeCaches().end() && it->second == cache) DocSizeCaches().erase(it);
    }
    delete cache;
  };
  auto* doc_sizes = new DocSizeCache(db);
  if (api->xCreateFunction(api, "khabar_bm25", doc_sizes, Bm25Function<false>, destroy) !=
      SQLITE_OK) {
    destroy(doc_sizes);
    return Status::Internal("cannot register the khabar FTS5 functions");
  }
  if (api->xCreateFunction(api, "khabar_bm25_rows", doc_sizes, Bm25Function<true>, nullptr) !=
          SQLITE_OK ||
      api->xCreateFunction(api, "khabar_mark", nullptr, MarkFunction, nullptr) != SQLITE_OK) {
    return Status::Internal("cannot register the khabar FTS5 functions");
  }
  return Status::Ok();
}

}  // namespace khabar::store

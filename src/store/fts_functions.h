// khabar's FTS5 auxiliary functions (internal to the store module; docs/storage.md, "Search").
//
// khabar_bm25(fts_table, search_id, title_weight, body_weight): FTS5's bm25() (same formula,
// k1 = 1.2, b = 0.75; lower is better), except that the per-query statistics (each phrase's
// document frequency, which costs a walk of its whole doclist) are computed once per `search_id`
// on a thread instead of every time FTS5 is re-filtered. Search probes the index once per filtered
// article when filters are narrow, and bm25() would walk every doclist at every probe. A search_id
// must be new for every search (and for every change of the index in between); the weights are
// read at a search's first row, so every call of one search passes the same. A negative
// search_id takes every phrase's IDF as 1 and walks no doclist: for a one-phrase query without
// filters the caller knows (or estimates) the document frequency from the matches themselves and
// scales the scores by Bm25Idf (search.cc). The documents' token counts (FTS5's docsize table) are
// kept per connection across searches while the database is unchanged (checked at each new
// search_id against PRAGMA data_version and the connection's own changes): a window row then costs
// no docsize lookup. At most 16 MiB per connection (rowids below 2^22).
//
// khabar_bm25_rows(fts_table, search_id, weight...): khabar_bm25 that also keeps each row's rowid
// and score on the thread (ScoredRowsOf), so that a search's window is one statement step:
//
//   SELECT 1 FROM (SELECT khabar_bm25_rows(articles_fts, ?2, 3.0, 1.0, 0.0) AS s
//                  FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT 2001)
//   WHERE s IS NULL
//
// walks the same rows in the same order as the plain SELECT of rowid and khabar_bm25, but as a
// co-routine inside SQLite (a LIMIT subquery is never flattened into an outer WHERE), with no
// return from sqlite3_step and no column reads per row (the score is never NULL: no row comes out).
//
// khabar_mark: highlights and snippets of search hits.
//
//   SELECT khabar_mark(articles_fts, 0, 0),    -- the title, every matched phrase marked
//          khabar_mark(articles_fts, 1, 32)    -- a 32-word window of the body around the matches
//   FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?2
//
// Matched phrases are wrapped in kHighlightBegin/kHighlightEnd (include/khabar/store.h); a window
// that does not start at the column's start begins with "…", one that stops before its end ends
// with "…"; line breaks inside a window become spaces.
//
// Why not FTS5's highlight() and snippet(): they run the full analyzer (segmentation and stemming)
// over the whole column to find the token offsets of the matches. FTS5 already knows the match
// positions from its index (xInst); turning a position into bytes only needs the tokenizer's word
// boundaries, and only up to the end of the window. So khabar_mark tokenizes the body one line at a
// time, with text::Tokenize and text::MatchKey (no segmentation), and stops after the window:
// a snippet costs the text before it, not the article.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khabar/status.h"

namespace khabar::store {

// Document frequencies of the phrases of search `search_id` known ahead (from the vocabulary:
// PhraseArticleCounts in vocabulary.h), one per phrase in FTS5's order, -1 where unknown: the
// next khabar_bm25 call of that search on this thread takes them instead of walking those
// phrases' doclists (a walk costs the whole doclist: tens of ms for a common word on a large
// corpus). Counts above FTS5's row count are clamped to it.
void SetKnownDocumentFrequencies(int64_t search_id, std::vector<int64_t> frequencies);

// The documents' token counts that khabar_bm25 keeps per connection are looked up one by one
// (~2 µs each: a docsize row). A connection that keeps missing loads them all instead: once its
// lookups since the cache was last emptied reach a sixteenth of the rows FTS5 counts (and at least
// 16), each call reads the next part of `fts_table`'s docsize table (an eighth of the ids, at least
// 4,096; ~0.1 µs per document) until all are in. A busy server's connections so warm up within a
// few searches, no search pays for the whole scan, and a connection that serves a few searches
// between changes never scans. Call on the search's thread, inside its read transaction, after its
// khabar_bm25 rows (RunSearch does, after the window). Never fails the search: a table without
// docsize, an interrupted scan or an unknown connection leave the cache as it was.
Status LoadDocumentSizes(sqlite3* db, std::string_view fts_table);
// Whether the connection's sizes were loaded that way since its cache was last emptied (tests).
bool DocumentSizesLoaded(sqlite3* db);

// One row scored by khabar_bm25_rows: its rowid and score (what khabar_bm25 returned for it).
struct ScoredRow {
  int64_t rowid;
  double score;
};
// The rows khabar_bm25_rows scored in search `search_id` (either sign) on this thread, in the order
// it was called; null when it scored none in that search (another search on the thread since, or
// none yet). Valid until the thread's next khabar_bm25_rows call of another search; the caller may
// empty it (before walking again in the same search).
std::vector<ScoredRow>* ScoredRowsOf(int64_t search_id);

// FTS5's row count as seen by the last khabar_bm25 call on this thread.
int64_t Bm25RowCount();
// BM25's IDF as FTS5 computes it: log((rows - matching + 0.5) / (matching + 0.5)), at least 1e-6.
double Bm25Idf(int64_t rows, int64_t matching);

// Registers khabar_bm25 and khabar_mark on `db` (needs FTS5).
Status RegisterFtsFunctions(sqlite3* db);

// One match of a query phrase in a column: token positions [first, last] (a phrase of n words
// spans n positions). `phrase` is FTS5's phrase number (ChooseWindow counts distinct ones).
struct PhraseMatch {
  int phrase;
  int first, last;
};

// What khabar_mark returns for one column: `text` with every match of `matches` (that column's
// matches, in FTS5's instance order) wrapped in kHighlightBegin/kHighlightEnd; `window` 0 marks the
// whole text, otherwise a window of `window` positions around the matches is cut (see above).
// Pure; `matches` is sorted in place. `enough` not null: `text` may be only a prefix of the
// column (UnpackBodyPrefix); *enough says whether it decided the answer the whole column gives
// (returned then), or the caller needs a longer prefix ("" returned).
std::string MarkColumn(std::string_view text, std::vector<PhraseMatch>* matches, int window,
                       bool* enough = nullptr);

// Matches captured during a search. Every khabar_bm25 call of a search (same |search_id|) on a
// thread records the row's title and body matches (xInst, which it reads anyway for the term
// frequencies), so that the search's page can be highlighted without running the match again for
// each hit (a re-match costs FTS5 a seek of every phrase's doclist, ~20 µs per hit on 100,000
// articles) and without FTS5 loading the row's whole content. A new search on the thread drops
// the previous one's. Bounded: at most kMaxCapturedMatches matches per search, rows
// past the bound are not captured (3 MiB). Thread-local: the search's thread must ask.
inline constexpr size_t kMaxCapturedMatches = size_t{1} << 18;
// The matches of `rowid` in `column` (0 title, 1 body) recorded by khabar_bm25 in search
// `search_id` (either sign) on this thread, in FTS5's instance order; false when that row was not
// captured (another search since, over the bound, or not scored by khabar_bm25).
bool CapturedMatches(int64_t search_id, int64_t rowid, int column, std::vector<PhraseMatch>* out);

// FTS5's xPhraseNext (SQLite's fts5ApiPhraseNext, detail=full position lists): the next
// (column, offset) of a phrase's instances after xPhraseFirst; column -1 at the end. khabar_bm25
// steps with it instead of an indirect call per instance while it agrees with the linked SQLite's
// xPhraseNext (checked at the first row of every search). Exposed for tests.
void NextPhrasePosition(Fts5PhraseIter* it, int* column, int* offset);

// The byte spans [begin, end) of the tokens of `text` to which the khabar tokenizer gives a
// position (its non-colocated tokens), in order, found one line at a time, stopping once
// `max_tokens` are found (0: all). Exposed for tests: must agree with Pretokenize
// (fts_tokenizer.h).
struct TokenSpan {
  size_t begin, end;
};
std::vector<TokenSpan> PositionedTokens(std::string_view text, size_t max_tokens);

// PositionedTokens of a text that grows (a body inflated a part at a time): each Extend call's
// `text` starts with the previous call's, and spans() is then PositionedTokens(text, max_tokens).
// Lines are tokenized one by one, so only the last line seen (the one that may still grow, or the
// one where max_tokens stopped) is tokenized again by the next call. A line is tokenized only up
// to the max_tokens-th token. Its spaces, plain punctuation and plain Arabic words (an Arabic
// letter, then letters and harakat up to a space, punctuation or the line's end: most of a news
// text) are found by a byte loop; every other token by the tokenizer's own scanner
// (text/tokenizer.h), started at that token. The snippet's window ends ~190 words into a body on
// average (it covers the most query phrases), and text::Tokenize over those lines was a fifth of a
// cold search's instructions.
class PositionedTokenizer {
 public:
  void Extend(std::string_view text, size_t max_tokens);
  const std::vector<TokenSpan>& spans() const { return spans_; }
  std::vector<TokenSpan> Take() { return std::move(spans_); }

 private:
  // Appends the spans of `line` (at `line_begin` in the text); true when max_tokens stopped it.
  bool AddLine(std::string_view line, size_t line_begin, size_t max_tokens);
  std::vector<TokenSpan> spans_;
  size_t final_begin_ = 0;  // the text before this offset ends with a complete line
  size_t final_spans_ = 0;  // the spans found before final_begin_
};

// The snippet MarkColumn(text, &matches, window) cuts from a column (window > 0) when the text
// arrives a prefix at a time (search's page inflates only the start of a body, and more when that
// was not enough): Update(prefix, complete) answers true, and snippet() then holds MarkColumn's
// answer (Take), as soon as a prefix decides it (MarkColumn's `enough`) or the text is complete;
// false when a longer prefix is needed (each call's text starts with the previous one's). Unlike
// calls of MarkColumn on each prefix, a longer prefix costs the tokenization of its new lines
// only. window_end(): the token position just past the window, how much of the column it needs.
class GrowingSnippet {
 public:
  GrowingSnippet(std::vector<PhraseMatch> matches, int window);
  bool Update(std::string_view text, bool complete);
  std::string Take() { return std::move(snippet_); }
  int window_end() const { return start_ + window_; }

 private:
  std::vector<PhraseMatch> hits_;  // sorted as MarkColumn sorts them
  int window_;
  int start_ = 0;  // the window's first position
  PositionedTokenizer tokenizer_;
  std::string snippet_;
};

}  // namespace khabar::store

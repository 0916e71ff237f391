// khabar's FTS5 auxiliary functions (internal to the store module; docs/storage.md, "Search").
//
// khabar_bm25(fts_table, search_id, title_weight, body_weight): FTS5's bm25() (same formula,
// k1 = 1.2, b = 0.75; lower is better), except that the per-query statistics (each phrase's
// document frequency, which costs a walk of its whole doclist) are computed once per `search_id`
// on a thread instead of every time FTS5 is re-filtered. Search probes the index once per filtered
// article when filters are narrow, and bm25() would walk every doclist at every probe. A search_id
// must be new for every search (and for every change of the index in between). A negative
// search_id takes every phrase's IDF as 1 and walks no doclist: for a one-phrase query without
// filters the caller knows (or estimates) the document frequency from the matches themselves and
// scales the scores by Bm25Idf (search.cc). The documents' token counts (FTS5's docsize table) are
// kept per connection across searches while the database is unchanged (checked at each new
// search_id against PRAGMA data_version and the connection's own changes): a window row then costs
// no docsize lookup. At most 16 MiB per connection (rowids below 2^22).
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
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::store {

// Document frequencies of the phrases of search `search_id` known ahead (from the vocabulary:
// PhraseArticleCounts in vocabulary.h), one per phrase in FTS5's order, -1 where unknown: the
// next khabar_bm25 call of that search on this thread takes them instead of walking those
// phrases' doclists (a walk costs the whole doclist: tens of ms for a common word on a large
// corpus). Counts above FTS5's row count are clamped to it.
void SetKnownDocumentFrequencies(int64_t search_id, std::vector<int64_t> frequencies);

// FTS5's row count as seen by the last khabar_bm25 call on this thread.
int64_t Bm25RowCount();
// BM25's IDF as FTS5 computes it: log((rows - matching + 0.5) / (matching + 0.5)), at least 1e-6.
double Bm25Idf(int64_t rows, int64_t matching);

// Registers khabar_bm25 and khabar_mark on `db` (needs FTS5).
Status RegisterFtsFunctions(sqlite3* db);

// The byte spans [begin, end) of the tokens of `text` to which the khabar tokenizer gives a
// position (its non-colocated tokens), in order, found one line at a time, stopping once
// `max_tokens` are found (0: all). Exposed for tests: must agree with Pretokenize
// (fts_tokenizer.h).
struct TokenSpan {
  size_t begin, end;
};
std::vector<TokenSpan> PositionedTokens(std::string_view text, size_t max_tokens);

}  // namespace khabar::store

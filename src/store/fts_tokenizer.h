// The FTS5 tokenizer "khabar": khabar's analyzer (include/khabar/text.h) inside SQLite full-text
// search.
//
// Documents: each word, number or Latin token is indexed as one term: its stem, or its match key
// when it has no stem (numbers, Latin words, names the analyzer protects), with byte offsets into
// the original text so that highlights mark the words as written. Punctuation and symbols are not
// indexed. Queries: a term becomes its stem the same way, so any inflection or spelling of the word
// matches. A query string that starts with kVerbatimTermMarker is one index term, emitted as it is:
// the expansions of a prefix (store/vocabulary.h), which are index terms already and must not be
// stemmed again. A document text starting with kFilterTextMarker (byte 0xFF, in no UTF-8 text) is
// the `filters` column: its space-separated filter terms are indexed verbatim (filter_terms.h).
// (Schema version 3 and older also indexed the match key beside the stem, for FTS5
// prefix queries: a third of the index; docs/storage.md, "Vocabulary".)
//
// Pretokenized texts: the analysis of a document text can be made ahead of time on any thread
// (Pretokenize) and handed to the tokenizer of the thread that writes (ScopedPretokenized): the
// tokenizer then replays it instead of analyzing, when the text FTS5 gives it is byte-identical
// (same size and hash) to the one prepared, and analyzes as usual otherwise. The index is the same
// either way; only the thread that pays for the analysis changes (ingest runs it in the pipeline
// workers). Thread-safety: the tokenizer keeps no shared state; the pretokenized slots are per
// thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/dedupe.h"
#include "khabar/status.h"

namespace khabar::store {

// Registers the tokenizer on `db` (every connection that reads or writes the FTS table needs it).
Status RegisterKhabarTokenizer(sqlite3* db);

// The connection's FTS5 API (nullptr when SQLite has no FTS5).
fts5_api* GetFts5Api(sqlite3* db);

// The tokens the khabar tokenizer emits for one document text, with the text's size and hash.
struct PretokenizedText {
  struct Token {
    uint32_t term_begin, term_size;  // into `terms`
    int32_t begin, end;              // byte offsets into the text
  };
  size_t text_size = 0;
  uint64_t text_hash = 0;
  std::string terms;
  std::vector<Token> tokens;
};

// U+E000 (private use), first in a query string that is one index term taken verbatim.
inline constexpr char kVerbatimTermMarker[] = "\xEE\x80\x80";

// `s` as an FTS5 string literal: double quotes around, inner quotes doubled. The query builder
// quotes every term this way, so that no user text acts as FTS5 syntax.
std::string QuoteFtsString(std::string_view s);

// The FTS5 expression matching an article that holds any of `terms` (index terms, each taken
// verbatim: kVerbatimTermMarker + term, quoted), parenthesized. `terms` must not be empty.
std::string AnyOfIndexTerms(const std::vector<std::string>& terms);

// The words of a document text as the tokenizer indexes them, in order: emit(word, term, begin,
// end) with the word's match key, the index term (stem, or key when it has none) and its byte
// offsets. Thread-safe.
void ForEachIndexedWord(std::string_view text,
                        const std::function<void(std::string_view word, std::string_view term,
                                                 int begin, int end)>& emit);

// Analyzes `text` as the tokenizer would for a document. Thread-safe. With `shingles`, the same
// analysis also feeds it every token (so that it gives dedupe's MinHasher::Shingles(text) without a
// second analysis: Corpus::Prepare signs the body it indexes).
PretokenizedText Pretokenize(std::string_view text, dedupe::ShingleBuilder* shingles = nullptr);

// The index terms the tokenizer gives for one FTS5 query string (the inside of "..."), in order.
std::vector<std::string> QueryStringTerms(std::string_view query_string);

// The terms of the texts, each once, sorted (an article's share of the vocabulary).
std::vector<std::string> DistinctTerms(std::initializer_list<const PretokenizedText*> texts);

// The hash of a term in the writer's vocabulary table (VocabularyWriter::Add).
uint64_t TermHash(std::string_view term);

// Distinct terms with their TermHash, in one buffer (no allocation per term): an article's share
// of the vocabulary as the ingest workers hand it to the writer (VocabularyWriter::Add), which then
// neither hashes nor copies strings one by one.
class TermSet {
 public:
  size_t size() const { return hashes_.size(); }
  bool empty() const { return hashes_.empty(); }
  std::string_view term(size_t i) const {
    const uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  uint64_t hash(size_t i) const { return hashes_[i]; }
  // Appends `term` (whose TermHash is `hash`); the caller keeps the terms distinct.
  void Append(std::string_view term, uint64_t hash) {
    bytes_.append(term);
    ends_.push_back(static_cast<uint32_t>(bytes_.size()));
    hashes_.push_back(hash);
  }
  void Reserve(size_t terms, size_t bytes) {
    bytes_.reserve(bytes);
    ends_.reserve(terms);
    hashes_.reserve(terms);
  }

 private:
  std::string bytes_;             // the terms, one after another
  std::vector<uint32_t> ends_;    // end of term i in bytes_
  std::vector<uint64_t> hashes_;  // TermHash of term i
};

// The same terms as DistinctTerms, in the order of their first occurrence, with their hashes:
// one hash-set probe per token (the ingest workers make it for the writer).
TermSet DistinctTermSet(std::initializer_list<const PretokenizedText*> texts);

// While alive, the khabar tokenizer on the constructing thread replays `a` or `b` (either may be
// nullptr) for a document text identical to the one it was made from. Not nestable; the texts must
// outlive the object.
class ScopedPretokenized {
 public:
  ScopedPretokenized(const PretokenizedText* a, const PretokenizedText* b);
  ~ScopedPretokenized();
  ScopedPretokenized(const ScopedPretokenized&) = delete;
  ScopedPretokenized& operator=(const ScopedPretokenized&) = delete;
};

}  // namespace khabar::store

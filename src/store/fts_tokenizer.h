// The FTS5 tokenizer "khabar": khabar's analyzer (include/khabar/text.h) inside SQLite full-text
// search.
//
// Documents: each word, number or Latin token is indexed as its match key and, when different, its
// stem at the same position (FTS5_TOKEN_COLOCATED), with byte offsets into the original text so
// that highlight() and snippet() mark the words as written. Punctuation and symbols are not
// indexed. Queries: a term becomes its stem (so any inflection or spelling of the word matches); a
// prefix term (word*) stays its match key, which prefixes the indexed keys.
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
#include <string>
#include <string_view>
#include <vector>

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
    bool colocated;                  // FTS5_TOKEN_COLOCATED with the previous token
  };
  size_t text_size = 0;
  uint64_t text_hash = 0;
  std::string terms;
  std::vector<Token> tokens;
};

// Analyzes `text` as the tokenizer would for a document. Thread-safe.
PretokenizedText Pretokenize(std::string_view text);

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

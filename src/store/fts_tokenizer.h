// The FTS5 tokenizer "khabar": khabar's analyzer (include/khabar/text.h) inside SQLite full-text search.
//
// Documents: each word, number or Latin token is indexed as its match key and, when different, its stem
// at the same position (FTS5_TOKEN_COLOCATED), with byte offsets into the original text so that
// highlight() and snippet() mark the words as written. Punctuation and symbols are not indexed.
// Queries: a term becomes its stem (so any inflection or spelling of the word matches); a prefix term
// (word*) stays its match key, which prefixes the indexed keys.
// Thread-safety: the tokenizer is stateless; the analyzer it calls is thread-safe.
#pragma once

#include <sqlite3.h>

#include "khabar/status.h"

namespace khabar::store {

// Registers the tokenizer on `db` (every connection that reads or writes the FTS table needs it).
Status RegisterKhabarTokenizer(sqlite3* db);

}  // namespace khabar::store

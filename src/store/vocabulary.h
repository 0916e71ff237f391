// The vocabulary of a corpus: every term of its full-text index (the stem of a word, or its match
// key when it has none) with how many articles hold it. Prefix search reads it (docs/storage.md,
// "Vocabulary"): a prefix becomes the OR of the most frequent index terms it covers. FTS5's own
// prefix search would merge the doclists of every term the prefix covers (hundreds of thousands
// of postings on a large corpus) for every query.
//
//   TermSet terms = DistinctTermSet({&title_tokens, &body_tokens});  // any thread
//   writer->Add(terms);                        // on the writer, per article
//   writer->Flush();                           // before COMMIT
//   Result<std::vector<std::string>> expansions = ExpandPrefix(db, &cache, "وزار", 32);
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "khabar/status.h"
#include "store/fts_tokenizer.h"
#include "store/sqlite_util.h"

namespace khabar::store {

class StatementCache;  // search.h

// The table, created by schema version 4 (corpus.cc).
extern const char kVocabularySchema[];

// The definite article with the proclitics that go before it (وال فال بال كال وبال لل ولل فلل), as
// it starts `key` (a match key), or "".
std::string_view DefiniteArticle(std::string_view key);

// Accumulates the distinct terms of the articles written in a transaction and adds them to the
// table on Flush() (one upsert per distinct term and batch, in term order, not one per article and
// term: the batch's articles share most of their words; kUpsertRows terms per statement). Counts
// are never decremented when an article is replaced or its text changes: they rank a prefix's
// expansions and need not be exact. One per writable Corpus; not thread-safe. Cost of Add: one
// hash-table probe per term, no allocation per term (the terms are copied into one arena).
class VocabularyWriter {
 public:
  static Result<std::unique_ptr<VocabularyWriter>> Create(sqlite3* db);

  // One article's index terms, each once, with their TermHash (fts_tokenizer.h).
  void Add(const TermSet& terms);
  // The same from strings; `hashes`, when given, their TermHash in the same order.
  void Add(const std::vector<std::string>& terms, const std::vector<uint64_t>* hashes = nullptr);
  // Writes the pending counts (inside the caller's transaction, before it commits).
  Status Flush();
  // Forgets the pending counts (after a failed commit).
  void Drop();

  // Terms per upsert statement in Flush (one statement of 64 rows cost 0.85 µs a term against
  // 1.3 µs for 64 statements of one row).
  static constexpr int kUpsertRows = 64;

 private:
  explicit VocabularyWriter(sqlite3* db) : db_(db) {}
  // A pending term: its bytes in arena_ and the articles holding it. Dense, in the order of first
  // sight (that of the arena).
  struct Entry {
    uint32_t begin, size;
    int64_t articles;
  };
  // A hash-table slot: the term's hash and 1 + its index in entries_ (0: empty).
  struct Slot {
    uint64_t hash = 0;
    uint64_t entry = 0;
  };
  std::string_view TermOf(const Entry& e) const {
    return std::string_view(arena_).substr(e.begin, e.size);
  }
  void AddTerm(std::string_view term, uint64_t hash);
  void Grow();

  sqlite3* db_;
  Statement upsert_, upsert_many_;
  std::vector<Slot> slots_;  // open addressing (linear probing), size a power of two or 0
  std::vector<Entry> entries_;
  std::string arena_;
};

// Fills the vocabulary from the stored articles (the migration to schema version 4), filter terms
// included. Cost: one analysis of every stored text.
Status RebuildVocabulary(sqlite3* db);

// Adds every stored article's filter terms (filter_terms.h) to the vocabulary (the migration to
// schema version 5). Cost: one read of the articles' site and date.
Status AddFilterTermsToVocabulary(sqlite3* db);

// The index terms a prefix search for `word_prefix` (a match key) covers, at most `max_terms`, held
// by the most articles first, each once: the terms starting with it (without its definite
// article: the index holds stems), and the stem of the prefix read as a word when the stemmer only
// cut its end (وزارات* covers وزار, the term of والوزارات). Empty when the corpus has none. Cost: a
// range scan of the terms with the prefix (at most kMaxScannedTerms are read, of which the most
// frequent are taken) and one lookup.
Result<std::vector<std::string>> ExpandPrefix(sqlite3* db, StatementCache* statements,
                                              std::string_view word_prefix, size_t max_terms);

constexpr size_t kMaxScannedTerms = 20000;

// The phrases of `fts_expression` (a BuildFtsQuery expression), in FTS5's order: the insides of
// its quoted strings, doubled quotes undone.
std::vector<std::string> ExpressionPhrases(std::string_view fts_expression);

// For each of `phrases` (ExpressionPhrases), the number of articles holding it when the phrase is
// one term (read from the vocabulary: one lookup), or -1 for a phrase of several terms. BM25 needs
// these document frequencies; FTS5 would walk the phrase's whole doclist to count them.
Result<std::vector<int64_t>> PhraseArticleCounts(sqlite3* db, StatementCache* statements,
                                                 const std::vector<std::string>& phrases);

}  // namespace khabar::store

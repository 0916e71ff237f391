#include "store/vocabulary.h"

#include <algorithm>
#include <cstring>

#include "khabar/text.h"

#include "store/filter_terms.h"
#include "store/fts_tokenizer.h"
#include "store/search.h"

namespace khabar::store {

const char kVocabularySchema[] = R"sql(
CREATE TABLE vocabulary(term TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID;
)sql";

std::string_view DefiniteArticle(std::string_view key) {
  static constexpr std::string_view kForms[] = {"وبال", "فبال", "وكال", "ولل", "فلل", "وال",
                                                "فال",  "بال",  "كال",  "لل",  "ال"};
  for (std::string_view form : kForms) {
    if (key.substr(0, form.size()) == form) return form;
  }
  return {};
}

Result<std::unique_ptr<VocabularyWriter>> VocabularyWriter::Create(sqlite3* db) {
  std::unique_ptr<VocabularyWriter> writer(new VocabularyWriter(db));
  constexpr char kConflict[] =
      " ON CONFLICT(term) DO UPDATE SET articles = articles + excluded.articles";
  KHABAR_RETURN_IF_ERROR(writer->upsert_.Prepare(
      db, std::string("INSERT INTO vocabulary(term, articles) VALUES (?1, ?2)") + kConflict));
  std::string many = "INSERT INTO vocabulary(term, articles) VALUES ";
  for (int i = 0; i < kUpsertRows; ++i) {
    many += (i > 0 ? ", (?" : "(?") + std::to_string(2 * i + 1) + ", ?" +
            std::to_string(2 * i + 2) + ")";
  }
  KHABAR_RETURN_IF_ERROR(writer->upsert_many_.Prepare(db, many + kConflict));
  return writer;
}

void VocabularyWriter::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 4096 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].entry != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

namespace {
// The first 8 bytes of `term` as a big-endian number, zero-padded: its bytewise order on them.
uint64_t SortPrefix(std::string_view term) {
  uint64_t prefix = 0;
  if (term.size() >= 8) {
    std::memcpy(&prefix, term.data(), 8);
    return __builtin_bswap64(prefix);  // little-endian load -> big-endian number
  }
  for (size_t k = 0; k < 8; ++k) {
    prefix = (prefix << 8) | (k < term.size() ? static_cast<unsigned char>(term[k]) : 0u);
  }
  return prefix;
}
}  // namespace

[[gnu::always_inline]] inline void VocabularyWriter::AddTerm(std::string_view term, uint64_t hash) {
  if ((entries_.size() + 1) * 2 > slots_.size()) Grow();  // at most half full
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.entry == 0) {
      entries_.push_back(
          {static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(term.size()), 1});
      arena_.append(term);
      slot = {hash, entries_.size()};
      return;
    }
    if (slot.hash == hash) {
      Entry& e = entries_[slot.entry - 1];
      if (TermOf(e) == term) {
        ++e.articles;
        return;
      }
    }
  }
}

void VocabularyWriter::Add(const TermSet& terms) {
  if (entries_.capacity() < entries_.size() + terms.size()) {
    entries_.reserve(std::max(2 * entries_.capacity(), entries_.size() + terms.size()));
  }
  // Room for all of the article's terms first, so that the table does not move under the
  // prefetches below (AddTerm then never grows it). Its size changes no answer: Flush sorts.
  while ((entries_.size() + terms.size()) * 2 > slots_.size()) Grow();
  // The table (~40,000 terms of a batch, 2 MB of slots) is larger than the core's cache and each
  // probe lands on a random slot: ask for the slot of the term kAhead places on before probing.
  constexpr size_t kAhead = 8;
  const size_t mask = slots_.size() - 1;
  const size_t n = terms.size();
  for (size_t k = 0; k < std::min(kAhead, n); ++k)
    __builtin_prefetch(&slots_[terms.hash(k) & mask]);
  for (size_t k = 0; k < n; ++k) {
    if (k + kAhead < n) __builtin_prefetch(&slots_[terms.hash(k + kAhead) & mask]);
    AddTerm(terms.term(k), terms.hash(k));
  }
}

void VocabularyWriter::Add(const std::vector<std::string>& terms,
                           const std::vector<uint64_t>* hashes) {
  if (hashes != nullptr && hashes->size() != terms.size()) hashes = nullptr;
  for (size_t k = 0; k < terms.size(); ++k) {
    AddTerm(terms[k], hashes != nullptr ? (*hashes)[k] : TermHash(terms[k]));
  }
}

void VocabularyWriter::Drop() {
  if (entries_.empty()) return;
  std::fill(slots_.begin(), slots_.end(), Slot{});  // the next batch needs about as many
  entries_.clear();
  arena_.clear();
}

Status VocabularyWriter::Flush() {
  // In term order: each upsert then lands on the b-tree page of the one before or the next one,
  // already in the cache (in hash order every upsert was a random page: ingest took twice as long).
  // Sorted by the term's first 8 bytes as a big-endian number (zero-padded) first, the whole term
  // only when those are equal: the same bytewise order with most comparisons on integers (a batch
  // has ~20,000 distinct terms; the string comparisons were a third of Flush). The entries are in
  // arena order: the prefixes are read sequentially.
  struct Keyed {
    uint64_t prefix;
    const Entry* entry;
  };
  std::vector<Keyed> sorted;
  sorted.reserve(entries_.size());
  for (const Entry& e : entries_) sorted.push_back({SortPrefix(TermOf(e)), &e});
  std::sort(sorted.begin(), sorted.end(), [this](const Keyed& a, const Keyed& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return TermOf(*a.entry) < TermOf(*b.entry);
  });
  size_t next = 0;
  const auto run = [&](Statement& st, int rows) -> Status {
    st.Reset();
    for (int r = 0; r < rows; ++r, ++next) {
      const Entry& e = *sorted[next].entry;
      // The arena outlives the statement's step (reset below): no copy of the term.
      sqlite3_bind_text(st.get(), 2 * r + 1, arena_.data() + e.begin, static_cast<int>(e.size),
                        SQLITE_STATIC);
      st.BindInt(2 * r + 2, e.articles);
    }
    const int rc = st.Step();
    Status s = rc == SQLITE_DONE ? Status::Ok() : SqliteError(db_, "updating the vocabulary");
    st.Reset();
    return s;
  };
  while (sorted.size() - next >= static_cast<size_t>(kUpsertRows)) {
    KHABAR_RETURN_IF_ERROR(run(upsert_many_, kUpsertRows));
  }
  while (next < sorted.size()) KHABAR_RETURN_IF_ERROR(run(upsert_, 1));
  Drop();
  return Status::Ok();
}

Status RebuildVocabulary(sqlite3* db) {
  KHABAR_RETURN_IF_ERROR(Exec(db, "DELETE FROM vocabulary"));
  Result<std::unique_ptr<VocabularyWriter>> writer = VocabularyWriter::Create(db);
  if (!writer.ok()) return writer.status();
  Statement texts;
  KHABAR_RETURN_IF_ERROR(
      texts.Prepare(db, "SELECT title, khabar_body(record), site, published FROM articles"));
  int64_t since_flush = 0;
  int rc;
  while ((rc = texts.Step()) == SQLITE_ROW) {
    const PretokenizedText title = Pretokenize(texts.ColumnText(0));
    const PretokenizedText body = Pretokenize(texts.ColumnText(1));
    std::vector<std::string> terms = DistinctTerms({&title, &body});
    AddFilterTerms(texts.ColumnText(2), texts.ColumnText(3), &terms);
    (*writer)->Add(terms);
    if (++since_flush == 1000) {  // bounded memory on a large corpus
      KHABAR_RETURN_IF_ERROR((*writer)->Flush());
      since_flush = 0;
    }
  }
  if (rc != SQLITE_DONE) return SqliteError(db, "reading the articles for the vocabulary");
  return (*writer)->Flush();
}

Status AddFilterTermsToVocabulary(sqlite3* db) {
  Result<std::unique_ptr<VocabularyWriter>> writer = VocabularyWriter::Create(db);
  if (!writer.ok()) return writer.status();
  Statement rows;
  KHABAR_RETURN_IF_ERROR(rows.Prepare(db, "SELECT site, published FROM articles"));
  int rc;
  while ((rc = rows.Step()) == SQLITE_ROW) {
    (*writer)->Add(FilterTerms(rows.ColumnText(0), rows.ColumnText(1)));
  }
  if (rc != SQLITE_DONE) return SqliteError(db, "reading the articles for the filter terms");
  return (*writer)->Flush();  // a few terms per outlet and month: small however many articles
}

Result<std::vector<std::string>> ExpandPrefix(sqlite3* db, StatementCache* statements,
                                              std::string_view word_prefix, size_t max_terms) {
  std::vector<std::string> terms;
  const std::string_view prefix = word_prefix.substr(DefiniteArticle(word_prefix).size());
  if (prefix.empty() || max_terms == 0) return terms;
  // The prefix read as a word, when stemming only cut its end: its stem is a term to look up.
  std::string stem = text::Analyzer::Default().Stem(word_prefix);
  if (stem.empty() || stem.size() >= prefix.size() || prefix.substr(0, stem.size()) != stem) {
    stem.clear();
  }
  // Every term starting with the prefix sorts at or after it and before the prefix with its last
  // byte raised (bytewise order; the last byte of UTF-8 text is never 0xFF).
  std::string upper(prefix);
  upper.back() = static_cast<char>(static_cast<unsigned char>(upper.back()) + 1);
  std::vector<std::pair<int64_t, std::string>> ranked;  // (-articles, term)
  const auto read = [&](const std::string& sql, std::string_view a, std::string_view b) -> Status {
    Result<Statement*> st = statements->Get(db, sql);
    if (!st.ok()) return st.status();
    (*st)->BindText(1, a);
    if (!b.empty()) (*st)->BindText(2, b);
    int rc;
    while ((rc = (*st)->Step()) == SQLITE_ROW) {
      ranked.emplace_back(-(*st)->ColumnInt(1), (*st)->ColumnText(0));
    }
    Status s = rc == SQLITE_DONE ? Status::Ok() : SqliteError(db, "expanding a prefix");
    (*st)->Reset();  // a statement left on a row would hold a read transaction open
    return s;
  };
  KHABAR_RETURN_IF_ERROR(
      read("SELECT term, articles FROM vocabulary WHERE term >= ?1 AND term < ?2"
           " LIMIT " +
               std::to_string(kMaxScannedTerms),
           prefix, upper));
  if (!stem.empty()) {
    KHABAR_RETURN_IF_ERROR(read("SELECT term, articles FROM vocabulary WHERE term = ?1", stem, {}));
  }
  const size_t kept = std::min(max_terms, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + kept, ranked.end());
  for (size_t i = 0; i < kept; ++i) terms.push_back(std::move(ranked[i].second));
  return terms;
}

std::vector<std::string> ExpressionPhrases(std::string_view fts_expression) {
  std::vector<std::string> phrases;
  bool inside = false;
  for (size_t i = 0; i < fts_expression.size(); ++i) {
    const char c = fts_expression[i];
    if (c != '"') {
      if (inside) phrases.back() += c;
    } else if (inside && i + 1 < fts_expression.size() && fts_expression[i + 1] == '"') {
      phrases.back() += '"';  // a doubled quote inside a string
      ++i;
    } else {
      inside = !inside;
      if (inside) phrases.emplace_back();
    }
  }
  return phrases;
}

Result<std::vector<int64_t>> PhraseArticleCounts(sqlite3* db, StatementCache* statements,
                                                 const std::vector<std::string>& phrases) {
  std::vector<int64_t> counts;
  for (const std::string& phrase : phrases) {
    const std::vector<std::string> terms = QueryStringTerms(phrase);
    if (terms.size() != 1) {
      counts.push_back(-1);
      continue;
    }
    Result<Statement*> st = statements->Get(db, "SELECT articles FROM vocabulary WHERE term = ?1");
    if (!st.ok()) return st.status();
    (*st)->BindText(1, terms[0]);
    const int rc = (*st)->Step();
    counts.push_back(rc == SQLITE_ROW ? (*st)->ColumnInt(0) : 0);
    Status error = rc == SQLITE_ROW || rc == SQLITE_DONE
                       ? Status::Ok()
                       : SqliteError(db, "reading the vocabulary");
    (*st)->Reset();
    KHABAR_RETURN_IF_ERROR(error);
  }
  return counts;
}

}  // namespace khabar::store

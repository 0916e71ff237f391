#include "store/vocabulary.h"

#include <algorithm>

#include "khabar/text.h"

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
  KHABAR_RETURN_IF_ERROR(writer->upsert_.Prepare(
      db,
      "INSERT INTO vocabulary(term, articles) VALUES (?1, ?2)"
      " ON CONFLICT(term) DO UPDATE SET articles = articles + excluded.articles"));
  return writer;
}

void VocabularyWriter::Add(const std::vector<std::string>& terms) {
  for (const std::string& term : terms) ++pending_[term];
}

Status VocabularyWriter::Flush() {
  // In term order: each upsert then lands on the b-tree page of the one before or the next one,
  // already in the cache (in hash order every upsert was a random page: ingest took twice as long).
  std::vector<const std::pair<const std::string, int64_t>*> sorted;
  sorted.reserve(pending_.size());
  for (const auto& entry : pending_) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (const auto* entry : sorted) {
    upsert_.Reset();
    upsert_.BindText(1, entry->first);
    upsert_.BindInt(2, entry->second);
    if (upsert_.Step() != SQLITE_DONE) {
      Status error = SqliteError(db_, "updating the vocabulary");
      upsert_.Reset();
      return error;
    }
  }
  upsert_.Reset();
  pending_.clear();
  return Status::Ok();
}

Status RebuildVocabulary(sqlite3* db) {
  KHABAR_RETURN_IF_ERROR(Exec(db, "DELETE FROM vocabulary"));
  Result<std::unique_ptr<VocabularyWriter>> writer = VocabularyWriter::Create(db);
  if (!writer.ok()) return writer.status();
  Statement texts;
  KHABAR_RETURN_IF_ERROR(texts.Prepare(db, "SELECT title, khabar_body(record) FROM articles"));
  int64_t since_flush = 0;
  int rc;
  while ((rc = texts.Step()) == SQLITE_ROW) {
    const PretokenizedText title = Pretokenize(texts.ColumnText(0));
    const PretokenizedText body = Pretokenize(texts.ColumnText(1));
    (*writer)->Add(DistinctTerms({&title, &body}));
    if (++since_flush == 1000) {  // bounded memory on a large corpus
      KHABAR_RETURN_IF_ERROR((*writer)->Flush());
      since_flush = 0;
    }
  }
  if (rc != SQLITE_DONE) return SqliteError(db, "reading the articles for the vocabulary");
  return (*writer)->Flush();
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

#include "store/fts_tokenizer.h"

#include <algorithm>
#include <functional>
#include <string_view>

#include <xxhash.h>

#include "khabar/text.h"
#include "store/filter_terms.h"

namespace khabar::store {
namespace {

using text::TokenAnalysis;
using text::TokenKind;

// Texts prepared for the tokenizer of this thread (ScopedPretokenized).
thread_local const PretokenizedText* t_prepared[2] = {nullptr, nullptr};

uint64_t HashText(std::string_view text) { return std::hash<std::string_view>{}(text); }

// FTS5 wants a non-null tokenizer instance; ours has no state.
struct Instance {};

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(new Instance);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Instance*>(tokenizer); }

bool Indexed(TokenKind kind) {
  return kind != TokenKind::kPunctuation && kind != TokenKind::kSymbol;
}

// The document tokens of `text`: emit(term, begin, end) for each, stopping at a non-OK code.
template <typename Emit>
int AnalyzeDocument(std::string_view text, Emit&& emit) {
  int rc = SQLITE_OK;
  ForEachIndexedWord(text, [&](std::string_view, std::string_view term, int begin, int end) {
    if (rc == SQLITE_OK) rc = emit(term, begin, end);
  });
  return rc;
}

// A query string starting with this private-use character is one index term, taken as it is
// (a prefix's expansion, docs/storage.md "Vocabulary"). BuildFtsQuery refuses the character in
// user text.
constexpr std::string_view kVerbatim = kVerbatimTermMarker;

int Tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int length,
             int (*emit)(void*, int, const char*, int, int, int)) {
  const std::string_view input(text, length < 0 ? 0 : static_cast<size_t>(length));
  const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  if (query) {
    if (input.substr(0, kVerbatim.size()) == kVerbatim) {
      const std::string_view term = input.substr(kVerbatim.size());
      return term.empty() ? SQLITE_OK
                          : emit(ctx, 0, term.data(), static_cast<int>(term.size()), 0, length);
    }
    // The same terms as a document's.
    return AnalyzeDocument(input, [&](std::string_view term, int begin, int end) {
      return emit(ctx, 0, term.data(), static_cast<int>(term.size()), begin, end);
    });
  }
  if (!input.empty() && input[0] == kFilterTextMarker) {
    // The `filters` column (filter_terms.h): its space-separated terms, verbatim.
    size_t begin = 1;
    while (begin < input.size()) {
      size_t end = input.find(' ', begin);
      if (end == std::string_view::npos) end = input.size();
      if (end > begin) {
        const int rc = emit(ctx, 0, input.data() + begin, static_cast<int>(end - begin),
                            static_cast<int>(begin), static_cast<int>(end));
        if (rc != SQLITE_OK) return rc;
      }
      begin = end + 1;
    }
    return SQLITE_OK;
  }
  uint64_t input_hash = 0;  // HashText(input), computed once when a prepared text has its size
  bool hashed = false;
  for (const PretokenizedText* p : t_prepared) {
    if (p == nullptr || p->text_size != input.size()) continue;
    if (!hashed) {
      input_hash = HashText(input);
      hashed = true;
    }
    if (p->text_hash != input_hash) continue;
    for (const PretokenizedText::Token& t : p->tokens) {
      const int rc = emit(ctx, 0, p->terms.data() + t.term_begin, static_cast<int>(t.term_size),
                          t.begin, t.end);
      if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
  }
  return AnalyzeDocument(input, [&](std::string_view term, int begin, int end) {
    return emit(ctx, 0, term.data(), static_cast<int>(term.size()), begin, end);
  });
}

}  // namespace

fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

std::string QuoteFtsString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
  return out;
}

std::string AnyOfIndexTerms(const std::vector<std::string>& terms) {
  std::string out = "(";
  for (size_t i = 0; i < terms.size(); ++i) {
    out += (i ? " OR " : "") + QuoteFtsString(kVerbatimTermMarker + terms[i]);
  }
  return out + ")";
}

void ForEachIndexedWord(
    std::string_view text,
    const std::function<void(std::string_view, std::string_view, int, int)>& emit) {
  text::Analyzer::Default().Analyze(text, [&](const TokenAnalysis& t) {
    if (!Indexed(t.token.kind) || t.key.empty()) return;
    emit(t.key, t.stem.empty() ? t.key : t.stem, static_cast<int>(t.token.byte_begin),
         static_cast<int>(t.token.byte_end));
  });
}

PretokenizedText Pretokenize(std::string_view text, dedupe::ShingleBuilder* shingles) {
  PretokenizedText out;
  out.text_size = text.size();
  out.text_hash = HashText(text);
  out.tokens.reserve(text.size() / 8);
  out.terms.reserve(text.size() / 2);
  // ForEachIndexedWord, with every token also handed to `shingles`.
  text::Analyzer::Default().Analyze(text, [&](const TokenAnalysis& t) {
    if (shingles != nullptr) shingles->Add(t);
    if (!Indexed(t.token.kind) || t.key.empty()) return;
    const std::string_view term = t.stem.empty() ? t.key : t.stem;
    out.tokens.push_back(
        {static_cast<uint32_t>(out.terms.size()), static_cast<uint32_t>(term.size()),
         static_cast<int32_t>(t.token.byte_begin), static_cast<int32_t>(t.token.byte_end)});
    out.terms.append(term);
  });
  return out;
}

std::vector<std::string> QueryStringTerms(std::string_view query_string) {
  std::vector<std::string> terms;
  if (query_string.substr(0, kVerbatim.size()) == kVerbatim) {
    if (query_string.size() > kVerbatim.size())
      terms.emplace_back(query_string.substr(kVerbatim.size()));
    return terms;
  }
  ForEachIndexedWord(query_string, [&](std::string_view, std::string_view term, int, int) {
    terms.emplace_back(term);
  });
  return terms;
}

std::vector<std::string> DistinctTerms(std::initializer_list<const PretokenizedText*> texts) {
  std::vector<std::string_view> views;
  for (const PretokenizedText* text : texts) {
    for (const PretokenizedText::Token& t : text->tokens) {
      views.push_back(std::string_view(text->terms).substr(t.term_begin, t.term_size));
    }
  }
  std::sort(views.begin(), views.end());
  views.erase(std::unique(views.begin(), views.end()), views.end());
  return std::vector<std::string>(views.begin(), views.end());
}

uint64_t TermHash(std::string_view term) { return XXH3_64bits(term.data(), term.size()); }

TermSet DistinctTermSet(std::initializer_list<const PretokenizedText*> texts) {
  size_t tokens = 0, bytes = 0;
  for (const PretokenizedText* text : texts) {
    tokens += text->tokens.size();
    bytes += text->terms.size();
  }
  TermSet out;
  if (tokens == 0) return out;
  out.Reserve(tokens, bytes);
  // Open addressing over the indexes of the terms kept (at most half full); 0 = empty slot.
  size_t capacity = 16;
  while (capacity < 2 * tokens) capacity *= 2;
  const size_t mask = capacity - 1;
  std::vector<uint32_t> slots(capacity, 0);
  for (const PretokenizedText* text : texts) {
    const std::string_view terms = text->terms;
    for (const PretokenizedText::Token& t : text->tokens) {
      const std::string_view term = terms.substr(t.term_begin, t.term_size);
      const uint64_t hash = TermHash(term);
      for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint32_t slot = slots[i];
        if (slot == 0) {
          out.Append(term, hash);
          slots[i] = static_cast<uint32_t>(out.size());
          break;
        }
        if (out.hash(slot - 1) == hash && out.term(slot - 1) == term) break;
      }
    }
  }
  return out;
}

ScopedPretokenized::ScopedPretokenized(const PretokenizedText* a, const PretokenizedText* b) {
  t_prepared[0] = a;
  t_prepared[1] = b;
}

ScopedPretokenized::~ScopedPretokenized() { t_prepared[0] = t_prepared[1] = nullptr; }

Status RegisterKhabarTokenizer(sqlite3* db) {
  fts5_api* api = GetFts5Api(db);
  if (api == nullptr || api->iVersion < 2)
    return Status::Unsupported("SQLite was built without FTS5");
  fts5_tokenizer tokenizer{Create, Delete, Tokenize};
  if (api->xCreateTokenizer(api, "khabar", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return Status::Internal("cannot register the khabar FTS5 tokenizer");
  }
  return Status::Ok();
}

}  // namespace khabar::store

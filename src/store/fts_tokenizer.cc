#include "store/fts_tokenizer.h"

#include <string_view>

#include "khabar/text.h"

namespace khabar::store {
namespace {

using text::TokenAnalysis;
using text::TokenKind;

// FTS5 wants a non-null tokenizer instance; ours has no state.
struct Instance {};

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(new Instance);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Instance*>(tokenizer); }

bool Indexed(TokenKind kind) { return kind != TokenKind::kPunctuation && kind != TokenKind::kSymbol; }

int Tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int length,
             int (*emit)(void*, int, const char*, int, int, int)) {
  int rc = SQLITE_OK;
  const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  const bool prefix = (flags & FTS5_TOKENIZE_PREFIX) != 0;
  text::Analyzer::Default().Analyze(
      std::string_view(text, length < 0 ? 0 : static_cast<size_t>(length)),
      [&](const TokenAnalysis& t) {
        if (rc != SQLITE_OK || !Indexed(t.token.kind) || t.key.empty()) return;
        const int begin = static_cast<int>(t.token.byte_begin);
        const int end = static_cast<int>(t.token.byte_end);
        if (query) {
          const std::string_view term = prefix || t.stem.empty() ? t.key : t.stem;
          rc = emit(ctx, 0, term.data(), static_cast<int>(term.size()), begin, end);
          return;
        }
        rc = emit(ctx, 0, t.key.data(), static_cast<int>(t.key.size()), begin, end);
        if (rc == SQLITE_OK && !t.stem.empty() && t.stem != t.key) {
          rc = emit(ctx, FTS5_TOKEN_COLOCATED, t.stem.data(), static_cast<int>(t.stem.size()), begin,
                    end);
        }
      });
  return rc;
}

fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

Status RegisterKhabarTokenizer(sqlite3* db) {
  fts5_api* api = GetFts5Api(db);
  if (api == nullptr || api->iVersion < 2) return Status::Unsupported("SQLite was built without FTS5");
  fts5_tokenizer tokenizer{Create, Delete, Tokenize};
  if (api->xCreateTokenizer(api, "khabar", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return Status::Internal("cannot register the khabar FTS5 tokenizer");
  }
  return Status::Ok();
}

}  // namespace khabar::store

// search_compare: khabar's index against SQLite's built-in unicode61 tokenizer on the same corpus,
// side by side: database size against the raw text, and recall/precision on inflected and variant
// spellings.
//
//   corpus_gen --n 50000 --out /tmp/c.jsonl --truth /tmp/c.truth
//   khabar ingest /tmp/c.jsonl --db /tmp/c.db
//   search_compare --db /tmp/c.db --truth /tmp/c.truth --baseline /tmp/c-unicode61.db
//
// Raw text: the titles and bodies stored (what both indexes cover). Baseline: an FTS5 table (title,
// body) with `tokenize='unicode61 remove_diacritics 2'` and its own content, filled with the same
// text and rowids (how SQLite full-text search is set up by default). Sizes are whole files after
// VACUUM-free building (both as built); with dbstat available, khabar's tables are listed.
//
// Recall set: the generator's --truth lists, per article, each occurrence of a tracked lemma (known
// words ending in ة, one-word names with hamza or final ي) in whatever surface form it took
// (clitics, plurals, pronouns, spelling variants). For every tracked lemma the program queries a
// few spellings people type (the lemma, with ال, a plural/pronoun form with و, ة→ه, hamza dropped,
// ى for ي); an article is relevant to all of them when it holds the lemma in any form. Reported per
// engine: mean recall and precision over all queries, and per query form.
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "khabar/store.h"
#include "store/fts_tokenizer.h"
#include "store/record_codec.h"

namespace {

bool EndsWith(const std::string& s, const std::string& x) {
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}
bool StartsWith(const std::string& s, const std::string& x) {
  return s.compare(0, x.size(), x) == 0;
}

int64_t FileSize(const std::string& path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  return f ? static_cast<int64_t>(f.tellg()) : 0;
}

bool Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::cerr << "search_compare: " << (err ? err : "?") << "\n  in: " << sql.substr(0, 200)
              << "\n";
    sqlite3_free(err);
    return false;
  }
  return true;
}

// Rowids matching an FTS5 expression.
std::vector<int64_t> Match(sqlite3* db, const std::string& table, const std::string& expr) {
  std::vector<int64_t> out;
  sqlite3_stmt* st = nullptr;
  const std::string sql = "SELECT rowid FROM " + table + " WHERE " + table + " MATCH ?1";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return out;
  sqlite3_bind_text(st, 1, expr.data(), static_cast<int>(expr.size()), SQLITE_TRANSIENT);
  while (sqlite3_step(st) == SQLITE_ROW) out.push_back(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  return out;
}

// Spellings to query for a tracked lemma, as (form name, text).
std::vector<std::pair<std::string, std::string>> QueryForms(const std::string& lemma) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("lemma", lemma);
  if (EndsWith(lemma, "ة")) {
    const std::string stem = lemma.substr(0, lemma.size() - 2);
    out.emplace_back("al+lemma", "ال" + lemma);
    out.emplace_back("wa+al+plural", "وال" + stem + "ات");
    out.emplace_back("pronoun", stem + "تها");
    out.emplace_back("ta->ha", "ال" + stem + "ه");
  }
  if (StartsWith(lemma, "أ") || StartsWith(lemma, "إ"))
    out.emplace_back("no hamza", "ا" + lemma.substr(2));
  if (EndsWith(lemma, "ي"))
    out.emplace_back("ya->alif maqsura", lemma.substr(0, lemma.size() - 2) + "ى");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, truth_path, baseline_path;
  double min_recall = 0;  // exit 1 when khabar's mean recall is lower (the smoke test uses it)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--db")
      db_path = argv[i + 1];
    else if (a == "--truth")
      truth_path = argv[i + 1];
    else if (a == "--baseline")
      baseline_path = argv[i + 1];
    else if (a == "--min-recall")
      min_recall = std::strtod(argv[i + 1], nullptr);
  }
  if (db_path.empty() || truth_path.empty() || baseline_path.empty()) {
    std::cerr << "usage: search_compare --db KHABAR_DB --truth TRUTH_TSV --baseline NEW_DB"
                 " [--min-recall R]\n";
    return 2;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      !khabar::store::RegisterKhabarTokenizer(db).ok() ||
      !khabar::store::RegisterRecordFunctions(db).ok()) {
    std::cerr << "search_compare: cannot open " << db_path << "\n";
    return 1;
  }
  std::remove(baseline_path.c_str());
  sqlite3* base = nullptr;
  if (sqlite3_open(baseline_path.c_str(), &base) != SQLITE_OK) return 1;
  Exec(base, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
  Exec(base,
       "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics "
       "2')");
  Exec(base, "BEGIN");

  // Copy the text (same rowids), measure the raw size, and map rowid -> generator index (the last
  // path component of the URL).
  std::unordered_map<int64_t, int64_t> index_of;
  int64_t raw_bytes = 0, articles = 0;
  sqlite3_stmt* read = nullptr;
  sqlite3_prepare_v2(db, "SELECT rowid, doc_key, title, khabar_body(record) FROM articles", -1,
                     &read, nullptr);
  sqlite3_stmt* write = nullptr;
  sqlite3_prepare_v2(base, "INSERT INTO docs(rowid, title, body) VALUES (?1, ?2, ?3)", -1, &write,
                     nullptr);
  while (sqlite3_step(read) == SQLITE_ROW) {
    const int64_t rowid = sqlite3_column_int64(read, 0);
    const std::string key = reinterpret_cast<const char*>(sqlite3_column_text(read, 1));
    index_of[rowid] = std::strtoll(key.c_str() + key.rfind('/') + 1, nullptr, 10);
    raw_bytes += sqlite3_column_bytes(read, 2) + sqlite3_column_bytes(read, 3);
    ++articles;
    sqlite3_reset(write);
    sqlite3_bind_int64(write, 1, rowid);
    sqlite3_bind_value(write, 2, sqlite3_column_value(read, 2));
    sqlite3_bind_value(write, 3, sqlite3_column_value(read, 3));
    if (sqlite3_step(write) != SQLITE_DONE) {
      std::cerr << "search_compare: insert failed: " << sqlite3_errmsg(base) << "\n";
      return 1;
    }
  }
  sqlite3_finalize(read);
  sqlite3_finalize(write);
  Exec(base, "COMMIT");
  Exec(base, "INSERT INTO docs(docs) VALUES ('optimize')");
  Exec(base, "VACUUM");

  const int64_t khabar_size = FileSize(db_path), base_size = FileSize(baseline_path);
  std::printf("articles %lld, raw text (titles + bodies) %.1f MB\n",
              static_cast<long long>(articles), raw_bytes / 1e6);
  std::printf("%-34s %10s %8s\n", "database", "MB", "x raw");
  std::printf("%-34s %10.1f %8.3f\n", "khabar (records + FTS + dedupe)", khabar_size / 1e6,
              1.0 * khabar_size / raw_bytes);
  std::printf("%-34s %10.1f %8.3f\n", "unicode61 FTS5 (text + index)", base_size / 1e6,
              1.0 * base_size / raw_bytes);
  // Where khabar's bytes go (needs SQLite built with dbstat, as Debian's is).
  sqlite3_stmt* stat = nullptr;
  if (sqlite3_prepare_v2(
          db, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12", -1,
          &stat, nullptr) == SQLITE_OK) {
    std::printf("khabar by table:\n");
    while (sqlite3_step(stat) == SQLITE_ROW) {
      const double bytes = sqlite3_column_double(stat, 1);
      std::printf("  %-32s %10.1f %8.2f\n", sqlite3_column_text(stat, 0), bytes / 1e6,
                  bytes / raw_bytes);
    }
    sqlite3_finalize(stat);
  }

  // Recall set.
  std::ifstream truth(truth_path);
  std::map<std::string, std::unordered_set<int64_t>> relevant;  // lemma -> generator indexes
  std::string line;
  while (std::getline(truth, line)) {
    const size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    relevant[line.substr(t1 + 1, t2 - t1 - 1)].insert(std::strtoll(line.c_str(), nullptr, 10));
  }
  struct Score {
    double recall = 0, precision = 0;
    int n = 0;
  };
  std::map<std::string, Score> by_form[2];
  Score total[2];
  for (const auto& [lemma, docs] : relevant) {
    for (const auto& [form, q] : QueryForms(lemma)) {
      for (int engine = 0; engine < 2; ++engine) {
        std::vector<int64_t> rows;
        if (engine == 0) {
          auto expr = khabar::store::BuildFtsQuery(q);
          if (expr.ok()) rows = Match(db, "articles_fts", *expr);
        } else {
          rows = Match(base, "docs", "\"" + q + "\"");
        }
        size_t hit = 0;
        for (int64_t r : rows) hit += docs.count(index_of[r]);
        const double recall = docs.empty() ? 1 : 1.0 * hit / docs.size();
        const double precision = rows.empty() ? 1 : 1.0 * hit / rows.size();
        for (Score* s : {&by_form[engine][form], &total[engine]}) {
          s->recall += recall;
          s->precision += precision;
          ++s->n;
        }
      }
    }
  }
  std::printf("recall set: %zu lemmas, %d queries\n", relevant.size(), total[0].n);
  std::printf("%-20s %16s %16s\n", "query form", "khabar R / P", "unicode61 R / P");
  for (const auto& [form, s] : by_form[0]) {
    const Score& b = by_form[1][form];
    std::printf("%-20s %7.3f / %5.3f %8.3f / %5.3f  (%d)\n", form.c_str(), s.recall / s.n,
                s.precision / s.n, b.recall / b.n, b.precision / b.n, s.n);
  }
  std::printf("%-20s %7.3f / %5.3f %8.3f / %5.3f\n", "(all)", total[0].recall / total[0].n,
              total[0].precision / total[0].n, total[1].recall / total[1].n,
              total[1].precision / total[1].n);
  sqlite3_close(base);
  sqlite3_close(db);
  if (min_recall > 0 && (total[0].n == 0 || total[0].recall / total[0].n < min_recall)) {
    std::fprintf(stderr, "search_compare: khabar recall below %.2f\n", min_recall);
    return 1;
  }
  return 0;
}

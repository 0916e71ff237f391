// search_latency: latency of store::Corpus::Search on a corpus, per query class.
//
//   corpus_gen --n 1000000 --out /tmp/news.jsonl && khabar ingest /tmp/news.jsonl --db /tmp/news.db
//   search_latency --db /tmp/news.db --queries 200 [--optimize: merge the index segments first]
//
// Queries are drawn from the corpus itself (seeded, deterministic for a given database): words and
// word pairs of random articles' titles (what people search for: topic words and names, with their
// natural frequency spread, so common words that match much of the corpus come up too), in the
// classes of a realistic mix:
//   word      one word                         and2/and3  two/three words of one title
//   phrase    "two consecutive title words"    or         a word OR a word of another title
//   prefix    the first 3-4 letters of a word (after its article) followed by *
//   filtered  one word, a year (from/to) and one outlet (sources)
//   all       one word, every article (collapse_duplicates = false)
// Every query asks for 10 hits with highlights and snippets, duplicates collapsed (except `all`).
// Prints p50/p90/p99/max in milliseconds per class and overall (wall time, or with --cpu this
// thread's CPU time — the figure to quote on a shared, overloaded machine; after one warm-up pass
// over the whole set), and the mean number of matches.
//
//   search_latency --db DB --query-file FILE [--limit 20] [--cpu]
// replays the queries of FILE instead (one per line, e.g. the `q` of benchmarks/serve_load.sh's
// cold phase), as the web UI asks them (`limit` hits, one per story), each once after a warm-up
// pass over the first quarter of the file, and prints their latency as the class `file`, with the
// mean: the store's share of a cold `khabar serve` request.
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/store.h"
#include "khabar/text.h"

namespace {

using khabar::store::SearchQuery;

struct Sample {
  std::string title, site, published;
};

std::vector<std::string> Words(const std::string& title) {
  std::vector<std::string> out;
  const khabar::text::Analyzer& analyzer = khabar::text::Analyzer::Default();
  for (const khabar::text::Token& t : khabar::text::Tokenize(title)) {
    if (t.kind != khabar::text::TokenKind::kWord) continue;
    const std::string key = khabar::text::MatchKey(t.surface);
    out.push_back(analyzer.IsStopword(key) ? "" : std::string(t.surface));  // "" marks a stopword
  }
  return out;
}

std::vector<std::string> ContentWords(const std::string& title) {
  std::vector<std::string> out;
  for (std::string& w : Words(title)) {
    if (!w.empty()) out.push_back(std::move(w));
  }
  return out;
}

// First `n` code points of `w`.
std::string Prefix(const std::string& w, size_t n) {
  size_t i = 0, cps = 0;
  while (i < w.size() && cps < n) {
    ++i;
    while (i < w.size() && (static_cast<unsigned char>(w[i]) & 0xC0) == 0x80) ++i;
    ++cps;
  }
  return w.substr(0, i);
}

// CPU time of this thread: the latency on a machine that is not shared (no waiting for a core).
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  std::string db_path;
  size_t per_class = 200;
  uint64_t seed = 7;
  bool verbose = false, optimize = false, use_cpu = false;
  std::string only_classes;  // ",word,and2," when --classes was given
  std::string query_file;    // --query-file: replay these queries instead
  size_t file_limit = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--verbose" || a == "--optimize" || a == "--cpu") {
      (a == "--verbose" ? verbose : a == "--cpu" ? use_cpu : optimize) = true;
      continue;
    }
    if (i + 1 >= argc) break;
    if (a == "--db")
      db_path = argv[++i];
    else if (a == "--queries")
      per_class = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--seed")
      seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--classes")
      only_classes = "," + std::string(argv[++i]) + ",";
    else if (a == "--query-file")
      query_file = argv[++i];
    else if (a == "--limit")
      file_limit = std::strtoull(argv[++i], nullptr, 10);
  }
  if (db_path.empty()) {
    std::cerr
        << "usage: search_latency --db CORPUS [--queries N per class] [--seed S] [--verbose]"
           " [--optimize] [--cpu] [--classes word,and2,...] [--query-file FILE [--limit N]]\n";
    return 2;
  }
  if (optimize) {  // merge the index first, as `khabar ingest` does after a big run
    auto writable = khabar::store::Corpus::Open(db_path);
    const auto t0 = std::chrono::steady_clock::now();
    khabar::Status s = writable.ok() ? (*writable)->Optimize() : writable.status();
    if (!s.ok()) {
      std::cerr << "search_latency: optimize: " << s.ToString() << "\n";
      return 1;
    }
    std::printf("optimize: %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  // Sample articles with plain SQLite (read-only), then search through the library.
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::cerr << "search_latency: cannot open " << db_path << "\n";
    return 1;
  }
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw, "SELECT max(rowid) FROM articles", -1, &st, nullptr);
  int64_t max_rowid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (max_rowid <= 0) {
    std::cerr << "search_latency: no articles in " << db_path << "\n";
    return 1;
  }
  std::mt19937_64 rng(seed);
  sqlite3_prepare_v2(raw, "SELECT title, site, published FROM articles WHERE rowid >= ?1 LIMIT 1",
                     -1, &st, nullptr);
  auto sample = [&] {
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, static_cast<int64_t>(1 + rng() % max_rowid));
    Sample s;
    if (sqlite3_step(st) == SQLITE_ROW) {
      s.title = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      s.site = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      s.published = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
    }
    return s;
  };
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };

  std::vector<std::pair<std::string, SearchQuery>> queries;
  const char* const kClasses[] = {"word",   "and2",     "and3", "phrase", "or",
                                  "prefix", "filtered", "all",  "file"};
  if (!query_file.empty()) {
    std::ifstream in(query_file);
    if (!in) {
      std::cerr << "search_latency: cannot read " << query_file << "\n";
      return 1;
    }
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      SearchQuery q;
      q.text = line;
      q.limit = file_limit;
      queries.emplace_back("file", std::move(q));
    }
    only_classes = ",file,";
  }
  for (const char* cls : kClasses) {
    if (!query_file.empty()) break;
    if (std::string_view(cls) == "file") continue;  // only from --query-file
    const std::string c = cls;
    if (!only_classes.empty() && only_classes.find("," + c + ",") == std::string::npos) continue;
    for (size_t made = 0, tries = 0; made < per_class && tries < per_class * 50; ++tries) {
      const Sample s = sample();
      const std::vector<std::string> words = ContentWords(s.title);
      if (words.size() < 3) continue;
      SearchQuery q;
      q.limit = 10;
      if (c == "word" || c == "all" || c == "filtered") {
        q.text = pick(words);
        q.collapse_duplicates = c != "all";
        if (c == "filtered") {
          if (s.published.size() < 4 || s.site.empty()) continue;
          q.from = q.to = s.published.substr(0, 4);
          q.sources = {s.site};
        }
      } else if (c == "and2" || c == "and3") {
        std::vector<std::string> w = words;
        std::shuffle(w.begin(), w.end(), rng);
        q.text = w[0] + " " + w[1] + (c == "and3" ? " " + w[2] : "");
      } else if (c == "phrase") {
        const std::vector<std::string> all = Words(s.title);
        std::vector<size_t> starts;
        for (size_t i = 0; i + 1 < all.size(); ++i) {
          if (!all[i].empty() && !all[i + 1].empty()) starts.push_back(i);
        }
        if (starts.empty()) continue;
        const size_t i = starts[rng() % starts.size()];
        q.text = "\"" + all[i] + " " + all[i + 1] + "\"";
      } else if (c == "or") {
        const std::vector<std::string> other = ContentWords(sample().title);
        if (other.empty()) continue;
        q.text = pick(words) + " OR " + pick(other);
      } else if (c == "prefix") {
        std::vector<std::string> longer;
        for (const std::string& w : words) {
          if (khabar::text::MatchKey(w).size() >= 10) longer.push_back(w);  // 5+ Arabic letters
        }
        if (longer.empty()) continue;
        // What people type: the start of the word itself, not of its article (الت* is refused).
        std::string key = khabar::text::MatchKey(pick(longer));
        for (std::string_view article : {"وال", "فال", "بال", "كال", "لل", "ال"}) {
          if (key.compare(0, article.size(), article) == 0) {
            key.erase(0, article.size());
            break;
          }
        }
        q.text = Prefix(key, 3 + rng() % 2) + "*";
      }
      queries.emplace_back(c, std::move(q));
      ++made;
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(raw);

  khabar::store::OpenOptions options;
  options.read_only = true;
  auto corpus = khabar::store::Corpus::Open(db_path, options);
  if (!corpus.ok()) {
    std::cerr << "search_latency: " << corpus.status().ToString() << "\n";
    return 1;
  }
  std::map<std::string, std::vector<double>> ms;
  std::map<std::string, double> matches;
  size_t failures = 0;
  for (int pass = 0; pass < 2; ++pass) {  // pass 0 warms the page cache and SQLite's
    size_t index = 0;
    for (const auto& [cls, q] : queries) {
      // A query file is replayed once, after a warm-up pass over its first quarter.
      if (!query_file.empty() && pass == 0 && index++ >= queries.size() / 4) break;
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = ThreadCpuMs();
      auto r = (*corpus)->Search(q);
      const double cpu = ThreadCpuMs() - c0;
      const double wall =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      const double dt = use_cpu ? cpu : wall;
      if (!r.ok()) {
        if (pass == 1) {
          ++failures;
          std::cerr << "search_latency: " << q.text << ": " << r.status().ToString() << "\n";
        }
        continue;
      }
      if (pass == 0) continue;
      ms[cls].push_back(dt);
      ms["(all classes)"].push_back(dt);
      matches[cls] += static_cast<double>(r->total);
      if (verbose) {
        std::printf("%-8s %8.2f ms %8zu matches  %s\n", cls.c_str(), dt, r->total, q.text.c_str());
      }
    }
  }
  auto count = (*corpus)->CountArticles();
  std::printf("corpus: %s, %lld articles, %zu queries, %s time\n", db_path.c_str(),
              static_cast<long long>(count.ok() ? *count : -1), queries.size(),
              use_cpu ? "thread CPU" : "wall");
  std::printf("%-14s %6s %8s %8s %8s %8s %8s %12s\n", "class", "n", "mean ms", "p50 ms", "p90 ms",
              "p99 ms", "max ms", "mean total");
  auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
  };
  for (const char* cls : kClasses) {
    if (query_file.empty() && std::string_view(cls) == "file") continue;
    if (!only_classes.empty() &&
        only_classes.find("," + std::string(cls) + ",") == std::string::npos) {
      continue;
    }
    const std::vector<double>& v = ms[cls];
    std::printf("%-14s %6zu %8.2f %8.2f %8.2f %8.2f %8.2f %12.0f\n", cls, v.size(), mean(v),
                Percentile(v, 0.5), Percentile(v, 0.9), Percentile(v, 0.99), Percentile(v, 1.0),
                v.empty() ? 0.0 : matches[cls] / v.size());
  }
  const std::vector<double>& all = ms["(all classes)"];
  std::printf("%-14s %6zu %8.2f %8.2f %8.2f %8.2f %8.2f\n", "(all classes)", all.size(), mean(all),
              Percentile(all, 0.5), Percentile(all, 0.9), Percentile(all, 0.99),
              Percentile(all, 1.0));
  return failures == 0 ? 0 : 1;
}

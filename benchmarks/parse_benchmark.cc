// Throughput of `khabar parse` on text dumps (MB/s on one core), side by side with its baseline:
//   BM_Parse            DumpParser::Parse on the team's golden dumps and samples (full record:
//                       structure, furniture, dateline, dates, content id)
//   BM_ParseSharedSample the same on the full-length canonical sample (../shared; skipped if
//   absent) BM_BaselineLines    the floor: splitting the same bytes into lines and copying them
//   into a
//                       vector of strings (what any line-based extractor must do at least)
//   BM_ContentId        the share of the match-key hashing behind `id`
// Run: build/benchmarks/parse_benchmark  (target: >= 50 MB/s per core for BM_Parse).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "khabar/extract.h"

namespace {

std::vector<std::string> LoadDumps() {
  std::vector<std::string> docs;
  for (const char* dir : {KHABAR_SOURCE_DIR "/tests/golden/dumps", KHABAR_SOURCE_DIR "/samples"}) {
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() != ".txt") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      docs.push_back(ss.str());
    }
  }
  return docs;
}

const std::vector<std::string>& Dumps() {
  static const std::vector<std::string> docs = LoadDumps();
  return docs;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const std::string& d : Dumps()) n += static_cast<int64_t>(d.size());
  return n;
}

void BM_Parse(benchmark::State& state) {
  const khabar::extract::DumpParser parser{khabar::extract::ParseOptions{}};
  for (auto _ : state) {
    for (const std::string& d : Dumps()) {
      auto r = parser.Parse(d);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Parse);

// The canonical sample of issue #2 (../shared, read at run time, never copied): a full-length
// article. Skipped when ../shared is absent.
void BM_ParseSharedSample(benchmark::State& state) {
  std::ifstream in(KHABAR_SOURCE_DIR "/../shared/samples/youm7-2022-02-11-us-japan.txt",
                   std::ios::binary);
  if (!in) {
    state.SkipWithError("../shared is absent");
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const khabar::extract::DumpParser parser{khabar::extract::ParseOptions{}};
  for (auto _ : state) {
    auto r = parser.Parse(doc);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(doc.size()));
}
BENCHMARK(BM_ParseSharedSample);

void BM_BaselineLines(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& d : Dumps()) {
      std::vector<std::string> lines;
      size_t start = 0;
      for (size_t nl = d.find('\n'); nl != std::string::npos; nl = d.find('\n', start)) {
        lines.emplace_back(d, start, nl - start);
        start = nl + 1;
      }
      lines.emplace_back(d, start);
      benchmark::DoNotOptimize(lines);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_BaselineLines);

void BM_ContentId(benchmark::State& state) {
  std::vector<std::vector<std::string>> bodies;
  for (const std::string& d : Dumps()) {
    auto r = khabar::extract::ParseTextDump(d);
    bodies.push_back(r.ok() ? r->paragraphs : std::vector<std::string>{});
  }
  for (auto _ : state) {
    for (const auto& b : bodies) benchmark::DoNotOptimize(khabar::extract::ContentId("", b));
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_ContentId);

}  // namespace

BENCHMARK_MAIN();

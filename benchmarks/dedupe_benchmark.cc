// Dedupe speed: signatures per second (items/s = articles) and LSH query time, each against a named
// baseline run side by side:
//   BM_Baseline_AnalyzeOnly   the analyzer pass every signature pays (the floor of Sign()).
//   BM_Sign                   khabar's signature: analyzer + XXH3 shingles + K multiply-shift mins.
//   BM_Baseline_SignKHashes   textbook MinHash: K seeded XXH3 hashes per shingle.
//   BM_MinHashOnly / BM_Baseline_MinHashKHashes   the same two hashing schemes without the
//   analyzer. BM_LshQuery               candidates + verification in an LshIndex of N signatures.
//   BM_Baseline_ScanAll       Similarity() against all N signatures (no LSH).
// Input: the test-set articles of src/dedupe/testdata/articles (written for khabar), ~200 words
// each; the index holds those plus synthetic documents of 200 random shingles.
#include <benchmark/benchmark.h>
#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "khabar/dedupe.h"
#include "khabar/text.h"

namespace {

using namespace khabar::dedupe;

const std::vector<std::string>& Articles() {
  static const std::vector<std::string>* articles = [] {
    auto* out = new std::vector<std::string>;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(KHABAR_DEDUPE_TESTDATA)) {
      paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p);
      std::stringstream ss;
      ss << in.rdbuf();
      out->push_back(ss.str());
    }
    return out;
  }();
  return *articles;
}

void BM_Baseline_AnalyzeOnly(benchmark::State& state) {
  const auto& texts = Articles();
  const auto& analyzer = khabar::text::Analyzer::Default();
  size_t i = 0, tokens = 0;
  for (auto _ : state) {
    analyzer.Analyze(texts[i++ % texts.size()],
                     [&](const khabar::text::TokenAnalysis& t) { tokens += t.stem.size(); });
  }
  benchmark::DoNotOptimize(tokens);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_AnalyzeOnly);

void BM_Sign(benchmark::State& state) {
  const auto& texts = Articles();
  const MinHasher& hasher = MinHasher::Default();
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(hasher.Sign(texts[i++ % texts.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sign);

Signature SignKHashes(const std::vector<uint64_t>& shingles, int k) {
  Signature sig;
  sig.mins.assign(k, 0xffffffffu);
  sig.shingle_count = static_cast<uint32_t>(shingles.size());
  for (uint64_t h : shingles) {
    for (int i = 0; i < k; ++i) {
      const uint32_t v = static_cast<uint32_t>(XXH3_64bits_withSeed(&h, sizeof(h), i));
      sig.mins[i] = std::min(sig.mins[i], v);
    }
  }
  return sig;
}

void BM_Baseline_SignKHashes(benchmark::State& state) {
  const auto& texts = Articles();
  const MinHasher& hasher = MinHasher::Default();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        SignKHashes(hasher.Shingles(texts[i++ % texts.size()]), kDefaultOptions.num_hashes()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_SignKHashes);

std::vector<std::vector<uint64_t>> ArticleShingles() {
  std::vector<std::vector<uint64_t>> out;
  for (const auto& t : Articles()) out.push_back(MinHasher::Default().Shingles(t));
  return out;
}

void BM_MinHashOnly(benchmark::State& state) {
  const auto shingles = ArticleShingles();
  const MinHasher& hasher = MinHasher::Default();
  size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(hasher.SignShingles(shingles[i++ % shingles.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MinHashOnly);

void BM_Baseline_MinHashKHashes(benchmark::State& state) {
  const auto shingles = ArticleShingles();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        SignKHashes(shingles[i++ % shingles.size()], kDefaultOptions.num_hashes()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_MinHashKHashes);

// An index of `n` signatures: the articles plus synthetic 200-shingle documents.
struct Corpus {
  std::vector<Signature> signatures;
  LshIndex index;
};

const Corpus& CorpusOf(size_t n) {
  static std::vector<std::pair<size_t, Corpus*>> cache;
  for (auto& [size, corpus] : cache) {
    if (size == n) return *corpus;
  }
  auto* corpus = new Corpus;
  const MinHasher& hasher = MinHasher::Default();
  for (const auto& t : Articles()) corpus->signatures.push_back(hasher.Sign(t));
  uint64_t x = 1;
  while (corpus->signatures.size() < n) {
    std::vector<uint64_t> shingles(200);
    for (uint64_t& s : shingles) s = XXH3_64bits(&++x, sizeof(x));
    corpus->signatures.push_back(hasher.SignShingles(shingles));
  }
  for (size_t i = 0; i < corpus->signatures.size(); ++i) {
    corpus->index.Add(i, corpus->signatures[i]);
  }
  cache.push_back({n, corpus});
  return *corpus;
}

void BM_LshQuery(benchmark::State& state) {
  const Corpus& corpus = CorpusOf(state.range(0));
  const size_t articles = Articles().size();
  size_t i = 0, found = 0;
  for (auto _ : state) found += corpus.index.Query(corpus.signatures[i++ % articles]).size();
  benchmark::DoNotOptimize(found);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LshQuery)->Arg(10'000)->Arg(100'000);

void BM_Baseline_ScanAll(benchmark::State& state) {
  const Corpus& corpus = CorpusOf(state.range(0));
  const size_t articles = Articles().size();
  size_t i = 0, found = 0;
  for (auto _ : state) {
    const Signature& q = corpus.signatures[i++ % articles];
    for (const Signature& s : corpus.signatures) found += IsDuplicate(Similarity(q, s));
  }
  benchmark::DoNotOptimize(found);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_ScanAll)->Arg(10'000)->Arg(100'000);

}  // namespace

BENCHMARK_MAIN();

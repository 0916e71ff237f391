// The worker stages of `khabar ingest` on JSON Lines, per article (docs/storage.md, "Ingest"):
//
//   BM_ReadJsonFields_Reference  the mapped fields of a line with nlohmann-json (the former
//   mapping) BM_ReadJsonFields            the same with simdjson (the mapping now; identical
//   output) BM_MapJsonRecord             a line into an ArticleRecord (fields, furniture, dates,
//   content id) BM_ContentId                 extract::ContentId: the match key of title and
//   paragraphs, hashed BM_Prepare                   store::Corpus::Prepare: record compression, the
//   analysis for the
//                                index and the signature, vocabulary terms, entities grouped
//
// Articles: KHABAR_BENCH_JSONL (a JSON Lines file), else 300 generated ones (bench_lines.h; no
// entities). `per_article` is CPU time per article. The source also builds in a tree from before
// pipeline/json_fields.h (without the BM_ReadJsonFields pair), so that the same program can be run
// against the former code side by side.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_lines.h"
#include "khabar/extract.h"
#include "khabar/pipeline.h"
#include "khabar/store.h"
#include "pipeline/json_fields.h"

namespace {

const std::vector<std::string>& Lines() {
  static const std::vector<std::string>* lines =
      new std::vector<std::string>(khabar::bench::JsonLines("KHABAR_BENCH_JSONL"));
  return *lines;
}

void PerArticle(benchmark::State& state, size_t articles) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles));
  state.counters["per_article"] =
      benchmark::Counter(static_cast<double>(state.iterations() * articles),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_ReadJsonFields_Reference(benchmark::State& state) {
  const auto& lines = Lines();
  if (lines.empty()) return state.SkipWithError("no articles (corpus_gen or KHABAR_BENCH_JSONL)");
  const khabar::pipeline::FieldMap fields = khabar::pipeline::FieldMap::Default();
  for (auto _ : state) {
    for (const std::string& line : lines) {
      benchmark::DoNotOptimize(khabar::pipeline::ReadJsonFieldsReference(line, fields));
    }
  }
  PerArticle(state, lines.size());
}
BENCHMARK(BM_ReadJsonFields_Reference);

void BM_ReadJsonFields(benchmark::State& state) {
  const auto& lines = Lines();
  if (lines.empty()) return state.SkipWithError("no articles (corpus_gen or KHABAR_BENCH_JSONL)");
  const khabar::pipeline::FieldMap fields = khabar::pipeline::FieldMap::Default();
  for (auto _ : state) {
    for (const std::string& line : lines) {
      benchmark::DoNotOptimize(khabar::pipeline::ReadJsonFields(line, fields));
    }
  }
  PerArticle(state, lines.size());
}
BENCHMARK(BM_ReadJsonFields);

void BM_MapJsonRecord(benchmark::State& state) {
  const auto& lines = Lines();
  if (lines.empty()) return state.SkipWithError("no articles (corpus_gen or KHABAR_BENCH_JSONL)");
  const khabar::pipeline::PipelineOptions options;
  for (auto _ : state) {
    for (const std::string& line : lines) {
      benchmark::DoNotOptimize(
          khabar::pipeline::MapJsonRecord(line, khabar::SourceInfo{"x.jsonl"}, options));
    }
  }
  PerArticle(state, lines.size());
}
BENCHMARK(BM_MapJsonRecord);

const std::vector<khabar::ArticleRecord>& Records() {
  static const std::vector<khabar::ArticleRecord>* records = [] {
    auto* out = new std::vector<khabar::ArticleRecord>;
    const khabar::pipeline::PipelineOptions options;
    for (const std::string& line : Lines()) {
      auto r = khabar::pipeline::MapJsonRecord(line, khabar::SourceInfo{"x.jsonl"}, options);
      if (r.ok()) out->push_back(std::move(*r));
    }
    return out;
  }();
  return *records;
}

void BM_ContentId(benchmark::State& state) {
  const auto& records = Records();
  if (records.empty()) return state.SkipWithError("no articles (corpus_gen or KHABAR_BENCH_JSONL)");
  for (auto _ : state) {
    for (const khabar::ArticleRecord& r : records) {
      benchmark::DoNotOptimize(khabar::extract::ContentId(r.title, r.paragraphs));
    }
  }
  PerArticle(state, records.size());
}
BENCHMARK(BM_ContentId);

void BM_Prepare(benchmark::State& state) {
  const auto& records = Records();
  if (records.empty()) return state.SkipWithError("no articles (corpus_gen or KHABAR_BENCH_JSONL)");
  for (auto _ : state) {
    for (const khabar::ArticleRecord& r : records) {
      benchmark::DoNotOptimize(khabar::store::Corpus::Prepare(r));
    }
  }
  PerArticle(state, records.size());
}
BENCHMARK(BM_Prepare);

}  // namespace

BENCHMARK_MAIN();

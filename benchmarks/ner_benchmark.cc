// NER throughput in tokens per second (items/s): tagging alone, and tagging plus linking, against
// the analyzer's tokenizer as the named baseline (the floor any tagger over the same text pays).
// Input: news-like paragraphs written for this benchmark, repeated.
//
// BM_Article*: whole articles as `khabar ingest` sees them (entities of every record: tagger,
// document pass, linking), in articles/s (items/s) and ms per article, against tokenizing the same
// articles. Articles: the JSON Lines file named by KHABAR_BENCH_ARTICLES, else 300 generated ones
// (corpus_gen beside this program, --seed 7 --words 400). Each article is seen once per iteration:
// the per-thread caches warm up over distinct articles as in a long run, not on repeats.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_lines.h"
#include "khabar/ner.h"
#include "khabar/pipeline.h"
#include "khabar/record.h"
#include "khabar/text.h"

namespace {

const char* const kParagraphs[] = {
    "واشنطن (أ ش أ) - التقى وزير الخارجية الأمريكي أنتوني بلينكن اليوم الجمعة نظيره الياباني في "
    "العاصمة طوكيو، حيث بحث الجانبان التعاون بين الولايات المتحدة واليابان في مواجهة التحديات "
    "الإقليمية.",
    "وقال الرئيس الأمريكي جو بايدن في كلمة ألقاها بالبيت الأبيض إن بلاده ستواصل دعم أوكرانيا، "
    "مشيرا إلى أن حلف شمال الأطلسي سيعقد قمة في بروكسل الشهر المقبل.",
    "وأعلنت وزارة الصحة المصرية تسجيل حالات جديدة في محافظة القاهرة، فيما أكدت منظمة الصحة "
    "العالمية أن الوضع تحت السيطرة.",
    "ومن جانبه، أكد رئيس الوزراء البريطاني أن حكومته ستعمل مع الاتحاد الأوروبي ومجلس الأمن "
    "الدولي لإيجاد حل سياسي للأزمة في السودان.",
};

std::vector<std::string> Paragraphs() {
  std::vector<std::string> out;
  for (int r = 0; r < 25; ++r) {
    for (const char* p : kParagraphs) out.emplace_back(p);
  }
  return out;
}

size_t CountTokens(const std::vector<std::string>& ps) {
  size_t n = 0;
  for (const auto& p : ps) n += khabar::text::Tokenize(p).size();
  return n;
}

void BM_Baseline_Tokenize(benchmark::State& state) {
  const auto ps = Paragraphs();
  for (auto _ : state) {
    for (const auto& p : ps) benchmark::DoNotOptimize(khabar::text::Tokenize(p));
  }
  state.SetItemsProcessed(state.iterations() * CountTokens(ps));
}
BENCHMARK(BM_Baseline_Tokenize);

void BM_Tag(benchmark::State& state) {
  const auto ps = Paragraphs();
  const auto& tagger = khabar::ner::Tagger::Default();
  std::vector<std::vector<std::string_view>> sentences;
  for (const auto& p : ps) {
    sentences.emplace_back();
    for (const auto& t : khabar::text::Tokenize(p)) sentences.back().push_back(t.surface);
  }
  for (auto _ : state) {
    for (const auto& s : sentences) benchmark::DoNotOptimize(tagger.TagTokens(s));
  }
  state.SetItemsProcessed(state.iterations() * CountTokens(ps));
}
BENCHMARK(BM_Tag);

void BM_TagAndLink(benchmark::State& state) {
  const auto ps = Paragraphs();
  const auto& recognizer = khabar::ner::Recognizer::Default();
  for (auto _ : state) {
    // One document per four paragraphs, as in an article.
    for (size_t i = 0; i < ps.size(); i += 4) {
      std::vector<std::string> doc(ps.begin() + i, ps.begin() + std::min(ps.size(), i + 4));
      benchmark::DoNotOptimize(recognizer.Recognize(doc));
    }
  }
  state.SetItemsProcessed(state.iterations() * CountTokens(ps));
}
BENCHMARK(BM_TagAndLink);

// The articles of BM_Article*, read (or generated) once.
const std::vector<khabar::ArticleRecord>& Articles() {
  static const std::vector<khabar::ArticleRecord>* articles = [] {
    auto* out = new std::vector<khabar::ArticleRecord>;
    khabar::pipeline::PipelineOptions options;
    for (const std::string& line : khabar::bench::JsonLines("KHABAR_BENCH_ARTICLES")) {
      khabar::Result<khabar::ArticleRecord> r =
          khabar::pipeline::MapJsonRecord(line, khabar::SourceInfo{}, options);
      if (r.ok()) out->push_back(std::move(*r));
    }
    return out;
  }();
  return *articles;
}

void ArticleCounters(benchmark::State& state, size_t articles) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles));
  // Seconds of CPU per article, printed with an SI prefix (3.2m = 3.2 ms).
  state.counters["per_article"] =
      benchmark::Counter(static_cast<double>(state.iterations() * articles),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Baseline_ArticleTokenize(benchmark::State& state) {
  const auto& articles = Articles();
  if (articles.empty())
    return state.SkipWithError("no articles (corpus_gen or KHABAR_BENCH_ARTICLES)");
  for (auto _ : state) {
    for (const auto& a : articles) {
      for (const auto& p : a.paragraphs) benchmark::DoNotOptimize(khabar::text::Tokenize(p));
    }
  }
  ArticleCounters(state, articles.size());
}
BENCHMARK(BM_Baseline_ArticleTokenize)->Unit(benchmark::kMillisecond);

// What the pipeline's workers do per record with entities on.
void BM_ArticleEntities(benchmark::State& state) {
  const auto& articles = Articles();
  if (articles.empty())
    return state.SkipWithError("no articles (corpus_gen or KHABAR_BENCH_ARTICLES)");
  khabar::ner::Recognizer::Default();  // model and KB loading is not per article
  std::vector<khabar::ArticleRecord> work = articles;
  for (auto _ : state) {
    for (auto& a : work) khabar::pipeline::AddEntities(nullptr, &a);
  }
  ArticleCounters(state, articles.size());
}
BENCHMARK(BM_ArticleEntities)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

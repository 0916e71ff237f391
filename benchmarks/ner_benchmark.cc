// NER throughput in tokens per second (items/s): tagging alone, and tagging plus linking, against
// the analyzer's tokenizer as the named baseline (the floor any tagger over the same text pays).
// Input: news-like paragraphs written for this benchmark, repeated.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "khabar/ner.h"
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

}  // namespace

BENCHMARK_MAIN();

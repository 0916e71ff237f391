// Entity linking throughput (tokens per second per core), side by side with its baselines:
//   BM_Tokenize           text::Tokenize alone: the floor every linker pays.
//   BM_NaiveNgramLookup   the textbook gazetteer: every 1..N-token window keyed and looked up.
//   BM_Link               khabar::kb::Linker::LinkText (tokenize + gazetteer + titles + coref).
// The ratio line printed at the end compares BM_Link to the naive gazetteer on the same text.
//
//   build/benchmarks/kb_link_benchmark --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <cstdio>
#include <ctime>
#include <string>

#include "khabar/kb.h"
#include "khabar/text.h"

namespace {

// News-like text written for this benchmark (not from any article), repeated to ~100 KB.
const std::string& Corpus() {
  static const std::string* text = [] {
    const char* para =
        "التقى وزير الخارجية الأمريكي أنتوني بلينكن نظيره الياباني يوشيماسا هاياشي في ملبورن، "
        "وبحث الوزيران التعاون في منطقة المحيطين الهندي والهادئ والأوضاع في أوكرانيا. "
        "وقال بلينكن إن واشنطن وطوكيو تعملان مع الشركاء في الرباعية لمواجهة التهديدات، "
        "فيما أدانت الخارجية الأمريكية إطلاق كوريا الشمالية صواريخ باليستية جديدة. "
        "وفي القاهرة، استقبل الرئيس عبد الفتاح السيسي رئيس الوزراء الهندي ناريندرا مودي، "
        "وبحث الجانبان مع وزير الخارجية بدر عبد العاطي ملفات التجارة والطاقة والأمن في البحر "
        "الأحمر. وأعلنت وزارة الصحة المصرية افتتاح مستشفيات جديدة في محافظات الدقهلية وأسيوط "
        "وسوهاج، بينما شهدت الإسكندرية وبورسعيد ارتفاعا في درجات الحرارة. وقالت مصادر في "
        "جامعة الدول العربية إن الأمين العام أحمد أبو الغيط سيزور بغداد ودمشق الأسبوع المقبل، "
        "كما رحب مجلس التعاون الخليجي بالاتفاق بين الرياض وطهران برعاية صينية. ونقلت وكالة "
        "رويترز عن مسؤولين في حلف شمال الأطلسي أن التدريبات ستجري قرب الحدود الروسية، وأكد "
        "المتحدث باسم الكرملين أن موسكو تراقب الوضع عن كثب. ";
    auto* s = new std::string;
    while (s->size() < 100000) *s += para;
    return s;
  }();
  return *text;
}

size_t TokenCount() {
  static const size_t n = khabar::text::Tokenize(Corpus()).size();
  return n;
}

void BM_Tokenize(benchmark::State& state) {
  for (auto _ : state) {
    auto tokens = khabar::text::Tokenize(Corpus());
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetItemsProcessed(state.iterations() * TokenCount());
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

// Every window of 1..max_alias_tokens tokens keyed with text::MatchKey and looked up; no prefix
// pruning and no clitic handling (so it finds less than the linker).
size_t NaiveLookup(const khabar::kb::KnowledgeBase& kb, const std::string& text) {
  std::vector<khabar::text::Token> tokens = khabar::text::Tokenize(text);
  std::vector<std::string> keys;
  keys.reserve(tokens.size());
  for (const auto& t : tokens) keys.push_back(khabar::text::MatchKey(t.surface));
  const size_t max_len = static_cast<size_t>(kb.max_alias_tokens());
  size_t found = 0;
  std::string buf;
  for (size_t i = 0; i < keys.size(); ++i) {
    buf.clear();
    for (size_t len = 1; len <= max_len && i + len <= keys.size(); ++len) {
      if (len > 1) buf.push_back(' ');
      buf += keys[i + len - 1];
      found += kb.LookupKey(buf).size();
    }
  }
  return found;
}

void BM_NaiveNgramLookup(benchmark::State& state) {
  const auto& kb = khabar::kb::KnowledgeBase::Default();
  for (auto _ : state) benchmark::DoNotOptimize(NaiveLookup(kb, Corpus()));
  state.SetItemsProcessed(state.iterations() * TokenCount());
  state.SetBytesProcessed(state.iterations() * Corpus().size());
}
BENCHMARK(BM_NaiveNgramLookup)->Unit(benchmark::kMillisecond);

void BM_Link(benchmark::State& state) {
  khabar::kb::Linker linker(khabar::kb::KnowledgeBase::Default());
  khabar::kb::LinkOptions opt;
  opt.date = 20220211;
  size_t mentions = 0;
  for (auto _ : state) {
    auto ms = linker.LinkText(Corpus(), opt);
    mentions = ms.size();
    benchmark::DoNotOptimize(ms.data());
  }
  state.SetItemsProcessed(state.iterations() * TokenCount());
  state.SetBytesProcessed(state.iterations() * Corpus().size());
  state.counters["mentions"] = static_cast<double>(mentions);
}
BENCHMARK(BM_Link)->Unit(benchmark::kMillisecond);

// CPU seconds of this thread (per-core throughput; the machine may be shared).
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

double SecondsPerRun(void (*fn)()) {
  fn();  // warm-up
  double t0 = ThreadCpuSeconds();
  int runs = 0;
  while (ThreadCpuSeconds() - t0 < 0.5) {
    fn();
    ++runs;
  }
  return (ThreadCpuSeconds() - t0) / runs;
}

}  // namespace

int main(int argc, char** argv) {
  khabar::kb::KnowledgeBase::Default();  // load once, outside the timings
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  static khabar::kb::Linker linker(khabar::kb::KnowledgeBase::Default());
  double link = SecondsPerRun([] {
    khabar::kb::LinkOptions opt;
    opt.date = 20220211;
    benchmark::DoNotOptimize(linker.LinkText(Corpus(), opt).size());
  });
  double naive = SecondsPerRun([] {
    benchmark::DoNotOptimize(NaiveLookup(khabar::kb::KnowledgeBase::Default(), Corpus()));
  });
  std::printf(
      "kb_link: %.0f tokens/s per core (Linker) vs %.0f tokens/s (naive n-gram lookup): "
      "%.2fx\n",
      TokenCount() / link, TokenCount() / naive, naive / link);
  return 0;
}

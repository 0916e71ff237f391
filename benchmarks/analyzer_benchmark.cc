// khabar's analyzer against Snowball's Arabic stemmer (libstemmer), side by side on the same text.
//
//   khabar:   Analyzer::Analyze on the raw text: tokenize, clean layer, match key, clitic
//             segmentation and stem of every token (the work an indexer does).
//   Snowball: sb_stemmer_stem on the same text split at whitespace BEFORE timing (stemming only).
//
// Both report words/s, where words = whitespace-separated words of the text, so the two rates are
// comparable; the ratio khabar/Snowball is printed at the end. The text is the Arabic news-style
// sample below, or, when present, the `content` of the first 200 records of
// $KHABAR_SOURCE_DIR/../shared/data/news-dev/saudinewsnet-dev.jsonl (read at run time, never
// stored). Usage: analyzer_benchmark [--benchmark_repetitions=5] (the ratio uses the medians).
#include <benchmark/benchmark.h>
#include <libstemmer.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "khabar/text.h"

namespace {

// Written for this benchmark in the register of Arabic wire copy (not taken from any article).
constexpr const char* kSample[] = {
    "القاهرة - (أ ش أ): أكد وزير الخارجية أن الحكومة ستواصل جهودها لتعزيز التعاون مع الدول "
    "الشقيقة والصديقة، مشيرًا إلى أن الوزارة تتابع باهتمام التطورات الإقليمية والدولية.",
    "وأضاف الوزير، خلال مؤتمر صحفي عقده اليوم الأحد بمقر الوزارة، أن المباحثات التي أجراها مع "
    "نظيره الفرنسي تناولت سبل دعم الاستثمارات المشتركة وزيادة حجم التبادل التجاري بين البلدين.",
    "وأوضح أن حجم التبادل التجاري بلغ نحو ٣٫٥ مليار دولار خلال العام الماضي، بزيادة قدرها ١٢٪ "
    "مقارنة بالعام السابق، متوقعًا أن يرتفع إلى 5 مليارات دولار بحلول عام 2025.",
    "من جهة أخرى، أعلنت وزارة الصحة تسجيل ٤٥٠ إصابة جديدة بفيروس كورونا، وقالت في بيان لها إن "
    "المستشفيات الحكومية استقبلت المصابين وقدمت لهم الرعاية اللازمة وفقًا للبروتوكولات المعتمدة.",
    "وفي واشنطن، قال وزير الخارجية الأمريكي أنتوني بلينكن إن بلاده تدعم الحل السياسي للأزمة "
    "الليبية، داعيًا الأطراف كافة إلى الالتزام بوقف إطلاق النار والعودة إلى طاولة المفاوضات.",
    "وشهدت البورصة المصرية ارتفاعًا ملحوظًا في ختام تعاملات اليوم، إذ ربح رأس المال السوقي نحو "
    "1,500 مليون جنيه، وسط مشتريات من جانب المستثمرين العرب والأجانب.",
    "وفي سياق متصل، أكد المتحدث باسم الحكومة أن مجلس الوزراء وافق على مشروع قانون جديد لتنظيم "
    "سوق العمل، يهدف إلى حماية حقوق العاملين وتوفير فرص عمل للشباب في مختلف المحافظات.",
    "وكان الرئيس قد استقبل في وقت سابق وفدًا من رجال الأعمال الكنديين، وبحث معهم فرص "
    "الاستثمار في مجالات الطاقة المتجددة والبنية التحتية والاتصالات وتكنولوجيا المعلومات.",
};

std::string ReadDevText() {
  const char* root = std::getenv("KHABAR_SOURCE_DIR");
  const std::string path =
      std::string(root ? root : ".") + "/../shared/data/news-dev/saudinewsnet-dev.jsonl";
  std::ifstream in(path);
  if (!in) return "";
  std::string text, line;
  for (int n = 0; n < 200 && std::getline(in, line); ++n) {
    try {
      const auto record = nlohmann::json::parse(line);
      if (record.contains("content") && record["content"].is_string()) {
        text += record["content"].get<std::string>();
        text += "\n\n";
      }
    } catch (const std::exception&) {
      continue;
    }
  }
  return text;
}

struct Corpus {
  std::string text;
  std::vector<std::string> words;  // whitespace-split, for Snowball
  std::string origin;
  Corpus() {
    text = ReadDevText();
    origin = "saudinewsnet-dev.jsonl (first 200 records, read at run time)";
    if (text.empty()) {
      origin = "built-in news-style sample";
      for (int rep = 0; rep < 200; ++rep) {
        for (const char* paragraph : kSample) {
          text += paragraph;
          text += "\n\n";
        }
      }
    }
    std::istringstream ss(text);
    std::string w;
    while (ss >> w) words.push_back(w);
  }
};

const Corpus& GetCorpus() {
  static const Corpus* corpus = new Corpus();
  return *corpus;
}

void BM_KhabarAnalyze(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  const khabar::text::Analyzer& analyzer = khabar::text::Analyzer::Default();
  size_t sink = 0;
  for (auto _ : state) {
    analyzer.Analyze(corpus.text, [&](const khabar::text::TokenAnalysis& t) {
      sink += t.stem.size() + t.key.size() + t.clean.size();
    });
  }
  benchmark::DoNotOptimize(sink);
  state.counters["words_per_second"] = benchmark::Counter(
      static_cast<double>(corpus.words.size()) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KhabarAnalyze)->Unit(benchmark::kMillisecond);

void BM_SnowballStem(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  sb_stemmer* stemmer = sb_stemmer_new("arabic", "UTF_8");
  if (stemmer == nullptr) {
    state.SkipWithError("libstemmer has no Arabic stemmer");
    return;
  }
  size_t sink = 0;
  for (auto _ : state) {
    for (const std::string& w : corpus.words) {
      const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(w.data()),
                                              static_cast<int>(w.size()));
      sink += stem != nullptr ? sb_stemmer_length(stemmer) : 0;
    }
  }
  benchmark::DoNotOptimize(sink);
  sb_stemmer_delete(stemmer);
  state.counters["words_per_second"] = benchmark::Counter(
      static_cast<double>(corpus.words.size()) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SnowballStem)->Unit(benchmark::kMillisecond);

// Console output plus the words/s of each benchmark, for the ratio line.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      auto it = run.counters.find("words_per_second");
      if (it == run.counters.end()) continue;
      // With --benchmark_repetitions the median is used; otherwise the single run.
      std::string name = run.run_name.function_name;
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name != "median") continue;
        medians.insert(name);
      } else if (medians.count(name)) {
        continue;
      }
      rates[name] = it->second.value;
    }
  }
  std::map<std::string, double> rates;
  std::set<std::string> medians;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const Corpus& corpus = GetCorpus();
  std::cout << "text: " << corpus.origin << ", " << corpus.text.size() << " bytes, "
            << corpus.words.size() << " words\n";
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const double khabar = reporter.rates["BM_KhabarAnalyze"];
  const double snowball = reporter.rates["BM_SnowballStem"];
  if (khabar > 0 && snowball > 0) {
    std::cout << "khabar analyze: " << static_cast<long>(khabar) << " words/s (tokenize + clean + "
              << "key + segment + stem); snowball arabic: " << static_cast<long>(snowball)
              << " words/s (stem only, pre-split); ratio khabar/snowball = " << khabar / snowball
              << "\n";
  }
  benchmark::Shutdown();
  return 0;
}

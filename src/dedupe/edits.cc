#include "dedupe/edits.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace khabar::dedupe::testing {
namespace {

std::vector<std::string> SplitWords(const std::string& s) {
  std::vector<std::string> words;
  std::istringstream in(s);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string JoinWords(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < words.size(); ++i) {
    if (!out.empty()) out.push_back(' ');
    out += words[i];
  }
  return out;
}

void Log(std::vector<std::string>* log, std::string what) {
  if (log != nullptr) log->push_back(std::move(what));
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Word pairs outlets swap freely; applied in both directions.
constexpr std::pair<std::string_view, std::string_view> kSynonyms[] = {
    {"أكد", "شدد"},        {"قال", "ذكر"},       {"أوضح", "بين"},      {"أعلن", "كشف"},
    {"خلال", "أثناء"},     {"الجاري", "الحالي"}, {"المقبل", "القادم"}, {"المقبلة", "القادمة"},
    {"الماضي", "المنصرم"}, {"بحث", "ناقش"},      {"أشار", "لفت"},      {"أضاف", "تابع"},
    {"نحو", "حوالي"},      {"عقب", "بعد"},       {"أيضا", "كذلك"},     {"تجاوز", "فاق"},
    {"ارتفع", "زاد"},      {"كبيرا", "ضخما"},    {"ضرورة", "أهمية"},   {"مؤكدا", "مشددا"},
    {"مشيرا", "لافتا"},
};

constexpr std::string_view kBylinePrefixes[] = {
    "القاهرة - أ ش أ: ", "عمان (بترا) - ", "الرياض - واس - ",
    "(رويترز) - ",       "دبي - وام: ",    "بيروت - الوكالة الوطنية: ",
};
constexpr std::string_view kBylineLines[] = {
    "كتب - محمد عبد العزيز",
    "كتبت - سارة حسن",
    "بقلم: أحمد السيد",
    "متابعات - الموقع",
};
constexpr std::string_view kCredits[] = {"(أ ش أ)", "المصدر: وكالات", "(رويترز)",
                                         "تابعونا على صفحتنا الرسمية لمزيد من الأخبار"};

constexpr std::string_view kTeasers[] = {
    "ارتفاع أسعار الذهب في التعاملات المسائية",    "تعرف على حالة الطقس غدا في جميع المحافظات",
    "الحكومة تنفي شائعة زيادة أسعار الخبز المدعم", "موعد صرف مرتبات الشهر الجاري للعاملين بالدولة",
    "أسعار العملات الأجنبية أمام الجنيه اليوم",    "خطوات الاستعلام عن فاتورة الكهرباء إلكترونيا",
    "مواعيد مباريات اليوم والقنوات الناقلة",
};

constexpr std::string_view kIntros[] = {
    "يواصل موقعنا تغطيته الشاملة لأبرز الأحداث لحظة بلحظة.",
    "في خبر يهم قطاعا واسعا من المتابعين، ننشر التفاصيل الكاملة.",
    "تابعت مصادرنا تطورات هذا الملف خلال الساعات الماضية.",
    "وسط اهتمام واسع من الرأي العام، جاءت التفاصيل على النحو التالي.",
};

}  // namespace

std::string Article::Text() const {
  std::string out = headline;
  for (const std::string& p : paragraphs) {
    out.push_back('\n');
    out += p;
  }
  return out;
}

Result<Article> LoadArticle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  Article a;
  a.name = std::filesystem::path(path).stem().string();
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (a.headline.empty()) {
      a.headline = line;
    } else {
      a.paragraphs.push_back(line);
    }
  }
  if (a.headline.empty() || a.paragraphs.empty()) return Status::Corrupt("empty fixture " + path);
  return a;
}

Result<std::vector<Article>> LoadArticles(const std::string& dir) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path().string());
  }
  if (ec) return Status::NotFound("cannot list " + dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<Article> articles;
  for (const std::string& p : paths) {
    Result<Article> a = LoadArticle(p);
    if (!a.ok()) return a.status();
    articles.push_back(std::move(*a));
  }
  return articles;
}

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void CutLastParagraphs(Article* a, Rng* rng, std::vector<std::string>* log) {
  size_t cut = 1 + rng->Below(3);
  if (a->paragraphs.size() <= 3) return;
  cut = std::min(cut, a->paragraphs.size() - 3);
  a->paragraphs.resize(a->paragraphs.size() - cut);
  Log(log, "cut" + std::to_string(cut));
}

void ChangeHeadline(Article* a, Rng* rng, std::vector<std::string>* log) {
  std::vector<std::string> words = SplitWords(a->headline);
  switch (rng->Below(4)) {
    case 0:
      a->headline = "عاجل.. " + a->headline;
      break;
    case 1:  // the lead's first words become the headline
      a->headline = JoinWords(SplitWords(a->paragraphs.front()), 0, 7 + rng->Below(4));
      break;
    case 2:
      a->headline = "بالتفاصيل.. " + JoinWords(words, 0, words.size() > 4 ? words.size() - 2 : 3);
      break;
    default:
      a->headline = JoinWords(words, words.size() / 2, words.size()) + ": " +
                    JoinWords(words, 0, words.size() / 2) + " - تعرف على التفاصيل";
      break;
  }
  Log(log, "headline");
}

void AddByline(Article* a, Rng* rng, std::vector<std::string>* log) {
  switch (rng->Below(3)) {
    case 0:
      a->paragraphs.front() = std::string(kBylinePrefixes[rng->Below(std::size(kBylinePrefixes))]) +
                              a->paragraphs.front();
      break;
    case 1:
      a->paragraphs.insert(a->paragraphs.begin(),
                           std::string(kBylineLines[rng->Below(std::size(kBylineLines))]));
      break;
    default:
      a->paragraphs.push_back(std::string(kCredits[rng->Below(std::size(kCredits))]));
      break;
  }
  Log(log, "byline");
}

void SwapSynonyms(Article* a, Rng* rng, std::vector<std::string>* log) {
  // Replaces `w` (optionally after a و/ف proclitic) by its synonym with probability 60%.
  auto swap = [&](std::string& w) {
    for (const auto& [x, y] : kSynonyms) {
      for (std::string_view prefix : {"", "و", "ف"}) {
        const std::string from_x = std::string(prefix) + std::string(x);
        const std::string from_y = std::string(prefix) + std::string(y);
        if (w != from_x && w != from_y) continue;
        if (!rng->Chance(60)) return false;
        w = std::string(prefix) + std::string(w == from_x ? y : x);
        return true;
      }
    }
    return false;
  };
  int swapped = 0;
  for (std::string& p : a->paragraphs) {
    std::vector<std::string> words = SplitWords(p);
    for (std::string& w : words) swapped += swap(w);
    p = JoinWords(words, 0, words.size());
  }
  Log(log, "synonyms" + std::to_string(swapped));
}

void EgyptianSpelling(Article* a, Rng* rng, std::vector<std::string>* log) {
  auto respell = [&](std::string& text) {
    std::vector<std::string> words = SplitWords(text);
    for (std::string& w : words) {
      if (EndsWith(w, "ي") && rng->Chance(85)) w.replace(w.size() - 2, 2, "ى");
      if ((StartsWith(w, "أ") || StartsWith(w, "إ")) && rng->Chance(50)) w.replace(0, 2, "ا");
      if (EndsWith(w, "ة") && rng->Chance(10)) w.replace(w.size() - 2, 2, "ه");
    }
    text = JoinWords(words, 0, words.size());
  };
  respell(a->headline);
  for (std::string& p : a->paragraphs) respell(p);
  Log(log, "spelling");
}

void AddReadAlso(Article* a, Rng* rng, std::vector<std::string>* log) {
  const int count = 1 + static_cast<int>(rng->Below(2));
  for (int i = 0; i < count && a->paragraphs.size() >= 2; ++i) {
    const size_t at = 1 + rng->Below(a->paragraphs.size() - 1);
    a->paragraphs.insert(a->paragraphs.begin() + at,
                         "اقرأ أيضا: " + std::string(kTeasers[rng->Below(std::size(kTeasers))]));
  }
  Log(log, "readalso");
}

void ReorderSentences(Article* a, Rng* rng, std::vector<std::string>* log) {
  // Swap the two sentences of a two-sentence paragraph; without one, swap two adjacent paragraphs.
  std::vector<size_t> two_sentence;
  for (size_t i = 0; i < a->paragraphs.size(); ++i) {
    const std::string& p = a->paragraphs[i];
    const size_t dot = p.find(". ");
    if (dot != std::string::npos && dot + 2 < p.size()) two_sentence.push_back(i);
  }
  if (!two_sentence.empty()) {
    std::string& p = a->paragraphs[two_sentence[rng->Below(two_sentence.size())]];
    const size_t dot = p.find(". ");
    std::string first = p.substr(0, dot + 1), rest = p.substr(dot + 2);
    if (!rest.empty() && rest.back() != '.') rest.push_back('.');
    p = rest + " " + first;
  } else if (a->paragraphs.size() >= 3) {
    const size_t i = 1 + rng->Below(a->paragraphs.size() - 2);
    std::swap(a->paragraphs[i], a->paragraphs[i + 1]);
  }
  Log(log, "reorder");
}

void AddIntro(Article* a, Rng* rng, std::vector<std::string>* log) {
  std::string intro(kIntros[rng->Below(std::size(kIntros))]);
  if (rng->Chance(50)) {
    a->paragraphs.insert(a->paragraphs.begin(), intro);
  } else {
    a->paragraphs.front() = intro + " " + a->paragraphs.front();
  }
  Log(log, "intro");
}

Article MakeVariant(const Article& source, uint64_t seed, std::vector<std::string>* log) {
  using Edit = void (*)(Article*, Rng*, std::vector<std::string>*);
  constexpr Edit kEdits[] = {CutLastParagraphs, ChangeHeadline, SwapSynonyms, EgyptianSpelling,
                             ReorderSentences,  AddIntro,       AddReadAlso,  AddByline};
  Rng rng(seed);
  bool apply[std::size(kEdits)];
  size_t applied = 0;
  for (bool& b : apply) applied += (b = rng.Chance(55));
  while (applied < 3) {  // at least three edits
    bool& b = apply[rng.Below(std::size(kEdits))];
    if (!b) ++applied;
    b = true;
  }
  Article variant = source;
  for (size_t i = 0; i < std::size(kEdits); ++i) {
    if (apply[i]) kEdits[i](&variant, &rng, log);
  }
  return variant;
}

Article AllEditsVariant(const Article& source, uint64_t seed, std::vector<std::string>* log) {
  Rng rng(seed);
  Article a = source;
  if (a.paragraphs.size() > 3) {
    a.paragraphs.resize(std::max<size_t>(3, a.paragraphs.size() - 3));
    Log(log, "cut3");
  }
  ChangeHeadline(&a, &rng, log);
  SwapSynonyms(&a, &rng, log);
  EgyptianSpelling(&a, &rng, log);
  ReorderSentences(&a, &rng, log);
  AddIntro(&a, &rng, log);
  AddReadAlso(&a, &rng, log);
  AddByline(&a, &rng, log);
  return a;
}

}  // namespace khabar::dedupe::testing

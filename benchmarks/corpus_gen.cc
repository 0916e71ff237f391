// corpus_gen: deterministic synthetic Arabic news for ingest and search benchmarks.
//
//   corpus_gen --n 100000 --seed 1 --out /tmp/news.jsonl --truth /tmp/news.truth.tsv
//   khabar ingest /tmp/news.jsonl --db /tmp/news.db
//
// Writes JSON Lines that `khabar ingest` reads with its default field mapping: url (an outlet of
// data/sites/profiles.tsv, so the site is known), title, published (ISO 8601, 2019-2024), text
// (paragraphs separated by "\n", the first opening with a dateline and a wire credit).
//
// Text model (nothing is copied from real articles; every word is built from khabar's own data):
// - Vocabulary: stopwords (data/text/stopwords.txt), known words (data/text/lexicon.txt,
//   data/text/protected.txt), names (data/kb/*.tsv aliases), month names (data/time), and a long
//   tail of synthetic words made by putting random three-letter roots into Arabic derivation
//   patterns (فاعل, مفعول, استفعال ...), so the distinct-word count grows with the corpus as in
//   real news.
// - Word frequencies follow Zipf's law (exponent ~1) over content lemmas; stopwords make ~30% of
//   running words; each article has a few topic lemmas and names it repeats (what queries find).
// - Surface forms: clitics (و ف ب ل ال وال بال لل), plural ات, enclitic pronouns (ها هم), and the
//   spelling variation of real outlets (hamza dropped, final ى for ي, final ه for ة).
// - Wire stories: ~10% of articles are agency stories that other outlets re-run (edited copies,
//   same day or next), giving near-duplicate groups across outlets.
// --truth writes one line per occurrence of a tracked lemma (24 known words ending in ة, 8 one-word
// names spelled with hamza or final ي) in an article for the recall benchmark
// (search_compare): "index <TAB> lemma <TAB> surface".
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#ifndef KHABAR_SOURCE_DIR
#define KHABAR_SOURCE_DIR "."
#endif

namespace {

using Rng = std::mt19937_64;

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "corpus_gen: cannot read " << path << "\n";
    std::exit(1);
  }
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

// Column `col` of a TSV file (header skipped), split on '|', non-empty cells only.
std::vector<std::string> Column(const std::string& path, size_t col) {
  std::vector<std::string> out;
  std::vector<std::string> lines = ReadLines(path);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells = Split(lines[i], '\t');
    if (col >= cells.size()) continue;
    for (std::string& v : Split(cells[col], '|')) {
      if (!v.empty() && v[0] != '!') out.push_back(v);
    }
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool HasSpace(std::string_view s) { return s.find(' ') != std::string_view::npos; }

// Zipf sampler over ranks 0..n-1 (P(r) ~ 1/(r+1)^s) by inverse CDF on a table.
class Zipf {
 public:
  Zipf(size_t n, double s) : cdf_(n) {
    double sum = 0;
    for (size_t r = 0; r < n; ++r) cdf_[r] = (sum += 1.0 / std::pow(r + 1.0, s));
    for (double& c : cdf_) c /= sum;
  }
  size_t operator()(Rng& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return std::min<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin(),
                            cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

struct Outlet {
  std::string domain, name, country;
};

struct Agency {
  std::string credit;  // as written in a dateline: أ ش أ, واس ...
  std::string country;
};

struct Vocabulary {
  std::vector<std::string> stopwords;
  std::vector<std::string> lemmas;  // content lemmas by frequency rank (rank 0 most frequent)
  std::vector<std::string> names;   // person/org/place names (may be several words)
  std::vector<std::string> cities;
  std::vector<std::string> months;
  std::vector<std::string> titles;  // الرئيس, وزير الخارجية ...
  std::vector<Outlet> outlets;
  std::vector<Agency> agencies;
  std::vector<size_t> tracked;            // lemma indexes whose occurrences go to --truth
  std::set<std::string> protected_words;  // names: clitics (وب ل) but no article or suffix
  std::vector<size_t> tracked_names;      // one-word names spelled with hamza or final ي/ة
};

// Synthetic words: a root's three letters put into a derivation pattern (ف ع ل are placeholders).
const char* const kPatterns[] = {
    "فعل",    "فاعل", "مفعول", "تفعيل", "افتعال", "استفعال", "مفاعلة", "فعيل",  "فعال",  "تفاعل",
    "انفعال", "مفعل", "فعالة", "مفعلة", "تفعل",   "يفعل",    "فعول",   "أفعال", "فواعل", "مفاعيل",
};
const char* const kLetters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز",
                                "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ق", "ك",
                                "ل", "م", "ن", "ه", "و", "ي", "ف", "ء"};

std::string ApplyPattern(std::string_view pattern, const std::string root[3]) {
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    const std::string_view ch = pattern.substr(i, 2);
    if (ch == "ف")
      out += root[0];
    else if (ch == "ع")
      out += root[1];
    else if (ch == "ل")
      out += root[2];
    else
      out += ch;
    i += 2;  // every letter of the patterns is 2 bytes in UTF-8
  }
  return out;
}

Vocabulary LoadVocabulary(const std::string& dir, size_t synthetic, uint64_t seed) {
  Vocabulary v;
  v.stopwords = ReadLines(dir + "/data/text/stopwords.txt");
  std::set<std::string> seen;
  auto add_lemma = [&](const std::string& w) {
    if (!w.empty() && !HasSpace(w) && seen.insert(w).second) v.lemmas.push_back(w);
  };
  std::set<std::string> lexicon;
  for (const std::string& w : ReadLines(dir + "/data/text/lexicon.txt")) {
    add_lemma(w);
    lexicon.insert(w);
  }
  for (const std::string& w : ReadLines(dir + "/data/text/protected.txt")) {
    add_lemma(w);
    v.protected_words.insert(w);
  }
  const size_t known = v.lemmas.size();
  Rng rng(seed ^ 0x5eed);
  const size_t n_letters = sizeof kLetters / sizeof kLetters[0];
  const size_t n_patterns = sizeof kPatterns / sizeof kPatterns[0];
  while (v.lemmas.size() < known + synthetic) {
    std::string root[3];
    for (std::string& l : root) l = kLetters[rng() % n_letters];
    add_lemma(ApplyPattern(kPatterns[rng() % n_patterns], root));
  }
  // Known words are common news words: spread them over the head of the frequency ranking.
  Rng shuffle(seed ^ 0xface);
  for (size_t i = 0; i < known; ++i) {
    const size_t to = (i * 37 + shuffle() % 13) % std::min<size_t>(v.lemmas.size(), 4000);
    std::swap(v.lemmas[i], v.lemmas[to]);
  }
  // Tracked lemmas for recall: known words ending in ة (they inflect: ات, تها ...).
  for (size_t i = 20; i < v.lemmas.size() && v.tracked.size() < 24; ++i) {
    if (EndsWith(v.lemmas[i], "ة") && lexicon.count(v.lemmas[i])) v.tracked.push_back(i);
  }
  const std::string kb = dir + "/data/kb/";
  for (const std::string& w : Column(kb + "persons.tsv", 4)) v.names.push_back(w);
  for (const std::string& w : Column(kb + "orgs.tsv", 7)) v.names.push_back(w);
  for (const std::string& w : Column(kb + "countries.tsv", 3)) v.names.push_back(w);
  v.cities = Column(kb + "cities.tsv", 6);
  for (const std::string& w : v.cities) v.names.push_back(w);
  v.titles = Column(kb + "titles.tsv", 0);
  for (size_t i = 0; i < v.names.size() && v.tracked_names.size() < 8; ++i) {
    const std::string& w = v.names[i];
    if (!HasSpace(w) && (StartsWith(w, "أ") || StartsWith(w, "إ") || EndsWith(w, "ي"))) {
      v.tracked_names.push_back(i);
    }
  }
  for (const std::string& line : ReadLines(dir + "/data/time/extra_names.tsv")) {
    std::vector<std::string> c = Split(line, '\t');
    if (c.size() >= 3 && c[0] == "gregorian_month") v.months.push_back(c[2]);
  }
  std::vector<std::string> sites = ReadLines(dir + "/data/sites/profiles.tsv");
  for (size_t i = 1; i < sites.size(); ++i) {
    std::vector<std::string> c = Split(sites[i], '\t');
    if (c.size() >= 4) v.outlets.push_back({c[0], c[1], c[3]});
  }
  for (const std::string& line : ReadLines(dir + "/data/extract/agencies.tsv")) {
    std::vector<std::string> c = Split(line, '\t');
    if (c.size() < 5) continue;
    const std::vector<std::string> spellings = Split(c[4], '|');
    if (!spellings.empty() && !spellings[0].empty() && spellings[0][0] != '!') {
      v.agencies.push_back({spellings[0], c[3]});
    }
  }
  if (v.lemmas.empty() || v.names.empty() || v.outlets.empty() || v.agencies.empty() ||
      v.months.empty()) {
    std::cerr << "corpus_gen: data files under " << dir << " are missing entries\n";
    std::exit(1);
  }
  return v;
}

// Spelling variation of real outlets: some drop hamza, write final ى for ي, or ه for ة.
std::string Vary(std::string w, Rng& rng, double rate) {
  std::uniform_real_distribution<double> u(0, 1);
  for (const char* hamza : {"أ", "إ"}) {
    if (StartsWith(w, hamza) && u(rng) < rate * 3) w = "ا" + w.substr(2);
  }
  if (EndsWith(w, "ي") && u(rng) < rate * 2) w = w.substr(0, w.size() - 2) + "ى";
  if (EndsWith(w, "ة") && u(rng) < rate) w = w.substr(0, w.size() - 2) + "ه";
  return w;
}

// An inflected surface form of a lemma: article/conjunction/preposition clitics, ات plural or an
// enclitic pronoun on ة words.
std::string Inflect(const std::string& lemma, bool name, Rng& rng) {
  const uint64_t r = rng() % 100;
  std::string w = lemma;
  if (name) return r < 80 ? w : (r % 3 == 0 ? "و" : r % 3 == 1 ? "ب" : "ل") + w;
  const bool ta = EndsWith(w, "ة");
  if (ta && r >= 85 && r < 92) {
    w = w.substr(0, w.size() - 2) + "ات";  // plural
  } else if (ta && r >= 92) {
    w = w.substr(0, w.size() - 2) + (r % 2 ? "تها" : "تهم");  // وزارتها
    return (r % 3 == 0 ? "و" : "") + w;
  }
  if (r < 40) return w;
  if (r < 70) return "ال" + w;
  static const char* const kClitics[] = {"و", "وال", "بال", "لل", "ب", "ل", "فال", "وب"};
  return kClitics[r % 8] + w;
}

void AppendJsonString(std::string* out, std::string_view s) {
  *out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += c;
    } else if (c == '\n') {
      *out += "\\n";
    } else {
      *out += c;
    }
  }
  *out += '"';
}

struct Story {  // a wire story other outlets may re-run
  std::string title;
  std::vector<std::string> paragraphs;
  int day;  // days since 2019-01-01
};

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

class Generator {
 public:
  Generator(Vocabulary vocab, uint64_t seed, size_t words)
      : v_(std::move(vocab)),
        rng_(seed),
        words_(words),
        lemma_zipf_(v_.lemmas.size(), 1.0),
        stop_zipf_(v_.stopwords.size(), 0.9),
        name_zipf_(v_.names.size(), 0.9) {}

  // Article `index`: one JSON line; tracked lemma occurrences appended to `truth`.
  std::string Next(size_t index, std::string* truth) {
    const Outlet& outlet = v_.outlets[rng_() % v_.outlets.size()];
    // Outlets spell differently: Egyptian ones often drop hamza and write final ى.
    variant_rate_ = outlet.country == "EG" ? 0.12 : 0.03;
    std::string title;
    std::vector<std::string> paragraphs;
    int day;
    const uint64_t kind = rng_() % 100;
    if (kind < 10 && !pool_.empty()) {
      const Story& s = pool_[rng_() % pool_.size()];  // a re-run of a wire story
      day = s.day + static_cast<int>(rng_() % 2);
      title = Rewrite(s.title, 0.3);
      for (size_t i = 0; i < s.paragraphs.size(); ++i) {
        if (i + 1 == s.paragraphs.size() && rng_() % 2) break;  // outlets cut the last paragraph
        paragraphs.push_back(i == 0 ? s.paragraphs[0] : Rewrite(s.paragraphs[i], 0.04));
      }
    } else {
      day = static_cast<int>(rng_() % (6 * 365 + 1));
      MakeArticle(&title, &paragraphs);
      if (kind >= 90) {  // an agency story: later articles may re-run it
        Story s{title, paragraphs, day};
        if (pool_.size() < 2000)
          pool_.push_back(std::move(s));
        else
          pool_[rng_() % pool_.size()] = std::move(s);
      }
    }
    int y, m, d;
    CivilFromDays(17897 + day, &y, &m, &d);  // 17897: 2019-01-01
    char date[64], path[128];
    std::snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:00+02:00", y, m, d,
                  static_cast<int>(rng_() % 24), static_cast<int>(rng_() % 60));
    std::snprintf(path, sizeof path, "/news/%04d/%02d/%02d/%zu", y, m, d, index);
    std::string out = "{\"url\":";
    AppendJsonString(&out, "https://" + outlet.domain + path);
    out += ",\"title\":";
    AppendJsonString(&out, title);
    out += ",\"published\":";
    AppendJsonString(&out, date);
    out += ",\"text\":";
    std::string text;
    for (const std::string& p : paragraphs) (text.empty() ? text : text += "\n") += p;
    AppendJsonString(&out, text);
    out += "}\n";
    if (truth != nullptr) {  // every tracked surface form in the final title and text
      for (const std::string* s : {&title, &text}) {
        size_t start = 0;
        while (start < s->size()) {
          size_t end = s->find_first_of(" \n.", start);
          if (end == std::string::npos) end = s->size();
          std::string w = s->substr(start, end - start);
          if (EndsWith(w, "،")) w.resize(w.size() - 2);
          if (auto it = tracked_forms_.find(w); it != tracked_forms_.end()) {
            const std::string& lemma = it->second >= kNameLemma ? v_.names[it->second - kNameLemma]
                                                                : v_.lemmas[it->second];
            *truth += std::to_string(index) + "\t" + lemma + "\t" + w + "\n";
          }
          start = end + 1;
        }
      }
    }
    return out;
  }

 private:
  std::string Word(const std::vector<size_t>& topic) {
    const uint64_t r = rng_() % 100;
    if (r < 30) return v_.stopwords[stop_zipf_(rng_)];
    size_t lemma = r < 42 ? topic[rng_() % topic.size()] : lemma_zipf_(rng_);
    std::string w =
        Vary(Inflect(v_.lemmas[lemma], v_.protected_words.count(v_.lemmas[lemma]) > 0, rng_), rng_,
             variant_rate_);
    if (std::find(v_.tracked.begin(), v_.tracked.end(), lemma) != v_.tracked.end()) {
      tracked_forms_.emplace(w, lemma);
    }
    return w;
  }

  std::string Name() {
    const size_t i = name_zipf_(rng_);
    std::string w = Vary(v_.names[i], rng_, variant_rate_);
    if (std::find(v_.tracked_names.begin(), v_.tracked_names.end(), i) != v_.tracked_names.end()) {
      tracked_forms_.emplace(w, kNameLemma + i);
    }
    return w;
  }

  void MakeArticle(std::string* title, std::vector<std::string>* paragraphs) {
    std::vector<size_t> topic;
    for (int i = 0; i < 4; ++i) topic.push_back(lemma_zipf_(rng_) % 20000);
    if (rng_() % 4 == 0 && !v_.tracked.empty())
      topic.push_back(v_.tracked[rng_() % v_.tracked.size()]);
    const std::string person = Name(), place = Name();
    // Title: 6-11 words around the topic and a name.
    const size_t title_words = 6 + rng_() % 6;
    for (size_t i = 0; i < title_words; ++i) {
      if (!title->empty()) *title += ' ';
      *title += i == 1 ? person : Word(topic);
    }
    size_t total = 0;
    const std::string city = v_.cities[rng_() % v_.cities.size()];
    const Agency& agency = v_.agencies[rng_() % v_.agencies.size()];
    const std::string month = v_.months[rng_() % v_.months.size()];
    while (total < words_) {
      std::string p;
      if (paragraphs->empty()) {  // dateline: "القاهرة في 3 مارس /أ ش أ/ -"
        p = city + " في " + std::to_string(1 + rng_() % 28) + " " + month + " /" + agency.credit +
            "/ - ";
      }
      const size_t n = std::min<size_t>(25 + rng_() % 50, words_ - total + 5);
      for (size_t i = 0; i < n; ++i) {
        const uint64_t r = rng_() % 100;
        if (r < 3) {
          if (rng_() % 3 == 0) p += v_.titles[rng_() % v_.titles.size()] + " ";
          p += rng_() % 2 ? person : Name();
        } else if (r < 5) {
          p += rng_() % 2 ? place : Name();
        } else if (r < 6) {
          p += std::to_string(rng_() % (r % 2 ? 2000 : 100));
        } else {
          p += Word(topic);
        }
        p += (i + 1 == n) ? "." : (rng_() % 14 == 0 ? "، " : " ");
      }
      total += n;
      paragraphs->push_back(std::move(p));
    }
  }

  // An edited copy: each word replaced with probability `rate`.
  std::string Rewrite(const std::string& s, double rate) {
    std::string out;
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<size_t> topic{lemma_zipf_(rng_)};
    size_t start = 0;
    while (start < s.size()) {
      size_t sp = s.find(' ', start);
      if (sp == std::string::npos) sp = s.size();
      const std::string_view w(s.data() + start, sp - start);
      if (!out.empty()) out += ' ';
      const bool punctuated = w.find('.') != w.npos || w.find("،") != w.npos;
      if (u(rng_) < rate && !punctuated)
        out += Word(topic);
      else
        out += w;
      start = sp + 1;
    }
    return out;
  }

  Vocabulary v_;
  Rng rng_;
  size_t words_;
  Zipf lemma_zipf_, stop_zipf_, name_zipf_;
  double variant_rate_ = 0;
  std::vector<Story> pool_;
  // Surface form -> tracked lemma index, or kNameLemma + name index.
  static constexpr size_t kNameLemma = size_t{1} << 40;
  std::unordered_map<std::string, size_t> tracked_forms_;
};

int Usage() {
  std::cerr << "usage: corpus_gen [--n N] [--seed S] [--words W] [--vocab V] [--out FILE|-]"
               " [--truth FILE] [--data REPO_DIR]\n"
               "  N articles (default 10000) of about W words (default 400) as JSON Lines;\n"
               "  V synthetic lemmas in the long tail (default 200000).\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 10000, words = 400, synthetic = 200000;
  uint64_t seed = 1;
  std::string out_path = "-", truth_path, dir = KHABAR_SOURCE_DIR;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return Usage();
    const char* v = argv[++i];
    if (a == "--n")
      n = std::strtoull(v, nullptr, 10);
    else if (a == "--seed")
      seed = std::strtoull(v, nullptr, 10);
    else if (a == "--words")
      words = std::max<size_t>(10, std::strtoull(v, nullptr, 10));
    else if (a == "--vocab")
      synthetic = std::strtoull(v, nullptr, 10);
    else if (a == "--out")
      out_path = v;
    else if (a == "--truth")
      truth_path = v;
    else if (a == "--data")
      dir = v;
    else
      return Usage();
  }
  Generator gen(LoadVocabulary(dir, synthetic, seed), seed, words);
  FILE* out = out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
  FILE* truth = truth_path.empty() ? nullptr : std::fopen(truth_path.c_str(), "wb");
  if (out == nullptr || (!truth_path.empty() && truth == nullptr)) {
    std::cerr << "corpus_gen: cannot write " << (out == nullptr ? out_path : truth_path) << "\n";
    return 1;
  }
  std::string truth_lines;
  for (size_t i = 0; i < n; ++i) {
    truth_lines.clear();
    const std::string line = gen.Next(i, truth ? &truth_lines : nullptr);
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) {
      std::cerr << "corpus_gen: write failed\n";
      return 1;
    }
    if (truth) std::fwrite(truth_lines.data(), 1, truth_lines.size(), truth);
  }
  if (truth) std::fclose(truth);
  return out == stdout ? (std::fflush(out) == 0 ? 0 : 1) : (std::fclose(out) == 0 ? 0 : 1);
}

#include "extract/tables.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <memory>

#include "embedded/ExtractData.h"
#include "extract/scan.h"
#include "khabar/text.h"

namespace khabar::extract {
namespace {

// Calls fn(fields) for every non-comment, non-blank line of a TSV file.
template <typename Fn>
void ForEachRow(std::string_view file, Fn fn) {
  for (std::string_view line : scan::SplitLines(file)) {
    if (line.empty() || line[0] == '#' || scan::IsBlank(line)) continue;
    std::vector<std::string_view> fields;
    size_t start = 0;
    for (size_t tab = line.find('\t'); tab != std::string_view::npos;
         tab = line.find('\t', start)) {
      fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    fields.push_back(line.substr(start));
    fn(fields);
  }
}

std::vector<std::string_view> SplitBar(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t bar = s.find('|'); bar != std::string_view::npos; bar = s.find('|', start)) {
    out.push_back(s.substr(start, bar - start));
    start = bar + 1;
  }
  out.push_back(s.substr(start));
  return out;
}

// Keys of the words of `s` (punctuation dropped).
std::vector<std::string> WordKeys(std::string_view s) {
  std::vector<scan::Token> tokens;
  scan::Tokenize(s, 64, &tokens);
  std::vector<std::string> keys;
  for (const scan::Token& t : tokens) {
    if (scan::IsWordLike(t.kind)) keys.push_back(Key(t.text));
  }
  return keys;
}

std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) {
    if (!out.empty()) out.push_back(' ');
    out += k;
  }
  return out;
}

Tables Build() {
  Tables t;
  const std::string_view agencies = embedded::ExtractData("data/extract/agencies.tsv");
  ForEachRow(agencies, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 5) return;
    const uint32_t index = static_cast<uint32_t>(t.agencies.size());
    t.agencies.push_back(
        {std::string(f[0]), std::string(f[1]), std::string(f[2]), std::string(f[3])});
    for (std::string_view form : SplitBar(f[4])) {
      form = scan::Trim(form);
      const bool strict = !form.empty() && form[0] == '!';
      if (strict) form.remove_prefix(1);
      std::vector<std::string> keys = WordKeys(form);
      if (keys.empty()) continue;
      t.max_credit_words = std::max(t.max_credit_words, keys.size());
      std::string first = keys[0];
      t.credit_forms[first].push_back({index, std::move(keys), strict});
    }
  });
  for (auto& [first, forms] : t.credit_forms) {
    std::stable_sort(forms.begin(), forms.end(), [](const CreditForm& a, const CreditForm& b) {
      return a.keys.size() > b.keys.size();
    });
  }

  const std::string_view furniture = embedded::ExtractData("data/extract/furniture.tsv");
  ForEachRow(furniture, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    const std::string_view kind = f[0];
    const std::string_view phrase = scan::Trim(f[2]);
    std::vector<std::string> keys;
    KeyWords(phrase, &keys);
    if (keys.empty()) {
      if (kind == "prefix") t.furniture_symbol_prefixes.emplace_back(phrase);
      return;
    }
    const std::string key = JoinKeys(keys);
    if (kind != "prefix") {
      t.max_line_words = std::max(t.max_line_words, keys.size() + (kind == "counter" ? 1 : 0));
    }
    if (kind != "counter") t.furniture_first_words.insert(keys[0]);
    if (kind == "line") {
      t.furniture_lines.insert(key);
    } else if (kind == "section") {
      t.furniture_sections.insert(key);
    } else if (kind == "prefix") {
      t.furniture_prefixes.insert(key);
      t.max_prefix_words = std::max(t.max_prefix_words, keys.size());
    } else if (kind == "counter") {
      t.furniture_counters.insert(key);
    }
  });

  const std::string_view date_words = embedded::ExtractData("data/extract/date-words.tsv");
  ForEachRow(date_words, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) return;
    const std::string_view k = f[1];
    DateWordKind kind = DateWordKind::kMarker;
    if (k == "weekday")
      kind = DateWordKind::kWeekday;
    else if (k == "month")
      kind = DateWordKind::kMonth;
    else if (k == "hijri")
      kind = DateWordKind::kHijri;
    else if (k == "label")
      kind = DateWordKind::kLabel;
    else if (k == "modified")
      kind = DateWordKind::kModified;
    else if (k == "zone")
      kind = DateWordKind::kZone;
    t.date_words.emplace(Key(scan::Trim(f[0])), kind);
  });

  for (const char* w : {"المصدر", "المصادر", "مصدر", "نقلا", "نقلاً", "عن", "بحسب", "حسب", "وفق",
                        "وفقا", "وفقاً", "و", "خدمة", "ترجمة", "متابعات", "متابعة"}) {
    t.credit_labels.insert(Key(w));
  }
  for (const char* w : {"كتب", "كتبت", "كتبه", "بقلم", "إعداد", "اعداد", "تقرير", "تحرير", "ترجمة",
                        "حوار", "بواسطة", "By"}) {
    t.byline_labels.insert(Key(w));
  }
  for (const char* w : {"صورة", "الصورة", "صور", "الصور", "بالصورة", "أرشيفية", "تعبيرية"}) {
    t.caption_first_words.insert(Key(w));
  }
  // Words that make any short line a caption: "الرئيس خلال الاجتماع - أرشيفية".
  for (const char* w : {"أرشيفية", "تعبيرية", "أرشيف"}) t.caption_any_words.insert(Key(w));

  // The site profiles (data/sites/profiles.tsv, docs/inputs.md): domain, name_ar, name_en, country,
  // tz, body hints, drop hints; the first row names the columns.
  const std::string_view sites = embedded::ExtractData("data/sites/profiles.tsv");
  ForEachRow(sites, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 5 || scan::Trim(f[0]) == "domain") return;
    const std::string site(scan::Trim(f[0]));
    const std::string tz(scan::Trim(f[4]));
    const std::string country(scan::Trim(f[3]));
    t.site_tz.emplace(site, tz);
    t.site_country.emplace(site, country);
    const size_t dot = site.find('.');
    if (dot != std::string::npos) {
      t.site_tz.emplace(site.substr(0, dot), tz);
      t.site_country.emplace(site.substr(0, dot), country);
    }
  });
  return t;
}

}  // namespace

const Tables& Tables::Get() {
  static const Tables tables = Build();
  return tables;
}

Agency Tables::MakeAgency(uint32_t index, std::string_view text) const {
  const AgencyInfo& a = agencies[index];
  return Agency{a.code, a.name_ar, a.name_en, std::string(text)};
}

namespace {
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return XXH3_64bits(s.data(), s.size()); }
};
}  // namespace

std::string Key(std::string_view s) {
  // Words recur (place names, month names, credits): a per-thread memo of short keys saves most
  // MatchKey calls. Bounded: cleared when it grows past kMaxEntries.
  constexpr size_t kMaxCachedBytes = 48;
  constexpr size_t kMaxEntries = 1 << 16;
  if (s.size() > kMaxCachedBytes) return text::MatchKey(s);
  thread_local std::unordered_map<std::string, std::string, KeyHash, std::equal_to<>> cache;
  auto it = cache.find(s);
  if (it != cache.end()) return it->second;
  if (cache.size() >= kMaxEntries) cache.clear();
  std::string key = text::MatchKey(s);
  cache.emplace(std::string(s), key);
  return key;
}

namespace {

constexpr size_t kMaxFactsEntries = 1 << 16;
thread_local size_t facts_scope_depth = 0;

std::unordered_map<std::string, std::unique_ptr<WordFacts>, KeyHash, std::equal_to<>>& FactsMemo() {
  thread_local std::unordered_map<std::string, std::unique_ptr<WordFacts>, KeyHash, std::equal_to<>>
      memo;
  return memo;
}

// A direct-mapped cache in front of the memo: most lookups are the same few hundred words.
struct FrontEntry {
  std::string_view word;  // views the memo's key
  const WordFacts* facts = nullptr;
};
constexpr size_t kFrontSize = 4096;
std::array<FrontEntry, kFrontSize>& Front() {
  thread_local std::array<FrontEntry, kFrontSize> front;
  return front;
}

}  // namespace

FactsScope::FactsScope() {
  if (facts_scope_depth++ == 0 && FactsMemo().size() >= kMaxFactsEntries) {
    Front().fill(FrontEntry{});
    FactsMemo().clear();
  }
}
FactsScope::~FactsScope() { --facts_scope_depth; }

namespace {

void FillFacts(std::string_view word, WordFacts* f) {
  f->key = text::MatchKey(word);
  const Tables& t = Tables::Get();
  auto c = t.credit_forms.find(f->key);
  f->credit_forms = c == t.credit_forms.end() ? nullptr : &c->second;
  auto d = t.date_words.find(f->key);
  f->date_word = d != t.date_words.end();
  f->date_kind = f->date_word ? d->second : DateWordKind::kMarker;
  f->credit_label = t.credit_labels.count(f->key) != 0;
  f->furniture_first = t.furniture_first_words.count(f->key) != 0;
  f->byline_label = t.byline_labels.count(f->key) != 0;
  f->caption_first = t.caption_first_words.count(f->key) != 0;
  f->caption_any = t.caption_any_words.count(f->key) != 0;
  thread_local std::vector<scan::Token> tokens;
  scan::Tokenize(f->key, 2, &tokens);
  f->key_one_word = tokens.size() == 1 && scan::IsWordLike(tokens[0].kind) &&
                    tokens[0].begin == 0 && tokens[0].end == f->key.size();
  f->key_digits = !f->key.empty() && f->key.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

const WordFacts& Facts(std::string_view word) {
  const size_t hash = KeyHash()(word);
  FrontEntry& front = Front()[hash & (kFrontSize - 1)];
  if (front.facts != nullptr && front.word == word) return *front.facts;
  auto& memo = FactsMemo();
  auto it = memo.find(word);
  if (it != memo.end()) {
    front = {it->first, it->second.get()};
    return *it->second;
  }
  if (memo.size() >= kMaxFactsEntries) {
    if (facts_scope_depth == 0) {
      Front().fill(FrontEntry{});
      memo.clear();
    } else {
      // Full inside a call (a huge input of distinct words): no more memo growth. Callers hold a
      // reference for at most one MatchDateline/FindTrailingCredit scan (<= 256 tokens), so a
      // ring larger than that is safe; ring entries never enter the front cache.
      thread_local std::vector<WordFacts> ring(1024);
      thread_local size_t next = 0;
      WordFacts& f = ring[next++ % ring.size()];
      FillFacts(word, &f);
      return f;
    }
  }
  auto f = std::make_unique<WordFacts>();
  FillFacts(word, f.get());
  const WordFacts& ref = *f;
  const auto pos = memo.emplace(std::string(word), std::move(f)).first;
  front = {pos->first, &ref};
  return ref;
}

void KeyWords(std::string_view s, std::vector<std::string>* out) {
  out->clear();
  const std::string key = text::MatchKey(s);
  thread_local std::vector<scan::Token> tokens;
  scan::Tokenize(key, 256, &tokens);
  for (const scan::Token& t : tokens) {
    if (scan::IsWordLike(t.kind)) out->emplace_back(t.text);
  }
}

}  // namespace khabar::extract

#include "extract/tables.h"

#include <algorithm>

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

  const std::string_view sites = embedded::ExtractData("data/extract/sites.tsv");
  ForEachRow(sites, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) return;
    const std::string site(scan::Trim(f[0]));
    const std::string tz(scan::Trim(f[1]));
    t.site_tz.emplace(site, tz);
    const size_t dot = site.find('.');
    if (dot != std::string::npos) t.site_tz.emplace(site.substr(0, dot), tz);
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

std::string Key(std::string_view s) {
  // Words recur (place names, month names, credits): a per-thread memo of short keys saves most
  // MatchKey calls. Bounded: cleared when it grows past kMaxEntries.
  constexpr size_t kMaxCachedBytes = 48;
  constexpr size_t kMaxEntries = 1 << 16;
  if (s.size() > kMaxCachedBytes) return text::MatchKey(s);
  thread_local std::unordered_map<std::string, std::string> cache;
  thread_local std::string probe;
  probe.assign(s);
  auto it = cache.find(probe);
  if (it != cache.end()) return it->second;
  if (cache.size() >= kMaxEntries) cache.clear();
  std::string key = text::MatchKey(s);
  cache.emplace(probe, key);
  return key;
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

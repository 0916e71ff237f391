#include "time/names.h"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "base/utf8.h"
#include "embedded/TimeData.h"
#include "embedded/TimeIcuNames.h"
#include "khabar/text.h"
#include "time/icu_names.h"

namespace khabar::time::internal {
namespace {

bool IsWordChar(char32_t c) {
  return (c >= 0x0621 && c <= 0x065F) || c == 0x0670 || (c >= 0x0671 && c <= 0x06D3) ||
         (c >= 0x06FA && c <= 0x06FF) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || c == '.' || c == 0x0640;
}

// Splits a spelling into folded words; false when it holds anything but letters and spaces.
bool SplitPhrase(std::string_view text, std::vector<std::string>* keys) {
  keys->clear();
  std::string word;
  size_t pos = 0;
  auto flush = [&] {
    if (!word.empty()) {
      std::string key = FoldWord(word);
      if (!key.empty()) keys->push_back(std::move(key));
      word.clear();
    }
  };
  while (pos < text.size()) {
    const size_t start = pos;
    const char32_t c = utf8::Next(text, &pos);
    if (c == ' ' || c == 0xA0) {
      flush();
    } else if (IsWordChar(c)) {
      word.append(text.substr(start, pos - start));
    } else {
      return false;
    }
  }
  flush();
  return !keys->empty();
}

class Builder {
 public:
  void Add(WordKind kind, int value, std::string_view spelling, std::string zone = "") {
    Word w;
    w.kind = kind;
    w.value = value;
    if (!SplitPhrase(spelling, &w.keys)) return;
    if (kind == WordKind::kZone) {
      std::string joined;
      for (const auto& k : w.keys) joined += k + " ";
      auto& zones = zone_keys_[joined];
      if (std::find(zones.begin(), zones.end(), zone) == zones.end()) zones.push_back(zone);
      if (zones.size() > 1) return;  // resolved in Finish()
      w.zone = std::move(zone);
    }
    std::string sig = std::to_string(static_cast<int>(kind)) + ":" + std::to_string(value) + ":";
    for (const auto& k : w.keys) sig += k + " ";
    if (!seen_.insert(sig).second) return;
    table_.words.push_back(std::move(w));
  }

  NameTable Finish() {
    for (Word& w : table_.words) {
      if (w.kind != WordKind::kZone) continue;
      std::string joined;
      for (const auto& k : w.keys) joined += k + " ";
      w.ambiguous = zone_keys_[joined].size() > 1;
    }
    for (uint32_t i = 0; i < table_.words.size(); ++i) {
      table_.by_first[table_.words[i].keys[0]].push_back(i);
    }
    for (auto& [key, list] : table_.by_first) {
      std::stable_sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
        return table_.words[a].keys.size() > table_.words[b].keys.size();
      });
    }
    return std::move(table_);
  }

  void Error(std::string e) { table_.errors.push_back(std::move(e)); }

 private:
  NameTable table_;
  std::map<std::string, std::vector<std::string>> zone_keys_;  // joined keys -> zones, data first
  std::unordered_set<std::string> seen_;                       // kind:value:keys already added
};

const std::map<std::string_view, WordKind>& KindNames() {
  static const auto* kinds = new std::map<std::string_view, WordKind>{
      {"gregorian_month", WordKind::kGregorianMonth},
      {"hijri_month", WordKind::kHijriMonth},
      {"weekday", WordKind::kWeekday},
      {"era", WordKind::kEra},
      {"period", WordKind::kPeriod},
      {"zone_intro", WordKind::kZoneIntro},
      {"utc", WordKind::kUtc},
      {"zone", WordKind::kZone},
      {"ago", WordKind::kAgo},
      {"ahead", WordKind::kAhead},
      {"relative_day", WordKind::kRelativeDay},
      {"now", WordKind::kNow},
      {"unit", WordKind::kUnit},
      {"unit_dual", WordKind::kUnitDual},
      {"unit_plural", WordKind::kUnitPlural},
      {"number", WordKind::kNumber},
      {"hour_word", WordKind::kHourWord},
      {"fraction", WordKind::kFraction},
      {"equivalent", WordKind::kEquivalent},
      {"hour_label", WordKind::kHourLabel},
      {"year_label", WordKind::kYearLabel},
      {"month_label", WordKind::kMonthLabel},
      {"filler", WordKind::kFiller},
      {"label", WordKind::kLabel},
      {"day_ordinal", WordKind::kDayOrdinal},
      {"past_next", WordKind::kPastNext},
  };
  return *kinds;
}

bool ParseValue(WordKind kind, std::string_view v, int* value) {
  static const std::map<std::string_view, int> kNamed = {{"hijri", 1},
                                                         {"gregorian", 0},
                                                         {"am", kAm},
                                                         {"dawn", kDawn},
                                                         {"pm", kPm},
                                                         {"noon", kNoon},
                                                         {"afternoon", kAfternoon},
                                                         {"evening", kEvening},
                                                         {"night", kNight},
                                                         {"second", kSecond},
                                                         {"minute", kMinute},
                                                         {"hour", kHour},
                                                         {"day", kDay},
                                                         {"week", kWeek},
                                                         {"month", kMonth},
                                                         {"year", kYear},
                                                         {"-", 0}};
  if (kind == WordKind::kZone) return !v.empty();
  auto it = kNamed.find(v);
  if (it != kNamed.end()) {
    *value = it->second;
    return true;
  }
  if (v.empty()) return false;
  int sign = 1;
  size_t i = 0;
  if (v[0] == '-') {
    sign = -1;
    i = 1;
  }
  if (i == v.size()) return false;
  int n = 0;
  for (; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9' || n > 100000) return false;
    n = n * 10 + (v[i] - '0');
  }
  *value = sign * n;
  return true;
}

void LoadData(Builder* b) {
  const std::string_view path = "data/time/extra_names.tsv";
  const std::string_view data = embedded::TimeData(path);
  if (data.empty()) b->Error(std::string(path) + " is not embedded");
  size_t line_no = 0, start = 0;
  while (start < data.size()) {
    size_t end = data.find('\n', start);
    if (end == std::string_view::npos) end = data.size();
    std::string_view line = data.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos || line.find('\t', t2 + 1) != std::string_view::npos) {
      b->Error("line " + std::to_string(line_no) + ": expected 3 TAB-separated columns");
      continue;
    }
    const std::string_view kind_name = line.substr(0, t1);
    const std::string_view value = line.substr(t1 + 1, t2 - t1 - 1);
    const std::string_view spelling = line.substr(t2 + 1);
    auto kit = KindNames().find(kind_name);
    int v = 0;
    std::vector<std::string> keys;
    if (kit == KindNames().end() || !ParseValue(kit->second, value, &v) ||
        !SplitPhrase(spelling, &keys)) {
      b->Error("line " + std::to_string(line_no) + ": bad entry");
      continue;
    }
    b->Add(kit->second, v, spelling, kit->second == WordKind::kZone ? std::string(value) : "");
  }
}

// The month, weekday, era, period and zone names of ICU's CLDR data, asked by time_icu_names at
// build time (icu_names.h) and embedded: asking ICU at every start-up cost ~44 million
// instructions on the first article's critical path. The same Add calls in the same order.
void LoadIcu(Builder* b) {
  const std::string_view path = "icu_names.tsv";
  Result<std::vector<IcuName>> names = ParseIcuNames(embedded::TimeIcuNames(path));
  if (!names.ok()) {
    b->Error(std::string(path) + ": " + names.status().ToString());
    return;
  }
  for (IcuName& n : *names) b->Add(n.kind, n.value, n.spelling, std::move(n.zone));
}

}  // namespace

std::string FoldWord(std::string_view word) {
  // Dots inside abbreviations (ق.ظ, ت.غ, a.m) are dropped; the rest is the text module's match key.
  if (word.find('.') == std::string_view::npos) return text::MatchKey(word);
  std::string undotted;
  undotted.reserve(word.size());
  for (char c : word) {
    if (c != '.') undotted.push_back(c);
  }
  return text::MatchKey(undotted);
}

const NameTable& Names() {
  static const NameTable* table = [] {
    Builder b;
    LoadData(&b);  // first, so that the data file decides between zones ICU names alike
    LoadIcu(&b);   // what ICU's CLDR data names, asked at build time (icu_names.h)
    return new NameTable(b.Finish());
  }();
  return *table;
}

}  // namespace khabar::time::internal

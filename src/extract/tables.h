// The lookup tables of khabar_extract (internal), built once per process from the data files
// compiled into the binary (data/extract/*.tsv): wire agencies and their credit forms, furniture
// phrases, date-line words and site time zones. Words are compared by text::MatchKey.
// Thread-safety: Tables::Get() initializes on first use (thread-safe) and is immutable afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "khabar/record.h"

namespace khabar::extract {

struct AgencyInfo {
  std::string code, name_en, name_ar, country;
};

// One written form of a credit, as the match keys of its words.
struct CreditForm {
  uint32_t agency;                // index into Tables::agencies
  std::vector<std::string> keys;  // word keys, in order
  bool strict;                    // ambiguous form: needs brackets/slashes or a place before it
};

enum class DateWordKind : uint8_t { kWeekday, kMonth, kHijri, kMarker, kLabel, kModified, kZone };

struct Tables {
  std::vector<AgencyInfo> agencies;
  // First word key -> forms starting with it, longest first.
  std::unordered_map<std::string, std::vector<CreditForm>> credit_forms;
  size_t max_credit_words = 1;

  std::unordered_set<std::string> furniture_lines;     // keys of whole-line furniture
  std::unordered_set<std::string> furniture_sections;  // keys of list headings
  std::unordered_set<std::string> furniture_prefixes;  // keys of line prefixes (1..N words)
  std::vector<std::string> furniture_symbol_prefixes;  // raw prefixes without letters ("©")
  std::unordered_set<std::string> furniture_counters;  // keys of words after a number
  size_t max_prefix_words = 1;
  size_t max_line_words = 1;  // longest whole-line, section or counter phrase (with its number)

  std::unordered_map<std::string, DateWordKind> date_words;  // key -> kind
  std::unordered_map<std::string, std::string> site_tz;      // site id -> IANA zone

  static const Tables& Get();

  // Agency record for `index` with `text` as the credit written.
  Agency MakeAgency(uint32_t index, std::string_view text) const;
};

// text::MatchKey of `s`.
std::string Key(std::string_view s);

// The words of MatchKey(s) (one MatchKey call for the whole text), punctuation dropped.
void KeyWords(std::string_view s, std::vector<std::string>* out);

}  // namespace khabar::extract

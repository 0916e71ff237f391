// The lookup tables of khabar_extract (internal), built once per process from the data files
// compiled into the binary (data/extract/*.tsv): wire agencies and their credit forms, furniture
// phrases, date-line words and site time zones. Words are compared by text::MatchKey.
// Thread-safety: Tables::Get() initializes on first use (thread-safe) and is immutable afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/scan.h"
#include "khabar/extract.h"
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
  std::unordered_set<std::string> furniture_first_words;     // first keys of line/section/prefix
  std::unordered_set<std::string> credit_labels;  // "المصدر", "نقلا", "عن"...: introduce a credit
  std::unordered_set<std::string> byline_labels;        // "كتب", "بقلم"...: open a byline
  std::unordered_set<std::string> caption_first_words;  // "الصورة"...: open a caption
  std::unordered_set<std::string> caption_any_words;  // "أرشيفية"...: make a short line a caption
  std::unordered_map<std::string, std::string> site_tz;       // site id -> IANA zone
  std::unordered_map<std::string, std::string> site_country;  // site id -> ISO alpha-2 (or XX)

  static const Tables& Get();

  // Agency record for `index` with `text` as the credit written.
  Agency MakeAgency(uint32_t index, std::string_view text) const;
};

// text::MatchKey of `s`.
std::string Key(std::string_view s);

// What the tables say about one word token (its match key and the lookups every classifier makes),
// memoized per thread by the token's bytes: a recurring word costs one hash lookup.
struct WordFacts {
  std::string key;                                        // Key(word)
  const std::vector<CreditForm>* credit_forms = nullptr;  // forms starting with this key
  bool date_word = false;                                 // in date_words
  DateWordKind date_kind = DateWordKind::kMarker;         // when date_word
  bool credit_label = false;                              // in credit_labels
  bool furniture_first = false;                           // in furniture_first_words
  bool byline_label = false;                              // in byline_labels
  bool caption_first = false;                             // in caption_first_words
  bool caption_any = false;                               // in caption_any_words
  bool key_one_word = false;  // scan::Tokenize(key) is one word-like token spanning the key
  bool key_digits = false;    // the key is ASCII digits only (a counter's number)
};

// Facts of `word`. The reference stays valid until the outermost FactsScope of the thread ends
// (once the memo is full within one call, for the next 1024 Facts calls only: hold none longer
// than one scan of a line).
const WordFacts& Facts(std::string_view word);

// Marks a public entry point: the per-thread memo behind Facts() is only trimmed when no scope is
// open, so references handed out inside a call stay valid for the whole call.
class FactsScope {
 public:
  FactsScope();
  ~FactsScope();
  FactsScope(const FactsScope&) = delete;
  FactsScope& operator=(const FactsScope&) = delete;
};

// The words of MatchKey(s) (one MatchKey call for the whole text), punctuation dropped.
void KeyWords(std::string_view s, std::vector<std::string>* out);

// MatchDateline(text) with the tokens of `text` already scanned (scan::Tokenize(text, n), n >= 40;
// only the first 40 are examined).
std::optional<DatelineMatch> MatchDatelineTokens(std::string_view text,
                                                 std::span<const scan::Token> tokens);

// ClassifyFurniture(line) for a trimmed non-empty `line` whose scan::CountWords(line, 31) is
// `words` and whose first tokens (scan::Tokenize, at least 2 unless the line has fewer) are
// `tokens`.
FurnitureKind ClassifyFurnitureScanned(std::string_view line, size_t words,
                                       std::span<const scan::Token> tokens);

}  // namespace khabar::extract

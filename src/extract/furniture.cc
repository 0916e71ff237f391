// Page furniture lines (data/extract/furniture.tsv).
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "extract/scan.h"
#include "extract/tables.h"
#include "khabar/extract.h"

namespace khabar::extract {
namespace {

constexpr size_t kMaxFurnitureWords =
    30;  // longer lines are article text, whatever they start with
constexpr size_t kMaxKeyedBytes = 400;

// A breadcrumb trail: short segments separated by at least two of > » › | (not a sentence).
bool IsBreadcrumb(std::string_view line) {
  // Branch-free count of the bytes that can start a separator: most lines have none.
  size_t candidates = 0;
  for (const char ch : line) {
    const unsigned char c = ch;
    candidates += (c == '>') | (c == '|') | (c == 0xC2) | (c == 0xE2);
  }
  if (candidates < 2) return false;
  size_t separators = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = line[i];
    if (c == '>' || c == '|') {
      ++separators;
    } else if (c == 0xC2 && i + 1 < line.size() &&
               static_cast<unsigned char>(line[i + 1]) == 0xBB) {
      ++separators;  // »
    } else if (c == 0xE2 && i + 2 < line.size() &&
               static_cast<unsigned char>(line[i + 1]) == 0x80 &&
               static_cast<unsigned char>(line[i + 2]) == 0xBA) {
      ++separators;  // ›
    }
  }
  if (separators < 2) return false;
  // Guillemets come in pairs around quotes: «...» is not a trail.
  if (line.find("\xC2\xAB") != std::string_view::npos) return false;
  return !scan::EndsSentence(line) && scan::CountWords(line, 16) <= 15;
}

}  // namespace

FurnitureKind ClassifyFurniture(std::string_view line) {
  line = scan::Trim(line);
  if (line.empty()) return FurnitureKind::kNone;
  FactsScope scope;
  thread_local std::vector<scan::Token> tokens;
  scan::Tokenize(line, 2, &tokens);
  // A line longer than kMaxKeyedBytes is kNone whatever its word count (most paragraphs): not
  // counted.
  const size_t words = line.size() > kMaxKeyedBytes
                           ? kMaxFurnitureWords + 1
                           : scan::CountWords(line, kMaxFurnitureWords + 1);
  return ClassifyFurnitureScanned(line, words, tokens);
}

FurnitureKind ClassifyFurnitureScanned(std::string_view line, size_t words,
                                       std::span<const scan::Token> tokens) {
  if (!scan::HasLetterOrDigit(line)) return FurnitureKind::kLine;  // "***", "———", "|"
  const Tables& t = Tables::Get();
  for (const std::string& p : t.furniture_symbol_prefixes) {
    if (line.substr(0, p.size()) == p) return FurnitureKind::kLine;
  }
  words = std::min(words, kMaxFurnitureWords + 1);
  if (words > kMaxFurnitureWords || line.size() > kMaxKeyedBytes) return FurnitureKind::kNone;
  if (IsBreadcrumb(line)) return FurnitureKind::kLine;

  // Only as many words as the longest phrase are keyed: the whole line when it is that short,
  // otherwise the first words for the prefix phrases.
  const bool whole = words <= t.max_line_words;
  const size_t needed = whole ? words : t.max_prefix_words;
  // Every phrase lookup below starts with the first key word (a counter with a number). When the
  // line opens with a word token followed by an ASCII space (or nothing), the match key of the
  // keyed text starts with that word's own key (MatchKey never joins across a space), so a key
  // that is one word and starts no phrase settles it without keying the line.
  if (!tokens.empty() && scan::IsWordLike(tokens[0].kind) && tokens[0].begin == 0 &&
      (tokens[0].end == line.size() || line[tokens[0].end] == ' ')) {
    const WordFacts& first = Facts(tokens[0].text);
    if (first.key_one_word && !first.furniture_first && !first.key_digits) {
      return FurnitureKind::kNone;
    }
  }
  thread_local std::vector<std::string> keys;
  KeyWords(whole ? line : scan::FirstWords(line, needed), &keys);
  if (keys.size() > needed) keys.resize(needed);
  if (keys.empty()) return FurnitureKind::kLine;
  std::string joined;
  if (whole) {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (i) joined.push_back(' ');
      joined += keys[i];
    }
    if (t.furniture_sections.count(joined)) return FurnitureKind::kSection;
    if (t.furniture_lines.count(joined)) return FurnitureKind::kLine;
    // Counters: "125 مشاهدة", "0 تعليق".
    if (keys.size() >= 2 && keys[0].find_first_not_of("0123456789") == std::string::npos) {
      const size_t number_len = keys[0].size() + 1;
      if (t.furniture_counters.count(joined.substr(number_len))) return FurnitureKind::kLine;
    }
  }
  // Prefixes at word boundaries: "اقرأ أيضا: ...", "الكلمات المفتاحية: ...".
  std::string prefix;
  for (size_t i = 0; i < keys.size() && i < t.max_prefix_words; ++i) {
    if (i) prefix.push_back(' ');
    prefix += keys[i];
    if (t.furniture_prefixes.count(prefix)) return FurnitureKind::kLine;
  }
  return FurnitureKind::kNone;
}

}  // namespace khabar::extract

// Page furniture lines (data/extract/furniture.tsv).
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
  if (!scan::HasLetterOrDigit(line)) return FurnitureKind::kLine;  // "***", "———", "|"
  const Tables& t = Tables::Get();
  for (const std::string& p : t.furniture_symbol_prefixes) {
    if (line.substr(0, p.size()) == p) return FurnitureKind::kLine;
  }
  const size_t words = scan::CountWords(line, kMaxFurnitureWords + 1);
  if (words > kMaxFurnitureWords || line.size() > kMaxKeyedBytes) return FurnitureKind::kNone;
  if (IsBreadcrumb(line)) return FurnitureKind::kLine;

  // Only as many words as the longest phrase are keyed: the whole line when it is that short,
  // otherwise the first words for the prefix phrases.
  const bool whole = words <= t.max_line_words;
  const size_t needed = whole ? words : t.max_prefix_words;
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

// Body-text scoring shared by the HTML golden test and benchmarks/html_vs_readability (internal).
// Token F1: the bag of word/number tokens (text::Tokenize, compared by text::MatchKey) of the
// extracted body against the expected body; 1.0 when both are empty.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "khabar/text.h"

namespace khabar::extract::html_eval {

inline std::unordered_map<std::string, int> TokenBag(std::string_view text) {
  std::unordered_map<std::string, int> bag;
  for (const text::Token& t : text::Tokenize(text)) {
    if (t.kind == text::TokenKind::kPunctuation || t.kind == text::TokenKind::kSymbol ||
        t.kind == text::TokenKind::kEmoji) {
      continue;
    }
    ++bag[text::MatchKey(t.surface)];
  }
  return bag;
}

inline double TokenF1(std::string_view got, std::string_view want) {
  const auto g = TokenBag(got), w = TokenBag(want);
  size_t ng = 0, nw = 0, common = 0;
  for (const auto& [k, c] : g) ng += c;
  for (const auto& [k, c] : w) {
    nw += c;
    auto it = g.find(k);
    if (it != g.end()) common += std::min(c, it->second);
  }
  if (ng == 0 && nw == 0) return 1.0;
  if (ng == 0 || nw == 0 || common == 0) return 0.0;
  const double p = static_cast<double>(common) / ng, r = static_cast<double>(common) / nw;
  return 2 * p * r / (p + r);
}

}  // namespace khabar::extract::html_eval

// UTF-8 helpers shared by every module (internal; not part of the public API).
// All functions are pure and thread-safe; cost is linear in the input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace khabar::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValid(std::string_view s);

// Decodes the code point at s[*pos] and advances *pos past it. An ill-formed sequence yields
// kReplacement and advances by at least one byte. Requires *pos < s.size().
char32_t Next(std::string_view s, size_t* pos);

// Appends the UTF-8 encoding of `cp` (kReplacement for surrogates and values above U+10FFFF).
void Append(char32_t cp, std::string* out);

// Copy of `s` with every ill-formed sequence replaced by U+FFFD; *replaced counts them when non-null.
std::string Repair(std::string_view s, size_t* replaced = nullptr);

// Number of code points (ill-formed bytes count one each).
size_t CountCodePoints(std::string_view s);

}  // namespace khabar::utf8

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

// Next for what is not ASCII or a two-byte sequence (the inline cases).
char32_t NextSlow(std::string_view s, size_t* pos);

// Decodes the code point at s[*pos] and advances *pos past it. An ill-formed sequence yields
// kReplacement and advances by at least one byte. Requires *pos < s.size(). Inline for ASCII and
// two-byte sequences (Arabic): most calls.
inline char32_t Next(std::string_view s, size_t* pos) {
  const unsigned char b = static_cast<unsigned char>(s[*pos]);
  if (b < 0x80) {
    ++*pos;
    return b;
  }
  if (b >= 0xC2 && b <= 0xDF && *pos + 1 < s.size()) {
    const unsigned char b1 = static_cast<unsigned char>(s[*pos + 1]);
    if ((b1 & 0xC0) == 0x80) {
      *pos += 2;
      return (static_cast<char32_t>(b & 0x1F) << 6) | (b1 & 0x3F);
    }
  }
  return NextSlow(s, pos);
}

// Appends the UTF-8 encoding of `cp` (kReplacement for surrogates and values above U+10FFFF).
void Append(char32_t cp, std::string* out);

// Copy of `s` with every ill-formed sequence replaced by U+FFFD; *replaced counts them when
// non-null.
std::string Repair(std::string_view s, size_t* replaced = nullptr);

// Number of code points (ill-formed bytes count one each).
size_t CountCodePoints(std::string_view s);

// Replaces in place every control character (C0 U+0000..U+001F except TAB, LF and CR; DEL U+007F;
// C1 U+0080..U+009F) by one ASCII space, and returns how many were replaced. The analyzer reads
// them as spaces already; replacing one code point by one keeps code-point offsets. Ill-formed
// sequences are left as they are.
size_t ReplaceControls(std::string* s);

}  // namespace khabar::utf8

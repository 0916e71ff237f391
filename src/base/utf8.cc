#include "base/utf8.h"

#include <simdjson.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>

namespace khabar::utf8 {

bool IsValid(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

char32_t NextSlow(std::string_view s, size_t* pos) {
  int32_t i = static_cast<int32_t>(*pos);
  const int32_t length = static_cast<int32_t>(s.size());
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, length, c);
  *pos = static_cast<size_t>(i);
  return c < 0 ? kReplacement : static_cast<char32_t>(c);
}

void Append(char32_t cp, std::string* out) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacement;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Repair(std::string_view s, size_t* replaced) {
  size_t count = 0;
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    char32_t cp = Next(s, &pos);
    if (cp == kReplacement && !(pos - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD")) {
      ++count;
      Append(kReplacement, &out);
    } else {
      out.append(s.substr(start, pos - start));
    }
  }
  if (replaced) *replaced = count;
  return out;
}

size_t CountCodePoints(std::string_view s) {
  // Well-formed text (nearly all of it: the pipeline repairs what it reads) has one code point per
  // byte that is not a continuation byte (10xxxxxx): those are counted eight bytes at a time,
  // about ten times fewer instructions than decoding (the NER recognizer counts every paragraph).
  // Ill-formed text is decoded as before, each ill-formed sequence counting one.
  constexpr size_t kWordBytes = 8;
  if (s.size() >= 2 * kWordBytes && IsValid(s)) {
    constexpr uint64_t kHighBits = 0x8080808080808080ULL;
    size_t continuation = 0, i = 0;
    for (; i + kWordBytes <= s.size(); i += kWordBytes) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, kWordBytes);
      // Bit 7 of each byte that has bit 7 set and bit 6 clear (a shift moves bit 6 to bit 7;
      // what crosses into the next byte lands on bit 0, which the mask drops).
      const uint64_t marks = (w & ~(w << 1) & kHighBits) >> 7;
      continuation += (marks * 0x0101010101010101ULL) >> 56;  // sum of the eight 0/1 bytes
    }
    for (; i < s.size(); ++i) continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
    return s.size() - continuation;
  }
  size_t n = 0, pos = 0;
  while (pos < s.size()) {
    Next(s, &pos);
    ++n;
  }
  return n;
}

size_t ReplaceControls(std::string* s) {
  std::string& t = *s;
  size_t n = 0, out = 0;  // t[0, out) is written; a C1 control (two bytes) shrinks the string
  for (size_t i = 0; i < t.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      t[out++] = ' ';
      ++n;
    } else if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(t[i + 1]) <= 0x9F) {
      t[out++] = ' ';
      ++i;
      ++n;
    } else {
      t[out++] = t[i];
    }
  }
  t.resize(out);
  return n;
}

}  // namespace khabar::utf8

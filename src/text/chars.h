// Character tables and the per-code-point normalizer behind every layer of the analyzer (internal).
//
// The hot path never calls ICU per character: a 64K-entry class table for the BMP and a folding
// table for the compatibility ranges are built once (with ICU) on first use; supplementary code
// points (emoji mostly) fall back to ICU property calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.h"

namespace khabar::text::internal {

enum CharClass : uint8_t {
  kCcOther = 0,       // controls, unassigned: separate tokens, dropped from clean text
  kCcSpace,           // horizontal whitespace
  kCcNewline,         // LF CR VT FF NEL U+2028 U+2029
  kCcArabic,          // letter of the Arabic script (incl. presentation forms)
  kCcLatin,           // letter of the Latin script
  kCcLetter,          // letter of any other script
  kCcMark,            // combining mark (harakat, shadda, ...)
  kCcDigit,           // decimal digit of any script
  kCcTatweel,         // U+0640
  kCcJoiner,          // ZWNJ U+200C, ZWJ U+200D
  kCcIgnorable,       // other format characters: bidi marks, BOM, soft hyphen, word joiner
  kCcPunct,           // Unicode punctuation
  kCcSymbol,          // Unicode symbols and other numbers
  kCcEmoji,           // emoji base (Extended_Pictographic shown as emoji, regional indicators)
  kCcEmojiComponent,  // VS15/VS16, skin-tone modifiers, keycap, tags
};

// Class table of the BMP (built once, thread-safe).
const uint8_t* ClassTable();
CharClass ClassOfSupplementary(char32_t c);

inline CharClass ClassOf(const uint8_t* table, char32_t c) {
  return c < 0x10000 ? static_cast<CharClass>(table[c]) : ClassOfSupplementary(c);
}

// Decodes the code point at s[*pos] (U+FFFD for ill-formed bytes): base/utf8.h's Next, inline for
// ASCII and two-byte sequences (Arabic, most of the text).
inline char32_t Decode(std::string_view s, size_t* pos) { return utf8::Next(s, pos); }

// Inlined: it runs for every character the layers write.
[[gnu::always_inline]] inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    const char b[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 2);
  } else if (cp < 0x10000) {
    const char b[3] = {static_cast<char>(0xE0 | (cp >> 12)),
                       static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                       static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 3);
  } else {
    const char b[4] = {
        static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
        static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    out->append(b, 4);
  }
}

// NFKC expansion of a compatibility character (Arabic presentation forms, ligatures such as ﻻ ﷲ,
// half/full-width forms, Latin ligatures) or an empty view when `c` is not folded.
std::u32string_view CompatibilityFolding(char32_t c);

// Diacritics removed by CleanOptions::remove_diacritics and by the key: harakat, tanween, shadda,
// sukun, dagger alef, Quranic annotation marks, and any other combining mark.
inline bool IsArabicDiacritic(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) ||
         (c >= 0x0610 && c <= 0x061A) || (c >= 0x08D3 && c <= 0x08FF);
}

// Streaming writer of the clean / analysis / key layers: feed code points, read `out`.
//   kClean     clean layer (diacritics kept unless remove_diacritics)
//   kAnalysis  clean without diacritics, elongation folded, Persian letter variants unified,
//              digits to ASCII; hamza forms, ى and ة kept (the segmenter needs them)
//   kKey       kAnalysis + the match-key letter folding and Latin lowercase
class LayerWriter {
 public:
  enum Mode { kClean, kAnalysis, kKey };
  LayerWriter(Mode mode, bool remove_diacritics, std::string* out)
      : mode_(mode), remove_diacritics_(mode != kClean || remove_diacritics), out_(out) {}

  void Feed(std::string_view utf8);
  // Feed without the fast path for runs of Arabic letters and spaces: one code point at a time
  // through Put. The same output as Feed (the reference it is tested against).
  void FeedEachCodePoint(std::string_view utf8);
  // Ends the text: drops trailing whitespace.
  void Finish();

 private:
  // Writes the run of two-byte Arabic letters below U+066A and ASCII spaces starting at s[pos]
  // exactly as Put would, stopping before anything else (or a repeated letter of the key and
  // analysis layers: elongation folding is Put's). Returns where it stopped. Called only after
  // the start and with no newline pending (FlushSpace then writes at most one space).
  size_t FeedArabicRun(std::string_view s, size_t pos);
  // Writes the code point at s[*pos] and advances past it: compatibility forms folded, CR LF one
  // line break (`prev_cr`: the previous code point was CR).
  void FeedCodePoint(std::string_view s, size_t* pos, bool* prev_cr);
  void Put(char32_t c, CharClass cls);
  void PutLetter(char32_t c);
  void FlushSpace();

  Mode mode_;
  bool remove_diacritics_;
  std::string* out_;
  const uint8_t* table_ = ClassTable();
  int pending_newlines_ = 0;  // whitespace seen since the last visible character
  bool pending_space_ = false;
  bool at_start_ = true;
  char32_t last_ = 0;     // last visible code point written
  size_t last_pos_ = 0;   // its byte offset in *out_
  size_t run_start_ = 0;  // byte offset of the first letter of the current run
  int run_ = 0;           // how many times `last_` repeats (elongation folding)
  int marks_ = 0;         // combining marks after the current base (flood guard)
};

// Match-key fold of one code point of the analysis layer (ا for أ إ آ, ي for ى ئ, ه for ة, و for
// ؤ).
inline char32_t KeyFold(char32_t c) {
  if (c < 0x0622 || c > 0x0649) return c;  // outside the cases below: most letters
  switch (c) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
      return 0x0627;
    case 0x0649:
    case 0x0626:
      return 0x064A;
    case 0x0629:
      return 0x0647;
    case 0x0624:
      return 0x0648;
    default:
      return c;
  }
}

}  // namespace khabar::text::internal

// Structural scanning of text dumps (internal to khabar_extract): lines, space variants, tokens.
//
// This is layout, not linguistics: it decides where lines, words and punctuation are, treating
// NBSP, the Unicode space variants and invisible format marks as blanks. Text is never rewritten
// here; the views returned point into the caller's buffer. Matching of words goes through
// text::MatchKey. All functions are pure and thread-safe; cost is linear in the bytes examined.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::extract::scan {

// Byte length of the blank (space variant, NBSP, tab, zero-width or bidi format mark, BOM) starting
// at s[i], or 0 when s[i] does not start one.
size_t BlankLength(std::string_view s, size_t i);

// `s` without leading and trailing blanks.
std::string_view Trim(std::string_view s);

// True when `s` holds nothing but blanks.
inline bool IsBlank(std::string_view s) { return Trim(s).empty(); }

// Splits into lines at LF, CR LF, CR, FF, U+2028 and U+2029. Views into `text`.
std::vector<std::string_view> SplitLines(std::string_view text);
// Same, into `out` (cleared first; its capacity is reused).
void SplitLines(std::string_view text, std::vector<std::string_view>* out);

// `s` trimmed, with every run of blanks replaced by one ASCII space.
void FoldSpaces(std::string_view s, std::string* out);
std::string FoldSpaces(std::string_view s);

enum class TokenKind {
  kWord,    // letters (and digits mixed with letters)
  kNumber,  // digits only (ASCII, Arabic-Indic or Eastern Arabic-Indic)
  kOpen,    // ( [ { « “ ‹
  kClose,   // ) ] } » ” ›
  kQuote,   // " ' (direction unknown)
  kSlash,   // / \ |
  kDash,    // - – — ― ‒ and a free-standing tatweel run
  kColon,   // : ؛ ;
  kComma,   // , ،
  kPeriod,  // .
  kStop,    // ! ? ؟ …
  kOther,   // any other symbol (* • # ...)
};

struct Token {
  std::string_view text;
  TokenKind kind;
  size_t begin = 0;  // byte offsets in the scanned text
  size_t end = 0;
};

inline bool IsWordLike(TokenKind k) { return k == TokenKind::kWord || k == TokenKind::kNumber; }

// Tokens of `s`, at most `max_tokens` (scanning stops there). Every punctuation mark is a token of
// its own: "أ.ش.أ" is three words and two periods, "06:20" number, colon, number, "دمشق-سانا" word,
// dash, word. A tatweel run standing between blanks is a dash ("واس ـ جدة"); inside a word it is
// part of the word.
void Tokenize(std::string_view s, size_t max_tokens, std::vector<Token>* out);

// Number of word-like tokens, counting stops at `limit` (so that the cost is bounded).
size_t CountWords(std::string_view s, size_t limit);

// Number of code points (bytes that do not start a UTF-8 sequence are not counted).
size_t CodePoints(std::string_view s);

// True when the last non-blank character ends a sentence: . ! ? ؟ … (possibly followed by a closing
// quote or bracket).
bool EndsSentence(std::string_view s);

// True when `s` contains a letter or digit (anything but blanks, punctuation and symbols).
bool HasLetterOrDigit(std::string_view s);

// `s` trimmed of blanks and of punctuation/symbol characters at both ends.
std::string_view TrimPunctuation(std::string_view s);

// The first `max_words` words of `s` (a prefix view ending at a word boundary).
std::string_view FirstWords(std::string_view s, size_t max_words);

}  // namespace khabar::extract::scan

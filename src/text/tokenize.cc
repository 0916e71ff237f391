// Tokenizer and sentence splitter (docs/analyzer.md, "Tokens" and "Sentences").
#include <algorithm>
#include <cstring>

#include "khabar/text.h"
#include "text/chars.h"
#include "text/tokenizer.h"

namespace khabar::text {
namespace internal {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[pos + i]) != prefix[i]) return false;
  }
  return true;
}

// Top-level domains accepted for bare domains (youm7.com); URLs with a scheme or www. need none.
bool IsKnownTld(std::string_view label) {
  static constexpr std::string_view kTlds[] = {
      "com", "net", "org", "gov", "edu", "info", "biz", "io", "co", "me", "tv", "news", "int",
      "sa",  "eg",  "ae",  "qa",  "kw",  "bh",   "om",  "jo", "lb", "sy", "iq", "ye",   "ps",
      "ma",  "dz",  "tn",  "ly",  "sd",  "uk",   "us",  "fr", "de", "ru", "cn", "tr",   "ir"};
  if (label.size() < 2 || label.size() > 4) return false;
  char lower[4];
  for (size_t i = 0; i < label.size(); ++i) lower[i] = Lower(label[i]);
  const std::string_view l(lower, label.size());
  return std::find(std::begin(kTlds), std::end(kTlds), l) != std::end(kTlds);
}

bool IsUrlStop(char32_t c) {
  switch (c) {
    case '<':
    case '>':
    case '"':
    case 0x00AB:
    case 0x00BB:
    case 0x060C:
    case 0x061B:
    case 0x061F:
    case 0x201C:
    case 0x201D:
      return true;
    default:
      return false;
  }
}

bool IsRegionalIndicator(char32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

}  // namespace

size_t TokenScanner::ScanArabicWord(size_t pos) const {
  const size_t size = s_.size();
  while (pos < size) {
    // Fast path: U+0621..U+065F (letters, tatweel, harakat) are two bytes, D8 A1 .. D9 9F.
    const unsigned char b0 = s_[pos];
    if ((b0 == 0xD8 || b0 == 0xD9) && pos + 1 < size) {
      const unsigned char b1 = s_[pos + 1];
      const uint32_t c = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
      if ((b1 & 0xC0) == 0x80 && c >= 0x0621 && c <= 0x065F) {
        pos += 2;
        continue;
      }
    }
    const Cp cp = Peek(pos);
    if (cp.cls == kCcArabic || cp.cls == kCcMark || cp.cls == kCcTatweel) {
      pos = cp.end;
    } else if (cp.cls == kCcJoiner && cp.end < s_.size() && Peek(cp.end).cls == kCcArabic) {
      pos = cp.end;
    } else {
      break;
    }
  }
  return pos;
}

size_t TokenScanner::ScanLetters(size_t pos, CharClass cls) const {
  while (pos < s_.size()) {
    const Cp cp = Peek(pos);
    if (cp.cls == cls || cp.cls == kCcMark || (cls == kCcLatin && cp.cls == kCcDigit)) {
      pos = cp.end;
    } else if (cls == kCcLatin && (cp.c == '\'' || cp.c == 0x2019) && cp.end < s_.size() &&
               Peek(cp.end).cls == kCcLatin) {
      pos = cp.end;
    } else {
      break;
    }
  }
  return pos;
}

size_t TokenScanner::ScanNumber(size_t pos, bool* latin) const {
  *latin = false;
  while (pos < s_.size()) {
    const Cp cp = Peek(pos);
    if (cp.cls == kCcDigit) {
      pos = cp.end;
      continue;
    }
    if ((cp.c == '.' || cp.c == ',' || cp.c == 0x066B || cp.c == 0x066C) && cp.end < s_.size() &&
        Peek(cp.end).cls == kCcDigit) {
      pos = cp.end;
      continue;
    }
    if (cp.c == '%' || cp.c == 0x066A || cp.c == 0x2030) return cp.end;
    if (cp.cls == kCcLatin) {
      *latin = true;
      return ScanLetters(pos, kCcLatin);
    }
    break;
  }
  return pos;
}

size_t TokenScanner::ScanUrl(size_t pos) const {
  size_t end = pos;
  while (end < s_.size()) {
    const Cp cp = Peek(end);
    if (cp.cls == kCcSpace || cp.cls == kCcNewline || cp.cls == kCcOther ||
        cp.cls == kCcIgnorable || IsUrlStop(cp.c)) {
      break;
    }
    end = cp.end;
  }
  while (end > pos && std::strchr(".,;:!?)]}'", s_[end - 1]) != nullptr) --end;
  return end;
}

size_t TokenScanner::ScanEmailOrDomain(size_t pos, TokenKind* kind) const {
  const size_t n = s_.size();
  size_t p = pos;
  while (p < n && (IsAsciiAlnum(s_[p]) || std::strchr("._%+-", s_[p]) != nullptr)) ++p;
  if (p < n && s_[p] == '@' && p > pos && s_[p - 1] != '.') {
    size_t q = p + 1;
    while (q < n && (IsAsciiAlnum(s_[q]) || s_[q] == '.' || s_[q] == '-')) ++q;
    while (q > p + 1 && (s_[q - 1] == '.' || s_[q - 1] == '-')) --q;
    const std::string_view domain = s_.substr(p + 1, q - p - 1);
    const size_t dot = domain.rfind('.');
    if (dot != std::string_view::npos && dot > 0 && domain.size() - dot - 1 >= 2) {
      *kind = TokenKind::kEmail;
      return q;
    }
    return 0;
  }
  size_t r = pos;
  while (r < n && (IsAsciiAlnum(s_[r]) || s_[r] == '.' || s_[r] == '-')) ++r;
  while (r > pos && (s_[r - 1] == '.' || s_[r - 1] == '-')) --r;
  const std::string_view host = s_.substr(pos, r - pos);
  const size_t dot = host.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || !IsKnownTld(host.substr(dot + 1))) return 0;
  if (r < n && IsAsciiAlnum(s_[r])) return 0;  // "youm7.comX" is not a domain
  *kind = TokenKind::kUrl;
  return (r < n && s_[r] == '/') ? ScanUrl(r) : r;
}

size_t TokenScanner::ScanHashtagBody(size_t pos) const {
  while (pos < s_.size()) {
    const Cp cp = Peek(pos);
    if (cp.cls == kCcArabic || cp.cls == kCcLatin || cp.cls == kCcLetter || cp.cls == kCcDigit ||
        cp.cls == kCcMark || cp.cls == kCcTatweel || cp.cls == kCcJoiner || cp.c == '_') {
      pos = cp.end;
    } else {
      break;
    }
  }
  return pos;
}

size_t TokenScanner::ScanEmoji(size_t pos) const {
  Cp cp = Peek(pos);
  pos = cp.end;
  if (IsRegionalIndicator(cp.c) && pos < s_.size()) {
    const Cp next = Peek(pos);
    if (IsRegionalIndicator(next.c)) pos = next.end;
  }
  while (pos < s_.size()) {
    const Cp next = Peek(pos);
    if (next.cls == kCcEmojiComponent) {
      pos = next.end;
    } else if (next.c == 0x200D && next.end < s_.size()) {
      const Cp joined = Peek(next.end);
      if (joined.cls != kCcEmoji) break;
      pos = joined.end;
    } else {
      break;
    }
  }
  return pos;
}

size_t TokenScanner::ScanPunct(size_t pos, char32_t first) const {
  const Cp cp = Peek(pos);
  pos = cp.end;
  const bool dots = first == '.';
  const bool marks = first == '!' || first == '?' || first == 0x061F;
  if (!dots && !marks) return pos;
  while (pos < s_.size()) {
    const Cp next = Peek(pos);
    if (dots ? next.c != '.' : !(next.c == '!' || next.c == '?' || next.c == 0x061F)) break;
    pos = next.end;
  }
  return pos;
}

bool TokenScanner::Next(Token* token) {
  const size_t n = s_.size();
  const unsigned char* const u = reinterpret_cast<const unsigned char*>(s_.data());
  while (pos_ < n) {
    const size_t start = pos_;
    // Fast paths for most of the text, the same tokens as the general path below: the ASCII space
    // between words (a separator: skipped), and an Arabic word of two-byte letters and harakat
    // (U+0621..U+065F, ScanArabicWord's fast range) ended by ASCII or the end of the text (no
    // ASCII character continues a word); a word that goes on otherwise is finished by
    // ScanArabicWord and counted by the loop below. ~40% fewer instructions per token.
    if (u[start] == ' ' && fast_paths_) {
      ++pos_;
      ++chars_;
      continue;
    }
    if ((u[start] & 0xFE) == 0xD8 && fast_paths_ && start + 1 < n &&
        (u[start + 1] & 0xC0) == 0x80) {
      const uint32_t c0 = ((u[start] & 0x1Fu) << 6) | (u[start + 1] & 0x3Fu);
      if (c0 >= 0x0621 && c0 <= 0x065F && table_[c0] == kCcArabic) {
        size_t p = start + 2, count = 1;
        // U+0621..U+063F are D8 A1..D8 BF, U+0640..U+065F D9 80..D9 9F: two range tests of the
        // pair read as a big-endian 16-bit number.
        while (p + 1 < n) {
          const unsigned pair = (unsigned{u[p]} << 8) | u[p + 1];
          if (pair - 0xD8A1u > 0xD8BFu - 0xD8A1u && pair - 0xD980u > 0xD99Fu - 0xD980u) break;
          p += 2;
          ++count;
        }
        size_t end = p;
        if (p < n && u[p] >= 0x80) {
          end = ScanArabicWord(p);
          for (size_t q = p; q < end; ++count) {
            const unsigned char b = u[q];
            if (b < 0x80) {
              ++q;
            } else if (b >= 0xC2 && b <= 0xDF && q + 1 < end && (u[q + 1] & 0xC0) == 0x80) {
              q += 2;
            } else {
              Decode(s_, &q);
            }
          }
        }
        return Emit(token, TokenKind::kWord, start, end, count);
      }
    }
    const Cp cp = Peek(start);
    size_t end = 0;
    TokenKind kind = TokenKind::kWord;
    switch (cp.cls) {
      case kCcArabic:
        end = ScanArabicWord(cp.end);
        break;
      case kCcLatin:
        if (StartsWithNoCase(s_, start, "http://") || StartsWithNoCase(s_, start, "https://") ||
            StartsWithNoCase(s_, start, "www.")) {
          end = ScanUrl(start);
          kind = TokenKind::kUrl;
        } else if (cp.c < 0x80 && (end = ScanEmailOrDomain(start, &kind)) != 0) {
        } else {
          end = ScanLetters(cp.end, kCcLatin);
          kind = TokenKind::kLatin;
        }
        break;
      case kCcLetter:
        end = ScanLetters(cp.end, kCcLetter);
        break;
      case kCcDigit: {
        const Cp next = cp.end < n ? Peek(cp.end) : Cp{0, kCcOther, cp.end};
        if (next.c == 0xFE0F || next.c == 0x20E3) {
          end = ScanEmoji(start);
          kind = TokenKind::kEmoji;
        } else if (cp.c < 0x80 && (end = ScanEmailOrDomain(start, &kind)) != 0) {
        } else {
          bool latin = false;
          end = ScanNumber(cp.end, &latin);
          kind = latin ? TokenKind::kLatin : TokenKind::kNumber;
        }
        break;
      }
      case kCcPunct: {
        const Cp next = cp.end < n ? Peek(cp.end) : Cp{0, kCcOther, cp.end};
        if (cp.c == '#' && (next.c == 0xFE0F || next.c == 0x20E3)) {
          end = ScanEmoji(start);
          kind = TokenKind::kEmoji;
        } else if (cp.c == '#' &&
                   (next.cls == kCcArabic || next.cls == kCcLatin || next.cls == kCcLetter ||
                    next.cls == kCcDigit || next.c == '_')) {
          end = ScanHashtagBody(cp.end);
          kind = TokenKind::kHashtag;
        } else if (cp.c == '@' && next.c < 0x80 &&
                   (IsAsciiAlnum(static_cast<char>(next.c)) || next.c == '_')) {
          end = cp.end;
          while (end < n && (IsAsciiAlnum(s_[end]) || s_[end] == '_')) ++end;
          kind = TokenKind::kMention;
        } else {
          end = ScanPunct(start, cp.c);
          kind = TokenKind::kPunctuation;
        }
        break;
      }
      case kCcSymbol: {
        const Cp next = cp.end < n ? Peek(cp.end) : Cp{0, kCcOther, cp.end};
        if (next.c == 0xFE0F) {
          end = ScanEmoji(start);
          kind = TokenKind::kEmoji;
        } else {
          end = cp.end;
          kind = TokenKind::kSymbol;
        }
        break;
      }
      case kCcEmoji:
        end = ScanEmoji(start);
        kind = TokenKind::kEmoji;
        break;
      default:  // separators, orphan marks, tatweel, joiners, format characters
        pos_ = cp.end;
        ++chars_;
        continue;
    }
    size_t count = 0;
    for (size_t p = start; p < end; ++count) {
      const unsigned char b = s_[p];
      if (b < 0x80) {
        ++p;
      } else if (b >= 0xC2 && b <= 0xDF && p + 1 < end &&
                 (static_cast<unsigned char>(s_[p + 1]) & 0xC0) == 0x80) {
        p += 2;
      } else {
        Decode(s_, &p);
      }
    }
    return Emit(token, kind, start, end, count);
  }
  return false;
}

}  // namespace internal

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return "word";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kPunctuation:
      return "punctuation";
    case TokenKind::kLatin:
      return "latin";
    case TokenKind::kUrl:
      return "url";
    case TokenKind::kEmail:
      return "email";
    case TokenKind::kHashtag:
      return "hashtag";
    case TokenKind::kMention:
      return "mention";
    case TokenKind::kEmoji:
      return "emoji";
    case TokenKind::kSymbol:
      return "symbol";
  }
  return "symbol";
}

std::vector<Token> Tokenize(std::string_view utf8) {
  std::vector<Token> tokens;
  // Arabic prose has a token per ~11 bytes (a word and its space): room for that, not regrown.
  tokens.reserve(utf8.size() / 8 + 4);
  internal::TokenScanner scanner(utf8);
  Token token;
  while (scanner.Next(&token)) tokens.push_back(token);
  return tokens;
}

namespace {

char32_t FirstCodePoint(std::string_view s) {
  size_t pos = 0;
  return s.empty() ? 0 : internal::Decode(s, &pos);
}

bool IsTerminator(char32_t c) {
  return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x061B || c == ';' ||
         c == 0x2026 || c == 0x06D4;
}

bool IsCloser(char32_t c) {
  return c == 0x00BB || c == 0x201D || c == '"' || c == ')' || c == ']' || c == 0x2019 ||
         c == '\'' || IsTerminator(c);
}

bool HasLineBreak(std::string_view gap) {
  for (size_t i = 0; i < gap.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(gap[i]);
    if (b == '\n' || b == '\r' || b == 0x0B || b == 0x0C) return true;
    if (b == 0xC2 && i + 1 < gap.size() && static_cast<unsigned char>(gap[i + 1]) == 0x85) {
      return true;
    }
    if (b == 0xE2 && i + 2 < gap.size() && static_cast<unsigned char>(gap[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(gap[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(gap[i + 2]) == 0xA9)) {
      return true;
    }
  }
  return false;
}

// Letters in an Arabic word, not counting diacritics, tatweel or joiners.
size_t ArabicLetters(std::string_view s) {
  const uint8_t* table = internal::ClassTable();
  size_t n = 0;
  for (size_t pos = 0; pos < s.size();) {
    if (internal::ClassOf(table, internal::Decode(s, &pos)) == internal::kCcArabic) ++n;
  }
  return n;
}

bool IsLatinAbbreviation(std::string_view word) {
  static constexpr std::string_view kAbbreviations[] = {
      "mr",  "mrs",  "ms",  "dr",  "prof", "st",  "jr",  "sr",   "inc",  "ltd", "co",  "vs",
      "no",  "gen",  "col", "lt",  "sgt",  "gov", "sen", "rep",  "jan",  "feb", "apr", "aug",
      "sep", "sept", "oct", "nov", "dec",  "fig", "al",  "corp", "dept", "est", "mt",  "ft"};
  if (word.size() == 1) return true;
  if (word.size() > 5) return false;
  char lower[5];
  for (size_t i = 0; i < word.size(); ++i) lower[i] = internal::Lower(word[i]);
  const std::string_view l(lower, word.size());
  return std::find(std::begin(kAbbreviations), std::end(kAbbreviations), l) !=
         std::end(kAbbreviations);
}

// A "." right after a one-letter Arabic word (د. م. أ.د. ص.) or a Latin abbreviation (Dr. U.S.)
// abbreviates; after a number (2020م. 1445هـ.) the letter is an era and the dot may end a sentence.
bool IsAbbreviationDot(const std::vector<Token>& tokens, size_t i) {
  if (i == 0) return false;
  const Token& prev = tokens[i - 1];
  if (prev.byte_end != tokens[i].byte_begin) return false;
  if (prev.kind == TokenKind::kLatin) return IsLatinAbbreviation(prev.surface);
  if (prev.kind != TokenKind::kWord || ArabicLetters(prev.surface) != 1) return false;
  return !(i >= 2 && tokens[i - 2].kind == TokenKind::kNumber);
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view utf8) {
  const std::vector<Token> tokens = Tokenize(utf8);
  std::vector<Sentence> sentences;
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t first = kNone;
  int guillemets = 0;         // open « and “
  bool double_quote = false;  // open ASCII "
  auto close = [&](size_t last) {
    sentences.push_back({tokens[first].byte_begin, tokens[last].byte_end, tokens[first].char_begin,
                         tokens[last].char_end});
    first = kNone;
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && HasLineBreak(utf8.substr(tokens[i - 1].byte_end,
                                          tokens[i].byte_begin - tokens[i - 1].byte_end))) {
      if (first != kNone) close(i - 1);
      guillemets = 0;
      double_quote = false;
    }
    if (first == kNone) first = i;
    const Token& t = tokens[i];
    if (t.kind != TokenKind::kPunctuation) continue;
    const char32_t c = FirstCodePoint(t.surface);
    if (c == 0x00AB || c == 0x201C) {
      ++guillemets;
    } else if (c == 0x00BB || c == 0x201D) {
      guillemets = std::max(0, guillemets - 1);
    } else if (c == '"') {
      double_quote = !double_quote;
    } else if (IsTerminator(c) && guillemets == 0 && !double_quote &&
               !(t.surface == "." && IsAbbreviationDot(tokens, i))) {
      size_t last = i;
      while (last + 1 < tokens.size() && tokens[last + 1].kind == TokenKind::kPunctuation &&
             tokens[last + 1].byte_begin == tokens[last].byte_end &&
             IsCloser(FirstCodePoint(tokens[last + 1].surface))) {
        ++last;
      }
      close(last);
      i = last;
    }
  }
  if (first != kNone) close(tokens.size() - 1);
  return sentences;
}

}  // namespace khabar::text

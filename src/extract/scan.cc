#include "extract/scan.h"

#include "base/utf8.h"

namespace khabar::extract::scan {
namespace {

bool IsDigit(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9);
}

// Punctuation class of `c`, or kWord for a word character.
TokenKind Classify(char32_t c) {
  if (c < 0x80) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      return TokenKind::kWord;
    }
    switch (c) {
      case '(':
      case '[':
      case '{':
        return TokenKind::kOpen;
      case ')':
      case ']':
      case '}':
        return TokenKind::kClose;
      case '"':
      case '\'':
      case '`':
        return TokenKind::kQuote;
      case '/':
      case '\\':
      case '|':
        return TokenKind::kSlash;
      case '-':
        return TokenKind::kDash;
      case ':':
      case ';':
        return TokenKind::kColon;
      case ',':
        return TokenKind::kComma;
      case '.':
        return TokenKind::kPeriod;
      case '!':
      case '?':
        return TokenKind::kStop;
      default:
        return TokenKind::kOther;
    }
  }
  switch (c) {
    case 0x00AB:
    case 0x201C:
    case 0x2039:
    case 0x2018:
    case 0xFD3F:
      return TokenKind::kOpen;
    case 0x00BB:
    case 0x201D:
    case 0x203A:
    case 0x2019:
    case 0xFD3E:
      return TokenKind::kClose;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return TokenKind::kDash;
    case 0x061B:
      return TokenKind::kColon;
    case 0x060C:
    case 0x066B:
    case 0x066C:
      return TokenKind::kComma;
    case 0x06D4:
      return TokenKind::kPeriod;
    case 0x061F:
    case 0x2026:
      return TokenKind::kStop;
    case 0x00B7:
    case 0x2022:
    case 0x25CF:
    case 0x25A0:
    case 0x066A:
    case 0x00A9:
    case 0x00AE:
    case 0x2122:
    case 0x00A7:
    case 0x2605:
    case 0x2606:
    case 0x25BA:
    case 0x25C4:
    case 0x2192:
    case 0x2190:
    case 0x00D7:
    case 0x2032:
    case 0x2033:
    case 0x066D:
    case 0x06DD:
    case 0x06DE:
    case 0xFFFD:
      return TokenKind::kOther;
    default:
      return TokenKind::kWord;
  }
}

bool IsTatweel(char32_t c) { return c == 0x0640; }

// A code point of the Arabic block U+0600..U+06FF that belongs to words (letters, marks, digits,
// tatweel): everything but its punctuation marks and the letter mark ALM.
inline bool IsArabicWordChar(char32_t c) {
  return c != 0x060C && c != 0x061B && c != 0x061C && c != 0x061F && c != 0x066A && c != 0x066B &&
         c != 0x066C && c != 0x066D && c != 0x06D4 && c != 0x06DD && c != 0x06DE;
}

}  // namespace

size_t BlankLength(std::string_view s, size_t i) {
  const unsigned char c = s[i];
  if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n') return 1;
  if (c < 0xC2) return 0;
  if (c == 0xC2 && i + 1 < s.size()) {
    const unsigned char d = s[i + 1];
    return (d == 0xA0 || d == 0xAD) ? 2 : 0;  // NBSP, soft hyphen
  }
  if (c == 0xD8 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x9C)
    return 2;  // ALM
  if (i + 2 >= s.size()) return 0;
  const unsigned char d = s[i + 1], e = s[i + 2];
  if (c == 0xE2 && d == 0x80) {
    // U+2000..U+200F (spaces, ZWSP, ZWNJ, ZWJ, LRM, RLM), U+2028/9 handled as line breaks by
    // SplitLines, U+202A..U+202F (embeddings, NNBSP).
    if ((e >= 0x80 && e <= 0x8F) || (e >= 0xA8 && e <= 0xAF)) return 3;
    return 0;
  }
  if (c == 0xE2 && d == 0x81) {
    if (e == 0x9F || e == 0xA0 || (e >= 0xA6 && e <= 0xA9)) return 3;  // MMSP, WJ, isolates
    return 0;
  }
  if (c == 0xE3 && d == 0x80 && e == 0x80) return 3;  // ideographic space
  if (c == 0xEF && d == 0xBB && e == 0xBF) return 3;  // BOM / ZWNBSP
  if (c == 0xE1 && d == 0x9A && e == 0x80) return 3;  // ogham space mark
  return 0;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    const size_t n = BlankLength(s, b);
    if (n == 0) break;
    b += n;
  }
  size_t e = s.size();
  while (e > b) {
    // Step back to the start of the last code point.
    size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    const size_t n = BlankLength(s, start);
    if (n == 0 || start + n != e) break;
    e = start;
  }
  return s.substr(b, e - b);
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  SplitLines(text, &lines);
  return lines;
}

void SplitLines(std::string_view text, std::vector<std::string_view>* out) {
  std::vector<std::string_view>& lines = *out;
  lines.clear();
  size_t start = 0;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = text[i];
    size_t brk = 0;
    if (c == '\n' || c == '\f') {
      brk = 1;
    } else if (c == '\r') {
      brk = (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    } else if (c == 0xE2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      brk = 3;
    }
    if (brk) {
      lines.push_back(text.substr(start, i - start));
      i += brk;
      start = i;
    } else {
      ++i;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
}

void FoldSpaces(std::string_view s, std::string* out) {
  out->clear();
  s = Trim(s);
  bool pending_space = false;
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = BlankLength(s, i);
    if (n) {
      pending_space = true;
      i += n;
      continue;
    }
    if (pending_space) out->push_back(' ');
    pending_space = false;
    out->push_back(s[i]);
    ++i;
  }
}

std::string FoldSpaces(std::string_view s) {
  std::string out;
  FoldSpaces(s, &out);
  return out;
}

void Tokenize(std::string_view s, size_t max_tokens, std::vector<Token>* out) {
  out->clear();
  size_t i = 0;
  size_t word_start = std::string_view::npos;
  bool word_all_digits = true;
  auto flush_word = [&](size_t end) {
    if (word_start == std::string_view::npos) return;
    out->push_back({s.substr(word_start, end - word_start),
                    word_all_digits ? TokenKind::kNumber : TokenKind::kWord, word_start, end});
    word_start = std::string_view::npos;
    word_all_digits = true;
  };
  while (i < s.size() && out->size() < max_tokens) {
    // Fast path: letters and digits of ASCII and of the Arabic block continue or start a word.
    const unsigned char b = s[i];
    if (b < 0x80 && ((b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z'))) {
      if (word_start == std::string_view::npos) word_start = i;
      if (b > '9') word_all_digits = false;
      ++i;
      continue;
    }
    if (b >= 0xD8 && b <= 0xDB && i + 1 < s.size() &&
        (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      const char32_t c = ((b & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      if (IsArabicWordChar(c) && (c != 0x0640 || word_start != std::string_view::npos)) {
        if (word_start == std::string_view::npos) word_start = i;
        if (!IsDigit(c)) word_all_digits = false;
        i += 2;
        continue;
      }
    }
    const size_t blank = BlankLength(s, i);
    if (blank) {
      flush_word(i);
      i += blank;
      continue;
    }
    size_t next = i;
    const char32_t c = utf8::Next(s, &next);
    if (IsTatweel(c) && word_start == std::string_view::npos) {
      // A tatweel run: a dash when it stands alone between blanks, else the start of a word.
      size_t j = next;
      while (j < s.size()) {
        size_t k = j;
        if (!IsTatweel(utf8::Next(s, &k))) break;
        j = k;
      }
      bool alone = j >= s.size() || BlankLength(s, j) != 0;
      if (!alone) {
        size_t k = j;
        alone = Classify(utf8::Next(s, &k)) != TokenKind::kWord;
      }
      if (alone) {
        out->push_back({s.substr(i, j - i), TokenKind::kDash, i, j});
        i = j;
        continue;
      }
    }
    const TokenKind kind = Classify(c);
    if (kind == TokenKind::kWord) {
      if (word_start == std::string_view::npos) word_start = i;
      if (!IsDigit(c)) word_all_digits = false;
    } else {
      flush_word(i);
      if (out->size() >= max_tokens) break;
      out->push_back({s.substr(i, next - i), kind, i, next});
    }
    i = next;
  }
  if (out->size() < max_tokens) flush_word(i);
}

size_t CountWords(std::string_view s, size_t limit) {
  size_t n = 0;
  bool in_word = false;
  size_t i = 0;
  const size_t size = s.size();
  while (i < size && n < limit) {
    const unsigned char b = s[i];
    bool word;
    size_t len = 1;
    if (b < 0x80) {
      word = (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b == '_';
    } else if (b >= 0xD8 && b <= 0xDB && i + 1 < size &&
               (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      // Fast path for the Arabic block U+0600..U+06FF: letters, marks and digits are word
      // characters; only a handful of punctuation marks (and ALM) are not.
      const char32_t c = ((b & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      word = IsArabicWordChar(c);
      len = 2;
    } else {
      const size_t blank = BlankLength(s, i);
      if (blank) {
        word = false;
        len = blank;
      } else {
        size_t next = i;
        const char32_t c = utf8::Next(s, &next);
        word = Classify(c) == TokenKind::kWord;
        len = next - i;
      }
    }
    if (word && !in_word) ++n;
    in_word = word;
    i += len;
  }
  return n;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

// The code point ending at s[end) and where it starts.
char32_t PrevCodePoint(std::string_view s, size_t end, size_t* start) {
  size_t b = end - 1;
  while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80 && end - b < 4) --b;
  size_t p = b;
  const char32_t c = utf8::Next(s, &p);
  *start = b;
  return c;
}

}  // namespace

bool EndsSentence(std::string_view s) {
  s = Trim(s);
  size_t end = s.size();
  while (end > 0) {
    size_t start;
    const char32_t c = PrevCodePoint(s, end, &start);
    const TokenKind k = Classify(c);
    if (k == TokenKind::kClose || k == TokenKind::kQuote) {
      end = start;
      continue;
    }
    return k == TokenKind::kPeriod || k == TokenKind::kStop;
  }
  return false;
}

bool HasLetterOrDigit(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t blank = BlankLength(s, i);
    if (blank) {
      i += blank;
      continue;
    }
    size_t next = i;
    const char32_t c = utf8::Next(s, &next);
    if (Classify(c) == TokenKind::kWord && !IsTatweel(c) && c != utf8::kReplacement) return true;
    i = next;
  }
  return false;
}

std::string_view TrimPunctuation(std::string_view s) {
  s = Trim(s);
  size_t b = 0;
  while (b < s.size()) {
    const size_t blank = BlankLength(s, b);
    if (blank) {
      b += blank;
      continue;
    }
    size_t next = b;
    const char32_t c = utf8::Next(s, &next);
    if (Classify(c) == TokenKind::kWord && !IsTatweel(c)) break;
    b = next;
  }
  size_t e = s.size();
  while (e > b) {
    size_t start;
    const char32_t c = PrevCodePoint(s, e, &start);
    if (start < b) break;
    if (BlankLength(s, start) == 0 && Classify(c) == TokenKind::kWord && !IsTatweel(c)) break;
    e = start;
  }
  return s.substr(b, e - b);
}

std::string_view FirstWords(std::string_view s, size_t max_words) {
  size_t n = 0;
  bool in_word = false;
  size_t i = 0;
  while (i < s.size()) {
    const size_t blank = BlankLength(s, i);
    if (blank) {
      if (in_word && n == max_words) return s.substr(0, i);
      in_word = false;
      i += blank;
      continue;
    }
    if (!in_word) ++n;
    in_word = true;
    ++i;
  }
  return s;
}

}  // namespace khabar::extract::scan

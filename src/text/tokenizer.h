// The tokenizer's scanner (internal): one pass over the original text, calling back per token so
// that the analyzer can stream without building a vector. Rules in docs/analyzer.md, "Tokens".
#pragma once

#include <cstddef>
#include <string_view>

#include "khabar/text.h"
#include "text/chars.h"

namespace khabar::text::internal {

class TokenScanner {
 public:
  // `fast_paths` false: every token through the general path (tests compare the two).
  explicit TokenScanner(std::string_view text, bool fast_paths = true)
      : s_(text), table_(ClassTable()), fast_paths_(fast_paths) {}

  // Fills *token with the next token; false at the end of the text.
  bool Next(Token* token);

 private:
  struct Cp {
    char32_t c;
    CharClass cls;
    size_t end;  // byte offset after the code point
  };
  Cp Peek(size_t pos) const {
    Cp cp;
    cp.end = pos;
    cp.c = Decode(s_, &cp.end);
    cp.cls = ClassOf(table_, cp.c);
    return cp;
  }
  size_t ScanArabicWord(size_t pos) const;
  size_t ScanLetters(size_t pos, CharClass cls) const;
  size_t ScanNumber(size_t pos, bool* latin) const;
  size_t ScanUrl(size_t pos) const;
  size_t ScanEmailOrDomain(size_t pos, TokenKind* kind) const;
  size_t ScanHashtagBody(size_t pos) const;
  size_t ScanEmoji(size_t pos) const;
  size_t ScanPunct(size_t pos, char32_t first) const;
  // Fills *token with the token [start, end) of `count` code points and moves past it.
  bool Emit(Token* token, TokenKind kind, size_t start, size_t end, size_t count) {
    token->kind = kind;
    token->byte_begin = start;
    token->byte_end = end;
    token->char_begin = chars_;
    token->char_end = chars_ + count;
    token->surface = s_.substr(start, end - start);
    chars_ += count;
    pos_ = end;
    return true;
  }

  std::string_view s_;
  const uint8_t* table_;
  size_t pos_ = 0;
  size_t chars_ = 0;  // code points before pos_
  bool fast_paths_ = true;
};

}  // namespace khabar::text::internal

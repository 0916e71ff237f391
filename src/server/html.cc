#include "server/html.h"

#include <cstdint>
#include <cstring>

#include "khabar/store.h"

namespace khabar::server {

namespace {

// Bytes that HtmlEscape, MarkedToHtml or MarkedToPlain do not copy as they are (C0 controls but
// tab and newline, and & < > " '): the text between two of them is appended in one piece (answers
// are mostly Arabic letters, none of these).
bool IsHtmlSpecial(unsigned char c) {
  switch (c) {
    case '&':
    case '<':
    case '>':
    case '"':
    case '\'':
      return true;
    default:
      return c < 0x20 && c != '\t' && c != '\n';
  }
}

// Whether one of the eight bytes at `p` may be one IsHtmlSpecial takes (a byte below 0x20, or
// & < > " '), eight bytes at a time (the exact "has a byte less than / equal to" word tests):
// false means none is, so the eight are copied as they are (answers are mostly Arabic letters,
// spaces and punctuation: the byte loop cost ~6 instructions a byte, twice per field).
bool MayHaveHtmlSpecial(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  uint64_t x;
  std::memcpy(&x, p, 8);
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  return (((x - kOnes * 0x20) & ~x & kHighs) | has_zero(x ^ (kOnes * '&')) |
          has_zero(x ^ (kOnes * '<')) | has_zero(x ^ (kOnes * '>')) | has_zero(x ^ (kOnes * '"')) |
          has_zero(x ^ (kOnes * '\''))) != 0;
}

// Whether one of the eight bytes at `p` is below 0x04 (the highlight markers are 0x02 and 0x03).
bool MayHaveMarker(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  uint64_t x;
  std::memcpy(&x, p, 8);
  return ((x - kOnes * 0x04) & ~x & kHighs) != 0;
}

// Appends the HTML entity of an escaped character; false for the others.
bool AppendEntity(char c, std::string* out) {
  switch (c) {
    case '&':
      *out += "&amp;";
      return true;
    case '<':
      *out += "&lt;";
      return true;
    case '>':
      *out += "&gt;";
      return true;
    case '"':
      *out += "&quot;";
      return true;
    case '\'':
      *out += "&#39;";
      return true;
    default:
      return false;
  }
}

}  // namespace

void AppendHtmlEscaped(std::string_view text, std::string* out) {
  size_t run = 0;  // text[run, i) is appended as it is
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!IsHtmlSpecial(static_cast<unsigned char>(c))) continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    if (!AppendEntity(c, out)) *out += c;  // a control character: kept here
  }
  out->append(text.data() + run, text.size() - run);
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  AppendHtmlEscaped(text, &out);
  return out;
}

std::string MarkedToHtml(std::string_view marked) {
  std::string out;
  out.reserve(marked.size() + 32);
  AppendMarkedToHtml(marked, &out);
  return out;
}

void AppendMarkedToHtml(std::string_view marked, std::string* out) {
  bool open = false;
  size_t run = 0;  // marked[run, i) is appended as it is
  for (size_t i = 0, checked = 0; i < marked.size(); ++i) {
    // marked[i, checked) is a word that may hold a special byte: read a byte at a time.
    if (i >= checked) {
      while (i + 8 <= marked.size() && !MayHaveHtmlSpecial(marked.data() + i)) i += 8;
      if (i >= marked.size()) break;
      checked = i + 8;
    }
    const char c = marked[i];
    if (!IsHtmlSpecial(static_cast<unsigned char>(c))) continue;
    out->append(marked.data() + run, i - run);
    run = i + 1;
    if (c == store::kHighlightBegin[0]) {
      if (!open) *out += "<mark>";
      open = true;
    } else if (c == store::kHighlightEnd[0]) {
      if (open) *out += "</mark>";
      open = false;
    } else {
      AppendEntity(c, out);  // other control characters are dropped
    }
  }
  out->append(marked.data() + run, marked.size() - run);
  if (open) *out += "</mark>";
}

std::string MarkedToPlain(std::string_view marked) {
  std::string out;
  out.reserve(marked.size());
  AppendMarkedToPlain(marked, &out);
  return out;
}

void AppendMarkedToPlain(std::string_view marked, std::string* out) {
  size_t run = 0;  // marked[run, i) is appended as it is
  for (size_t i = 0, checked = 0; i < marked.size(); ++i) {
    if (i >= checked) {  // as in AppendMarkedToHtml
      while (i + 8 <= marked.size() && !MayHaveMarker(marked.data() + i)) i += 8;
      if (i >= marked.size()) break;
      checked = i + 8;
    }
    const char c = marked[i];
    if (c != store::kHighlightBegin[0] && c != store::kHighlightEnd[0]) continue;
    out->append(marked.data() + run, i - run);
    run = i + 1;
  }
  out->append(marked.data() + run, marked.size() - run);
}

}  // namespace khabar::server

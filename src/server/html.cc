#include "server/html.h"

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
  for (size_t i = 0; i < marked.size(); ++i) {
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
  for (size_t i = 0; i < marked.size(); ++i) {
    const char c = marked[i];
    if (c != store::kHighlightBegin[0] && c != store::kHighlightEnd[0]) continue;
    out->append(marked.data() + run, i - run);
    run = i + 1;
  }
  out->append(marked.data() + run, marked.size() - run);
}

}  // namespace khabar::server

#include "server/html.h"

#include "khabar/store.h"

namespace khabar::server {

void AppendHtmlEscaped(std::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      case '\'':
        *out += "&#39;";
        break;
      default:
        *out += c;
    }
  }
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
  bool open = false;
  for (char c : marked) {
    if (c == store::kHighlightBegin[0]) {
      if (!open) out += "<mark>";
      open = true;
    } else if (c == store::kHighlightEnd[0]) {
      if (open) out += "</mark>";
      open = false;
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
      continue;
    } else {
      AppendHtmlEscaped(std::string_view(&c, 1), &out);
    }
  }
  if (open) out += "</mark>";
  return out;
}

std::string MarkedToPlain(std::string_view marked) {
  std::string out;
  out.reserve(marked.size());
  for (char c : marked) {
    if (c != store::kHighlightBegin[0] && c != store::kHighlightEnd[0]) out += c;
  }
  return out;
}

}  // namespace khabar::server

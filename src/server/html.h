// HTML helpers of the server (internal): escaping and rendering of the store's highlight markers.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace khabar::server {

// Escapes & < > " ' so that `text` is inert in HTML element content and in quoted attribute values.
void AppendHtmlEscaped(std::string_view text, std::string* out);
std::string HtmlEscape(std::string_view text);

// Text carrying store::kHighlightBegin / kHighlightEnd markers (\x02 ... \x03):
// MarkedToHtml: everything HTML-escaped, each highlighted run wrapped in <mark>...</mark> (always
// balanced: a stray end marker is dropped, an unclosed run is closed at the end); other C0 control
// characters except \t and \n are dropped.
std::string MarkedToHtml(std::string_view marked);
// MarkedToPlain: the text without markers (other characters unchanged).
std::string MarkedToPlain(std::string_view marked);
// The same, appended to `out` (the search answer writes them straight into its JSON).
void AppendMarkedToHtml(std::string_view marked, std::string* out);
void AppendMarkedToPlain(std::string_view marked, std::string* out);

}  // namespace khabar::server

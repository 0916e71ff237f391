// The page-reading half of HTML extraction (internal to khabar_html): gumbo parse, metadata
// candidates (JSON-LD, OpenGraph/article:* meta, <time>, byline and date elements), main-content
// selection and paragraph assembly. Knows nothing about dates or agencies: html_extractor.cc turns
// these raw strings into an ArticleRecord with the time and extract modules.
//
// Robustness: every walk over the tree is iterative; pages nested deeper than kMaxHtmlDepth (which
// makes gumbo quadratic in time and memory) are refused before parsing, as are pages larger than
// kMaxHtmlBytes. Thread-safe (no shared state); cost is linear in the page after gumbo's parse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::extract::html {

inline constexpr size_t kMaxHtmlDepth = 1000;
inline constexpr size_t kMaxHtmlBytes = size_t{32} << 20;

struct Candidate {
  std::string value;
  std::string source;  // "json-ld", "meta:article:published_time", "time", "itemprop", "text", ...
};

struct PageContent {
  std::string title_jsonld, title_og, title_h1, title_tag;
  std::vector<std::string> subheadings;        // h2/h3 texts outside furniture (first few)
  std::string site_name;                       // og:site_name / JSON-LD publisher name
  std::vector<Candidate> published, modified;  // machine dates (ISO-like), best first
  std::vector<std::string> date_texts;         // short texts of date-ish elements, page order
  std::string author_meta;                     // JSON-LD / meta author
  std::vector<std::string> byline_texts;       // texts of byline elements, page order
  std::string canonical_url;                   // link rel=canonical or og:url
  std::string caption;                         // first figcaption of the main content
  std::string page_caption;                    // first figcaption anywhere outside furniture
  std::string jsonld_caption;                  // JSON-LD image caption
  std::string jsonld_body;                     // JSON-LD articleBody, when given
  std::vector<std::string> paragraphs;         // main content, one string per block
  std::vector<std::string> boilerplate;        // blocks removed from inside the main content
  std::string lang;                            // <html lang>
  std::vector<std::string> warnings;
};

struct DomOptions {
  std::vector<std::string> body_hints;  // class/id tokens (or itemprop) naming the body container
  std::vector<std::string> drop_hints;  // class/id tokens of blocks to remove
  // Run CutInvisibleContent before parsing (off only to check that it changes nothing).
  bool cut_invisible = true;
};

// Depth of element nesting as an HTML parser would see it (approximation that never undercounts
// by much for hostile input); used to refuse pathological pages.
size_t EstimateNestingDepth(std::string_view html, size_t stop_at);

// Copies `html` into *out without what gumbo would only turn into invisible text or what the
// analysis never reads: the contents of <script> (JSON-LD kept) and <style> elements, of comments
// and of inline <svg>; attributes other than those read (class, id, itemprop, content, property,
// name, rel, type, hidden, style, lang, aria-hidden, datetime, <link href>); the content of
// <nav>, <aside> and <footer> elements over 4 KiB whose end leaves the tree outside unchanged.
// Follows the HTML tokenizer closely enough to be exact where it cuts (attribute quoting,
// RAWTEXT/RCDATA elements, comment ends) and stops cutting, keeping the rest verbatim, at anything
// it does not model (script escape states, CDATA, MathML, unusual SVG content). Returns false (and
// leaves *out empty) when nothing was cut.
bool CutInvisibleContent(std::string_view html, std::string* out);

// Errors: kUnsupported for pages over the size or depth limits.
Result<PageContent> AnalyzePage(std::string_view html_utf8, const DomOptions& options);

// Collapses runs of whitespace (including NBSP and other Unicode spaces) to one space and trims.
std::string CollapseSpace(std::string_view s);

}  // namespace khabar::extract::html

// The page-reading half of HTML extraction (internal to khabar_html): gumbo parse, metadata
// candidates (JSON-LD, OpenGraph/article:* meta, <time>, byline and date elements), main-content
// selection and paragraph assembly. Knows nothing about dates or agencies: html_extractor.cc turns
// these raw strings into an ArticleRecord with the time and extract modules.
//
// Robustness: every walk over the tree is iterative; pages nested deeper than kMaxHtmlDepth (which
// makes gumbo quadratic in time and memory) are refused before parsing, as are pages larger than
// kMaxHtmlBytes. Thread-safe (no shared state); cost is linear in the page after gumbo's parse.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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
  // Short texts of date-ish elements: near the headline or in the content (page order), and
  // elsewhere (after the headline first, then before it, nearest first).
  std::vector<std::string> date_texts, far_date_texts;
  std::string author_meta;                // JSON-LD / meta author
  std::vector<std::string> byline_texts;  // texts of byline elements, page order
  std::string canonical_url;              // link rel=canonical or og:url
  std::string caption;                    // first figcaption of the main content
  std::string page_caption;               // first figcaption anywhere outside furniture
  std::string jsonld_caption;             // JSON-LD image caption
  std::string jsonld_body;                // JSON-LD articleBody, when given
  std::vector<std::string> paragraphs;    // main content, one string per block
  std::vector<std::string> boilerplate;   // blocks removed from inside the main content
  std::string lang;                       // <html lang>
  std::vector<std::string> warnings;
};

struct DomOptions {
  std::vector<std::string> body_hints;  // class/id tokens (or itemprop) naming the body container
  std::vector<std::string> drop_hints;  // class/id tokens of blocks to remove
  // Run CutInvisibleContent before parsing, with text placeholders (off only to check that they
  // change nothing).
  bool cut_invisible = true;
  bool stash_text = true;
};

// Depth of element nesting as an HTML parser would see it (approximation that never undercounts
// by much for hostile input); used to refuse pathological pages.
size_t EstimateNestingDepth(std::string_view html, size_t stop_at);

// Long runs of text that CutInvisibleContent took out of gumbo's way. gumbo turns every character
// into a token of its own and spends 100-200 ns on each (most of its time on an Arabic page), so a
// run of plain text between two tags is replaced by a 3-character placeholder from Unicode's
// supplementary private use area (U+F0000 and two digits, U+F0001 + n), which takes the run's
// place in the tree exactly (it is non-whitespace text as the run was), and is put back when the
// analysis reads a text node. Runs keep their leading and trailing whitespace and stop at '<',
// character references, CR and NUL, which the tokenizer treats specially. Pages that hold such
// code points (raw or as numeric references) get no placeholders.
// Lifetime: points into the `html` given to CutInvisibleContent, which must outlive it.
struct TextStash {
  std::string_view source;
  std::vector<std::pair<uint32_t, uint32_t>> runs;  // offset and length in `source`

  // Whether `text` (a text node's content) may hold a placeholder.
  static bool MayHold(std::string_view text);
  // Appends `text` to *out with every placeholder replaced by its run.
  void AppendExpanded(std::string_view text, std::string* out) const;
};

// Copies `html` into *out without what gumbo would only turn into invisible text or what the
// analysis never reads: the contents of <script> (JSON-LD kept) and <style> elements, of comments
// and of inline <svg>; attributes other than those read (class, id, itemprop, content, property,
// name, rel, type, hidden, style, lang, aria-hidden, datetime, <link href>); the content of
// <nav>, <aside> and <footer> elements over 4 KiB whose end leaves the tree outside unchanged.
// Follows the HTML tokenizer closely enough to be exact where it cuts (attribute quoting,
// RAWTEXT/RCDATA elements, comment ends) and stops cutting, keeping the rest verbatim, at anything
// it does not model (script escape states, CDATA, MathML, unusual SVG content). With a `stash`,
// long text runs (and the content of JSON-LD scripts) are also replaced by placeholders recorded
// there (see TextStash). Returns false (and leaves *out empty) when nothing was cut.
bool CutInvisibleContent(std::string_view html, std::string* out, TextStash* stash = nullptr);

// Errors: kUnsupported for pages over the size or depth limits.
Result<PageContent> AnalyzePage(std::string_view html_utf8, const DomOptions& options);

// Collapses runs of whitespace (including NBSP and other Unicode spaces) to one space and trims.
std::string CollapseSpace(std::string_view s);

}  // namespace khabar::extract::html

// News pages (HTML) into ArticleRecords: the same record, with the same care, as a text dump.
//
//   khabar::extract::HtmlOptions options;
//   options.source.path = "page.html";
//   options.source.url = "https://www.youm7.com/story/2024/3/5/...";  // sets site and time zone
//   khabar::Result<khabar::ArticleRecord> rec = khabar::extract::ExtractHtml(utf8_html, options);
//
// What is read (docs/inputs.md has the details):
//   title      JSON-LD NewsArticle headline, the article's <h1>, og:title, <title> (site name cut)
//   published  JSON-LD datePublished, article:published_time and friends, <time datetime>,
//   modified   itemprop dates, then Arabic date text in date-ish elements or at the top of the body
//              (read with time::DateParser); converted to the site's local time when its zone is
//              known
//   author     JSON-LD author, meta author, byline elements, a "كتب ..." line opening the body
//   dateline   the body's opening wire credit ("القاهرة (أ ش أ) -") via extract::MatchDateline
//   caption    <figcaption> of the article (or the JSON-LD image caption)
//   paragraphs the main content: the element that declares itself the body (itemprop=articleBody,
//              known body classes, site profile hints) or the best readability-style candidate;
//              share bars, related links, tags, comments, ads, navigation and furniture lines
//              removed (removed blocks from inside the content are kept in `boilerplate`)
//   source     path/locator from the options; url (the given one or the page's canonical); site
//
// Site profiles (data/sites/profiles.tsv, compiled in): domain -> outlet names, country, IANA time
// zone and optional extraction hints. Unknown sites get generic extraction.
// Thread-safety: ExtractHtml is thread-safe (profiles are built once per process, immutable).
// Cost: one gumbo parse plus linear passes; pages over 32 MB or nested deeper than 1000 elements
// are refused (kUnsupported) rather than risking gumbo's quadratic cases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/record.h"
#include "khabar/status.h"

namespace khabar::extract {

struct HtmlOptions {
  // Copied into the record's `source`; `url` (when set) names the page and selects the site
  // profile.
  SourceInfo source;
  // IANA zone for dates written without one; empty: the site profile's, else unknown.
  std::string tz;
  // Reference instant for relative dates ("منذ ساعتين"): the capture time when known; unset = now.
  std::optional<int64_t> reference_unix_seconds;
  // Apply data/sites/ extraction hints (time zones are used either way).
  bool use_site_hints = true;
};

// Errors: kInvalidArgument when the page holds no article (no title and no body text);
// kUnsupported for pages over the limits above. Invalid UTF-8 is repaired with a warning.
Result<ArticleRecord> ExtractHtml(std::string_view html_utf8, const HtmlOptions& options);

// One outlet of data/sites/profiles.tsv.
struct SiteProfile {
  std::string domain;                   // registrable host without "www.", e.g. "youm7.com"
  std::string name_ar;                  // "اليوم السابع"
  std::string name_en;                  // "Youm7"
  std::string country;                  // ISO 3166-1 alpha-2, e.g. "EG"
  std::string tz;                       // IANA zone, e.g. "Africa/Cairo"
  std::vector<std::string> body_hints;  // class/id tokens of the article body container
  std::vector<std::string> drop_hints;  // class/id tokens of blocks to remove
};

// The profile of a host or URL ("https://m.youm7.com/x" -> youm7.com), or nullptr. The returned
// pointer stays valid for the life of the process.
const SiteProfile* FindSiteProfile(std::string_view host_or_url);

// The host of a URL without "www." ("https://www.youm7.com/a" -> "youm7.com"); "" when none.
std::string SiteOfUrl(std::string_view url);

// An ISO 8601 date or date-time as found in metadata ("2024-03-05T08:20:30Z", "2024-03-05 10:20",
// "2024-03-05T10:20:30.000+0200") normalized to the record's form: local time of `tz` when it is
// known (converted from the stated offset), "+HH:MM" appended when the offset is known, seconds
// only when non-zero. kInvalidArgument for anything else.
Result<std::string> NormalizeIsoDate(std::string_view text, std::string_view tz);

// Seconds since the Unix epoch of a UTC capture time such as WARC-Date ("2024-03-05T10:20:30Z");
// nullopt when unreadable. Used as the reference instant for relative dates.
std::optional<int64_t> CaptureTimeSeconds(std::string_view iso);

}  // namespace khabar::extract

// Article extraction from scraped text dumps, and the pieces every input format shares.
//
//   khabar::extract::ParseOptions options;
//   options.tz = "Africa/Cairo";
//   options.source.path = "youm7.txt";
//   khabar::extract::DumpParser parser(options);        // build once, reuse for many inputs
//   khabar::Result<khabar::ArticleRecord> rec = parser.Parse(utf8_text);
//   if (rec.ok()) std::cout << khabar::RecordToJson(*rec) << "\n";
//
// A text dump is what scrapers save from a news page: headline, a date line, often the headline
// again with the image caption glued to it, a dateline with a wire credit ("واشنطن /أ ش أ/"), the
// body, and page furniture (share buttons, comment prompts, "back to top", related links, tag
// lists) between and around the paragraphs. ParseTextDump turns it into an ArticleRecord
// (include/khabar/record.h, specified in docs/record-format.md): every line ends up in a field, in
// `paragraphs`, or in `boilerplate`; nothing disappears silently. A text with no article structure
// (no date line, dateline, byline, caption or paragraph-like line, no blank line under its first
// line: one typed line, a few short sentences) is body text with an empty title and a warning.
//
// The reusable pieces (FindDateline, FindTrailingCredit, IsFurniture, ContentId) are what the HTML,
// WARC and JSON Lines readers call so that every record gets the same dateline, agency and
// boilerplate treatment.
//
// Data: the wire agencies (data/extract/agencies.tsv), furniture phrases
// (data/extract/furniture.tsv), date-line vocabulary (data/extract/date-words.tsv) and site
// defaults (data/sites/profiles.tsv) are compiled into the binary and indexed once per process on
// first use. Thread-safety: every function here is thread-safe; a DumpParser is immutable after
// construction and may be shared between threads. Cost: parsing is one pass over the lines; only
// short lines and the first tokens of paragraphs are looked up in the tables, so throughput is
// dominated by hashing the content for `id`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/record.h"
#include "khabar/status.h"

namespace khabar::extract {

struct ParseOptions {
  // IANA time zone assumed for `published` when the text names none ("Africa/Cairo"). Empty: the
  // default of `source.site` when data/sites/profiles.tsv knows the site, else unknown (no UTC
  // offset).
  std::string tz;
  // Copied into the record's `source` (path, url, site, encoding). `site` also selects the default
  // tz.
  SourceInfo source;
  // Reference instant for relative dates ("منذ ساعتين"), seconds since the Unix epoch; unset = now.
  std::optional<int64_t> reference_unix_seconds;
};

class DumpParser {
 public:
  explicit DumpParser(ParseOptions options = {});
  ~DumpParser();
  DumpParser(DumpParser&&) noexcept;
  DumpParser& operator=(DumpParser&&) noexcept;

  // Parses one article dump held in `utf8` (valid UTF-8, as DecodeToUtf8 returns it).
  // Errors (kInvalidArgument): invalid UTF-8, empty or blank input, control bytes (not text), or no
  // recognisable article (no headline and no body paragraph).
  Result<ArticleRecord> Parse(std::string_view utf8) const;

  // Same, with `source` replacing options().source for this input (the CLI's per-file path).
  Result<ArticleRecord> Parse(std::string_view utf8, const SourceInfo& source) const;

  const ParseOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One-shot convenience: DumpParser(options).Parse(utf8).
Result<ArticleRecord> ParseTextDump(std::string_view utf8, const ParseOptions& options = {});

// A dateline found at the start of a line or paragraph, with the bytes it spans.
struct DatelineMatch {
  Dateline dateline;
  size_t end = 0;      // byte offset just past the dateline and its separator in the input
  bool whole = false;  // the dateline is all the input holds (a standalone dateline line)
};

// The dateline at the start of `text`: "واشنطن /أ ش أ/", "القاهرة (رويترز) -", "دبي - وام:",
// "الرياض 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس", "عمان 5 نيسان (بترا) -", "واس - جدة",
// "(رويترز)", "وكالات"... A match needs a wire credit from data/extract/agencies.tsv: the place is
// the (short) text before the credit, "" when there is none. Sentences that merely mention an
// agency
// ("قالت وكالة رويترز إن...") do not match. Only the first ~30 tokens are examined.
std::optional<DatelineMatch> MatchDateline(std::string_view text);
std::optional<Dateline> FindDateline(std::string_view line_or_paragraph);

// The wire credit closing a paragraph: "... الأسبوع المقبل. (رويترز)", "... - أ ف ب", "(د ب أ)".
std::optional<Agency> FindTrailingCredit(std::string_view paragraph);

// The agency a credit names, as written without punctuation ("أ ش أ", "فرانس برس", "KUNA"), or
// nullopt. `text` of the result is the input.
std::optional<Agency> LookupAgency(std::string_view credit);

// Page furniture: a whole line that is a share/comment/print/back-to-top control, a related-links
// or tag-list heading, a view or comment counter, an end-of-wire marker ("// انتهى //"), a
// separator made only of symbols, a copyright line... (data/extract/furniture.tsv). Blank lines are
// not furniture (they carry no text).
enum class FurnitureKind {
  kNone,
  kLine,     // the line is furniture
  kSection,  // a heading of a furniture list ("اقرأ أيضا", "كلمات دلالية"): the short lines that
             // follow it are furniture too
};
FurnitureKind ClassifyFurniture(std::string_view line);
inline bool IsFurniture(std::string_view line) {
  return ClassifyFurniture(line) != FurnitureKind::kNone;
}

// `id` of a record: XXH3-128 (hex, 32 digits) of the match keys (text::MatchKey) of the title and
// paragraphs, so spelling variants and spacing do not change it.
std::string ContentId(std::string_view title, const std::vector<std::string>& paragraphs);

// Default IANA time zone of a site ("youm7.com" or "youm7"), "" when unknown.
std::string_view SiteTimeZone(std::string_view site);
// Country of a site's newsroom (ISO 3166-1 alpha-2, "XX" for pan-Arab outlets based abroad), ""
// when unknown.
std::string_view SiteCountry(std::string_view site);

}  // namespace khabar::extract

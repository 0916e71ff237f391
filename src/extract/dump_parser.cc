// ParseTextDump: one article record from a scraped text dump.
//
// One pass over the lines, in two zones:
//   header  everything before the first paragraph-like line: the headline (first substantial line),
//           the date line, the headline repeated with the image caption glued to it, bylines,
//           standalone datelines ("واشنطن /أ ش أ/"), labelled captions, furniture, short lines.
//   body    paragraphs, with furniture (and the short lines of related-links / tag lists) moved to
//           `boilerplate`, late date lines, SPA-style time stamps and closing wire credits.
// Hard-wrapped dumps (every line cut near the same width) are rejoined into paragraphs. A text
// with none of a dump's structure (one typed line, a few short lines) is all body, no headline.
#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/utf8.h"
#include "extract/scan.h"
#include "extract/tables.h"
#include "khabar/extract.h"
#include "khabar/time.h"

namespace khabar::extract {
namespace {

using scan::Token;
using scan::TokenKind;

constexpr size_t kMaxTitleWords = 40;
constexpr size_t kMaxTitleBytes = 500;
constexpr size_t kParagraphWords = 15;  // a line this long starts the body
constexpr size_t kMaxHeaderLines = 14;  // non-blank lines examined before the body must begin
constexpr size_t kMaxDateLineWords = 26;
// Longer lines are paragraphs whatever they start with (furniture lines are at most 30 words).
constexpr size_t kMaxShortLineWords = 30;
constexpr size_t kMaxListItemWords = 16;  // related-link / tag lines after a list heading
constexpr size_t kMaxCaptionWords = 30;
constexpr size_t kMaxLoneCaptionWords = 12;  // an unlabelled caption with no dateline after it

enum class DateLineKind { kNone, kPublished, kModified };

// The tokens of one line, scanned once and shared by every classifier: each asks for the first n
// tokens (scan::Tokenize stops at a limit, so a prefix of the longest scan is the same tokens).
constexpr size_t kMaxLineTokens = 90;  // the most any classifier looks at (a caption)
class LineTokens {
 public:
  void Reset(std::string_view line) {
    line_ = line;
    full_ = false;
    head_ = false;
  }
  // The first min(n, all) tokens of the line (n <= kMaxLineTokens).
  std::span<const Token> First(size_t n) {
    if (!full_) {
      scan::Tokenize(line_, kMaxLineTokens, &tokens_);
      full_ = true;
    }
    return std::span<const Token>(tokens_).first(std::min(n, tokens_.size()));
  }
  // At least the first two tokens (fewer when the line has fewer), without scanning the line.
  std::span<const Token> Head() {
    if (full_) return First(2);
    if (!head_) {
      scan::Tokenize(line_, 2, &head_tokens_);
      head_ = true;
    }
    return head_tokens_;
  }

 private:
  std::string_view line_;
  std::vector<Token> tokens_, head_tokens_;
  bool full_ = false, head_ = false;
};

// `s` trimmed, without trailing separators ("... 18:44 |", "... 18:30 ,"); brackets are kept.
std::string_view TrimTrailingSeparators(std::string_view s) {
  s = scan::Trim(s);
  for (;;) {
    bool cut = false;
    for (std::string_view sep :
         {"|", "-", ",", ":", ";", "/", "\xD8\x8C", "\xE2\x80\x93", "\xE2\x80\x94"}) {
      if (s.size() >= sep.size() && s.substr(s.size() - sep.size()) == sep) {
        s = scan::Trim(s.substr(0, s.size() - sep.size()));
        cut = true;
      }
    }
    if (!cut) return s;
  }
}

struct DateLine {
  DateLineKind kind = DateLineKind::kNone;
  bool labelled = false;  // opens with a label word ("نشر في", "تاريخ النشر", "آخر تحديث")
  std::string_view published;  // the part of the line with the publication date
  std::string_view modified;   // the part with the update time ("آخر تحديث: ...")
};

// True when `s` holds an ASCII, Arabic-Indic or Eastern Arabic-Indic digit (a cheap pre-filter).
bool HasDigit(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = s[i];
    if (c >= '0' && c <= '9') return true;
    if ((c == 0xD9 || c == 0xDB) && i + 1 < s.size()) {
      const unsigned char d = s[i + 1];
      if ((c == 0xD9 && d >= 0xA0 && d <= 0xA9) || (c == 0xDB && d >= 0xB0 && d <= 0xB9)) {
        return true;
      }
    }
  }
  return false;
}

// Recognizes a line that is (mostly) a date: "الجمعة، 11 فبراير 2022 06:20 م",
// "نشر في: 2022/02/11 - 18:20", "عمان 5 نيسان 2023", "آخر تحديث: ...", "26 شوال 1436 هـ".
// The value is read by DateParser; this only picks the line.
// `words` is scan::CountWords(line, n) for some n > kMaxDateLineWords.
DateLine ClassifyDateLine(std::string_view line, size_t words, LineTokens* line_tokens) {
  DateLine out;
  if (line.size() > 300 || words > kMaxDateLineWords || !HasDigit(line)) return out;
  const std::span<const Token> all = line_tokens->First(64);
  const std::span<const Token>* tokens = &all;
  size_t numbers = 0, date_words = 0, other_words = 0;
  bool strong = false;  // a month name, a year, a time or a numeric date
  bool modified_first = false;
  bool labelled = false;
  size_t split = std::string_view::npos;
  TokenKind prev = TokenKind::kOther;
  size_t prev_number_len = 0;
  for (size_t i = 0; i < tokens->size(); ++i) {
    const Token& tok = (*tokens)[i];
    if (tok.kind == TokenKind::kNumber) {
      ++numbers;
      const size_t digits = scan::CodePoints(tok.text);
      if (digits == 4) strong = true;  // a year
      if ((prev == TokenKind::kColon || prev == TokenKind::kSlash) && prev_number_len > 0) {
        strong = true;  // 06:20, 11/02
      }
      prev_number_len = digits;
    } else if (tok.kind == TokenKind::kWord) {
      const WordFacts& f = Facts(tok.text);
      if (!f.date_word) {
        if (++other_words > 2) return out;  // a sentence, not a date line
      } else {
        ++date_words;
        if (f.date_kind == DateWordKind::kMonth || f.date_kind == DateWordKind::kHijri) {
          strong = true;
        }
        if (numbers == 0 && date_words == 1 && other_words == 0 &&
            (f.date_kind == DateWordKind::kLabel || f.date_kind == DateWordKind::kModified)) {
          labelled = true;  // the first word of the line is a label
        }
        if (f.date_kind == DateWordKind::kModified) {
          if (numbers == 0 && date_words == 1 && other_words == 0) modified_first = true;
          if (numbers > 0 && split == std::string_view::npos) split = tok.begin;
        }
      }
      prev_number_len = 0;
    } else if (tok.kind != TokenKind::kColon && tok.kind != TokenKind::kSlash) {
      prev_number_len = 0;
    }
    if (tok.kind != TokenKind::kNumber && tok.kind != TokenKind::kColon &&
        tok.kind != TokenKind::kSlash) {
      prev_number_len = 0;
    }
    prev = tok.kind;
  }
  if (numbers == 0 || !strong || numbers + date_words < 2) return out;
  if (other_words > 2 || other_words * 2 > numbers + date_words) return out;
  out.labelled = labelled;
  std::string_view trimmed = scan::Trim(line);
  if (modified_first) {
    out.kind = DateLineKind::kModified;
    out.modified = trimmed;
    return out;
  }
  out.kind = DateLineKind::kPublished;
  if (split != std::string_view::npos) {
    out.published = TrimTrailingSeparators(line.substr(0, split));
    out.modified = scan::Trim(line.substr(split));
  } else {
    out.published = trimmed;
  }
  return out;
}

// Byline: "كتب محمد السيد", "كتبت - سارة علي", "بقلم: ...". Returns the name, or "".
std::string_view FindByline(std::string_view line, size_t words, LineTokens* line_tokens) {
  if (words > 10 || scan::EndsSentence(line)) return {};
  const std::span<const Token> all = line_tokens->First(32);
  const std::span<const Token>* tokens = &all;
  if (tokens->empty() || (*tokens)[0].kind != TokenKind::kWord) return {};
  if (!Facts((*tokens)[0].text).byline_label) return {};
  size_t i = 1;
  while (i < tokens->size() && !scan::IsWordLike((*tokens)[i].kind)) ++i;
  if (i >= tokens->size()) return {};
  return scan::TrimPunctuation(line.substr((*tokens)[i].begin));
}

// Caption label: "الصورة: ...", "(صورة أرشيفية)", "صورة من الاجتماع", "أرشيفية". Returns the
// caption text (label separator and outer brackets removed), or "".
std::string_view FindLabelledCaption(std::string_view line, size_t words, LineTokens* line_tokens) {
  if (words > kMaxCaptionWords) return {};
  const std::span<const Token> all = line_tokens->First(kMaxCaptionWords * 3);
  const std::span<const Token>* tokens = &all;
  size_t first = 0;
  while (first < tokens->size() && !scan::IsWordLike((*tokens)[first].kind)) ++first;
  if (first >= tokens->size()) return {};
  std::string_view text = scan::Trim(line);
  const size_t offset = text.data() - line.data();
  const bool bracketed = first > 0 && (*tokens)[first - 1].kind == TokenKind::kOpen;
  if (Facts((*tokens)[first].text).caption_first) {
    if (bracketed) return scan::TrimPunctuation(text);
    // "الصورة: عناصر من الجيش" -> the text after the separator.
    if (first + 2 < tokens->size()) {
      const TokenKind k = (*tokens)[first + 1].kind;
      if (k == TokenKind::kColon || k == TokenKind::kDash) {
        return scan::Trim(text.substr((*tokens)[first + 2].begin - offset));
      }
    }
    return text;
  }
  if (words > 12 || scan::EndsSentence(line)) return {};
  for (size_t i = first; i < tokens->size(); ++i) {
    if ((*tokens)[i].kind == TokenKind::kWord && Facts((*tokens)[i].text).caption_any) {
      return bracketed && tokens->back().kind == TokenKind::kClose ? scan::TrimPunctuation(text)
                                                                   : text;
    }
  }
  return {};
}

// Byte offset in `line` just past a prefix equal to `title` (blank runs match blank runs), or npos.
size_t MatchTitlePrefix(std::string_view line, std::string_view title) {
  size_t i = 0, j = 0;
  while (j < title.size()) {
    size_t tb = scan::BlankLength(title, j);
    if (tb) {
      while (j < title.size() && (tb = scan::BlankLength(title, j)) != 0) j += tb;
      bool any = false;
      size_t lb;
      while (i < line.size() && (lb = scan::BlankLength(line, i)) != 0) {
        i += lb;
        any = true;
      }
      if (!any) return std::string_view::npos;
      continue;
    }
    if (i >= line.size() || line[i] != title[j]) return std::string_view::npos;
    ++i;
    ++j;
  }
  // The title must end at a word boundary of the line.
  if (i < line.size() && !scan::BlankLength(line, i)) {
    size_t next = i;
    utf8::Next(line, &next);
    if (scan::HasLetterOrDigit(line.substr(i, next - i))) return std::string_view::npos;
  }
  return i;
}

// "15:02 ت م", "10:17 GMT": a wire time stamp on its own line.
bool IsTimeStamp(std::string_view line, std::vector<Token>* tokens) {
  if (line.size() > 40) return false;
  scan::Tokenize(line, 16, tokens);
  bool time = false;
  size_t words = 0;
  for (size_t i = 0; i < tokens->size(); ++i) {
    const Token& t = (*tokens)[i];
    if (t.kind == TokenKind::kNumber) {
      if (i >= 2 && (*tokens)[i - 1].kind == TokenKind::kColon &&
          (*tokens)[i - 2].kind == TokenKind::kNumber) {
        time = true;
      }
    } else if (t.kind == TokenKind::kWord) {
      if (scan::CodePoints(t.text) > 3) return false;
      ++words;
    }
  }
  return time && words <= 3;
}

// An unlabelled byline: a short line of names and places joined by separators, "رنية - سليمان
// السبيعي", "المدينة المنورة: طلال السناني", "هسبريس - محمد الراجي", "بديعة حسن (تبوك)".
bool IsBylineLike(std::string_view line, std::vector<Token>* tokens) {
  if (scan::CountWords(line, 9) > 8 || scan::EndsSentence(line)) return false;
  scan::Tokenize(line, 32, tokens);
  if (tokens->empty() || !scan::IsWordLike(tokens->front().kind)) return false;
  size_t separators = 0;
  for (const Token& t : *tokens) {
    if (t.kind == TokenKind::kDash || t.kind == TokenKind::kColon) ++separators;
    if (t.kind == TokenKind::kNumber) return false;
  }
  // "name (place)": a bracketed word or two closing the line.
  const size_t n = tokens->size();
  const bool bracketed_tail = n >= 3 && tokens->back().kind == TokenKind::kClose &&
                              ((*tokens)[n - 3].kind == TokenKind::kOpen ||
                               (n >= 4 && (*tokens)[n - 4].kind == TokenKind::kOpen));
  return separators > 0 || bracketed_tail;
}

bool IsParagraphLike(std::string_view line, size_t words) {
  return words >= kParagraphWords || (words >= 6 && scan::EndsSentence(line));
}

struct BodyLine {
  std::string_view text;
  bool blank_before;
};

}  // namespace

struct DumpParser::Impl {
  ParseOptions options;
  time::DateParser dates;

  static time::DateOptions DateOptionsFor(const ParseOptions& o) {
    time::DateOptions d;
    d.tz = o.tz.empty() ? std::string(SiteTimeZone(o.source.site)) : o.tz;
    d.reference_unix_seconds = o.reference_unix_seconds;
    return d;
  }
  explicit Impl(ParseOptions o) : options(std::move(o)), dates(DateOptionsFor(options)) {}

  // `plain`: read every line as body text (no header zone); see "Plain text" in Parse.
  Result<ArticleRecord> Parse(std::string_view utf8, const SourceInfo& source,
                              bool plain = false) const;
};

DumpParser::DumpParser(ParseOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
DumpParser::~DumpParser() = default;
DumpParser::DumpParser(DumpParser&&) noexcept = default;
DumpParser& DumpParser::operator=(DumpParser&&) noexcept = default;

const ParseOptions& DumpParser::options() const { return impl_->options; }

Result<ArticleRecord> DumpParser::Parse(std::string_view utf8) const {
  return impl_->Parse(utf8, impl_->options.source);
}

Result<ArticleRecord> DumpParser::Parse(std::string_view utf8, const SourceInfo& source) const {
  return impl_->Parse(utf8, source);
}

Result<ArticleRecord> ParseTextDump(std::string_view utf8, const ParseOptions& options) {
  return DumpParser(options).Parse(utf8);
}

Result<ArticleRecord> DumpParser::Impl::Parse(std::string_view utf8, const SourceInfo& source,
                                              bool plain) const {
  if (!utf8::IsValid(utf8)) {
    return Status::InvalidArgument("not valid UTF-8 (decode the input with DecodeToUtf8 first)");
  }
  size_t controls = 0;
  for (unsigned char c : utf8) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ++controls;
  }
  if (controls > 0 && controls * 200 > utf8.size()) {
    return Status::InvalidArgument("not text: " + std::to_string(controls) + " control characters");
  }
  if (scan::IsBlank(utf8)) return Status::InvalidArgument("empty input: no text");

  FactsScope scope;
  ArticleRecord rec;
  rec.source = source;
  std::vector<Token> tokens;  // scratch, reused by every classifier
  thread_local LineTokens line_tokens;
  std::string_view published_text, modified_text;

  thread_local std::vector<std::string_view> raw_lines;  // views into `utf8`, reused
  scan::SplitLines(utf8, &raw_lines);
  size_t li = 0;

  // ---- Header zone.
  struct Pending {
    std::string_view text;
    bool after_date_or_repeat;
    bool blank_before;
  };
  std::vector<Pending> pending;  // short unlabelled header lines: caption or lead paragraphs
  bool date_or_repeat_seen = false;
  bool header_dateline_after_pending = false;
  size_t header_lines = 0;
  bool blank_before = false;
  // A line of one or two words above the headline is a site name or section label ("مصراوي",
  // "النهار العربي") when a longer headline follows it; otherwise it is a short headline itself.
  std::string_view short_label;
  size_t short_label_at = 0;  // its place among the boilerplate lines, to keep document order
  auto drop_short_label = [&] {
    if (!short_label.empty()) {
      rec.boilerplate.emplace(rec.boilerplate.begin() + short_label_at, short_label);
    }
    short_label = {};
  };
  auto promote_short_label = [&] {
    if (rec.title.empty() && !short_label.empty()) rec.title = std::string(short_label);
    short_label = {};
  };
  // Plain text: a text with a headline but no article structure — no date line, dateline, byline,
  // caption or repeated headline, no paragraph-like line, and no blank line after its first line
  // (`بايدن يزور واشنطن في زيارة رسمية` typed on standard input, a few short sentences one per
  // line) — is body text without a headline: parsed again with `plain`. A scraped dump keeps its
  // headline: it has a date line, a dateline or a paragraph-like line, or a blank line under the
  // headline.
  bool structure = false;             // the header found one of the above
  bool first_text_line_seen = false;  // the headline candidate (or a short label) has been read
  bool blank_after_first = false;     // a blank line follows it
  bool paragraph_like = false;        // some line is paragraph-like
  for (; !plain && li < raw_lines.size(); ++li) {
    std::string_view line = scan::Trim(raw_lines[li]);
    if (line.empty()) {
      blank_before = true;
      continue;
    }
    if (first_text_line_seen && !blank_after_first && blank_before) blank_after_first = true;
    if (++header_lines > kMaxHeaderLines) break;
    const size_t words = scan::CountWords(line, kMaxTitleWords + 1);
    line_tokens.Reset(line);
    // Repeated headline, with the caption glued to it.
    if (!rec.title.empty()) {
      const size_t after = MatchTitlePrefix(line, rec.title);
      if (after != std::string_view::npos) {
        std::string_view rest = scan::TrimPunctuation(line.substr(after));
        if (!rest.empty() && rec.caption.empty()) {
          // The caption as written, without a leading separator.
          std::string_view c = scan::Trim(line.substr(after));
          while (!c.empty() && (c[0] == '-' || c[0] == ':' || c[0] == '|'))
            c = scan::Trim(c.substr(1));
          rec.caption = std::string(c);
        }
        rec.boilerplate.emplace_back(line);
        date_or_repeat_seen = true;
        structure = true;
        blank_before = false;
        continue;
      }
    }
    const FurnitureKind furniture =
        ClassifyFurnitureScanned(line, std::min(words, kMaxShortLineWords + 1), line_tokens.Head());
    if (furniture != FurnitureKind::kNone) {
      rec.boilerplate.emplace_back(line);
      blank_before = false;
      continue;
    }
    if (std::optional<DatelineMatch> dl = MatchDatelineTokens(line, line_tokens.First(40));
        dl && dl->whole) {
      promote_short_label();
      structure = true;
      if (!rec.dateline) rec.dateline = std::move(dl->dateline);
      if (!pending.empty()) header_dateline_after_pending = true;
      // An SPA-style dateline carries the date too: "الرياض 26 شوال 1436 هـ ... واس".
      if (published_text.empty()) {
        const DateLine inner = ClassifyDateLine(line, words, &line_tokens);
        if (inner.kind == DateLineKind::kPublished) published_text = line;
      }
      blank_before = false;
      continue;
    }
    const DateLine date = ClassifyDateLine(line, words, &line_tokens);
    if (date.kind != DateLineKind::kNone) {
      promote_short_label();
      structure = true;
      if (date.kind == DateLineKind::kPublished && published_text.empty()) {
        published_text = date.published;
        if (!date.modified.empty()) modified_text = date.modified;
      } else if (modified_text.empty() && !date.modified.empty()) {
        modified_text = date.modified;
      } else {
        rec.boilerplate.emplace_back(line);
      }
      date_or_repeat_seen = true;
      blank_before = false;
      continue;
    }
    if (std::string_view author = FindByline(line, words, &line_tokens); !author.empty()) {
      promote_short_label();
      structure = true;
      if (rec.author.empty()) rec.author = std::string(author);
      blank_before = false;
      continue;
    }
    if (std::string_view caption = FindLabelledCaption(line, words, &line_tokens);
        !caption.empty()) {
      promote_short_label();
      structure = true;
      if (rec.caption.empty()) {
        rec.caption = std::string(caption);
      } else {
        rec.warnings.push_back("second caption kept as boilerplate: " + std::string(line));
        rec.boilerplate.emplace_back(line);
      }
      blank_before = false;
      continue;
    }
    if (rec.title.empty()) {
      if (words > kMaxTitleWords || line.size() > kMaxTitleBytes || IsParagraphLike(line, words)) {
        paragraph_like = true;
        break;  // no headline: the dump starts with the body
      }
      first_text_line_seen = true;
      if (words < 3 && !scan::EndsSentence(line)) {
        drop_short_label();
        short_label = line;
        short_label_at = rec.boilerplate.size();
        continue;
      }
      drop_short_label();
      rec.title = std::string(line);
      blank_before = false;
      continue;
    }
    if (IsParagraphLike(line, words)) {
      paragraph_like = true;
      break;
    }
    pending.push_back({line, date_or_repeat_seen, blank_before});
    blank_before = false;
  }
  promote_short_label();

  // Short header lines. The image caption is the first one after the date line / repeated headline
  // when a standalone dateline follows it or when it is the only one there; a short "X - Y" line
  // before that is a byline ("هسبريس - محمد الراجي"); the others are lead paragraphs (kept as
  // text).
  std::vector<BodyLine> body;
  std::vector<const Pending*> rest;
  for (const Pending& p : pending) {
    if (rec.author.empty() && IsBylineLike(p.text, &tokens)) {
      rec.author = std::string(p.text);
      structure = true;
    } else {
      rest.push_back(&p);
    }
  }
  size_t after_date_count = 0;
  for (const Pending* p : rest) after_date_count += p->after_date_or_repeat;
  for (const Pending* p : rest) {
    if (rec.caption.empty() && p->after_date_or_repeat && !scan::EndsSentence(p->text) &&
        (header_dateline_after_pending ||
         (after_date_count == 1 &&
          scan::CountWords(p->text, kMaxLoneCaptionWords + 1) <= kMaxLoneCaptionWords))) {
      rec.caption = std::string(p->text);
      continue;
    }
    body.push_back({p->text, p->blank_before});
  }

  // ---- Body zone.
  bool in_list = false;  // after a related-links / tags heading
  for (; li < raw_lines.size(); ++li) {
    std::string_view line = scan::Trim(raw_lines[li]);
    if (line.empty()) {
      blank_before = true;
      continue;
    }
    const bool blank = blank_before;
    blank_before = false;
    // Most body lines are long paragraphs: one bounded word count rules out every other test.
    const size_t words = scan::CountWords(line, kMaxShortLineWords + 1);
    if (words > kMaxShortLineWords) {
      paragraph_like = true;
      in_list = false;
      body.push_back({line, blank});
      continue;
    }
    line_tokens.Reset(line);
    const FurnitureKind furniture = ClassifyFurnitureScanned(line, words, line_tokens.Head());
    if (furniture != FurnitureKind::kNone) {
      rec.boilerplate.emplace_back(line);
      in_list = furniture == FurnitureKind::kSection;
      continue;
    }
    if (in_list) {
      if (words <= kMaxListItemWords && !scan::EndsSentence(line)) {
        rec.boilerplate.emplace_back(line);
        continue;
      }
      in_list = false;
    }
    if (words <= kMaxDateLineWords) {
      if (IsTimeStamp(line, &tokens)) {
        rec.boilerplate.emplace_back(line);
        continue;
      }
      // In the body only labelled date lines are page metadata ("تاريخ النشر: ..."); an
      // unlabelled date there is article text (a schedule, a list of days).
      const DateLine date = ClassifyDateLine(line, words, &line_tokens);
      if (date.labelled) {
        structure = true;
        if (date.kind == DateLineKind::kPublished && published_text.empty()) {
          published_text = date.published;
          if (!date.modified.empty() && modified_text.empty()) modified_text = date.modified;
        } else if (date.kind == DateLineKind::kModified && modified_text.empty()) {
          modified_text = date.modified;
        } else {
          rec.boilerplate.emplace_back(line);
        }
        continue;
      }
    }
    if (!paragraph_like && IsParagraphLike(line, words)) paragraph_like = true;
    body.push_back({line, blank});
  }
  if (!plain && !rec.title.empty() && !structure && !paragraph_like && !blank_after_first) {
    Result<ArticleRecord> r = Parse(utf8, source, /*plain=*/true);
    if (r.ok()) {
      r->warnings.insert(r->warnings.begin(),
                         "no headline found: a short text with no article structure is read "
                         "as body text");
    }
    return r;
  }

  // ---- Paragraphs: one per line, unless the dump is hard-wrapped.
  size_t max_len = 0, long_lines = 0;
  std::vector<size_t> lengths(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    lengths[i] = scan::CodePoints(body[i].text);
    if (lengths[i] >= 30) {
      ++long_lines;
      max_len = std::max(max_len, lengths[i]);
    }
  }
  bool wrapped = false;
  if (long_lines >= 4 && max_len <= 110) {
    size_t near_max = 0;
    for (size_t len : lengths) near_max += len * 10 >= max_len * 7;
    wrapped = near_max * 10 >= long_lines * 6;
  }
  for (size_t i = 0; i < body.size(); ++i) {
    const bool join = wrapped && i > 0 && !body[i].blank_before && !rec.paragraphs.empty() &&
                      lengths[i - 1] * 10 >= max_len * 7 && !scan::EndsSentence(body[i - 1].text);
    if (join) {
      rec.paragraphs.back().push_back(' ');
      rec.paragraphs.back().append(body[i].text);
    } else {
      rec.paragraphs.emplace_back(body[i].text);
    }
  }
  if (wrapped) rec.warnings.push_back("hard-wrapped lines joined into paragraphs");

  // ---- Closing credits: "(رويترز)", "وكالات", "المصدر: أ ف ب" on their own line.
  while (!rec.paragraphs.empty() && scan::CountWords(rec.paragraphs.back(), 7) <= 6) {
    std::optional<DatelineMatch> dl = MatchDateline(rec.paragraphs.back());
    if (!dl || !dl->whole) break;
    if (!rec.dateline) {
      rec.dateline = std::move(dl->dateline);
    } else if (!rec.dateline->agency) {
      rec.dateline->agency = std::move(dl->dateline.agency);
    } else {
      rec.boilerplate.push_back(rec.paragraphs.back());
    }
    rec.paragraphs.pop_back();
  }
  // Dateline opening the first paragraph: "القاهرة (رويترز) - قال ...". The paragraph stays as
  // written; the dateline is also reported in its field.
  if (!rec.dateline && !rec.paragraphs.empty()) {
    if (std::optional<DatelineMatch> dl = MatchDateline(rec.paragraphs.front())) {
      rec.dateline = std::move(dl->dateline);
    }
  }
  if (!rec.dateline && !rec.paragraphs.empty()) {
    if (std::optional<Agency> credit = FindTrailingCredit(rec.paragraphs.back())) {
      rec.dateline = Dateline{"", std::move(credit)};
    }
  }

  if (rec.paragraphs.empty()) {
    return Status::InvalidArgument(rec.title.empty()
                                       ? "no recognisable article: no headline and no body text"
                                       : "no recognisable article: a headline but no body text");
  }
  if (rec.title.empty() && !plain) rec.warnings.push_back("no headline found");

  // ---- Dates.
  if (!published_text.empty()) {
    rec.published_text = std::string(published_text);
    Result<time::DateMatch> d = dates.Parse(published_text);
    if (d.ok()) {
      rec.published = d->value;
      for (const std::string& w : d->warnings) rec.warnings.push_back("published: " + w);
    } else {
      rec.warnings.push_back("published: cannot read the date line: " + d.status().message());
    }
  } else {
    rec.warnings.push_back("no date line found");
  }
  if (!modified_text.empty()) {
    Result<time::DateMatch> d = dates.Parse(modified_text);
    if (d.ok()) {
      rec.modified = d->value;
    } else {
      rec.warnings.push_back("modified: cannot read '" + std::string(modified_text) + "'");
    }
  }
  rec.id = ContentId(rec.title, rec.paragraphs);
  return rec;
}

namespace {
std::string_view SiteValue(const std::unordered_map<std::string, std::string>& m,
                           std::string_view site) {
  if (site.substr(0, 4) == "www.") site.remove_prefix(4);
  auto it = m.find(std::string(site));
  return it == m.end() ? std::string_view() : std::string_view(it->second);
}
}  // namespace

std::string_view SiteTimeZone(std::string_view site) {
  return SiteValue(Tables::Get().site_tz, site);
}

std::string_view SiteCountry(std::string_view site) {
  return SiteValue(Tables::Get().site_country, site);
}

}  // namespace khabar::extract

#include <unicode/timezone.h>
#include <unicode/ucal.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "base/utf8.h"
#include "embedded/SiteProfiles.h"
#include "extract/html_dom.h"
#include "khabar/extract.h"
#include "khabar/html.h"
#include "khabar/time.h"

namespace khabar::extract {
namespace {

using html::CollapseSpace;
using html::PageContent;

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',' || c == ' ') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

struct ProfileTable {
  std::vector<SiteProfile> profiles;
  std::unordered_map<std::string, size_t> by_domain;
};

const ProfileTable& Profiles() {
  static const ProfileTable* table = [] {
    auto* t = new ProfileTable;
    std::string_view data = embedded::SiteProfiles("data/sites/profiles.tsv");
    while (!data.empty()) {
      size_t nl = data.find('\n');
      std::string_view line = data.substr(0, nl);
      data = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string_view> f;
      for (size_t start = 0;;) {
        const size_t tab = line.find('\t', start);
        f.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
      if (f.size() < 5 || f[0] == "domain") continue;
      SiteProfile p;
      p.domain = std::string(f[0]);
      p.name_ar = std::string(f[1]);
      p.name_en = std::string(f[2]);
      p.country = std::string(f[3]);
      p.tz = std::string(f[4]);
      if (f.size() > 5 && f[5] != "-") p.body_hints = SplitList(f[5]);
      if (f.size() > 6 && f[6] != "-") p.drop_hints = SplitList(f[6]);
      t->by_domain[p.domain] = t->profiles.size();
      t->profiles.push_back(std::move(p));
    }
    return t;
  }();
  return *table;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Cuts a trailing (or leading) " | Site", " - Site" segment from a page title.
std::string StripSiteName(const std::string& title, const std::string& site_name,
                          const SiteProfile* profile) {
  static constexpr std::string_view kSeps[] = {
      " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " || ", " ـ "};
  for (std::string_view sep : kSeps) {
    const size_t last = title.rfind(sep);
    if (last != std::string::npos && last > 0) {
      const std::string tail(TrimView(std::string_view(title).substr(last + sep.size())));
      const bool known =
          (!site_name.empty() && tail == site_name) ||
          (profile != nullptr && (tail == profile->name_ar || tail == profile->name_en));
      const size_t head_words = WordCount(title.substr(0, last));
      if (known ||
          (WordCount(tail) <= 4 && head_words >= 3 &&
           (sep == " | " || sep == " || " || sep == " :: ")) ||
          (WordCount(tail) <= 4 && head_words >= 5 && sep != " « " && sep != " » ")) {
        return std::string(TrimView(std::string_view(title).substr(0, last)));
      }
    }
    const size_t first = title.find(sep);
    if (first != std::string::npos && first > 0) {
      const std::string head(TrimView(std::string_view(title).substr(0, first)));
      const bool known =
          (!site_name.empty() && head == site_name) ||
          (profile != nullptr && (head == profile->name_ar || head == profile->name_en));
      if (known) return std::string(TrimView(std::string_view(title).substr(first + sep.size())));
    }
  }
  return title;
}

std::string ChooseTitle(const PageContent& page, const SiteProfile* profile) {
  const std::string og =
      page.title_og.empty() ? "" : StripSiteName(page.title_og, page.site_name, profile);
  const std::string tag =
      page.title_tag.empty() ? "" : StripSiteName(page.title_tag, page.site_name, profile);
  // The article's own heading wins when the metadata agrees with it (metadata titles are often
  // shortened or carry the site name); JSON-LD headline next; then OpenGraph, then <title>.
  if (!page.title_h1.empty()) {
    for (const std::string* m : {&page.title_jsonld, &og, &tag}) {
      if (!m->empty() && (m->find(page.title_h1) != std::string::npos ||
                          page.title_h1.find(*m) != std::string::npos)) {
        return page.title_h1;
      }
    }
  }
  if (!page.title_jsonld.empty()) return page.title_jsonld;
  // No usable <h1>: a heading that the page title repeats (wire sites put the headline in <h2>).
  if (page.title_h1.empty()) {
    for (const std::string& h : page.subheadings) {
      if (WordCount(h) < 3) continue;
      for (const std::string* m : {&og, &tag, &page.title_og, &page.title_tag}) {
        if (!m->empty() && m->find(h) != std::string::npos) return h;
      }
    }
  }
  if (!og.empty()) return og;
  if (!page.title_h1.empty()) return page.title_h1;
  return tag;
}

// Writes "+HH:MM" for an offset in minutes.
std::string FormatOffset(int minutes) {
  char buf[16];
  const char sign = minutes < 0 ? '-' : '+';
  minutes = std::abs(minutes);
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, minutes / 60, minutes % 60);
  return buf;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yy + (*m <= 2));
}

// Offset of `tz` in minutes at a UTC instant (or at a local wall time when `local`).
std::optional<int> ZoneOffsetMinutes(std::string_view tz, int64_t seconds, bool local) {
  if (tz.empty()) return std::nullopt;
  // Loading a zone from ICU's resources costs more than the rest of a page: keep them per thread.
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::TimeZone>> zones;
  auto it = zones.find(std::string(tz));
  if (it == zones.end()) {
    if (zones.size() > 256) zones.clear();
    std::unique_ptr<icu::TimeZone> created(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
            icu::StringPiece(tz.data(), static_cast<int32_t>(tz.size())))));
    it = zones.emplace(std::string(tz), std::move(created)).first;
  }
  const icu::TimeZone* zone = it->second.get();
  if (zone == nullptr || *zone == icu::TimeZone::getUnknown()) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  zone->getOffset(static_cast<UDate>(seconds) * 1000.0, local, raw, dst, status);
  if (U_FAILURE(status)) return std::nullopt;
  return (raw + dst) / 60000;
}

bool ReadDigits(std::string_view s, size_t* pos, size_t n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

// Epoch seconds of a capture date ("2024-03-05T10:20:30Z").
std::optional<int64_t> UnixSecondsOf(std::string_view iso) {
  size_t p = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!ReadDigits(iso, &p, 4, &y) || p >= iso.size() || iso[p++] != '-' ||
      !ReadDigits(iso, &p, 2, &mo) || p >= iso.size() || iso[p++] != '-' ||
      !ReadDigits(iso, &p, 2, &d)) {
    return std::nullopt;
  }
  if (p < iso.size() && (iso[p] == 'T' || iso[p] == ' ')) {
    ++p;
    if (!ReadDigits(iso, &p, 2, &h) || p >= iso.size() || iso[p++] != ':' ||
        !ReadDigits(iso, &p, 2, &mi)) {
      return std::nullopt;
    }
    if (p < iso.size() && iso[p] == ':') {
      ++p;
      ReadDigits(iso, &p, 2, &s);
    }
  }
  return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

std::string FirstAuthorLine(std::string_view text) {
  std::string s(TrimView(text));
  static constexpr std::string_view kLabels[] = {"كتب:",  "كتبت:",  "كتب :", "كتبت :",
                                                 "بقلم:", "بقلم :", "كتب ",  "كتبت ",
                                                 "بقلم ", "By ",    "by "};
  for (std::string_view l : kLabels) {
    if (StartsWith(s, l)) {
      s = std::string(TrimView(std::string_view(s).substr(l.size())));
      break;
    }
  }
  // Separators around the name: "كتب - سارة المهدي:", "كتب: – محمد علي -".
  static constexpr std::string_view kSeparators[] = {":", "-", "–", "—", "ـ", " "};
  for (bool trimmed = true; trimmed && !s.empty();) {
    trimmed = false;
    for (std::string_view sep : kSeparators) {
      if (StartsWith(s, sep)) {
        s.erase(0, sep.size());
        trimmed = true;
      }
      if (s.size() >= sep.size() && std::string_view(s).substr(s.size() - sep.size()) == sep) {
        s.erase(s.size() - sep.size());
        trimmed = true;
      }
    }
  }
  return s;
}

bool IsBylineParagraph(std::string_view p) {
  static constexpr std::string_view kStarts[] = {"كتب ",   "كتب:",   "كتبت ", "كتبت:", "بقلم",
                                                 "إعداد:", "تقرير:", "كتب -", "كتبت -"};
  if (WordCount(p) > 10) return false;
  for (std::string_view s : kStarts) {
    if (StartsWith(p, s)) return true;
  }
  return false;
}

// A paragraph that is only a date (with label words), e.g. "نشر في: الثلاثاء 5 مارس 2024 - 10:20
// ص".
bool IsDateOnly(const time::DateParser& parser, std::string_view p) {
  if (WordCount(p) > 14) return false;
  std::vector<time::DateMatch> all = parser.FindAll(p);
  if (all.empty()) return false;
  size_t covered = 0;
  for (const auto& m : all) covered += m.byte_end - m.byte_begin;
  return covered * 2 >= p.size();
}

// Whether `text` holds a four-digit number (a year), in Western or Arabic-Indic digits.
bool HasYearNumber(std::string_view text) {
  size_t run = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    bool digit = false;
    size_t len = 1;
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (i + 1 < text.size() && (c == 0xD9 || c == 0xDB)) {
      const unsigned char d = static_cast<unsigned char>(text[i + 1]);
      digit = (c == 0xD9 && d >= 0xA0 && d <= 0xA9) || (c == 0xDB && d >= 0xB0 && d <= 0xB9);
      if (digit) len = 2;
    }
    if (digit) {
      ++run;
    } else {
      if (run == 4) return true;
      run = 0;
    }
    i += len;
  }
  return run == 4;
}

}  // namespace

std::string SiteOfUrl(std::string_view url) {
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::string_view host = url.substr(start);
  const size_t end = host.find_first_of("/?#");
  if (end != std::string_view::npos) host = host.substr(0, end);
  const size_t at = host.rfind('@');
  if (at != std::string_view::npos) host = host.substr(at + 1);
  const size_t colon = host.find(':');
  if (colon != std::string_view::npos) host = host.substr(0, colon);
  std::string h;
  for (char c : host) h += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (StartsWith(h, "www.")) h.erase(0, 4);
  while (!h.empty() && h.back() == '.') h.pop_back();
  if (h.find('.') == std::string::npos) return "";
  return h;
}

const SiteProfile* FindSiteProfile(std::string_view host_or_url) {
  std::string host = SiteOfUrl(host_or_url);
  const ProfileTable& t = Profiles();
  // "m.youm7.com", "arabic.cnn.com": try the host, then each parent domain.
  for (std::string_view h = host; !h.empty();) {
    auto it = t.by_domain.find(std::string(h));
    if (it != t.by_domain.end()) return &t.profiles[it->second];
    const size_t dot = h.find('.');
    if (dot == std::string_view::npos) break;
    h.remove_prefix(dot + 1);
    if (h.find('.') == std::string_view::npos) break;
  }
  return nullptr;
}

Result<std::string> NormalizeIsoDate(std::string_view text, std::string_view tz) {
  std::string_view s = TrimView(text);
  size_t p = 0;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  auto bad = [&]() {
    return Status::InvalidArgument("not an ISO 8601 date: " + std::string(text));
  };
  if (!ReadDigits(s, &p, 4, &y) || p >= s.size() || (s[p] != '-' && s[p] != '/')) return bad();
  ++p;
  if (!ReadDigits(s, &p, 2, &mo)) return bad();
  if (p >= s.size() || (s[p] != '-' && s[p] != '/')) return bad();
  ++p;
  if (!ReadDigits(s, &p, 2, &d)) return bad();
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) {
    return Status::OutOfRange("impossible date: " + std::string(text));
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) {
    return Status::OutOfRange("impossible date: " + std::string(text));
  }
  bool has_time = false;
  std::optional<int> offset;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ')) {
    ++p;
    if (!ReadDigits(s, &p, 2, &h) || p >= s.size() || s[p] != ':') return bad();
    ++p;
    if (!ReadDigits(s, &p, 2, &mi)) return bad();
    has_time = true;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!ReadDigits(s, &p, 2, &sec)) return bad();
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
      }
    }
    if (h > 24 || mi > 59 || sec > 60)
      return Status::OutOfRange("impossible time: " + std::string(text));
    if (p < s.size() && s[p] == ' ') ++p;
    if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
      offset = 0;
      ++p;
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
      const int sign = s[p] == '-' ? -1 : 1;
      ++p;
      int oh = 0, om = 0;
      if (!ReadDigits(s, &p, 2, &oh)) return bad();
      if (p < s.size() && s[p] == ':') ++p;
      if (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p])) &&
          !ReadDigits(s, &p, 2, &om)) {
        return bad();
      }
      if (oh > 14 || om > 59) return bad();
      offset = sign * (oh * 60 + om);
    } else if (p + 3 <= s.size() && (s.substr(p, 3) == "GMT" || s.substr(p, 3) == "UTC")) {
      offset = 0;
      p += 3;
    }
  }
  if (p != s.size()) return bad();
  char buf[40];
  if (!has_time) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
    return std::string(buf);
  }
  int64_t local_seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  std::optional<int> out_offset = offset;
  if (offset.has_value()) {
    const int64_t utc = local_seconds - int64_t{*offset} * 60;
    if (std::optional<int> zone = ZoneOffsetMinutes(tz, utc, false)) {
      local_seconds = utc + int64_t{*zone} * 60;
      out_offset = zone;
    }
  } else {
    out_offset = ZoneOffsetMinutes(tz, local_seconds, true);
  }
  const int64_t days = local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
  const int64_t rem = local_seconds - days * 86400;
  int yy, mm, dd;
  CivilFromDays(days, &yy, &mm, &dd);
  const int hh = static_cast<int>(rem / 3600), mn = static_cast<int>(rem / 60 % 60),
            ss = static_cast<int>(rem % 60);
  if (ss != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", yy, mm, dd, hh, mn, ss);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", yy, mm, dd, hh, mn);
  }
  std::string out = buf;
  if (out_offset.has_value()) out += FormatOffset(*out_offset);
  return out;
}

Result<ArticleRecord> ExtractHtml(std::string_view html_in, const HtmlOptions& options) {
  std::string repaired;
  std::vector<std::string> warnings;
  std::string_view html_text = html_in;
  if (!utf8::IsValid(html_in)) {
    size_t replaced = 0;
    repaired = utf8::Repair(html_in, &replaced);
    html_text = repaired;
    warnings.push_back(std::to_string(replaced) + " invalid UTF-8 sequences replaced with U+FFFD");
  }
  ArticleRecord rec;
  rec.source = options.source;
  const SiteProfile* profile =
      !rec.source.url.empty()
          ? FindSiteProfile(rec.source.url)
          : (!rec.source.site.empty() ? FindSiteProfile(rec.source.site) : nullptr);
  html::DomOptions dom;
  if (profile != nullptr && options.use_site_hints) {
    dom.body_hints = profile->body_hints;
    dom.drop_hints = profile->drop_hints;
  }
  Result<PageContent> analyzed = html::AnalyzePage(html_text, dom);
  if (!analyzed.ok()) return analyzed.status();
  PageContent& page = *analyzed;
  if (rec.source.url.empty() && !page.canonical_url.empty() &&
      page.canonical_url.find("://") != std::string::npos) {
    rec.source.url = page.canonical_url;
    if (profile == nullptr) profile = FindSiteProfile(rec.source.url);
  }
  if (rec.source.site.empty()) rec.source.site = SiteOfUrl(rec.source.url);
  std::string tz = options.tz;
  if (tz.empty() && profile != nullptr) tz = profile->tz;
  if (tz.empty() && !rec.source.site.empty()) tz = std::string(SiteTimeZone(rec.source.site));

  time::DateOptions date_options;
  date_options.tz = tz;
  date_options.reference_unix_seconds = options.reference_unix_seconds;
  const time::DateParser dates(date_options);

  rec.title = ChooseTitle(page, profile);

  // Publication and modification times: machine-readable metadata first, then Arabic date text.
  for (const html::Candidate& c : page.published) {
    Result<std::string> v = NormalizeIsoDate(c.value, tz);
    if (!v.ok()) {
      Result<time::DateMatch> m = dates.Parse(c.value);
      if (!m.ok()) continue;
      v = m->value;
    }
    rec.published = *v;
    rec.published_text = c.value;
    break;
  }
  for (const html::Candidate& c : page.modified) {
    Result<std::string> v = NormalizeIsoDate(c.value, tz);
    if (v.ok()) {
      rec.modified = *v;
      break;
    }
  }
  // The first date text that reads as a day or a moment; `absolute_only`: only those that
  // name their year (far from the headline, "منذ 3 ساعات" and a ticker's "10:45" are not the
  // article's).
  auto date_from_texts = [&](const std::vector<std::string>& texts, bool absolute_only) {
    for (const std::string& text : texts) {
      if (absolute_only && !HasYearNumber(text)) continue;
      Result<time::DateMatch> m = dates.Parse(text);
      if (!m.ok() || m->granularity == time::Granularity::kYear ||
          m->granularity == time::Granularity::kMonth) {
        continue;
      }
      rec.published = m->value;
      rec.published_text = text;
      for (const std::string& w : m->warnings) warnings.push_back("date: " + w);
      return;
    }
  };
  if (rec.published.empty()) date_from_texts(page.date_texts, false);

  // Body clean-up: the headline repeated, date and byline lines, furniture, the caption again.
  std::vector<std::string> paragraphs;
  bool in_section = false;
  const std::string title_key = rec.title;
  for (size_t i = 0; i < page.paragraphs.size(); ++i) {
    std::string& p = page.paragraphs[i];
    const bool near_top = paragraphs.size() < 3;
    if (p == title_key || (!page.caption.empty() && p == page.caption) ||
        (!page.page_caption.empty() && p == page.page_caption)) {
      rec.boilerplate.push_back(std::move(p));
      continue;
    }
    if (near_top && IsBylineParagraph(p)) {
      if (rec.author.empty()) rec.author = FirstAuthorLine(p);
      rec.boilerplate.push_back(std::move(p));
      continue;
    }
    if (near_top && !rec.dateline.has_value()) {
      // A standalone dateline line ("الرياض 5 مارس 2024 واس"): dateline, and often the date too.
      if (std::optional<DatelineMatch> m = MatchDateline(p); m && m->whole) {
        rec.dateline = m->dateline;
        if (rec.published.empty()) {
          for (const time::DateMatch& d : dates.FindAll(p)) {
            if (d.granularity == time::Granularity::kYear ||
                d.granularity == time::Granularity::kMonth) {
              continue;
            }
            rec.published = d.value;
            rec.published_text = p.substr(d.byte_begin, d.byte_end - d.byte_begin);
            break;
          }
        }
        rec.boilerplate.push_back(std::move(p));
        continue;
      }
    }
    if (near_top && IsDateOnly(dates, p)) {
      if (rec.published.empty()) {
        Result<time::DateMatch> m = dates.Parse(p);
        if (m.ok() && m->granularity != time::Granularity::kYear) {
          rec.published = m->value;
          rec.published_text = p;
        }
      }
      rec.boilerplate.push_back(std::move(p));
      continue;
    }
    const FurnitureKind kind = ClassifyFurniture(p);
    if (kind == FurnitureKind::kSection) {
      in_section = true;
      rec.boilerplate.push_back(std::move(p));
      continue;
    }
    if (kind == FurnitureKind::kLine) {
      rec.boilerplate.push_back(std::move(p));
      continue;
    }
    if (in_section && WordCount(p) <= 15) {
      rec.boilerplate.push_back(std::move(p));
      continue;
    }
    in_section = false;
    paragraphs.push_back(std::move(p));
  }
  // Pages whose markup hides the body from the DOM walk often still declare it in JSON-LD.
  size_t body_len = 0;
  for (const std::string& p : paragraphs) body_len += p.size();
  if (!page.jsonld_body.empty() && body_len * 2 < page.jsonld_body.size() &&
      page.jsonld_body.size() > 200) {
    paragraphs.clear();
    std::string_view b = page.jsonld_body;
    while (!b.empty()) {
      const size_t nl = b.find('\n');
      std::string p = CollapseSpace(b.substr(0, nl));
      if (!p.empty()) paragraphs.push_back(std::move(p));
      if (nl == std::string_view::npos) break;
      b.remove_prefix(nl + 1);
    }
    warnings.push_back("body taken from the page's JSON-LD articleBody");
  }
  // Date still unknown: a date at the top of the body ("القاهرة في 5 مارس 2024 ..."); one that
  // names its year first, then a dated element away from the headline, then a relative one
  // ("أعلنت الحكومة اليوم", read against the reference instant).
  auto date_from_body_top = [&](bool absolute_only) {
    for (size_t i = 0; i < paragraphs.size() && i < 2; ++i) {
      std::vector<time::DateMatch> found = dates.FindAll(
          std::string_view(paragraphs[i]).substr(0, std::min<size_t>(paragraphs[i].size(), 400)));
      for (const auto& m : found) {
        const std::string_view span =
            std::string_view(paragraphs[i]).substr(m.byte_begin, m.byte_end - m.byte_begin);
        if (m.granularity == time::Granularity::kYear ||
            m.granularity == time::Granularity::kMonth || (absolute_only && !HasYearNumber(span))) {
          continue;
        }
        rec.published = m.value;
        rec.published_text = std::string(span);
        return;
      }
    }
  };
  if (rec.published.empty()) date_from_body_top(true);
  if (rec.published.empty()) {
    date_from_texts(page.far_date_texts, true);
    if (!rec.published.empty()) {
      warnings.push_back("date taken from an element away from the headline");
    }
  }
  if (rec.published.empty()) date_from_body_top(false);
  if (rec.published.empty()) warnings.push_back("no publication date found");

  // Dateline and wire credit: the opening of the body, or a credit closing it.
  if (!paragraphs.empty() && !rec.dateline.has_value()) {
    if (std::optional<DatelineMatch> m = MatchDateline(paragraphs.front())) {
      rec.dateline = m->dateline;
      if (m->whole) {
        rec.boilerplate.push_back(paragraphs.front());
        paragraphs.erase(paragraphs.begin());
      }
    } else if (std::optional<Agency> credit = FindTrailingCredit(paragraphs.back())) {
      rec.dateline = Dateline{"", credit};
    }
  }

  rec.author = !page.author_meta.empty() ? page.author_meta : rec.author;
  if (rec.author.empty()) {
    for (const std::string& b : page.byline_texts) {
      std::string a = FirstAuthorLine(b);
      if (!a.empty() && WordCount(a) <= 8) {
        rec.author = a;
        break;
      }
    }
  }
  if (!rec.dateline.has_value() && !rec.author.empty()) {
    // Agency copy often credits the wire in the byline ("القاهرة - أ ش أ").
    if (std::optional<DatelineMatch> m = MatchDateline(rec.author); m && m->whole) {
      rec.dateline = m->dateline;
    }
  }
  rec.caption = !page.caption.empty()        ? page.caption
                : !page.page_caption.empty() ? page.page_caption
                                             : page.jsonld_caption;
  rec.paragraphs = std::move(paragraphs);
  for (std::string& b : page.boilerplate) rec.boilerplate.push_back(std::move(b));
  for (std::string& w : page.warnings) warnings.push_back(std::move(w));
  rec.warnings = std::move(warnings);
  if (rec.title.empty() && rec.paragraphs.empty()) {
    return Status::InvalidArgument("no article found in the HTML page");
  }
  if (rec.title.empty()) rec.warnings.push_back("no headline found");
  if (rec.paragraphs.empty()) rec.warnings.push_back("no body text found");
  rec.id = ContentId(rec.title, rec.paragraphs);
  return rec;
}

std::optional<int64_t> CaptureTimeSeconds(std::string_view iso) { return UnixSecondsOf(iso); }

}  // namespace khabar::extract

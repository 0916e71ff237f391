#include "store/filter_terms.h"

#include <algorithm>
#include <cstdio>

namespace khabar::store {
namespace {

constexpr std::string_view kTermMarker = "\xEE\x80\x81";  // U+E001

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool StartsWithYear(std::string_view s) {
  return s.size() >= 4 && IsDigit(s[0]) && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3]);
}

std::string SiteKey(std::string_view site) {
  std::string key(site);
  for (char& c : key) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') c = '_';
  }
  return key;
}

std::string Term(std::string_view kind, std::string_view value) {
  std::string term(kTermMarker);
  term += kind;
  term += ':';
  term += value;
  return term;
}

std::string Year(int year) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d", year);
  return buffer;
}

}  // namespace

std::vector<std::string> FilterTerms(std::string_view site, std::string_view published) {
  std::vector<std::string> terms;
  const std::string site_key = SiteKey(site);
  if (!site.empty()) terms.push_back(Term("s", site_key));
  if (!published.empty()) {
    std::string year = "?", month = "?";
    if (StartsWithYear(published)) {
      year = std::string(published.substr(0, 4));
      month = published.size() >= 7 && published[4] == '-' && IsDigit(published[5]) &&
                      IsDigit(published[6])
                  ? std::string(published.substr(0, 7))
                  : year + "-00";
    }
    terms.push_back(Term("y", year));
    terms.push_back(Term("m", month));
    if (!site.empty()) terms.push_back(Term("sy", year + ":" + site_key));
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

void AddFilterTerms(std::string_view site, std::string_view published,
                    std::vector<std::string>* terms) {
  const std::vector<std::string> filters = FilterTerms(site, published);
  const size_t middle = terms->size();
  terms->insert(terms->end(), filters.begin(), filters.end());
  std::inplace_merge(terms->begin(), terms->begin() + middle, terms->end());
  terms->erase(std::unique(terms->begin(), terms->end()), terms->end());
}

std::string FilterText(const std::vector<std::string>& terms) {
  std::string text(1, kFilterTextMarker);
  for (const std::string& term : terms) {
    if (text.size() > 1) text += ' ';
    text += term;
  }
  return text;
}

std::string FilterText(std::string_view site, std::string_view published) {
  return FilterText(FilterTerms(site, published));
}

std::optional<std::vector<std::string>> FilterCover(std::string_view from, std::string_view to,
                                                    const std::vector<std::string>& sites,
                                                    int last_year) {
  const bool dated = !from.empty() || !to.empty();
  const bool coverable = StartsWithYear(from) && (to.empty() || StartsWithYear(to));
  const int first = coverable ? std::stoi(std::string(from.substr(0, 4))) : 0;
  const int last = !coverable   ? 0
                   : to.empty() ? last_year
                                : std::stoi(std::string(to.substr(0, 4)));
  if (!dated || !coverable || last < first || last - first + 1 > kMaxCoverYears) {
    // No date terms: the outlets alone, when there are some, hold every accepted article.
    if (sites.empty() || (dated && coverable && last < first)) return std::nullopt;
    std::vector<std::string> terms;
    for (const std::string& site : sites) terms.push_back(Term("s", SiteKey(site)));
    return terms;
  }
  // The accepted texts are [from, upper) byte-wise (search.cc binds `to` + "\x7f").
  const std::string upper = to.empty() ? std::string() : std::string(to) + "\x7f";
  auto below_upper = [&](std::string_view s) { return upper.empty() || s < upper; };
  // (kind, value) of the date terms: whole years, else the months the range can reach.
  std::vector<std::pair<std::string, std::string>> dates;
  for (int y = first; y <= last; ++y) {
    const std::string year = Year(y);
    // Every text starting with the year is accepted when the year is not below `from` and `upper`
    // is above all of them: `to` in a later year, or `to` the year itself (what follows the year
    // in a stored time is ASCII, below 0x7F).
    const bool whole = from <= std::string_view(year) &&
                       (to.empty() || to.substr(0, 4) > std::string_view(year) || to == year);
    if (whole) {
      dates.emplace_back("y", year);
      continue;
    }
    dates.emplace_back("m", year + "-00");  // a year without a month: compared as whatever follows
    for (int m = 1; m <= 12; ++m) {
      const std::string month = year + (m < 10 ? "-0" : "-") + std::to_string(m);
      // Some text starting with `month` is in [from, upper): the month is not below from's own
      // month and is below `upper`.
      if (from.substr(0, 7) <= std::string_view(month) && below_upper(month)) {
        dates.emplace_back("m", month);
      }
    }
  }
  // A `published` that does not start with a year is above every year and passes an open range.
  if (to.empty()) dates.emplace_back("y", "?");
  std::vector<std::string> terms;
  if (sites.empty()) {
    for (const auto& [kind, value] : dates) terms.push_back(Term(kind, value));
  } else {
    // With outlets, years: an outlet's months would be terms of one or two articles each (a
    // vocabulary row and an index entry apiece), and the SQL conditions cut the year to the months.
    for (const std::string& site : sites) {
      std::string last;
      for (const auto& [kind, value] : dates) {
        const std::string year = value.substr(0, std::min<size_t>(value.size(), 4));
        if (year == last) continue;
        last = year;
        terms.push_back(Term("sy", year + ":" + SiteKey(site)));
      }
    }
  }
  return terms;
}

Status RegisterFilterFunctions(sqlite3* db) {
  auto filters = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    auto text = [](sqlite3_value* v) {
      const unsigned char* p = sqlite3_value_text(v);
      return p ? std::string_view(reinterpret_cast<const char*>(p), sqlite3_value_bytes(v))
               : std::string_view();
    };
    const std::string out = FilterText(text(argv[0]), text(argv[1]));
    sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  };
  if (sqlite3_create_function_v2(db, "khabar_filters", 2,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 filters, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::Internal(std::string("cannot register khabar_filters: ") + sqlite3_errmsg(db));
  }
  return Status::Ok();
}

}  // namespace khabar::store

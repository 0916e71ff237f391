#include "time/icu_names.h"

#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>

#include <memory>
#include <unordered_map>

#include "base/utf8.h"

namespace khabar::time::internal {
namespace {

constexpr std::string_view kHeader = "khabar-icu-names 1";

void Add(std::vector<IcuName>* out, WordKind kind, int value, std::string spelling,
         std::string zone = "") {
  out->push_back({kind, value, std::move(spelling), std::move(zone)});
}

// Regions whose zones' Arabic city names (and, for single-zone regions, country names) are taken
// from ICU: the Arab League plus the neighbours and capitals Arabic news most often cites.
constexpr const char* kZoneRegions[] = {
    "EG", "SA", "AE", "KW", "QA", "BH", "OM", "YE", "IQ", "SY", "LB", "JO", "PS", "IL", "MA", "EH",
    "DZ", "TN", "LY", "SD", "SS", "MR", "DJ", "SO", "KM", "TR", "IR", "GB", "FR", "DE", "IT", "ES",
    "BE", "CH", "AT", "NL", "GR", "CY", "ET", "ER", "PK", "AF", "IN", "CN", "JP", "KR"};

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

void AddMonths(std::vector<IcuName>* b, WordKind kind, const icu::DateFormatSymbols& s) {
  using S = icu::DateFormatSymbols;
  for (auto ctx : {S::FORMAT, S::STANDALONE}) {
    for (auto width : {S::WIDE, S::ABBREVIATED}) {
      int32_t n = 0;
      const icu::UnicodeString* m = s.getMonths(n, ctx, width);
      for (int32_t i = 0; i < n && i < 12; ++i) Add(b, kind, i + 1, ToUtf8(m[i]));
    }
  }
}

}  // namespace

std::vector<IcuName> QueryIcuNames() {
  std::vector<IcuName> out;
  std::vector<IcuName>* b = &out;
  using S = icu::DateFormatSymbols;
  // Gregorian months and weekdays of every Arabic locale ICU has, plus English and French (used by
  // Maghrebi and English-language pages) — no locale to choose.
  std::vector<icu::Locale> locales;
  int32_t count = 0;
  const icu::Locale* available = icu::Locale::getAvailableLocales(count);
  for (int32_t i = 0; i < count; ++i) {
    if (std::string_view(available[i].getLanguage()) == "ar") locales.push_back(available[i]);
  }
  locales.emplace_back("ar");
  locales.emplace_back("en");
  locales.emplace_back("fr");
  for (const icu::Locale& loc : locales) {
    UErrorCode status = U_ZERO_ERROR;
    S symbols(loc, status);
    if (U_FAILURE(status)) continue;
    AddMonths(b, WordKind::kGregorianMonth, symbols);
    for (auto ctx : {S::FORMAT, S::STANDALONE}) {
      for (auto width : {S::WIDE, S::ABBREVIATED}) {
        int32_t n = 0;
        const icu::UnicodeString* d = symbols.getWeekdays(n, ctx, width);
        for (int32_t i = 1; i < n && i <= 7; ++i) Add(b, WordKind::kWeekday, i, ToUtf8(d[i]));
      }
    }
    int32_t n = 0;
    const icu::UnicodeString* ampm = symbols.getAmPmStrings(n);
    if (n == 2) {
      Add(b, WordKind::kPeriod, kAm, ToUtf8(ampm[0]));
      Add(b, WordKind::kPeriod, kPm, ToUtf8(ampm[1]));
    }
    if (std::string_view(loc.getLanguage()) == "ar") {
      const icu::UnicodeString* eras = symbols.getEras(n);
      if (n == 2) Add(b, WordKind::kEra, 0, ToUtf8(eras[1]));
      eras = symbols.getEraNames(n);
      if (n == 2) Add(b, WordKind::kEra, 0, ToUtf8(eras[1]));
    }
  }
  // Hijri month names and era from ICU's Islamic calendars.
  for (const char* id : {"ar@calendar=islamic", "ar@calendar=islamic-umalqura",
                         "en@calendar=islamic", "ar_SA@calendar=islamic-civil"}) {
    std::unique_ptr<icu::DateFormat> f(
        icu::DateFormat::createDateInstance(icu::DateFormat::kFull, icu::Locale(id)));
    auto* sdf = dynamic_cast<icu::SimpleDateFormat*>(f.get());
    if (sdf == nullptr) continue;
    const S* symbols = sdf->getDateFormatSymbols();
    AddMonths(b, WordKind::kHijriMonth, *symbols);
    int32_t n = 0;
    const icu::UnicodeString* eras = symbols->getEras(n);
    if (n >= 1 && std::string_view(id).substr(0, 2) == "ar")
      Add(b, WordKind::kEra, 1, ToUtf8(eras[0]));
  }
  // Zones: Arabic exemplar city names, and country names of single-zone countries.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> names(
      icu::TimeZoneNames::createInstance(icu::Locale("ar"), status));
  if (U_FAILURE(status)) return out;
  // The canonical location zones, enumerated once and grouped by region in their order: an
  // enumeration filtered by region walks all ~600 zones again (46 of them were 140 million
  // instructions, most of the first article's time). ICU filters the same way
  // (TimeZone::getRegion).
  std::unordered_map<std::string, std::vector<icu::UnicodeString>> zones_of_region;
  {
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> ids(icu::TimeZone::createTimeZoneIDEnumeration(
        UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
    if (U_FAILURE(status)) return out;
    while (const icu::UnicodeString* id = ids->snext(status)) {
      if (U_FAILURE(status)) break;
      char region[8];
      UErrorCode region_status = U_ZERO_ERROR;
      const int32_t n = icu::TimeZone::getRegion(*id, region, sizeof region, region_status);
      if (U_FAILURE(region_status) || n <= 0 || n >= static_cast<int32_t>(sizeof region)) continue;
      zones_of_region[std::string(region, n)].push_back(*id);
    }
  }
  for (const char* region : kZoneRegions) {
    const auto ids = zones_of_region.find(region);
    if (ids == zones_of_region.end()) continue;
    std::vector<std::string> zones;
    for (const icu::UnicodeString& id : ids->second) {
      icu::UnicodeString city;
      names->getExemplarLocationName(id, city);
      zones.push_back(ToUtf8(id));
      if (!city.isEmpty()) Add(b, WordKind::kZone, 0, ToUtf8(city), zones.back());
    }
    if (zones.size() == 1) {
      icu::UnicodeString country;
      icu::Locale("und", region).getDisplayCountry(icu::Locale("ar"), country);
      Add(b, WordKind::kZone, 0, ToUtf8(country), zones[0]);
    }
  }
  return out;
}

Result<std::string> SerializeIcuNames(const std::vector<IcuName>& names) {
  std::string out(kHeader);
  out.push_back('\n');
  for (const IcuName& n : names) {
    for (const std::string* s : {&n.spelling, &n.zone}) {
      if (s->find_first_of("\t\r\n") != std::string::npos) {
        return Status::InvalidArgument("ICU name with a TAB or line break: '" + *s + "'");
      }
    }
    out += std::to_string(static_cast<int>(n.kind));
    out.push_back('\t');
    out += std::to_string(n.value);
    out.push_back('\t');
    out += n.zone;
    out.push_back('\t');
    out += n.spelling;
    out.push_back('\n');
  }
  return out;
}

Result<std::vector<IcuName>> ParseIcuNames(std::string_view text) {
  const size_t first_end = text.find('\n');
  if (first_end == std::string_view::npos || text.substr(0, first_end) != kHeader) {
    return Status::Corrupt("not an ICU name list of format 1 (expected '" + std::string(kHeader) +
                           "')");
  }
  std::vector<IcuName> names;
  size_t start = first_end + 1, line_no = 1;
  auto number = [](std::string_view s, int* v) {
    if (s.empty() || s.size() > 9) return false;
    bool negative = s[0] == '-';
    if (negative) s.remove_prefix(1);
    if (s.empty()) return false;
    int n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    *v = negative ? -n : n;
    return true;
  };
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    auto bad = [&] { return Status::Corrupt("ICU name list line " + std::to_string(line_no)); };
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    const size_t t3 = t2 == std::string_view::npos ? t2 : line.find('\t', t2 + 1);
    if (t3 == std::string_view::npos || line.find('\t', t3 + 1) != std::string_view::npos) {
      return bad();
    }
    IcuName n;
    int kind = 0;
    if (!number(line.substr(0, t1), &kind) || kind < 0 ||
        kind >= static_cast<int>(WordKind::kCount) ||
        !number(line.substr(t1 + 1, t2 - t1 - 1), &n.value)) {
      return bad();
    }
    n.kind = static_cast<WordKind>(kind);
    n.zone = line.substr(t2 + 1, t3 - t2 - 1);
    n.spelling = line.substr(t3 + 1);
    if (!utf8::IsValid(n.spelling) || !utf8::IsValid(n.zone)) return bad();
    names.push_back(std::move(n));
  }
  return names;
}

}  // namespace khabar::time::internal

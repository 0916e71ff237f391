#include "time/calendar.h"

#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace khabar::time::internal {
namespace {

constexpr int kTableFirstYear = 1300;  // Hijri years kept in the precomputed month tables
constexpr int kTableLastYear = 1600;
constexpr double kMsPerDay = 86400000.0;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// First days of every Hijri month in [kTableFirstYear, kTableLastYear + 1], from ICU, built once.
class HijriTable {
 public:
  explicit HijriTable(HijriVariant variant) : variant_(variant) {
    std::unique_ptr<icu::Calendar> cal = NewCalendar(variant);
    if (cal == nullptr) return;
    for (int y = kTableFirstYear; y <= kTableLastYear + 1; ++y) {
      for (int m = 1; m <= 12; ++m) {
        const auto day = FirstDay(cal.get(), y, m);
        if (!day) {
          starts_.clear();
          return;
        }
        starts_.push_back(*day);
      }
    }
  }

  bool FromDays(int64_t days, int* y, int* m, int* d) const {
    if (starts_.size() < 2 || days < starts_.front() || days >= starts_.back()) return false;
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), days) - 1;
    const size_t i = static_cast<size_t>(it - starts_.begin());
    *y = kTableFirstYear + static_cast<int>(i / 12);
    *m = static_cast<int>(i % 12) + 1;
    *d = static_cast<int>(days - *it) + 1;
    return true;
  }

  std::optional<HijriMonth> Get(int y, int m) const {
    if (y >= kTableFirstYear && y <= kTableLastYear && !starts_.empty()) {
      const size_t i = static_cast<size_t>(y - kTableFirstYear) * 12 + (m - 1);
      return HijriMonth{starts_[i], static_cast<int>(starts_[i + 1] - starts_[i])};
    }
    // Rare years: ask ICU directly.
    std::unique_ptr<icu::Calendar> cal = NewCalendar(variant_);
    if (cal == nullptr) return std::nullopt;
    const auto first = FirstDay(cal.get(), y, m);
    const auto next = m == 12 ? FirstDay(cal.get(), y + 1, 1) : FirstDay(cal.get(), y, m + 1);
    if (!first || !next) return std::nullopt;
    return HijriMonth{*first, static_cast<int>(*next - *first)};
  }

 private:
  static std::unique_ptr<icu::Calendar> NewCalendar(HijriVariant variant) {
    UErrorCode status = U_ZERO_ERROR;
    const char* id = variant == HijriVariant::kUmmAlQura ? "@calendar=islamic-umalqura"
                                                         : "@calendar=islamic-civil";
    std::unique_ptr<icu::Calendar> cal(
        icu::Calendar::createInstance(icu::TimeZone::getGMT()->clone(), icu::Locale(id), status));
    if (U_FAILURE(status)) return nullptr;
    return cal;
  }

  static std::optional<int64_t> FirstDay(icu::Calendar* cal, int y, int m) {
    if (y < 1 || y > 9999) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    cal->clear();
    cal->set(UCAL_ERA, 0);
    cal->set(UCAL_YEAR, y);
    cal->set(UCAL_MONTH, m - 1);
    cal->set(UCAL_DATE, 1);
    cal->set(UCAL_HOUR_OF_DAY, 12);
    const UDate ms = cal->getTime(status);
    if (U_FAILURE(status)) return std::nullopt;
    return static_cast<int64_t>(ms / kMsPerDay - (ms < 0 ? 1 : 0));
  }

  HijriVariant variant_;
  std::vector<int64_t> starts_;
};

// Process-wide cache of ICU zones by IANA id (a zone object is immutable once created; ICU's const
// offset queries are thread-safe).
const icu::TimeZone* FindZone(std::string_view zone) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, std::unique_ptr<icu::TimeZone>, std::less<>>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache->find(zone);
  if (it == cache->end()) {
    std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(
        icu::UnicodeString::fromUTF8(icu::StringPiece(zone.data(), zone.size()))));
    icu::UnicodeString id;
    tz->getID(id);
    if (id == icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID, -1, US_INV)) tz.reset();
    it = cache->emplace(std::string(zone), std::move(tz)).first;
  }
  return it->second.get();
}

const HijriTable& TableFor(HijriVariant variant) {
  static const HijriTable* umm_al_qura = new HijriTable(HijriVariant::kUmmAlQura);
  static const HijriTable* civil = new HijriTable(HijriVariant::kCivil);
  return variant == HijriVariant::kUmmAlQura ? *umm_al_qura : *civil;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return kDays[m - 1];
}

int WeekdayFromDays(int64_t days) {
  // 1970-01-01 was a Thursday (5).
  return static_cast<int>(((days % 7) + 7 + 4) % 7) + 1;
}

std::optional<HijriMonth> HijriMonthInfo(int y, int m, HijriVariant variant) {
  if (m < 1 || m > 12) return std::nullopt;
  return TableFor(variant).Get(y, m);
}

bool HijriFromDays(int64_t days, HijriVariant variant, int* y, int* m, int* d) {
  return TableFor(variant).FromDays(days, y, m, d);
}

std::optional<int> ZoneOffsetAtLocal(std::string_view zone, int64_t local_days, int local_seconds) {
  const icu::TimeZone* tz = FindZone(zone);
  if (tz == nullptr) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  const UDate local = static_cast<double>(local_days) * kMsPerDay + local_seconds * 1000.0;
  tz->getOffset(local, /*local=*/true, raw, dst, status);
  if (U_FAILURE(status)) return std::nullopt;
  return (raw + dst) / 1000;
}

std::optional<int> ZoneOffsetAtInstant(std::string_view zone, int64_t unix_seconds) {
  const icu::TimeZone* tz = FindZone(zone);
  if (tz == nullptr) return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  tz->getOffset(static_cast<double>(unix_seconds) * 1000.0, /*local=*/false, raw, dst, status);
  if (U_FAILURE(status)) return std::nullopt;
  return (raw + dst) / 1000;
}

bool ZoneExists(std::string_view zone) { return FindZone(zone) != nullptr; }

std::string FormatOffset(int offset_seconds) {
  const char sign = offset_seconds < 0 ? '-' : '+';
  const int a = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  char buf[16];
  snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 3600, (a / 60) % 60);
  return buf;
}

}  // namespace khabar::time::internal

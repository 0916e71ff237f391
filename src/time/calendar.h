// Calendar arithmetic for the time module (internal): proleptic Gregorian civil days, Hijri month
// tables from ICU's Islamic calendars, and UTC offsets of IANA zones from cached ICU time zones.
// All functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "khabar/time.h"

namespace khabar::time::internal {

// Days since 1970-01-01 of a proleptic Gregorian date (any int year; month 1..12, day 1..31).
int64_t DaysFromCivil(int64_t y, int m, int d);
void CivilFromDays(int64_t days, int* y, int* m, int* d);
int DaysInMonth(int y, int m);      // Gregorian
int WeekdayFromDays(int64_t days);  // 1 = Sunday .. 7 = Saturday

// Days since 1970-01-01 of the first day of Hijri month `m` (1..12) of year `y` and the month's
// length, under `variant`. nullopt when ICU cannot place it (years outside 1..9999).
struct HijriMonth {
  int64_t first_day;
  int length;
};
std::optional<HijriMonth> HijriMonthInfo(int y, int m, HijriVariant variant);
// The Hijri date (year, month, day) of a civil day, under `variant`; false outside the tables
// (Hijri years 1300..1600).
bool HijriFromDays(int64_t days, HijriVariant variant, int* y, int* m, int* d);

// UTC offset in seconds of IANA zone `zone` at a local wall time (days since epoch + seconds of
// day), DST-aware; nullopt for an unknown zone.
std::optional<int> ZoneOffsetAtLocal(std::string_view zone, int64_t local_days, int local_seconds);
// UTC offset in seconds of `zone` at the instant `unix_seconds`.
std::optional<int> ZoneOffsetAtInstant(std::string_view zone, int64_t unix_seconds);
bool ZoneExists(std::string_view zone);

// "+03:00" / "-04:30" / "+00:00".
std::string FormatOffset(int offset_seconds);

}  // namespace khabar::time::internal

// Arabic dates and times: every way Arabic news writes them, in one parse with no locale to choose.
//
//   khabar::time::DateParser parser({.tz = "Africa/Cairo"});
//   auto d = parser.Parse("الجمعة، 11 فبراير 2022 06:20 م");
//   // d->value == "2022-02-11T18:20+02:00", d->granularity == Granularity::kMinute
//   for (const auto& m : parser.FindAll(dateline_text)) ...
//
// Rules (specified in docs/dates.md): numeric dates are day-first unless year-first; Hijri dates
// are converted with ICU's Islamic calendars (Umm al-Qura by default); relative dates resolve
// against `reference`; ambiguous input follows the documented rule and says so in `warnings`;
// a text with no date, or an impossible date (31 February), is an error, never a guess.
//
// Thread-safety: a DateParser is immutable after construction and safe to share between threads.
//
// Cost: the name tables (ICU + data/time) are built once per process, by the first DateParser;
// parsing is linear in the text, a few microseconds for a dateline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::time {

enum class Granularity { kYear, kMonth, kDay, kMinute, kSecond };
enum class Calendar { kGregorian, kHijri };
enum class HijriVariant { kUmmAlQura, kCivil };

std::string_view GranularityName(Granularity g);  // "year", "month", "day", "minute", "second"
std::string_view CalendarName(Calendar c);        // "gregorian", "hijri"

struct DateOptions {
  // Reference instant for relative dates ("3 hours ago"), seconds since the Unix epoch;
  // unset = now.
  std::optional<int64_t> reference_unix_seconds;
  // IANA zone ("Africa/Cairo") assumed when the text names none; "" = unknown (no offset).
  std::string tz;
  HijriVariant hijri = HijriVariant::kUmmAlQura;
};

struct DateMatch {
  // ISO 8601 at the granularity found: "2022", "2022-02", "2022-02-11", "2022-02-11T18:20",
  // "2022-02-11T18:20:05"; times carry "+HH:MM" when the zone is known (from the text or options).
  std::string value;
  Granularity granularity = Granularity::kDay;
  Calendar calendar = Calendar::kGregorian;  // the calendar the text was written in
  size_t begin = 0, end = 0;                 // matched span in code points of the input
  size_t byte_begin = 0, byte_end = 0;       // the same span in bytes
  std::string tz;                            // IANA zone or offset in force, "" if unknown
  std::vector<std::string> warnings;         // ambiguity resolved by rule, dual dates disagree...
};

class DateParser {
 public:
  explicit DateParser(DateOptions options = {});

  // The date expression that `text` holds (label words such as "نشر في" and surrounding punctuation
  // allowed). When several are present, the most complete one. kInvalidArgument when there is no
  // date; kOutOfRange for an impossible one.
  Result<DateMatch> Parse(std::string_view text) const;

  // Every date expression inside a longer text, in order of position, with spans.
  std::vector<DateMatch> FindAll(std::string_view text) const;

  const DateOptions& options() const { return options_; }

 private:
  DateOptions options_;
};

// True when ICU knows the IANA zone id ("Africa/Cairo").
bool IsKnownTimeZone(std::string_view zone);

// Seconds since the Unix epoch of an ISO 8601 time "YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]"; a time
// without an offset is read in `tz` (UTC when empty). For --ref options. kInvalidArgument
// otherwise.
Result<int64_t> ParseReferenceTime(std::string_view iso, std::string_view tz = "");

}  // namespace khabar::time

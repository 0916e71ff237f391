// The date-word tables of the time module (internal): every word or phrase the date parser knows,
// keyed by its folded match key. Built once per process from ICU's CLDR data (month, weekday and
// era names of many Arabic locales plus English and French; Arabic city and country names of zones)
// and from data/time/extra_names.tsv (spellings ICU lacks; compiled into the binary).
// Thread-safety: Names() returns an immutable table, safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace khabar::time::internal {

enum class WordKind : uint8_t {
  kGregorianMonth,  // value 1..12
  kHijriMonth,      // value 1..12
  kWeekday,         // value 1 (Sunday) .. 7 (Saturday)
  kEra,             // value 0 Gregorian, 1 Hijri
  kPeriod,          // value: Period
  kZoneIntro,       // بتوقيت
  kUtc,             // GMT, غرينتش
  kZone,            // zone = IANA id
  kAgo,             // منذ, قبل
  kAhead,           // بعد
  kRelativeDay,     // value: day offset
  kNow,             // الآن
  kUnit,            // value: Unit
  kUnitDual,        // value: Unit
  kUnitPlural,      // value: Unit; only after a number
  kNumber,          // value: cardinal
  kHourWord,        // value: hour 1..12
  kFraction,        // value: minutes to add (may be negative)
  kEquivalent,      // الموافق
  kHourLabel,       // الساعة
  kYearLabel,       // عام
  kMonthLabel,      // شهر
  kFiller,          // في, يوم ...
  kLabel,           // نشر في, آخر تحديث ...
  kDayOrdinal,      // value 1..31: الحادي عشر
  kPastNext,        // value -1 (الماضي) or +1 (المقبل), after a weekday
  kCount
};

enum Period : int { kAm, kDawn, kPm, kNoon, kAfternoon, kEvening, kNight };
enum Unit : int { kSecond, kMinute, kHour, kDay, kWeek, kMonth, kYear };

struct Word {
  WordKind kind;
  int value = 0;
  std::vector<std::string> keys;  // folded words of the phrase, in order
  std::string zone;               // kZone: IANA id
  bool ambiguous = false;         // kZone: the same spelling names another zone too
};

struct NameTable {
  std::vector<Word> words;
  // First folded word -> indices into `words`, longest phrase first.
  std::unordered_map<std::string, std::vector<uint32_t>> by_first;
  std::vector<std::string> errors;  // malformed data lines (reported by tests)
};

// The process-wide table (built on first use).
const NameTable& Names();

// The match key of one word: text::MatchKey without abbreviation dots ("ق.ظ" -> "قظ").
std::string FoldWord(std::string_view word);

}  // namespace khabar::time::internal

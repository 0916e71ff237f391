// The date words ICU's CLDR data gives the time module (internal): Gregorian and Hijri month
// names, weekdays, eras and day periods of every Arabic locale ICU has plus English and French,
// and the Arabic city and country names of the zones of the regions Arabic news cites.
//
// Asking ICU for them costs ~44 million instructions (locale data, the zone enumeration), once
// per process and on the first article's critical path, for an answer fixed by the ICU data the
// binary is built with. So the build asks: tools/time_icu_names.cc writes QueryIcuNames() with
// SerializeIcuNames, the file is embedded into khabar_time ("embedded/TimeIcuNames.h"), and
// Names() (names.h) replays it with ParseIcuNames. time_date_parser_test checks that the embedded
// list is what the linked ICU answers.
//
// Thread-safety: all functions are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"
#include "time/names.h"

namespace khabar::time::internal {

// One name as the name table's builder takes it: kind, value, spelling as ICU writes it, and the
// IANA zone id for WordKind::kZone ("" otherwise).
struct IcuName {
  WordKind kind = WordKind::kGregorianMonth;
  int value = 0;
  std::string spelling;
  std::string zone;
  bool operator==(const IcuName&) const = default;
};

// Asks ICU, in the order the table is built (duplicates kept: the builder drops them).
std::vector<IcuName> QueryIcuNames();

// Text form: a first line "khabar-icu-names 1" (format version), then one line per name:
// kind number, value, zone, spelling, separated by TABs. InvalidArgument when a spelling or zone
// holds a TAB or a line break (never seen in CLDR: the build then fails instead of embedding a
// list that would not read back).
Result<std::string> SerializeIcuNames(const std::vector<IcuName>& names);
// kCorrupt on another version, a malformed line, a kind out of range or a spelling that is not
// UTF-8.
Result<std::vector<IcuName>> ParseIcuNames(std::string_view text);

}  // namespace khabar::time::internal

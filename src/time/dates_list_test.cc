// Runs the test list testdata/dates.tsv (input, expected value, granularity, calendar; or expected
// errors) through DateParser and prints every failure.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "khabar/time.h"

namespace khabar::time {
namespace {

std::vector<std::vector<std::string>> ReadList(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    rows.push_back(cols);
  }
  return rows;
}

TEST(DatesList, EveryEntryParsesAsExpected) {
  const auto rows = ReadList("testdata/dates.tsv");
  ASSERT_GE(rows.size(), 300u) << "testdata/dates.tsv missing or short";
  auto ref = ParseReferenceTime("2022-02-11T12:00:00", "Africa/Cairo");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  DateParser parser({.reference_unix_seconds = *ref, .tz = "Africa/Cairo"});
  int failures = 0;
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 4u) << "malformed row: " << (r.empty() ? "" : r[0]);
    auto got = parser.Parse(r[0]);
    if (r[1] == "ERROR") {
      const Status::Code want =
          r[2] == "out_of_range" ? Status::Code::kOutOfRange : Status::Code::kInvalidArgument;
      if (got.ok() || got.status().code() != want) {
        ++failures;
        ADD_FAILURE() << "[" << r[0] << "] expected error " << r[2] << ", got "
                      << (got.ok() ? got->value : got.status().ToString());
      }
      continue;
    }
    if (!got.ok()) {
      ++failures;
      ADD_FAILURE() << "[" << r[0] << "] expected " << r[1] << ", got " << got.status().ToString();
      continue;
    }
    if (got->value != r[1] || GranularityName(got->granularity) != r[2] ||
        CalendarName(got->calendar) != r[3]) {
      ++failures;
      ADD_FAILURE() << "[" << r[0] << "] expected " << r[1] << " " << r[2] << " " << r[3]
                    << ", got " << got->value << " " << GranularityName(got->granularity) << " "
                    << CalendarName(got->calendar);
    }
  }
  EXPECT_EQ(failures, 0) << failures << " of " << rows.size() << " entries failed";
}

}  // namespace
}  // namespace khabar::time

// Times khabar's DateParser over a date test list (src/time/testdata/dates.tsv format) and reports
// its accuracy; benchmarks/date_vs_dateparser.sh runs it beside dateparser over the same list.
// Usage: date_list_bench LIST [PASSES]   -> one JSON line on stdout.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "khabar/time.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: date_list_bench LIST [PASSES]\n";
    return 2;
  }
  const int passes = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
  std::ifstream in(argv[1]);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() == 4) rows.push_back(cols);
  }
  if (rows.empty()) {
    std::cerr << "no rows in " << argv[1] << "\n";
    return 1;
  }
  auto ref = khabar::time::ParseReferenceTime("2022-02-11T12:00:00", "Africa/Cairo");
  const khabar::time::DateParser parser({.reference_unix_seconds = *ref, .tz = "Africa/Cairo"});
  size_t correct = 0;
  for (const auto& r : rows) {
    auto got = parser.Parse(r[0]);
    bool ok;
    if (r[1] == "ERROR") {
      ok = !got.ok();
    } else {
      ok = got.ok() && got->value == r[1] &&
           khabar::time::GranularityName(got->granularity) == r[2] &&
           khabar::time::CalendarName(got->calendar) == r[3];
    }
    correct += ok;
  }
  size_t sink = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int p = 0; p < passes; ++p) {
    for (const auto& r : rows) {
      auto got = parser.Parse(r[0]);
      sink += got.ok() ? got->value.size() : 1;
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double per = secs / (static_cast<double>(passes) * rows.size());
  std::printf(
      "{\"tool\":\"khabar\",\"strings\":%zu,\"correct\":%zu,\"seconds_per_string\":%.9f,"
      "\"passes\":%d,\"sink\":%zu}\n",
      rows.size(), correct, per, passes, sink);
  return 0;
}

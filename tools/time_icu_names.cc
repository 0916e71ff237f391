// time_icu_names OUT.tsv
//
// Build-time step of the time module (src/time/icu_names.h): asks ICU's CLDR data for the month,
// weekday, era, day-period and zone names the date parser knows and writes them in the text form
// of SerializeIcuNames, to be embedded into khabar_time. Exit status 1 with a message on error.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "time/icu_names.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: time_icu_names OUT.tsv\n";
    return 1;
  }
  const std::vector<khabar::time::internal::IcuName> names =
      khabar::time::internal::QueryIcuNames();
  if (names.empty()) {
    std::cerr << "time_icu_names: ICU gave no names (is its data installed?)\n";
    return 1;
  }
  khabar::Result<std::string> text = khabar::time::internal::SerializeIcuNames(names);
  if (!text.ok()) {
    std::cerr << "time_icu_names: " << text.status().ToString() << "\n";
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary);
  out << *text;
  out.close();
  if (!out) {
    std::cerr << "time_icu_names: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}

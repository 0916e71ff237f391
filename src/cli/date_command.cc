// `khabar date [STRING...]`: parses Arabic dates and times, one JSON object per input
// (docs/dates.md).
#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "cli/command.h"
#include "khabar/time.h"

namespace khabar::cli {
namespace {

struct DateCommandOptions {
  std::vector<std::string> strings;
  std::string ref;
  std::string tz;
  std::string calendar = "umm-al-qura";
  bool find = false;
  bool pretty = false;
};

nlohmann::ordered_json MatchJson(const time::DateMatch& m) {
  nlohmann::ordered_json j;
  j["value"] = m.value;
  j["granularity"] = std::string(time::GranularityName(m.granularity));
  j["calendar"] = std::string(time::CalendarName(m.calendar));
  j["span"] = {m.begin, m.end};
  j["tz"] = m.tz;
  if (!m.warnings.empty()) j["warnings"] = m.warnings;
  return j;
}

void Print(const nlohmann::ordered_json& j, bool pretty) {
  std::cout << j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
}

int Run(const DateCommandOptions& o) {
  time::DateOptions options;
  options.tz = o.tz;
  if (!o.tz.empty() && !time::IsKnownTimeZone(o.tz)) {
    std::cerr << "khabar date: unknown time zone: " << o.tz << "\n";
    return 2;
  }
  if (o.calendar == "civil") {
    options.hijri = time::HijriVariant::kCivil;
  } else if (o.calendar != "umm-al-qura") {
    std::cerr << "khabar date: --calendar must be umm-al-qura or civil\n";
    return 2;
  }
  if (!o.ref.empty()) {
    auto ref = time::ParseReferenceTime(o.ref, o.tz);
    if (!ref.ok()) {
      std::cerr << "khabar date: --ref: " << ref.status().message() << "\n";
      return 2;
    }
    options.reference_unix_seconds = *ref;
  }
  const time::DateParser parser(options);
  RunSummary summary;
  auto handle = [&](std::string input) {
    if (!input.empty() && input.back() == '\r') input.pop_back();
    ++summary.inputs;
    input = utf8::Repair(input);
    nlohmann::ordered_json j;
    j["input"] = input;
    if (o.find) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const time::DateMatch& m : parser.FindAll(input)) list.push_back(MatchJson(m));
      if (list.empty()) {
        j["error"] = "no date found";
        ++summary.failures;
      } else {
        j["dates"] = std::move(list);
        summary.records += j["dates"].size();
      }
    } else {
      auto r = parser.Parse(input);
      if (r.ok()) {
        const nlohmann::ordered_json fields = MatchJson(*r);
        for (auto it = fields.begin(); it != fields.end(); ++it) j[it.key()] = *it;
        ++summary.records;
      } else {
        j["error"] = r.status().message();
        ++summary.failures;
      }
    }
    Print(j, o.pretty);
  };
  if (o.strings.empty() || (o.strings.size() == 1 && o.strings[0] == "-")) {
    std::string line;
    while (std::getline(std::cin, line)) handle(line);
  } else {
    for (const std::string& s : o.strings) handle(s);
  }
  std::cout.flush();
  summary.Print("date");
  return summary.ExitCode();
}

}  // namespace

void AddDateCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<DateCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "date", "Parse Arabic dates and times (arguments, or one string per line on stdin)");
  cmd->add_option("strings", options->strings, "Date strings; none or - reads lines from stdin");
  cmd->add_option("--ref", options->ref,
                  "Reference time for relative dates, ISO 8601 (default: now)");
  cmd->add_option("--tz", options->tz, "IANA zone assumed when the text names none (Africa/Cairo)");
  cmd->add_flag("--find", options->find,
                "Report every date expression inside each text, with spans");
  cmd->add_option("--calendar", options->calendar, "Hijri variant: umm-al-qura (default) or civil");
  cmd->add_flag("--pretty", options->pretty, "Indent the JSON output for people");
  cmd->callback([options, exit_code] { *exit_code = Run(*options); });
}

}  // namespace khabar::cli

#include "cli/command.h"

#include <iostream>

namespace khabar::cli {

void AddIoOptions(CLI::App* command, IoOptions* options) {
  command->add_option("inputs", options->inputs,
                      "Files, directories (read recursively) or - for standard input")
      ->required();
  command->add_flag("--pretty", options->pretty, "Indent the JSON output for people");
}

void RunSummary::Print(std::string_view command) const {
  std::cerr << "khabar " << command << ": " << inputs << " inputs read, " << records
            << " records written, " << failures << " failed\n";
}

}  // namespace khabar::cli

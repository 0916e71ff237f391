// khabar: Arabic news into knowledge. `khabar --help` lists the subcommands.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#ifdef KHABAR_WITH_MIMALLOC
#include <mimalloc.h>
#endif

#include "cli/command.h"
#include "khabar/version.h"

namespace {

// "khabar 0.1.0", then the allocator the process runs on (it changes CPU time by ~15%: worth
// knowing when comparing timings).
std::string VersionText() {
  std::string text = std::string("khabar ") + khabar::kVersion + "\nmalloc: ";
#ifdef KHABAR_WITH_MIMALLOC
  const int version = mi_version();  // 209 is 2.0.9
  text += "mimalloc " + std::to_string(version / 100) + "." + std::to_string(version / 10 % 10) +
          "." + std::to_string(version % 10);
#else
  text += "system";
#endif
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"khabar: turns raw Arabic news into structured, searchable records"};
  app.set_version_flag("--version", VersionText());
  app.require_subcommand(1);
  int exit_code = 0;
  // One line per subcommand (declared in cli/command.h, defined in cli/<name>_command.cc).
  khabar::cli::AddDateCommand(app, &exit_code);
  khabar::cli::AddAnalyzeCommand(app, &exit_code);
  khabar::cli::AddParseCommand(app, &exit_code);
  khabar::cli::AddIngestCommand(app, &exit_code);
  khabar::cli::AddSearchCommand(app, &exit_code);
  khabar::cli::AddStoriesCommands(app, &exit_code);
  khabar::cli::AddStatsCommand(app, &exit_code);
  khabar::cli::AddServeCommand(app, &exit_code);
  khabar::cli::AddNerCommand(app, &exit_code);
  khabar::cli::AddTrainCommand(app, &exit_code);
  khabar::cli::AddEvalCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;  // --help and --version exit 0; usage errors exit 2
  } catch (const std::exception& e) {
    std::cerr << "khabar: internal error: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}

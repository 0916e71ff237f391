// Shared plumbing of khabar's subcommands (internal to the cli module).
//
// Each Add*Command() registers one CLI11 subcommand on the root app; when the user selects it, its
// callback runs and stores the process exit code in *exit_code:
//   0 every input processed, 1 some inputs failed (each reported), 2 usage error.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/pipeline.h"

namespace khabar::cli {

// Options common to commands that read inputs and write JSON Lines to stdout.
struct IoOptions {
  std::vector<std::string> inputs;  // files, directories (recursive) or "-" for stdin
  bool pretty = false;
};
void AddIoOptions(CLI::App* command, IoOptions* options);

// Options of commands that run the input pipeline (parse, ingest): --tz, --site, --encoding,
// --threads, --format, --map.
struct PipelineCliOptions {
  std::string tz, site, encoding, map;
  std::string format = "auto";
  int threads = 0;
};
void AddPipelineOptions(CLI::App* command, PipelineCliOptions* options);
// Validates the options (known time zone and encoding, format name, field mapping) and turns them
// into pipeline options; kInvalidArgument with a message naming the option otherwise.
Result<pipeline::PipelineOptions> ToPipelineOptions(const PipelineCliOptions& options);

// Counts printed as the summary line on stderr at the end of a run.
struct RunSummary {
  size_t inputs = 0;    // files (or container members) read
  size_t records = 0;   // records written
  size_t failures = 0;  // inputs that became error records
  void Print(std::string_view command) const;
  int ExitCode() const { return failures == 0 ? 0 : 1; }
};

// Subcommands; each lives in <name>_command.cc.
void AddParseCommand(CLI::App& app, int* exit_code);
void AddDateCommand(CLI::App& app, int* exit_code);
void AddAnalyzeCommand(CLI::App& app, int* exit_code);
void AddIngestCommand(CLI::App& app, int* exit_code);
void AddSearchCommand(CLI::App& app, int* exit_code);
void AddStoriesCommands(CLI::App& app, int* exit_code);  // stories, dupes
void AddStatsCommand(CLI::App& app, int* exit_code);     // stats_command.cc
void AddServeCommand(CLI::App& app, int* exit_code);     // serve_command.cc
void AddNerCommand(CLI::App& app, int* exit_code);       // ner_command.cc
void AddTrainCommand(CLI::App& app, int* exit_code);     // ner_command.cc (`train ner`)
void AddEvalCommand(CLI::App& app, int* exit_code);      // ner_command.cc (`eval ner`)

}  // namespace khabar::cli

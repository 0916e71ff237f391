// `khabar parse INPUT...`: text dumps, HTML pages, WARC archives and JSON Lines exports -> one JSON
// record per article (stdout). Thin by design: pipeline::Run (detect -> DumpParser / ExtractHtml /
// JSON mapping, on --threads workers, output in input order) -> JSON. Every failing input becomes
// an error record ({"source":{"path":...},"error":...}) plus a line on stderr, and the run goes on.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "khabar/pipeline.h"
#include "khabar/record.h"

namespace khabar::cli {
namespace {

struct ParseCommandOptions {
  IoOptions io;
  PipelineCliOptions pipeline;
  bool entities = false;  // --entities: add named entities (as `khabar ner` does)
};

void WriteLine(const std::string& json) {
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fputc('\n', stdout);
}

int Run(const ParseCommandOptions& o) {
  Result<pipeline::PipelineOptions> options = ToPipelineOptions(o.pipeline);
  if (!options.ok()) {
    std::cerr << "khabar parse: " << options.status().message() << "\n";
    return 2;
  }
  options->entities = o.entities;  // the shipped recognizer (`khabar ner --kb` for a user KB)

  RunSummary summary;
  auto fail = [&](SourceInfo source, const std::string& error) {
    ++summary.failures;
    std::cerr << "khabar parse: " << source.path
              << (source.locator.empty() ? "" : " (" + source.locator + ")") << ": " << error
              << "\n";
    WriteLine(ErrorRecordToJson(ErrorRecord{std::move(source), error}, o.io.pretty));
  };
  for (const std::string& input : o.io.inputs) {
    pipeline::PipelineStats stats;
    Status run = pipeline::Run(
        {input}, *options,
        [&](const pipeline::Item& item) {
          if (!item.ok) {
            fail(item.error.source, item.error.error);
            return;
          }
          WriteLine(RecordToJson(item.record, o.io.pretty));
          ++summary.records;
        },
        &stats);
    if (!run.ok()) {
      ++summary.inputs;
      fail(SourceInfo{input, "", "", "", ""}, run.message());
      continue;
    }
    summary.inputs += stats.inputs;
  }
  std::fflush(stdout);
  summary.Print("parse");
  return summary.ExitCode();
}

}  // namespace

void AddParseCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ParseCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "parse",
      "Parse news into JSON records (headline, date, dateline and wire agency, caption, clean "
      "paragraphs): text dumps (UTF-8, UTF-16, Windows-1256), HTML pages, WARC archives, JSON "
      "Lines exports, gzip-compressed or not");
  AddIoOptions(cmd, &options->io);
  AddPipelineOptions(cmd, &options->pipeline);
  cmd->add_flag(
      "--entities", options->entities,
      "Also find named entities (adds \"title_entities\", \"entities\" and \"entity_counts\", "
      "as khabar ner)");
  cmd->callback([options, exit_code] { *exit_code = Run(*options); });
}

}  // namespace khabar::cli

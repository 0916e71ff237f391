// `khabar parse INPUT...`: text dumps, HTML pages, WARC archives and JSON Lines exports -> one JSON
// record per article (stdout). Thin by design: pipeline::Run (detect -> DumpParser / ExtractHtml /
// JSON mapping, on --threads workers, output in input order) -> JSON. Every failing input becomes
// an error record ({"source":{"path":...},"error":...}) plus a line on stderr, and the run goes on.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "khabar/encoding.h"
#include "khabar/extract.h"
#include "khabar/input.h"
#include "khabar/pipeline.h"
#include "khabar/record.h"
#include "khabar/time.h"

namespace khabar::cli {
namespace {

struct ParseCommandOptions {
  IoOptions io;
  std::string tz;
  std::string encoding;
  std::string site;
  int threads = 0;
  std::string map;
  std::string format = "auto";
};

void WriteLine(const std::string& json) {
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fputc('\n', stdout);
}

int Run(const ParseCommandOptions& o) {
  if (!o.tz.empty() && !time::IsKnownTimeZone(o.tz)) {
    std::cerr << "khabar parse: unknown time zone: " << o.tz << "\n";
    return 2;
  }
  pipeline::PipelineOptions options;
  options.tz = o.tz;
  options.site = o.site;
  options.encoding = o.encoding;
  options.threads = o.threads;
  Result<InputFormat> format = ParseInputFormat(o.format);
  if (!format.ok()) {
    std::cerr << "khabar parse: --format: " << format.status().message() << "\n";
    return 2;
  }
  options.format = *format;
  if (!o.map.empty()) {
    Result<pipeline::FieldMap> fields = pipeline::ParseFieldMap(o.map);
    if (!fields.ok()) {
      std::cerr << "khabar parse: " << fields.status().message() << "\n";
      return 2;
    }
    options.fields = *fields;
  }
  if (!o.encoding.empty()) {
    Result<DecodedText> probe = DecodeToUtf8("", DecodeOptions{o.encoding});
    if (!probe.ok() && probe.status().code() == Status::Code::kInvalidArgument) {
      std::cerr << "khabar parse: --encoding: " << probe.status().message() << "\n";
      return 2;
    }
  }

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
        {input}, options,
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
  cmd->add_option("--tz", options->tz,
                  "IANA time zone of the dates in the dumps, e.g. Africa/Cairo (adds the UTC "
                  "offset to `published`)");
  cmd->add_option("--encoding", options->encoding,
                  "Input encoding (e.g. windows-1256, UTF-16LE); default: detect");
  cmd->add_option("--site", options->site,
                  "Site the dumps come from (e.g. youm7.com): recorded in `source.site`; its "
                  "time zone is the default for --tz");
  cmd->add_option("--threads", options->threads,
                  "Worker threads (default: all hardware threads); output order is the input "
                  "order whatever the count");
  cmd->add_option("--format", options->format,
                  "Input format: auto (detect by content), text, html, warc or jsonl");
  cmd->add_option("--map", options->map,
                  "JSON Lines field mapping, e.g. title=headline,text=content,date=published_at "
                  "(targets: title text date modified author url site caption fetched)");
  cmd->callback([options, exit_code] { *exit_code = Run(*options); });
}

}  // namespace khabar::cli

#include "cli/command.h"

#include <iostream>
#include <string>

#include "khabar/encoding.h"
#include "khabar/time.h"

namespace khabar::cli {

void AddIoOptions(CLI::App* command, IoOptions* options) {
  command
      ->add_option("inputs", options->inputs,
                   "Files, directories (read recursively) or - for standard input")
      ->required();
  command->add_flag("--pretty", options->pretty, "Indent the JSON output for people");
}

void AddPipelineOptions(CLI::App* command, PipelineCliOptions* options) {
  command->add_option("--tz", options->tz,
                      "IANA time zone of dates that name none, e.g. Africa/Cairo (adds the UTC "
                      "offset to `published`)");
  command->add_option("--encoding", options->encoding,
                      "Input encoding (e.g. windows-1256, UTF-16LE); default: detect");
  command->add_option("--site", options->site,
                      "Site of inputs that do not name one (e.g. youm7.com): recorded in "
                      "`source.site`; its time zone is the default for --tz");
  command->add_option("--threads", options->threads,
                      "Worker threads (default: all hardware threads); output order is the input "
                      "order whatever the count");
  command->add_option("--format", options->format,
                      "Input format: auto (detect by content), text, html, warc or jsonl");
  command->add_option(
      "--map", options->map,
      "JSON Lines field mapping, e.g. title=headline,text=content,date=published_at "
      "(targets: title text date modified author url site caption fetched)");
}

Result<pipeline::PipelineOptions> ToPipelineOptions(const PipelineCliOptions& o) {
  if (!o.tz.empty() && !time::IsKnownTimeZone(o.tz)) {
    return Status::InvalidArgument("--tz: unknown time zone: " + o.tz);
  }
  // Each worker is a thread: a count the system cannot start ended the run in std::terminate.
  constexpr int kMaxThreads = 1024;
  if (o.threads < 0 || o.threads > kMaxThreads) {
    return Status::InvalidArgument("--threads: " + std::to_string(o.threads) +
                                   " is not 0 (all hardware threads) to " +
                                   std::to_string(kMaxThreads));
  }
  pipeline::PipelineOptions options;
  options.tz = o.tz;
  options.site = o.site;
  options.encoding = o.encoding;
  options.threads = o.threads;
  Result<InputFormat> format = ParseInputFormat(o.format);
  if (!format.ok()) return Status::InvalidArgument("--format: " + format.status().message());
  options.format = *format;
  if (!o.map.empty()) {
    Result<pipeline::FieldMap> fields = pipeline::ParseFieldMap(o.map);
    if (!fields.ok()) return fields.status();  // its message starts with "--map: "
    options.fields = *fields;
  }
  if (!o.encoding.empty()) {
    Result<DecodedText> probe = DecodeToUtf8("", DecodeOptions{o.encoding});
    if (!probe.ok() && probe.status().code() == Status::Code::kInvalidArgument) {
      return Status::InvalidArgument("--encoding: " + probe.status().message());
    }
  }
  return options;
}

void RunSummary::Print(std::string_view command) const {
  std::cerr << "khabar " << command << ": " << inputs << " inputs read, " << records
            << " records written, " << failures << " failed\n";
}

}  // namespace khabar::cli

// Reading inputs as a stream of documents: one text dump or HTML page per file, one document per
// WARC response/resource record, one per line of a JSON Lines file; gzip-compressed files of any of
// these read transparently. Specified in docs/inputs.md.
//
//   khabar::DocumentReader reader("CC-NEWS-20240101.warc.gz", {});
//   khabar::InputDocument doc;
//   while (reader.Next(&doc)) {
//     if (!doc.error.ok()) { Report(doc.path, doc.locator, doc.error); continue; }
//     Route(doc.format, doc.bytes);  // kText, kHtml or kJsonl (one JSON object)
//   }
//   reader.stats();  // documents, records skipped, faults
//
// Streaming: memory holds one document at a time (plus 64 KiB buffers), whatever the size of the
// file. A fault inside a container (corrupt gzip member, malformed or truncated WARC record, JSON
// line over the size bound) becomes one document with `error` set and the locator of the fault;
// reading goes on with the next record. A DocumentReader is not thread-safe; use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "khabar/status.h"

namespace khabar {

enum class InputFormat { kAuto, kText, kHtml, kWarc, kJsonl };

// "auto", "text", "html", "warc", "jsonl".
std::string_view InputFormatName(InputFormat format);
// Inverse of InputFormatName; also accepts "dump"/"txt" (text), "htm", "json"/"ndjson" (jsonl).
Result<InputFormat> ParseInputFormat(std::string_view name);

// Detects the format of a file from its first bytes (decompressed already when gzip) and, only to
// break ties, its file name: "WARC/1." at the start -> kWarc; a first non-blank character '{' on a
// line that is (or begins) a JSON object -> kJsonl; markup opening with <!DOCTYPE html, <html,
// <head, <body, <meta, <article or <div..., or a '<' start with several HTML tags -> kHtml;
// otherwise kText.
InputFormat DetectFormat(std::string_view head, std::string_view path = "");

struct InputDocument {
  std::string path;          // the file ("-" for standard input)
  std::string locator;       // "" for a whole file, "offset N" (WARC record), "line N" (JSON Lines)
  std::string url;           // WARC-Target-URI when known
  std::string fetched_at;    // WARC-Date (ISO 8601, UTC) when known
  std::string content_type;  // HTTP Content-Type of a WARC payload, when known
  InputFormat format = InputFormat::kText;  // kText, kHtml or kJsonl: what `bytes` hold
  std::string bytes;  // the raw document (undecoded; encoding detection is the caller's)
  Status error;       // non-OK: this document is a fault report; `bytes` is empty
};

struct ReaderOptions {
  InputFormat format = InputFormat::kAuto;  // force a container/document format
  size_t max_document_bytes = size_t{256}
                              << 20;          // bigger text/HTML files and WARC payloads refused
  size_t max_line_bytes = size_t{100} << 20;  // JSON Lines: longer lines refused
};

struct ReaderStats {
  uint64_t documents = 0;  // documents returned without error
  uint64_t errors = 0;     // fault documents returned
  uint64_t skipped_records =
      0;  // WARC records that hold no page (request, metadata, warcinfo, ...)
  uint64_t skipped_payloads =
      0;                     // WARC responses whose payload is not HTML/text (images, PDF, ...)
  uint64_t blank_lines = 0;  // JSON Lines: empty lines ignored
  InputFormat format = InputFormat::kAuto;  // the format detected (or forced)
  bool gzip = false;                        // the file was gzip-compressed
};

class DocumentReader {
 public:
  // Opening happens on the first Next(); an unreadable file yields one error document.
  DocumentReader(std::string path, ReaderOptions options);
  // Reads from memory instead of a file (`data` must outlive the reader); `path` names it in
  // reports.
  static std::unique_ptr<DocumentReader> FromMemory(std::string path, std::string_view data,
                                                    ReaderOptions options);
  ~DocumentReader();
  DocumentReader(const DocumentReader&) = delete;
  DocumentReader& operator=(const DocumentReader&) = delete;

  // Fills *doc with the next document or fault; false at the end of the input.
  bool Next(InputDocument* doc);
  const ReaderStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar

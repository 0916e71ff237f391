// ArticleRecord: the one structured record khabar makes of every article, whatever the input
// (text dump, HTML page, WARC record, JSON Lines object). Specified field by field in
// docs/record-format.md; serialized as one JSON object per line.
//
//   khabar::ArticleRecord rec = ...;
//   std::string line = khabar::RecordToJson(rec);         // compact, one line
//   std::string pretty = khabar::RecordToJson(rec, true);  // indented for people
//
// Plain value types: copy and move freely; not synchronized.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "khabar/status.h"

namespace khabar {

struct SourceInfo {
  std::string path;     // file the article came from ("-" for stdin)
  std::string locator;  // where inside the file: "" for a whole file, "line 17", "offset 4096"...
  std::string url;      // when known
  std::string site;     // host name or outlet id when known (e.g. "youm7.com")
  std::string encoding; // the input encoding detected or given ("UTF-8", "windows-1256"...)
};

struct Agency {
  std::string code;     // stable id, e.g. "MENA", "REUTERS", "SPA"
  std::string name_ar;  // canonical Arabic name, e.g. "وكالة أنباء الشرق الأوسط"
  std::string name_en;  // e.g. "Middle East News Agency"
  std::string text;     // the credit as written in the article, e.g. "/أ ش أ/"
};

struct Dateline {
  std::string place;             // as written, e.g. "واشنطن"
  std::optional<Agency> agency;  // when a wire credit is present
};

struct ArticleRecord {
  std::string id;  // stable hash of the normalized content (hex)
  SourceInfo source;
  std::string title;
  std::string published;       // ISO 8601 local date-time, "+HH:MM" appended when the zone is known
  std::string published_text;  // the string `published` was read from
  std::string modified;        // ISO 8601 when the input states a modification time
  std::string author;          // byline when present
  std::optional<Dateline> dateline;
  std::string caption;                  // image caption, when the input carries one
  std::vector<std::string> paragraphs;  // clean body, one string per paragraph
  std::vector<std::string> boilerplate; // every line removed as page furniture
  std::vector<std::string> warnings;    // anything odd noticed while parsing
};

// A per-input failure, reported as a record so that nothing disappears: {"source":…, "error":…}.
struct ErrorRecord {
  SourceInfo source;
  std::string error;
};

std::string RecordToJson(const ArticleRecord& record, bool pretty = false);
std::string ErrorRecordToJson(const ErrorRecord& error, bool pretty = false);
// Reads a record written by RecordToJson. kInvalidArgument on malformed JSON or wrong field types.
Result<ArticleRecord> RecordFromJson(std::string_view json);

}  // namespace khabar

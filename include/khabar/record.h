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

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "khabar/status.h"

namespace khabar {

struct SourceInfo {
  std::string path;      // file the article came from ("-" for stdin)
  std::string locator;   // where inside the file: "" for a whole file, "line 17", "offset 4096"...
  std::string url;       // when known
  std::string site;      // host name or outlet id when known (e.g. "youm7.com")
  std::string encoding;  // the input encoding detected or given ("UTF-8", "windows-1256"...)
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

// One named-entity mention found in the article (by khabar::ner; see docs/ner.md). Neutral of the
// ner module so that every consumer of records can read it.
struct EntityMention {
  size_t paragraph = 0;  // index into ArticleRecord::paragraphs
  size_t begin = 0;      // Unicode code points into paragraphs[paragraph], end exclusive
  size_t end = 0;
  std::string text;       // the mention as written
  std::string type;       // "PERS", "LOC", "ORG" or "MISC"
  std::string id;         // knowledge-base id, or "NIL" when the entity is not in the KB
  std::string label_en;   // English label from the KB ("" when NIL)
  std::string qid;        // Wikidata QID ("" when unknown)
  double confidence = 0;  // in [0,1]
  std::string source;     // what found the span: "model", "kb", "title", "coref", "rule"
};

// One row per distinct entity of the article (same id; NIL: same type and text), most frequent
// first.
struct EntityCount {
  std::string id, text /* the longest form seen; a name before a title */, type, label_en, qid;
  size_t count = 0;
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
  std::string caption;                   // image caption, when the input carries one
  std::vector<std::string> paragraphs;   // clean body, one string per paragraph
  std::vector<std::string> boilerplate;  // every line removed as page furniture
  std::vector<std::string> warnings;     // anything odd noticed while parsing
  // Named entities, in document order, and their per-article summary: empty unless NER ran
  // (`khabar ner`, `khabar ingest`, `khabar parse --entities`). The headline's mentions are apart
  // (`paragraph` unused, 0; begin/end are code points into `title`); entity_counts counts them
  // with the paragraphs' mentions.
  std::vector<EntityMention> title_entities;
  std::vector<EntityMention> entities;
  std::vector<EntityCount> entity_counts;
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

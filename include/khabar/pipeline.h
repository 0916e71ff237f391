// From input paths to records: read documents (text dumps, HTML pages, WARC records, JSON Lines),
// detect their format, send each to the right extractor, and hand the records back in input order.
//
//   khabar::pipeline::PipelineOptions options;
//   options.threads = 2;
//   khabar::pipeline::PipelineStats stats;
//   khabar::Status s = khabar::pipeline::Run({"cc-news.warc.gz", "dumps/"}, options,
//       [](const khabar::pipeline::Item& item) {
//         std::cout << (item.ok ? RecordToJson(item.record) : ErrorRecordToJson(item.error)) <<
//         "\n";
//       }, &stats);
//
// Routing: text -> extract::DumpParser; HTML -> extract::ExtractHtml; JSON Lines -> a field mapping
// (MapJsonRecord) whose text goes through the same dateline/furniture/date treatment (or through
// ExtractHtml when the mapped text is HTML), except khabar's own records (`khabar parse` output:
// an object with "id", "paragraphs" and "boilerplate"), which are read back as they are
// (RecordFromJson; an error record stays an error). With PipelineOptions::entities, named entities
// are added to every record. Every document becomes exactly one Item: a record or
// an error (with path and locator), so nothing disappears. Threads: a reader thread feeds `threads`
// workers through a bounded window; `sink` is called on the caller's thread, in input order, so
// output is deterministic whatever the thread count. Memory is bounded by the window (128
// documents per thread and 64 MiB of input, a larger document alone) whatever the size of the
// inputs.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "khabar/documents.h"
#include "khabar/record.h"
#include "khabar/status.h"

namespace khabar::ner {
class Recognizer;
}  // namespace khabar::ner

namespace khabar::pipeline {

// Which JSON field feeds which record field. Each target lists the keys tried in order; a key may
// be a dotted path into nested objects ("meta.title"). The default recognizes common export field
// names.
struct FieldMap {
  std::vector<std::string> title, text, date, modified, author, url, site, caption, fetched;
  static FieldMap Default();
};

// Parses "title=headline,text=content,date=published_at": each named target is replaced by the
// given key (several keys for one target: "date=pub_date|date"). Targets: title, text (or
// body/content), date (or published), modified, author, url, site (or source), caption, fetched
// (capture time, the reference for relative dates). Unnamed targets keep their defaults.
// kInvalidArgument otherwise.
Result<FieldMap> ParseFieldMap(std::string_view spec);

struct PipelineOptions {
  InputFormat format = InputFormat::kAuto;  // force a format instead of detecting it
  std::string tz;                           // IANA zone assumed when neither text nor site says
  std::string site;                         // site of inputs that do not name one (text dumps)
  std::string encoding;                     // force an input encoding (text and HTML)
  FieldMap fields = FieldMap::Default();    // JSON Lines mapping
  int threads = 0;                          // workers; 0 = hardware threads
  std::optional<int64_t> reference_unix_seconds;  // for relative dates when no capture time
  ReaderOptions reader;                           // size bounds (format is taken from `format`)
  // Named entities: when true every record gets ArticleRecord::entities and entity_counts, found in
  // the worker threads right after extraction by `recognizer` (nullptr: ner::Recognizer::Default(),
  // built on first use). The recognizer is shared by the workers (its methods are const and
  // thread-safe) and must outlive Run. Costs about as much as extraction itself (docs/ner.md).
  bool entities = false;
  const ner::Recognizer* recognizer = nullptr;
  // A recognizer still being loaded (valid future): the workers take it from here instead of
  // `recognizer`, waiting for it only before their first entity pass, so that loading the model
  // overlaps reading and extracting the first documents (khabar ingest: ~0.1-0.3 s of start-up
  // that every worker used to wait for). Its value (nullptr: ner::Recognizer::Default()) must
  // outlive Run.
  std::shared_future<const ner::Recognizer*> recognizer_loading;
  // Consumer work to do on the worker threads for each record, after extraction and entities
  // (ingest: store::Corpus::Prepare, so that the writer only writes); its result travels with the
  // Item as `prepared`. Must be thread-safe and must not throw. Not called for errors.
  std::function<std::shared_ptr<const void>(const ArticleRecord&)> prepare;
};

struct Item {
  bool ok = false;
  ArticleRecord record;                  // when ok
  ErrorRecord error;                     // when !ok
  std::shared_ptr<const void> prepared;  // PipelineOptions::prepare(record), when set and ok
};

struct PipelineStats {
  uint64_t inputs = 0;     // files opened
  uint64_t documents = 0;  // documents read (records + errors)
  uint64_t records = 0;
  uint64_t errors = 0;
  uint64_t skipped_records = 0;   // WARC records without a page (request, metadata, ...)
  uint64_t skipped_payloads = 0;  // WARC responses that are not pages (images, redirects, ...)
  // Who waited on whom (threads > 1; seconds summed over the threads of each kind): the caller's
  // thread waiting for the next item in input order (the sink is faster than the workers), the
  // workers waiting for documents (the reader is slow, or the window is full because the sink is
  // behind), and the reader waiting for room in the window (the workers or the sink are behind).
  double sink_wait_seconds = 0;
  double worker_wait_seconds = 0;
  double reader_wait_seconds = 0;
};

// Turns one document into an Item. Thread-safe: builds nothing shared (parsers are cached per
// thread).
Item ProcessDocument(const InputDocument& doc, const PipelineOptions& options);

// Finds the named entities of `record` (its title and paragraphs, one document: ner::Recognizer::
// RecognizeArticle) and sets record->title_entities, record->entities and record->entity_counts
// (which counts both), replacing any already there. `recognizer` nullptr: the default one.
void AddEntities(const ner::Recognizer* recognizer, ArticleRecord* record);

// One JSON object (a JSON Lines line) into a record via `options.fields`.
// kInvalidArgument for malformed JSON, a non-object, or an object with neither title nor text.
Result<ArticleRecord> MapJsonRecord(std::string_view json, const SourceInfo& source,
                                    const PipelineOptions& options);

// Expands `paths` (directories recursively) and processes every document; `sink` gets the items in
// input order. Returns kNotFound when a path does not exist (nothing is processed); per-document
// failures are items, not a failed Status.
Status Run(const std::vector<std::string>& paths, const PipelineOptions& options,
           const std::function<void(const Item&)>& sink, PipelineStats* stats = nullptr);

}  // namespace khabar::pipeline

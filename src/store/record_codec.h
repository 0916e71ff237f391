// How the store keeps a record: one zlib-compressed blob holding the body (the paragraphs joined by
// "\n", which the full-text index reads through the SQL function khabar_body), the rest of the
// record as JSON, and its entities in a compact binary form. Arabic news text compresses about 3:1,
// which keeps the database near the size of the raw text even with its index (docs/storage.md,
// "Records"). Internal to the store module.
//
// Blob layout (schema 8): one zstd frame (level 3, content size and checksum; zstd dictionary id
// 0x4B523031: the entropy tables of data/store/record-zstd-tables-v1.txt, then the preset
// dictionary data/store/record-dictionary-v1.txt as its content) of
//   "KR4\n" | u32 body length | body | u32 JSON length | JSON without paragraphs, entities,
//   entity counts and title entities | entity section (varints: docs/storage.md; an entity whose
//   (id, label_en, qid) is a line of the frozen table data/store/record-entities-v1.tsv is stored
//   as its line number), then the title's mentions in the same form
// Still read: schema 6-7's zstd frames of "KR3\n" (the same without the title's mentions, which
// such a record holds in its JSON section, if any).
// Still read (a zlib stream, told apart from a zstd frame by its first bytes): schema 4-5's zlib
// stream (level 4, the same preset dictionary) of the same "KR3\n" bytes, schema 3's "KR2\n" (the
// same without line numbers, no preset dictionary) and schema 1-2's "KR1\n" | u32 body length |
// body | the record's JSON without paragraphs.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "khabar/record.h"
#include "khabar/status.h"

namespace khabar::store {

// `body`, when not null, receives the body (paragraphs joined by "\n"). Pure, thread-safe.
std::string PackRecord(const ArticleRecord& record, std::string* body = nullptr);
// The JSON section of a packed record: RecordToJson of `record` without its paragraphs, entities,
// entity counts and title entities, byte for byte. Written directly (nlohmann's object and dump
// were ~80,000 instructions of a 400-word article's record) when every string is well-formed
// UTF-8, else by RecordToJson.
std::string RecordJsonWithoutText(const ArticleRecord& record);
// The layouts of schema versions 1-2, 3, 4-5 and 6-7 (kept for the tests of their readers;
// before schema 8 the title's mentions, if any, are in the JSON section).
std::string PackRecordV1(const ArticleRecord& record);
std::string PackRecordV2(const ArticleRecord& record);
std::string PackRecordV3(const ArticleRecord& record);
std::string PackRecordV7(const ArticleRecord& record);
// kCorrupt when the blob is damaged. UnpackRecord(PackRecord(r)) equals the record as its JSON
// reads back (RecordFromJson(RecordToJson(r))): confidences rounded to thousandths.
Result<ArticleRecord> UnpackRecord(std::string_view blob);
Result<std::string> UnpackBody(std::string_view blob);
// The uncompressed bytes of any layout ("KR3\n" ...): the samples of the zstd tables' generator
// (benchmarks/record_zstd_tables.cc) and tests.
Result<std::string> UnpackRaw(std::string_view blob);
// The first `max_bytes` bytes of the body (the whole body when shorter; `complete` says which),
// inflating no more of the record than that: a snippet near the start of an article costs its
// start, not the article (search's page). The prefix may end inside a UTF-8 sequence.
Result<std::string> UnpackBodyPrefix(std::string_view blob, size_t max_bytes, bool* complete);

// The body of a record inflated progressively: Extend(n) inflates until the body has at least n
// bytes (or all of it), continuing where the previous call stopped (UnpackBodyPrefix would start
// over: search's page asks for a little of the body, then more when that was not enough). The
// blob must outlive the reader. A stream that ends before the body does, or whose Adler-32 does
// not match when its end is reached, is kCorrupt. One reader at a time per thread (they share the
// thread's inflater); not thread-safe.
class BodyPrefixReader {
 public:
  explicit BodyPrefixReader(std::string_view blob) : blob_(blob) {}
  ~BodyPrefixReader();
  BodyPrefixReader(const BodyPrefixReader&) = delete;
  BodyPrefixReader& operator=(const BodyPrefixReader&) = delete;

  Status Extend(size_t body_bytes);
  // The body's first bytes (valid until the next Extend; may end inside a UTF-8 sequence).
  std::string_view body() const;
  // body() is the whole body.
  bool complete() const { return complete_; }

 private:
  // Makes raw_ hold at least `size` bytes, keeping its first produced_ ones.
  void Reserve(size_t size);

  std::string_view blob_;
  // The stream inflated so far (magic, body length, body...): a buffer of raw_capacity_ bytes,
  // taken from the thread's spare one and given back to it by the destructor, never zero-filled
  // (a snippet's reader allocated and zeroed its ~3 KB once per hit).
  std::unique_ptr<char[]> raw_;
  size_t raw_capacity_ = 0;
  size_t produced_ = 0;     // bytes of raw_ inflated
  uint32_t body_size_ = 0;  // from the header, once read
  bool header_ = false;     // body_size_ was read
  bool started_ = false;
  bool ended_ = false;    // the zlib stream or zstd frame ended (and its checksum matched)
  bool zstd_ = false;     // the blob is a zstd frame (schema version 6), else a zlib stream
  size_t blob_read_ = 0;  // zstd: bytes of the blob read so far
  bool complete_ = false;
};

// Registers khabar_body(blob) -> text on `db` (deterministic, innocuous: used by a view and
// triggers).
Status RegisterRecordFunctions(sqlite3* db);

// While alive, khabar_body() on this thread answers `body` for a blob equal to `blob` without
// inflating it (Put: the insert trigger reads the body of the record it has just compressed). Both
// must outlive the object; nests.
class KnownBody {
 public:
  KnownBody(std::string_view blob, const std::string* body);
  ~KnownBody();
  KnownBody(const KnownBody&) = delete;
  KnownBody& operator=(const KnownBody&) = delete;
  static const std::string* Find(std::string_view blob);

 private:
  std::string_view blob_;
  const std::string* body_;
  const KnownBody* previous_;
};

}  // namespace khabar::store

// How the store keeps a record: one zlib-compressed blob holding the body (the paragraphs joined by
// "\n", which the full-text index reads through the SQL function khabar_body) and the record's JSON
// without its paragraphs. Arabic news text compresses about 3:1, which keeps the database near the
// size of the raw text even with its index (docs/storage.md). Internal to the store module.
//
// Blob layout: zlib stream of  "KR1\n" | u32 little-endian body length | body | record JSON.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "khabar/record.h"
#include "khabar/status.h"

namespace khabar::store {

std::string PackRecord(const ArticleRecord& record);
// kCorrupt when the blob is damaged.
Result<ArticleRecord> UnpackRecord(std::string_view blob);
Result<std::string> UnpackBody(std::string_view blob);

// Registers khabar_body(blob) -> text on `db` (deterministic, innocuous: used by a view and triggers).
Status RegisterRecordFunctions(sqlite3* db);

}  // namespace khabar::store

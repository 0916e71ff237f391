#include "store/record_codec.h"

#include <zlib.h>

#include <cstring>

namespace khabar::store {
namespace {

constexpr std::string_view kMagic = "KR1\n";
constexpr size_t kMaxUnpacked = size_t{1} << 30;

std::string Deflate(std::string_view in) {
  uLongf size = compressBound(static_cast<uLong>(in.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(in.data()),
            static_cast<uLong>(in.size()), 5);
  out.resize(size);
  return out;
}

Result<std::string> Inflate(std::string_view in) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return Status::Internal("zlib inflateInit failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[1 << 15];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc != Z_STREAM_END && out.size() < kMaxUnpacked && (z.avail_in > 0 || z.avail_out == 0));
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return Status::Corrupt("stored record is damaged (zlib)");
  return out;
}

// Splits an unpacked blob into body and JSON.
Status Split(std::string_view raw, std::string_view* body, std::string_view* json) {
  if (raw.size() < kMagic.size() + 4 || raw.substr(0, kMagic.size()) != kMagic) {
    return Status::Corrupt("stored record has an unknown layout");
  }
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= static_cast<uint32_t>(static_cast<unsigned char>(raw[kMagic.size() + i])) << (8 * i);
  const size_t start = kMagic.size() + 4;
  if (n > raw.size() - start) return Status::Corrupt("stored record is truncated");
  *body = raw.substr(start, n);
  *json = raw.substr(start + n);
  return Status::Ok();
}

void BodyFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const void* p = sqlite3_value_blob(argv[0]);
  const int n = sqlite3_value_bytes(argv[0]);
  if (p == nullptr) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  Result<std::string> body = UnpackBody(std::string_view(static_cast<const char*>(p), n));
  if (!body.ok()) {
    sqlite3_result_error(ctx, body.status().message().c_str(), -1);
    return;
  }
  sqlite3_result_text64(ctx, body->data(), body->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

std::string PackRecord(const ArticleRecord& record) {
  std::string body;
  for (const std::string& p : record.paragraphs) {
    if (!body.empty()) body += '\n';
    body += p;
  }
  ArticleRecord rest = record;
  rest.paragraphs.clear();
  std::string raw(kMagic);
  const uint32_t n = static_cast<uint32_t>(body.size());
  for (int i = 0; i < 4; ++i) raw += static_cast<char>((n >> (8 * i)) & 0xFF);
  raw += body;
  raw += RecordToJson(rest);
  return Deflate(raw);
}

Result<std::string> UnpackBody(std::string_view blob) {
  Result<std::string> raw = Inflate(blob);
  if (!raw.ok()) return raw.status();
  std::string_view body, json;
  KHABAR_RETURN_IF_ERROR(Split(*raw, &body, &json));
  return std::string(body);
}

Result<ArticleRecord> UnpackRecord(std::string_view blob) {
  Result<std::string> raw = Inflate(blob);
  if (!raw.ok()) return raw.status();
  std::string_view body, json;
  KHABAR_RETURN_IF_ERROR(Split(*raw, &body, &json));
  Result<ArticleRecord> record = RecordFromJson(json);
  if (!record.ok()) return Status::Corrupt("stored record: " + record.status().message());
  size_t start = 0;
  while (!body.empty() && start <= body.size()) {
    size_t nl = body.find('\n', start);
    if (nl == std::string_view::npos) nl = body.size();
    record->paragraphs.emplace_back(body.substr(start, nl - start));
    start = nl + 1;
  }
  return record;
}

Status RegisterRecordFunctions(sqlite3* db) {
  if (sqlite3_create_function_v2(db, "khabar_body", 1,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 BodyFunction, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::Internal("cannot register khabar_body()");
  }
  return Status::Ok();
}

}  // namespace khabar::store

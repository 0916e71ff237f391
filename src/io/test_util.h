// Helpers for io tests and fuzzers: building gzip members and WARC records in memory.
#pragma once

#include <zlib.h>

#include <string>
#include <string_view>

namespace khabar::io::testing {

// One complete gzip member holding `data`.
inline std::string GzipMember(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A WARC record of `type` whose block is `block`.
inline std::string WarcRecord(
    std::string_view type, std::string_view uri, std::string_view block,
    std::string_view version = "WARC/1.0",
    std::string_view content_type = "application/http; msgtype=response") {
  std::string r(version);
  r += "\r\nWARC-Type: ";
  r += type;
  r += "\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n";
  r += "WARC-Date: 2024-03-05T10:20:30Z\r\n";
  if (!uri.empty()) {
    r += "WARC-Target-URI: ";
    r += uri;
    r += "\r\n";
  }
  r += "Content-Type: ";
  r += content_type;
  r += "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

inline std::string HttpResponse(std::string_view body,
                                std::string_view type = "text/html; charset=utf-8",
                                std::string_view status = "200 OK") {
  std::string r = "HTTP/1.1 ";
  r += status;
  r += "\r\nContent-Type: ";
  r += type;
  r += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  r += body;
  return r;
}

}  // namespace khabar::io::testing

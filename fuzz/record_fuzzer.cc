// Fuzz target: a stored record blob (a zstd frame or zlib stream of one of the record layouts, or
// anything a damaged database could hold) through UnpackRecord, UnpackBody, UnpackBodyPrefix and
// BodyPrefixReader (the search page's snippet reads, with a prefix length from the input's first
// bytes). Any input must unpack or give kCorrupt, never crash; a prefix must be the start of the
// body whenever both unpack, and the reader, extended in steps, must give what UnpackBodyPrefix
// gives.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "store/record_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t prefix = (static_cast<size_t>(data[0]) << 8 | data[1]) * 4;
  const std::string_view blob(reinterpret_cast<const char*>(data) + 2, size - 2);
  (void)khabar::store::UnpackRecord(blob);
  const khabar::Result<std::string> body = khabar::store::UnpackBody(blob);
  bool complete = false;
  const khabar::Result<std::string> start =
      khabar::store::UnpackBodyPrefix(blob, prefix, &complete);
  if (body.ok() && start.ok()) {
    if (*start != body->substr(0, prefix)) std::abort();
    if (complete != (prefix >= body->size())) std::abort();
  }
  khabar::store::BodyPrefixReader reader(blob);
  for (size_t n = prefix / 3;; n = n * 2 + 1) {
    if (!reader.Extend(n).ok()) break;
    const std::string_view got = reader.body();
    if (got.size() < n && !reader.complete()) std::abort();
    if (body.ok() && (got != std::string_view(*body).substr(0, got.size()) ||
                      reader.complete() != (got.size() == body->size()))) {
      std::abort();
    }
    if (reader.complete() || n > (size_t{1} << 22)) break;
  }
  return 0;
}

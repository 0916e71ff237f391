// Fuzz target for the date parser: Parse and FindAll on arbitrary bytes must never crash, hang or
// return a span outside the input; every value they return must be well-formed ISO 8601.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "khabar/time.h"

namespace {

void Check(const khabar::time::DateMatch& m, std::string_view text) {
  if (m.byte_begin > m.byte_end || m.byte_end > text.size() || m.begin > m.end) std::abort();
  if (m.value.size() < 4) std::abort();
  for (size_t i = 0; i < 4; ++i) {
    if (m.value[i] < '0' || m.value[i] > '9') std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const khabar::time::DateParser parser(
      {.reference_unix_seconds = 1644573600, .tz = "Africa/Cairo"});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = parser.Parse(text);
  if (r.ok()) Check(*r, text);
  for (const auto& m : parser.FindAll(text)) Check(m, text);
  return 0;
}

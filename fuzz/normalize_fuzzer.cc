// Fuzz target for the clean and match-key layers (khabar::text::Clean, MatchKey): any bytes in,
// valid UTF-8 out, no crash, linear time; the key of a key is the key.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "khabar/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string clean = khabar::text::Clean(input);
  const std::string bare = khabar::text::Clean(input, {.remove_diacritics = true});
  const std::string key = khabar::text::MatchKey(input);
  if (!khabar::utf8::IsValid(clean) || !khabar::utf8::IsValid(bare) ||
      !khabar::utf8::IsValid(key)) {
    std::abort();
  }
  if (khabar::text::MatchKey(key) != key) std::abort();
  if (khabar::text::Clean(clean) != clean) std::abort();
  return 0;
}

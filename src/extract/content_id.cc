// Record ids: XXH3-128 of the match keys of the title and paragraphs.
#include <xxhash.h>

#include <memory>
#include <string>
#include <vector>

#include "extract/tables.h"
#include "khabar/extract.h"

namespace khabar::extract {

std::string ContentId(std::string_view title, const std::vector<std::string>& paragraphs) {
  // One hashing state per thread, reset for every id (creating one costs an aligned allocation).
  thread_local std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> owned(
      XXH3_createState(), XXH3_freeState);
  XXH3_state_t* state = owned.get();
  XXH3_128bits_reset(state);
  const std::string title_key = Key(title);
  XXH3_128bits_update(state, title_key.data(), title_key.size());
  for (const std::string& p : paragraphs) {
    XXH3_128bits_update(state, "\n", 1);
    const std::string key = Key(p);
    XXH3_128bits_update(state, key.data(), key.size());
  }
  const XXH128_hash_t h = XXH3_128bits_digest(state);
  std::string hex(32, '0');
  constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 0; i < 16; ++i) {
    hex[15 - i] = kDigits[(h.high64 >> (4 * i)) & 0xF];
    hex[31 - i] = kDigits[(h.low64 >> (4 * i)) & 0xF];
  }
  return hex;
}

}  // namespace khabar::extract

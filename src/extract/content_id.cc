// Record ids: XXH3-128 of the match keys of the title and paragraphs.
#include <xxhash.h>

#include <cstdio>
#include <string>
#include <vector>

#include "extract/tables.h"
#include "khabar/extract.h"

namespace khabar::extract {

std::string ContentId(std::string_view title, const std::vector<std::string>& paragraphs) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  const std::string title_key = Key(title);
  XXH3_128bits_update(state, title_key.data(), title_key.size());
  for (const std::string& p : paragraphs) {
    XXH3_128bits_update(state, "\n", 1);
    const std::string key = Key(p);
    XXH3_128bits_update(state, key.data(), key.size());
  }
  const XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(hex, 32);
}

}  // namespace khabar::extract

// Word forms from the text analyzer, with a small per-thread cache (news vocabulary repeats, and
// segmentation is the most expensive step of feature extraction).
#include "ner/forms.h"

#include <xxhash.h>

#include <vector>

#include "khabar/text.h"

namespace khabar::ner::internal {

namespace {

constexpr size_t kCacheSlots = 1 << 15;

struct CacheEntry {
  std::string token;
  WordForms forms;
  bool used = false;
};

}  // namespace

const WordForms& FormsOf(std::string_view token) {
  thread_local std::vector<CacheEntry> cache(kCacheSlots);
  CacheEntry& e = cache[XXH3_64bits(token.data(), token.size()) & (kCacheSlots - 1)];
  if (!e.used || e.token != token) {
    const text::Segmentation seg = text::Analyzer::Default().Segment(token);
    e.token.assign(token);
    e.forms.key = seg.proclitics + seg.base + seg.enclitic;  // == MatchKey(token), see text.h
    e.forms.base = seg.base;
    e.forms.stem = seg.stem;
    const std::string_view compare = e.forms.compare();
    e.forms.compare_hash = XXH3_64bits(compare.data(), compare.size());
    e.forms.compare_stop = -1;
    e.used = true;
  }
  return e.forms;
}

}  // namespace khabar::ner::internal

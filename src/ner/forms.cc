// Word forms from the text analyzer, with a small per-thread cache (news vocabulary repeats, and
// segmentation is the most expensive step of feature extraction).
#include "ner/forms.h"

#include <xxhash.h>

#include <algorithm>
#include <vector>

#include "base/huge_pages.h"
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

void ComputeForms(std::string_view token, WordForms* out) {
  const text::Segmentation seg = text::Analyzer::Default().Segment(token);
  out->key = seg.proclitics;  // + base + enclitic == MatchKey(token), see text.h
  out->key += seg.base;
  out->key += seg.enclitic;
  out->base = seg.base;
  out->stem = seg.stem;
  out->proclitic_bytes = static_cast<uint8_t>(std::min<size_t>(seg.proclitics.size(), 255));
  out->enclitic_bytes = static_cast<uint8_t>(std::min<size_t>(seg.enclitic.size(), 255));
  const std::string_view compare = out->compare();
  out->compare_hash = XXH3_64bits(compare.data(), compare.size());
  out->compare_stop = -1;
}

const WordForms& FormsOf(std::string_view token) {
  thread_local std::vector<CacheEntry, HugePageAllocator<CacheEntry>> cache(kCacheSlots);
  CacheEntry& e = cache[XXH3_64bits(token.data(), token.size()) & (kCacheSlots - 1)];
  if (!e.used || e.token != token) {
    e.token.assign(token);
    ComputeForms(token, &e.forms);
    e.used = true;
  }
  return e.forms;
}

}  // namespace khabar::ner::internal

// The word forms the NER features are built on, all from the one text analyzer
// (include/khabar/text.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace khabar::ner::internal {

struct WordForms {
  std::string key;  // text::MatchKey of the token
  std::string base;  // the match key without proclitics (و ف ب ل ك ال...) and enclitic pronouns
  std::string stem;  // light stem of the base
  // The analyzer's clitics in bytes of the key: key == its first proclitic_bytes + base + its
  // last enclitic_bytes (the tagger's clitic atom reads them).
  uint8_t proclitic_bytes = 0;
  uint8_t enclitic_bytes = 0;
  // The document pass's comparison form (document.cc): the base when it has 4 bytes or more, else
  // the key; its XXH3 hash, and whether it is a function word (-1: not asked yet; IsStopword
  // re-normalizes its argument, so the answer is kept with the word).
  std::string_view compare() const { return base.size() >= 4 ? base : key; }
  uint64_t compare_hash = 0;
  mutable int8_t compare_stop = -1;
};

// The forms of one token, from a per-thread cache: the reference is valid until the next call on
// the same thread.
const WordForms& FormsOf(std::string_view token);
// The same forms computed afresh into `*out` (capacity reused), for callers that keep what they
// need of them in a cache of their own (the tagger's token cache: on its misses FormsOf would
// miss too, and only fill its cache with words asked for once).
void ComputeForms(std::string_view token, WordForms* out);

}  // namespace khabar::ner::internal

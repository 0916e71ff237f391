// The word forms the NER features are built on, all from the one text analyzer
// (include/khabar/text.h).
#pragma once

#include <string>
#include <string_view>

namespace khabar::ner::internal {

struct WordForms {
  std::string key;  // text::MatchKey of the token
  std::string base;  // the match key without proclitics (و ف ب ل ك ال...) and enclitic pronouns
  std::string stem;  // light stem of the base
};

// The forms of one token, from a per-thread cache: the reference is valid until the next call on
// the same thread.
const WordForms& FormsOf(std::string_view token);

}  // namespace khabar::ner::internal

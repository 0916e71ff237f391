// Document-level consistency for the NER tagger (internal to src/ner; docs/ner.md "Document pass").
//
// A name the tagger finds with high confidence in one sentence of a document is usually the same
// entity where the tagger missed it in a neighbouring sentence (`الراية` tagged ORG once, missed
// three times). After every sentence of a document has been tagged, the second pass tags the
// untagged occurrences of confidently found names (compared by their clitic-stripped base, so
// والراية meets الراية) with the same type. It only turns O tokens into an entity; it never changes
// or removes what the tagger found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "khabar/ner.h"

namespace khabar::ner::internal {

struct DocumentPassOptions {
  // Names count only when every token of the span has at least this confidence.
  double min_confidence = 0.9;
  // A person name of two words or more whose every token has this confidence (but not
  // min_confidence) gives only its family name with ال (below), not the full name.
  double surname_min_confidence = 0.6;
  // Sentences within this distance share names; 0 = the whole document.
  size_t window = 0;
  // The last word of a confident multi-word person name also counts as a name of that person
  // alone when it is a family name with ال (`الحربي` after `سالم الحربي`, found alone only when
  // written with ال) or a word of 5 letters or more the analyzer leaves whole (`نادال` after
  // `رافائيل نادال`, found alone or after one proclitic); never after a connector of compound
  // names (`عبد`, `بن`, `ولد`, `فان`), nor an ordinal (`الثاني`), a nationality (`المصري`), a
  // plural or a word with tanween.
  bool surnames = true;
  // Optional, parallel to the sentences: each token's WordForms::compare_hash (forms.h), as
  // Tagger::TagTokens gives them; computed here (FormsOf) for a sentence that has none.
  std::span<const std::vector<uint64_t>> compare_hashes;
};

// `sentences[i]` are the tokens of sentence i, `tags[i]` and `confidence[i]` the tagger's output
// for them (same sizes). Rewrites `tags` in place; a token it tags gets 0.8 times the confidence of
// the name it copies. Cost: linear in tokens times the names sharing a first word.
void DocumentPass(std::span<const std::vector<std::string_view>> sentences,
                  std::span<std::vector<Tag>> tags, std::span<std::vector<double>> confidence,
                  const DocumentPassOptions& options = {});

}  // namespace khabar::ner::internal

// Gazetteer codes from the knowledge base: for every token, whether it begins or continues the
// longest KB alias that matches there, and that alias's type (features.h, docs/ner.md).
#include <xxhash.h>

#include <string>
#include <unordered_map>

#include "khabar/kb.h"
#include "ner/features.h"

namespace khabar::ner::internal {

namespace {

std::string_view Code(const kb::KnowledgeBase& kb, const kb::AliasHit& hit, bool begin) {
  if (hit.kind == kb::AliasKind::kDemonym) return begin ? "B-DEM" : "I-DEM";
  switch (kb.entity(hit.entity).type) {
    case kb::EntityType::kPer:
      return begin ? "B-PERS" : "I-PERS";
    case kb::EntityType::kOrg:
      return begin ? "B-ORG" : "I-ORG";
    case kb::EntityType::kLoc:
    case kb::EntityType::kGpe:
      return begin ? "B-LOC" : "I-LOC";
    case kb::EntityType::kMisc:
      break;
  }
  return begin ? "B-MISC" : "I-MISC";
}

// Hashes of every token-prefix of every alias key (value: true when the prefix is a whole alias),
// so the matcher stops extending a candidate as soon as no alias can continue it and asks the KB
// only about complete aliases.
const std::unordered_map<uint64_t, bool>& AliasPrefixes() {
  static const auto* prefixes = [] {
    auto* m = new std::unordered_map<uint64_t, bool>;
    const kb::KnowledgeBase& kb = kb::KnowledgeBase::Default();
    for (uint32_t e = 0; e < kb.size(); ++e) {
      for (const std::string& alias : kb.entity(e).aliases_ar) {
        const std::string key = kb::KnowledgeBase::MatchKeyOf(alias);
        for (size_t sp = key.find(' '); sp != std::string::npos; sp = key.find(' ', sp + 1)) {
          m->try_emplace(XXH3_64bits(key.data(), sp), false);
        }
        if (!key.empty()) (*m)[XXH3_64bits(key.data(), key.size())] = true;
      }
    }
    return m;
  }();
  return *prefixes;
}

}  // namespace

void GazetteerCodes(std::span<const std::string_view> tokens, std::span<TokenAtoms> atoms) {
  const kb::KnowledgeBase& kb = kb::KnowledgeBase::Default();
  const size_t n = atoms.size();
  const size_t max_len = static_cast<size_t>(std::max(1, std::min(kb.max_alias_tokens(), 8)));
  const std::unordered_map<uint64_t, bool>& prefixes = AliasPrefixes();
  thread_local std::string key;
  size_t i = 0;
  while (i < n) {
    size_t best_len = 0;
    kb::AliasHit best{};
    // The first word may carry proclitics (وبواشنطن): try its key, then its base.
    for (int first_form = 0; first_form < 2 && best_len == 0; ++first_form) {
      const std::string& first = atoms[i].text[first_form == 0 ? kWord : kBase];
      if (first_form == 1 && first == atoms[i].text[kWord]) break;
      key = first;
      for (size_t len = 1; len <= max_len && i + len <= n; ++len) {
        if (len > 1) {
          key += ' ';
          key += atoms[i + len - 1].text[kWord];
        }
        auto p = prefixes.find(XXH3_64bits(key.data(), key.size()));
        if (p == prefixes.end()) break;
        if (!p->second) continue;
        std::span<const kb::AliasHit> hits = kb.LookupKey(key);
        if (!hits.empty()) {
          best_len = len;
          best = hits[0];
        }
      }
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    for (size_t k = 0; k < best_len; ++k) atoms[i + k].text[kGazetteer] = Code(kb, best, k == 0);
    i += best_len;
  }
}

}  // namespace khabar::ner::internal

// Gazetteer codes from the knowledge base: for every token, whether it begins or continues the
// longest KB alias that matches there, and that alias's type (features.h, docs/ner.md).
#include <xxhash.h>

#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/huge_pages.h"
#include "khabar/kb.h"
#include "khabar/text.h"
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

constexpr std::string_view kCodes[] = {"B-PERS", "I-PERS", "B-LOC",  "I-LOC", "B-ORG",
                                       "I-ORG",  "B-MISC", "I-MISC", "B-DEM", "I-DEM"};

int CodeIndex(std::string_view code) {
  for (size_t i = 0; i < std::size(kCodes); ++i) {
    if (kCodes[i] == code) return static_cast<int>(i);
  }
  return -1;
}

// An Arabic alias of the built-in KB by its match key (KnowledgeBase::AliasKeyOf).
struct AliasKey {
  uint32_t entity = 0;
  kb::AliasKind kind = kb::AliasKind::kName;
  std::string_view key;
};

struct PrefixInfo {
  int8_t begin_code = -1;  // index into kCodes of the B- code when the prefix is a whole alias
};

// The alias prefixes as a flat open-addressing table (one cache line per lookup; GazetteerCodes
// asks it once or more for every token): key 0 marks an empty slot, so a prefix whose hash is 0
// is kept aside.
class PrefixTable {
 public:
  explicit PrefixTable(const std::unordered_map<uint64_t, PrefixInfo>& m) {
    size_t cap = 16;
    while (cap < 2 * (m.size() + 1)) cap *= 2;
    slots_.assign(cap, Slot());
    mask_ = cap - 1;
    for (const auto& [h, info] : m) {
      if (h == 0) {
        has_zero_ = true;
        zero_ = info;
        continue;
      }
      size_t i = static_cast<size_t>(h) & mask_;
      while (slots_[i].hash != 0) i = (i + 1) & mask_;
      slots_[i] = {h, info};
    }
  }
  // The prefix with this hash, or nullptr.
  const PrefixInfo* Find(uint64_t h) const {
    if (h == 0) return has_zero_ ? &zero_ : nullptr;
    for (size_t i = static_cast<size_t>(h) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.hash == h) return &s.info;
      if (s.hash == 0) return nullptr;
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    PrefixInfo info;
  };
  std::vector<Slot, HugePageAllocator<Slot>> slots_;  // megabytes, read at random
  size_t mask_ = 0;
  bool has_zero_ = false;
  PrefixInfo zero_;
};

// Every token-prefix of every alias key, keyed by ChainHash of its words' hashes; a whole alias
// also carries the code of its best KB candidate. The matcher stops extending a candidate as soon
// as no alias can continue it, and never builds a string.
PrefixTable* BuildAliasPrefixes(const kb::KnowledgeBase& kb, const std::vector<AliasKey>& aliases) {
  std::unordered_map<uint64_t, PrefixInfo> map;
  auto* m = &map;
  for (const AliasKey& alias : aliases) {
    const std::string_view key = alias.key;
    if (key.empty()) continue;
    uint64_t h = 0;
    for (size_t b = 0; b <= key.size();) {
      size_t sp = key.find(' ', b);
      if (sp == std::string_view::npos) sp = key.size();
      h = b == 0 ? HashAtom(key.substr(0, sp)) : ChainHash(h, HashAtom(key.substr(b, sp - b)));
      m->try_emplace(h);
      b = sp + 1;
    }
    std::span<const kb::AliasHit> hits = kb.LookupKey(key);
    if (!hits.empty()) (*m)[h].begin_code = static_cast<int8_t>(CodeIndex(Code(kb, hits[0], true)));
  }
  return new PrefixTable(map);
}

// Word -> class string (see GazetteerWordClass) as a flat open-addressing table keyed by the
// word's HashAtom, which the tagger has at hand: one probe (16-byte slots) and one compare of the
// word's bytes, instead of a node-based map that hashes the word again.
class WordClassTable {
 public:
  explicit WordClassTable(const std::unordered_map<std::string, std::string>& m) {
    size_t cap = 16;
    while (cap < 2 * (m.size() + 1)) cap *= 2;
    slots_.assign(cap, Slot());
    mask_ = cap - 1;
    for (const auto& [word, cls] : m) {
      uint8_t c = 0;
      while (c < classes_.size() && classes_[c] != cls) ++c;
      if (c == classes_.size()) classes_.push_back(cls);
      size_t i = static_cast<size_t>(HashAtom(word)) & mask_;
      while (slots_[i].used) i = (i + 1) & mask_;
      slots_[i] = {HashAtom(word), static_cast<uint32_t>(words_.size()),
                   static_cast<uint16_t>(word.size()), c, true};
      words_ += word;
    }
  }
  // The class of the word whose HashAtom is `h` and whose bytes are `prefix` + `rest`, or nullptr.
  const std::string* Find(uint64_t h, std::string_view prefix, std::string_view rest) const {
    for (size_t i = static_cast<size_t>(h) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.hash != h || s.size != prefix.size() + rest.size()) continue;
      const std::string_view w(words_.data() + s.word, s.size);
      if (w.substr(0, prefix.size()) == prefix && w.substr(prefix.size()) == rest) {
        return &classes_[s.cls];
      }
    }
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t word = 0;  // offset in words_
    uint16_t size = 0;
    uint8_t cls = 0;  // index in classes_
    bool used = false;
  };
  std::vector<Slot, HugePageAllocator<Slot>> slots_;  // megabytes, read at random
  size_t mask_ = 0;
  std::string words_;
  std::vector<std::string> classes_;  // distinct classes (fewer than 64: P f l L O M combined)
};

WordClassTable* BuildWordClasses(const kb::KnowledgeBase& kb,
                                 const std::vector<AliasKey>& aliases) {
  // Bits: P L O M, then person-first, person-last.
  std::unordered_map<std::string, unsigned> bits;
  std::unordered_set<std::string> stopwords;
  const text::Analyzer& analyzer = text::Analyzer::Default();
  std::vector<std::string> words;
  for (const AliasKey& alias : aliases) {
    if (alias.kind == kb::AliasKind::kDemonym) continue;
    unsigned type_bit = 0;
    switch (kb.entity(alias.entity).type) {
      case kb::EntityType::kPer:
        type_bit = 1;
        break;
      case kb::EntityType::kLoc:
      case kb::EntityType::kGpe:
        type_bit = 2;
        break;
      case kb::EntityType::kOrg:
        type_bit = 4;
        break;
      case kb::EntityType::kMisc:
        type_bit = 8;
        break;
    }
    const std::string_view key = alias.key;
    words.clear();
    for (size_t b = 0; b <= key.size();) {
      size_t sp = key.find(' ', b);
      if (sp == std::string_view::npos) sp = key.size();
      if (sp > b) words.emplace_back(key.substr(b, sp - b));
      b = sp + 1;
    }
    for (size_t w = 0; w < words.size(); ++w) {
      if (words[w].size() <= 2) continue;
      // A word already classed is no stopword; one found a stopword is remembered (IsStopword
      // normalizes its argument again: it was half of the cost of this table, words recur).
      auto it = bits.find(words[w]);
      if (it == bits.end()) {
        if (stopwords.count(words[w]) || analyzer.IsStopword(words[w])) {
          stopwords.insert(words[w]);
          continue;
        }
        it = bits.emplace(words[w], 0u).first;
      }
      unsigned& m = it->second;
      m |= type_bit;
      if (type_bit == 1 && words.size() > 1) {
        if (w == 0) m |= 16;
        if (w + 1 == words.size()) m |= 32;
      }
    }
  }
  std::unordered_map<std::string, std::string> out;
  for (const auto& [word, m] : bits) {
    std::string c;
    if (m & 1) c += 'P';
    if (m & 16) c += 'f';
    if (m & 32) c += 'l';
    if (m & 2) c += 'L';
    if (m & 4) c += 'O';
    if (m & 8) c += 'M';
    out.emplace(word, std::move(c));
  }
  return new WordClassTable(out);
}

// Both tables from the built-in KB, built together from the match key of every alias, which the
// KB keeps (AliasKeyOf): tokenizing and normalizing the ~7,000 aliases again, once per table, was
// a third of the cost of building them (BuildAtomTables, at start-up).
struct GazetteerTables {
  const PrefixTable* prefixes = nullptr;
  const WordClassTable* classes = nullptr;
};
const GazetteerTables& Tables() {
  static const GazetteerTables tables = [] {
    const kb::KnowledgeBase& kb = kb::KnowledgeBase::Default();
    std::vector<AliasKey> aliases;
    for (uint32_t e = 0; e < kb.size(); ++e) {
      const kb::Entity& ent = kb.entity(e);
      for (size_t a = 0; a < ent.aliases_ar.size(); ++a) {
        aliases.push_back({e, ent.alias_kinds[a], kb.AliasKeyOf(e, a)});
      }
    }
    GazetteerTables t;
    t.prefixes = BuildAliasPrefixes(kb, aliases);
    t.classes = BuildWordClasses(kb, aliases);
    return t;
  }();
  return tables;
}
const PrefixTable& AliasPrefixes() { return *Tables().prefixes; }
const WordClassTable& WordClasses() { return *Tables().classes; }

}  // namespace

std::string_view GazetteerWordClass(std::string_view key, std::string_view base) {
  std::string al_base("ال");
  al_base += base;
  return GazetteerWordClass(key, HashAtom(key), base, HashAtom(base), HashAtom(al_base));
}

std::string_view GazetteerWordClass(std::string_view key, uint64_t key_hash, std::string_view base,
                                    uint64_t base_hash, uint64_t al_base_hash) {
  const WordClassTable& classes = WordClasses();
  const std::string* c = classes.Find(key_hash, {}, key);
  if (c == nullptr && base != key && !base.empty()) {
    c = classes.Find(base_hash, {}, base);
    constexpr std::string_view kAl = "ال";
    const bool key_is_al_base = key.size() == kAl.size() + base.size() &&
                                key.substr(0, kAl.size()) == kAl && key.substr(kAl.size()) == base;
    if (c == nullptr && !key_is_al_base) c = classes.Find(al_base_hash, kAl, base);
  }
  return c == nullptr ? std::string_view("-") : std::string_view(*c);
}

int8_t GazetteerPrefixCode(uint64_t word_hash) {
  const PrefixInfo* p = AliasPrefixes().Find(word_hash);
  return p == nullptr ? kGazNoPrefix : p->begin_code;
}

uint64_t ChainHash(uint64_t prefix, uint64_t word) {
  uint64_t x = prefix * 0x9E3779B97F4A7C15ULL ^ (word + 0x632BE59BD9B4E019ULL);
  x ^= x >> 31;
  x *= 0xD6E8FEB86659FD93ULL;
  return x ^ (x >> 29);
}

void GazetteerCodes(std::span<TokenAtoms> atoms, bool with_text) {
  static const std::array<uint64_t, std::size(kCodes)> code_hash = [] {
    std::array<uint64_t, std::size(kCodes)> h{};
    for (size_t i = 0; i < std::size(kCodes); ++i) h[i] = HashAtom(kCodes[i]);
    return h;
  }();
  static const uint64_t none_hash = HashAtom("-");
  const kb::KnowledgeBase& kb = kb::KnowledgeBase::Default();
  const size_t n = atoms.size();
  const size_t max_len = static_cast<size_t>(std::max(1, std::min(kb.max_alias_tokens(), 8)));
  const PrefixTable& prefixes = AliasPrefixes();
  for (size_t i = 0; i < n; ++i) {
    atoms[i].hash[kGazetteer] = none_hash;
    if (with_text) atoms[i].text[kGazetteer].assign("-");
  }
  size_t i = 0;
  while (i < n) {
    size_t best_len = 0;
    int best_code = -1;
    // The first word may carry proclitics (وبواشنطن, والسويد): try its key, then its base, then
    // the base with the article (KB aliases are written with it: السويد).
    for (int first_form = 0; first_form < 3 && best_len == 0; ++first_form) {
      uint64_t h;
      if (first_form == 0) {
        h = atoms[i].hash[kWord];
      } else {
        if (!atoms[i].base_differs) break;
        h = first_form == 1 ? atoms[i].hash[kBase] : atoms[i].al_base_hash;
        if (h == atoms[i].hash[kWord]) continue;
      }
      for (size_t len = 1; len <= max_len && i + len <= n; ++len) {
        // The word alone: the token's cached answer when it has one.
        int8_t code = len == 1 ? atoms[i].gaz_first[first_form] : kGazUnknown;
        if (code == kGazUnknown) {
          if (len > 1) h = ChainHash(h, atoms[i + len - 1].hash[kWord]);
          const PrefixInfo* p = prefixes.Find(h);
          code = p == nullptr ? kGazNoPrefix : p->begin_code;
        }
        if (code == kGazNoPrefix) break;
        if (code >= 0) {
          best_len = len;
          best_code = code;
        }
      }
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    for (size_t k = 0; k < best_len; ++k) {
      const int c = k == 0 ? best_code : best_code + 1;  // I- follows its B- in kCodes
      atoms[i + k].hash[kGazetteer] = code_hash[c];
      if (with_text) atoms[i + k].text[kGazetteer].assign(kCodes[c]);
    }
    i += best_len;
  }
}

}  // namespace khabar::ner::internal

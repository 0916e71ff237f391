// Internal: the in-memory indexes of a KnowledgeBase, shared by kb.cc and linker.cc.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/huge_pages.h"
#include "kb/builder.h"
#include "khabar/kb.h"

namespace khabar::kb {

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, SvHash, std::equal_to<>>;

// A hash of a word or key for the linker's flat tables (KeyFlagTable, the per-thread word
// cache), asked for every token: words are short, and reading them eight bytes at a time (the
// last word overlapping, wyhash-style) costs a fraction of std::hash's byte loop. Only where a
// table is keyed by it: the node-based StringMap/StringSet keep std::hash (their iteration order
// is the rules' business).
inline uint64_t FastKeyHash(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  auto load8 = [](const char* q) {
    uint64_t w;
    std::memcpy(&w, q, 8);
    return w;
  };
  auto load4 = [](const char* q) {
    uint32_t w;
    std::memcpy(&w, q, 4);
    return static_cast<uint64_t>(w);
  };
  auto mix = [](uint64_t h, uint64_t w) {
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 29);
  };
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0x94D049BB133111EBULL);
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) h = mix(h, load8(p + i));
    if (i < n) h = mix(h, load8(p + n - 8));  // the last bytes, overlapping
  } else if (n >= 4) {
    h = mix(h, load4(p) | load4(p + n - 4) << 32);
  } else if (n > 0) {
    h = mix(h, static_cast<uint64_t>(static_cast<unsigned char>(p[0])) |
                   static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
                   static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
  }
  h *= 0xD6E8FEB86659FD93ULL;
  return h ^ (h >> 32);
}

// The keys of KnowledgeBase::Impl::key_sets with their bits, plus kFirstToken for every word of
// first_tokens, in one flat open-addressing table: the linker asks it for every word new to its
// word cache and for every multi-word candidate, and a probe of 24-byte slots (fingerprint
// checked before the bytes) costs one cache miss where a node-based set costs three or four.
// An alias key's slot also points to its candidates, so that LookupKey is the same probe.
class KeyFlagTable {
 public:
  static constexpr uint16_t kFirstToken = 1 << 8;
  KeyFlagTable() = default;
  KeyFlagTable(const KeyFlagTable&) = delete;  // holds pointers into the Impl's by_key
  KeyFlagTable& operator=(const KeyFlagTable&) = delete;
  // `by_key`: the alias keys' candidates (Impl::by_key), kept by address (it must outlive the
  // table and not change).
  void Build(const StringMap<uint16_t>& key_sets, const StringSet& first_tokens,
             const StringMap<std::vector<AliasHit>>& by_key);
  // The bits of `key` (0 when it is in none of the indexes).
  uint16_t Flags(std::string_view key) const {
    const Slot* s = Find(key);
    return s == nullptr ? 0 : s->flags;
  }
  // The candidates of an alias key (Impl::by_key), or nullptr.
  const std::vector<AliasHit>* Hits(std::string_view key) const {
    const Slot* s = Find(key);
    return s == nullptr ? nullptr : s->hits;
  }

 private:
  static uint16_t Tag(uint64_t h) { return static_cast<uint16_t>(h >> 48); }
  struct Slot {
    uint32_t offset = 0;  // of the key in bytes_
    uint32_t size = 0;    // 0 = empty (keys are never empty)
    uint16_t tag = 0;     // high bits of the key's hash
    uint16_t flags = 0;
    const std::vector<AliasHit>* hits = nullptr;  // in by_key, for an alias key
  };
  const Slot* Find(std::string_view key) const {
    const uint64_t h = FastKeyHash(key);
    const uint16_t tag = Tag(h);
    for (size_t i = static_cast<size_t>(h) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.size == 0) return nullptr;
      if (s.tag == tag && s.size == key.size() &&
          std::memcmp(bytes_.data() + s.offset, key.data(), key.size()) == 0) {
        return &s;
      }
    }
  }
  std::vector<Slot, HugePageAllocator<Slot>> slots_ =  // megabytes, read at random
      std::vector<Slot, HugePageAllocator<Slot>>(1);
  size_t mask_ = 0;
  std::string bytes_;
};

struct KnowledgeBase::Impl {
  internal::KbData data;  // with its match keys (data.alias_keys: KnowledgeBase::AliasKeyOf)
  StringMap<uint32_t> by_id;
  // Match key of a whole alias (token keys joined by ' ') -> entities, best first.
  StringMap<std::vector<AliasHit>> by_key;
  // Every proper token prefix of a multi-token alias key ("وزير", "وزير الخارجيه" ...).
  StringSet prefixes;
  // Title key -> role ids; proper prefixes of multi-token title keys.
  StringMap<std::vector<std::string>> title_roles;
  StringSet bare_titles;  // title keys that may stand alone
  StringSet title_prefixes;
  // First token of every alias key and title key, with and without ال: a cheap filter that decides
  // whether a word is worth segmenting at all.
  StringSet first_tokens;
  // Every key of by_key, prefixes, title_roles and title_prefixes -> which of the four it is in
  // (bits 1 2 4 8 in that order; linker.cc WordFlag): one lookup instead of four for a word.
  StringMap<uint16_t> key_sets;
  // key_sets and first_tokens, flat (what the linker asks).
  KeyFlagTable key_flags;
  int max_tokens = 1;
  int max_title_tokens = 1;
  // Unique to each BuildIndexes() call in the process: the linker's per-thread caches of
  // per-word facts (linker.cc) tell knowledge bases, and rebuilt indexes, apart by it.
  uint64_t generation = 0;
  // "role@of" -> (entity index, role)
  StringMap<std::vector<std::pair<uint32_t, Role>>> roles;

  void BuildIndexes();

  // Latin names (linker.cc TryLatin): data.latin_names by LatinKey -> entities, best first (as
  // by_key). Built on first use (most news never asks), once per KB, thread-safe.
  const StringMap<std::vector<AliasHit>>& LatinNames() const;
  // Organizations by the initials of their English label (`Central Intelligence Agency` -> "cia",
  // `Federal Bureau of Investigation` -> "fbi": lowercase words skipped; a label with a word that
  // starts with no letter has none), best first as by_key: what a dotted acronym (`C.I.A`,
  // `F.B.I.`) names when it is no entity's Latin name (linker.cc LatinName). Built with
  // latin_names.
  const StringMap<std::vector<AliasHit>>& LatinAcronyms() const;
  mutable std::once_flag latin_once;
  mutable StringMap<std::vector<AliasHit>> latin_names, latin_acronyms;
};

using internal::IsLatinNamePunct;
using internal::LatinKey;

// Rank of an entity among candidates of one alias: lower is preferred.
int TypeRank(const Entity& e);

// How strongly an alias names its entity: 0 name or variant, 1 short name or metonym, 2 demonym.
// Lower wins when several entities share an alias.
int KindRank(AliasKind kind);

}  // namespace khabar::kb

// Internal: the in-memory indexes of a KnowledgeBase, shared by kb.cc and linker.cc.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

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

struct KnowledgeBase::Impl {
  internal::KbData data;
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
  int max_tokens = 1;
  int max_title_tokens = 1;
  // Unique to each BuildIndexes() call in the process: the linker's per-thread caches of
  // per-word facts (linker.cc) tell knowledge bases, and rebuilt indexes, apart by it.
  uint64_t generation = 0;
  // "role@of" -> (entity index, role)
  StringMap<std::vector<std::pair<uint32_t, Role>>> roles;

  void BuildIndexes();
};

// Rank of an entity among candidates of one alias: lower is preferred.
int TypeRank(const Entity& e);

// How strongly an alias names its entity: 0 name or variant, 1 short name or metonym, 2 demonym.
// Lower wins when several entities share an alias.
int KindRank(AliasKind kind);

}  // namespace khabar::kb

// Internal: turns the KB's TSV sources (docs/kb-format.md) into entities, generates spelling
// variants by rule, validates references, and (de)serializes the compiled blob.
//
// Used by tools/kb_compile.cc at build time (with country names from ICU and iso-codes) and by
// KnowledgeBase::WithUserFile at run time (a user file goes through the same rules).
// Not thread-safe; one builder per build.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "khabar/kb.h"
#include "khabar/status.h"
#include "khabar/text.h"

namespace khabar::kb::internal {

struct TitleRow {
  std::string title_ar;
  std::string role;
  bool bare = true;  // may stand alone and join the holder named earlier (الرئيس; not الأمير)
  std::string key;  // derived: MatchKeyOf(title_ar) (ComputeMatchKeys)
};

struct VariantRule {
  std::string from, to;
  bool foreign_only = false;  // only for entities of non-Arab countries (transliterations)
  bool names_only = false;    // only for persons and places (not organizations' Arabic names)
};

// A name of an entity in Latin letters (its English label, or an alias written in Latin
// letters), by LatinKey: what the linker matches a capitalised Latin run against.
struct LatinNameRow {
  std::string key;  // LatinKey of the name
  uint32_t entity = 0;
  AliasKind kind = AliasKind::kName;  // kShort: a company label without its legal suffix
};

// Everything the compiled blob holds.
struct KbData {
  std::vector<Entity> entities;
  std::vector<TitleRow> titles;
  std::vector<VariantRule> rules;        // kept so user files get the same variants
  std::vector<std::string> arab_league;  // member countries (variant scope "foreign")
  // Derived by ComputeMatchKeys (KbBuilder::Finish) and kept in the blob, so that loading the
  // built-in KB does not tokenize and normalize its ~7,000 aliases again at every start-up:
  // alias_keys[e][a] = MatchKeyOf(entities[e].aliases_ar[a]); alias_indexed[e][a] = whether that
  // key goes into the alias index (not empty, and not one function word or one-letter word).
  std::vector<std::vector<std::string>> alias_keys;
  std::vector<std::vector<uint8_t>> alias_indexed;
  // Every entity's Latin names (LatinNames), in entity order (blob version 3, session 14).
  std::vector<LatinNameRow> latin_names;
};

// Whether `surface` (one token's surface) is punctuation a Latin name may contain: . , - ' ’ ‐ ‑
bool IsLatinNamePunct(std::string_view surface);

// The key of a run of Latin-script tokens with their match keys `keys` (text::MatchKey:
// lowercase, accents folded): the letter-and-digit tokens' keys joined by one space, the usual
// punctuation between them (IsLatinNamePunct) dropped, one-letter tokens joined by dots written
// as one word (`C.I.A` and `CIA` -> "cia", `D.C.` -> "dc"), any other token kept as a word
// (`OPEC+` -> "opec +", `AT&T` -> "at & t"). "" when the run holds no Latin letter. Both sides of
// the Latin-name match use it (the linker on a document's tokens, ComputeMatchKeys on names).
std::string LatinKey(std::span<const text::Token> tokens, std::span<const std::string_view> keys);

// An entity's Latin names: its English label (kName) and, for an organization whose label ends
// with a legal suffix (Inc, Ltd, LLC, PLC, Corp, Co, GmbH, AG, SA, NV, BV, SpA), the label without
// it (kShort: `Apple Inc.` is `Apple` in news); each alias with a Latin letter (its own kind).
void AddLatinNames(const Entity& e, std::vector<LatinNameRow>* out);

// The match key of a surface string (KnowledgeBase::MatchKeyOf): the analyzer's text::MatchKey of
// each token, joined by ' '.
std::string MatchKeyOf(std::string_view surface);

// Fills the derived fields of `data` (alias_keys, alias_indexed, TitleRow::key, latin_names) from
// its surface strings with the analyzer (text::Analyzer::Default()). Cost: tens of millions of
// instructions for the built-in KB (done by kb_compile at build time; at run time only for user
// files).
void ComputeMatchKeys(KbData* data);

class KbBuilder {
 public:
  KbBuilder() = default;
  // Starts from existing data. `rows_from_user`: the rows added are a user's (user files extend
  // the built-in KB): Finish marks them, and the base entities they replace, Entity::from_user.
  // kb_compile's own later steps (GeoNames cities) pass false.
  KbBuilder(KbData base, bool allow_override, bool rows_from_user);

  // Adds one TSV source. `kind` is the file's role: "persons", "orgs", "places", "regions",
  // "misc" (type MISC by default), "countries", "demonyms", "titles", "variants", or "entities"
  // (generic, the user format).
  // `name` appears in error messages as name:line.
  Status AddTsv(std::string_view kind, std::string_view text, std::string_view name);

  // A country or territory from ICU / iso-codes (id = ISO alpha-2). Idempotent per cc.
  void AddCountry(const std::string& cc, const std::string& label_en, const std::string& subtype);
  // An Arabic name of that country; "بورما (ميانمار)"-style parentheses are split by the caller.
  void AddCountryAlias(const std::string& cc, const std::string& alias, AliasKind kind);

  // Applies supplements, generates variants, checks references and dates. Errors name the entity,
  // and the file:line of its row when it came from an entity file.
  Status Finish(KbData* out);

 private:
  Entity* FindOrNull(std::string_view id);
  Status AddEntityRows(std::string_view kind, std::string_view text, std::string_view name);
  Status AddCountryRows(std::string_view text, std::string_view name);
  Status AddDemonymRows(std::string_view text, std::string_view name);
  Status AddTitleRows(std::string_view text, std::string_view name);
  Status AddVariantRows(std::string_view text, std::string_view name);
  void AddAlias(Entity* e, std::string alias, AliasKind kind);

  std::vector<Entity> entities_;
  std::unordered_map<std::string, size_t> by_id_;
  std::vector<TitleRow> titles_;
  std::vector<VariantRule> rules_;
  std::map<std::string, bool> arab_;  // cc -> Arab League member
  bool allow_override_ = false;
  size_t first_new_ = 0;  // entities before this index came from a base KbData (already expanded)
  bool rows_from_user_ = false;  // this builder's rows are a user file's (Entity::from_user)
  std::unordered_map<std::string, std::string> row_of_;  // id -> "file:line: " of its entity row
};

// Compact binary form (docs/kb-format.md#compiled-blob), derived keys included (`data` must have
// them: ComputeMatchKeys). ParseBlob checks the magic, the version tag and every length, and
// reports a damaged blob as Status::Corrupt.
std::string SerializeBlob(const KbData& data);
Result<KbData> ParseBlob(std::string_view blob);

// Splits `s` at `sep`, trimming ASCII spaces; empty pieces dropped.
std::vector<std::string> SplitList(std::string_view s, char sep);

}  // namespace khabar::kb::internal

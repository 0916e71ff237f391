// Knowledge base (KB) of people, organizations and places, and the entity linker.
//
// The KB is authored as TSV in data/kb/ (format: docs/kb-format.md), merged at build time with the
// country names of ICU/CLDR and Debian iso-codes, compiled into one binary blob and embedded in the
// product. KnowledgeBase::Default() decodes that blob once (a few milliseconds); users add their
// own entities from a file in the same TSV format (`khabar ner --kb FILE`).
//
//   const khabar::kb::KnowledgeBase& kb = khabar::kb::KnowledgeBase::Default();
//   const khabar::kb::Entity* e = kb.Find("antony_blinken");        // by stable id
//   khabar::kb::Linker linker(kb);
//   std::vector<khabar::text::Token> tokens = khabar::text::Tokenize(article);
//   khabar::kb::LinkOptions opt;  opt.date = 20220211;               // resolves titles at that
//   date std::vector<khabar::kb::LinkedMention> ms = linker.Link(article, tokens, /*spans=*/{},
//   opt); for (const auto& m : ms) std::cout << m.text << " -> " << m.label_en << " " << m.qid <<
//   "\n";
//
// Matching goes through the one text analyzer (khabar::text::MatchKey and the analyzer's clitic
// segmentation), so وبواشنطن, واشنطن and واشنطون-style variants meet the same key.
//
// Thread-safety: a KnowledgeBase is immutable after construction/loading and may be shared by any
// number of threads; Default() is thread-safe (built on first use). A Linker is immutable too;
// Link() is const and may run concurrently on different documents.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"
#include "khabar/text.h"

namespace khabar::kb {

// Coarse entity type. GPE = geo-political entity (country, city, governorate: a place with a
// government); LOC = other places (seas, regions, mountains); ORG; PER; MISC (events, works...).
enum class EntityType : uint8_t { kPer = 0, kOrg = 1, kLoc = 2, kGpe = 3, kMisc = 4 };
std::string_view EntityTypeName(EntityType type);  // "PER", "ORG", "LOC", "GPE", "MISC"
// Accepts the names above (case-insensitive); "LOC/GPE" reads as GPE. kInvalidArgument otherwise.
Result<EntityType> ParseEntityType(std::string_view name);

// A dated office held by a person: `role` is a role id from data/kb/titles.tsv ("foreign_minister",
// "head_of_state", "head_of_government", "defence_minister", "monarch", "crown_prince",
// "secretary_general"...), `of` the ISO 3166-1 alpha-2 country or the organization id the office
// belongs to. Dates are yyyymmdd integers; 0 = unknown start / still in office.
struct Role {
  std::string role;
  std::string of;
  int32_t start = 0;
  int32_t end = 0;
  bool Covers(int32_t date) const {
    return (start == 0 || date >= start) && (end == 0 || date <= end);
  }
};

// How an alias relates to its entity; demonyms and partial names are weaker evidence.
enum class AliasKind : uint8_t {
  kName = 0,     // a full name or official form
  kShort = 1,    // a short or colloquial form (أمريكا, بلينكن for a person)
  kDemonym = 2,  // الروسي, الروسية, الروس -> the country
  kMetonym = 3,  // الكرملين, البيت الأبيض
  kVariant = 4,  // generated spelling variant (ترمب, أميركا...)
  kTagged = 5,  // also an ordinary word (الهلال "the crescent", a club): linked only where the
                // tagger finds a name (docs/kb-format.md "Alias kinds")
};

struct Entity {
  std::string id;  // stable id: "US" (countries: ISO alpha-2), "antony_blinken", "quad"...
  EntityType type = EntityType::kMisc;
  std::string
      subtype;  // country, territory, city, capital, region, person, igo, ministry, agency...
  std::string label_en;    // English label: "Antony Blinken"
  std::string label_ar;    // canonical Arabic name: "أنتوني بلينكن"
  std::string qid;         // Wikidata id ("Q30") or "" when not certain
  std::string country;     // ISO 3166-1 alpha-2 the entity belongs to, "" for international
  std::string part_of;     // id of the enclosing entity (a city's governorate, a body's parent...)
  std::string stands_for;  // metonymy: id this entity is commonly used for (واشنطن -> "US")
  std::string capital;     // countries and governorates: id of the capital city
  std::vector<std::string> aliases_ar;  // as authored / generated (not normalized)
  std::vector<AliasKind> alias_kinds;   // parallel to aliases_ar
  std::vector<Role> roles;              // persons only
  uint32_t index = 0;                   // position in the KB, dense from 0
  // Added or replaced by a user file (KnowledgeBase::WithUserFiles, `--kb`): among the entities
  // an alias names, the user's come first (docs/kb-format.md "User files"). Never in the blob.
  bool from_user = false;
};

struct AliasHit {
  uint32_t entity = 0;  // Entity::index
  AliasKind kind = AliasKind::kName;
};

// Options for loading a user KB file.
struct KbLoadOptions {
  // When true an id already present replaces the built-in entity; otherwise it is an error.
  bool allow_override = true;
};

class KnowledgeBase {
 public:
  // The built-in KB compiled into the binary. Never fails (a corrupt blob is a build bug and
  // aborts).
  static const KnowledgeBase& Default();

  // A copy of `base` extended with the entities of `tsv_path` (docs/kb-format.md "User files"):
  // kInvalidArgument with file:line for malformed rows, kIoError when the file cannot be read.
  static Result<std::unique_ptr<KnowledgeBase>> WithUserFile(const KnowledgeBase& base,
                                                             const std::string& tsv_path,
                                                             const KbLoadOptions& opt = {});
  // A copy of `base` extended with several files, read in order into one builder: a later file
  // may refer to an earlier one's entities (part_of, capital); an id defined by two rows (in one
  // file or in two) is kInvalidArgument naming both file:line, and so is a QID given twice.
  // An empty list gives a copy of `base`.
  static Result<std::unique_ptr<KnowledgeBase>> WithUserFiles(
      const KnowledgeBase& base, const std::vector<std::string>& tsv_paths,
      const KbLoadOptions& opt = {});
  // Same from bytes already in memory (`name` is used in error messages).
  static Result<std::unique_ptr<KnowledgeBase>> WithUserText(const KnowledgeBase& base,
                                                             std::string_view tsv,
                                                             std::string_view name = "<user kb>",
                                                             const KbLoadOptions& opt = {});
  // Decodes a compiled blob (what tools/kb_compile writes). kCorrupt on malformed input.
  static Result<std::unique_ptr<KnowledgeBase>> FromBlob(std::string_view blob);

  KnowledgeBase(const KnowledgeBase&) = delete;
  KnowledgeBase& operator=(const KnowledgeBase&) = delete;
  ~KnowledgeBase();

  size_t size() const;
  const Entity& entity(uint32_t index) const;
  // nullptr when no entity has this id.
  const Entity* Find(std::string_view id) const;
  // Entities whose alias has the match key `key` (a key made by MatchKeyOf / text::MatchKey of a
  // whole alias, tokens joined by one space). Empty span when none. Best candidate first.
  std::span<const AliasHit> LookupKey(std::string_view key) const;
  // Convenience: LookupKey(MatchKeyOf(surface)).
  std::vector<AliasHit> Lookup(std::string_view surface) const;
  // The KB's match key of a multi-word surface string: each token's text::MatchKey joined by ' '.
  static std::string MatchKeyOf(std::string_view surface);
  // MatchKeyOf(entity(index).aliases_ar[alias]), computed once when the KB was built (callers that
  // walk every alias need not tokenize them again). Valid while the KB lives.
  std::string_view AliasKeyOf(uint32_t index, size_t alias) const;

  // The person holding `role` of `of` on `date` (yyyymmdd); nullptr when none is known. When
  // several match (overlapping dates), the most recent start wins.
  const Entity* ResolveRole(std::string_view role, std::string_view of, int32_t date) const;
  // Role ids whose Arabic title has this match key ("وزير الخارجية" -> foreign_minister).
  std::span<const std::string> RolesForTitleKey(std::string_view key) const;

  // Longest number of tokens of any alias (bounds the matcher's window).
  int max_alias_tokens() const;

  struct Impl;

 private:
  friend class Linker;
  explicit KnowledgeBase(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A typed span proposed by a tagger over the token sequence, [begin, end) in token indices.
struct TypedSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  EntityType type = EntityType::kMisc;
  float score = 1.0f;  // tagger confidence in [0, 1]
};

struct LinkOptions {
  int32_t date = 0;  // document date yyyymmdd, for titles ("وزير الخارجية الأمريكي");
                     // 0 = unknown: titles resolve to current office holders
  std::string country;    // ISO alpha-2 of the outlet/dateline, the default for bare titles
  bool gazetteer = true;  // also propose mentions from KB aliases (not only the tagger's spans)
  bool titles = true;     // resolve titles/roles to persons
  bool demonyms = true;   // report demonyms (الروسي) as mentions of their country
  bool nil_spans = true;  // keep tagger spans that match nothing as NIL mentions
  // Person-name words known beyond the KB (the tagger's names lexicon, data/ner/names.tsv), asked
  // with a word's match key: evidence that a NIL span's first word starts after its proclitics
  // (وسمية -> سمية), like a KB alias word. Null: only the KB and the document's own names vouch.
  bool (*is_name_word)(std::string_view match_key) = nullptr;
  // Organization head words beyond the linker's own (the tagger's ORG trigger words of
  // data/ner/triggers.tsv: حركة, مجموعة, فريق...), asked with a word's match key: a quoted name
  // after one is an organization (شركة «...», حركة «...»). Null: the linker's heads only.
  bool (*is_org_head)(std::string_view match_key) = nullptr;
  // Bytes at the start of the text that are the article's headline (its first part; 0: none).
  // The headline comes before the body that names its people: a headline word left unlinked that
  // is the family name of a person the body names in full is that person (ظريف, لبيلسا), and a
  // governor's title of a place (أمير مكة) is the holder the body names beside that title. A text
  // that is all headline has no body to read: nothing changes (docs/ner.md "Acceptance checks
  // (session 15)").
  size_t headline_bytes = 0;
};

enum class MentionSource : uint8_t {
  kGazetteer = 0,  // a KB alias matched the text
  kTagger = 1,     // a span from the statistical tagger
  kTitle = 2,      // a title/role resolved to a person (وزير الخارجية الأمريكي)
  kCoref = 3,      // a partial name or title joined to an earlier mention in the document
  kPattern = 4,    // an organization-head pattern (وزارة ..., حزب ...) with no KB entry
};

struct LinkedMention {
  uint32_t begin = 0, end = 0;          // token span [begin, end)
  size_t byte_begin = 0, byte_end = 0;  // byte span in the text given to Link()
  std::string text;                     // the surface as written
  EntityType type = EntityType::kMisc;
  int64_t entity = -1;        // Entity::index, or -1 for NIL
  std::string id;             // "" for NIL
  std::string label_en, qid;  // "" for NIL
  float confidence = 0.0f;    // in [0, 1]
  MentionSource source = MentionSource::kGazetteer;
  bool demonym = false;  // a demonym/adjective standing for its country
  // NIL mentions: the entity's name in this document, in match-key form (text::MatchKey), without
  // proclitics (للشباب -> "الشباب", ل + ال); a partial name joined to a fuller NIL mention of the
  // same document (ياكونان after ديديه ياكونان) carries the fuller one's name. Mentions with the
  // same type and name are one entity. "" for KB mentions (the id says it).
  std::string name;
  bool IsNil() const { return entity < 0; }
};

// Finds and links mentions in one document.
class Linker {
 public:
  // `kb` must outlive the linker.
  explicit Linker(const KnowledgeBase& kb);

  // `text` is the document; `tokens` its tokens as made by text::Tokenize(text) (offsets into
  // `text`); `spans` the tagger's typed spans (may be empty). Returns mentions sorted by position,
  // non-overlapping. Coreference: a later partial name (بلينكن) or bare title (الوزير الأمريكي)
  // joins the earlier full mention of the same document. A capitalised run of Latin words that is
  // an entity's English label or Latin alias (`Emmanuel Macron`, `NATO`) is that entity, with its
  // KB type; a tagger span over part of a Latin run covers the run (docs/ner.md "Latin names").
  // Cost: linear in tokens (hash lookups per token).
  std::vector<LinkedMention> Link(std::string_view text, std::span<const text::Token> tokens,
                                  std::span<const TypedSpan> spans,
                                  const LinkOptions& opt = {}) const;
  // Convenience: tokenizes `text` with text::Tokenize and links without tagger spans.
  std::vector<LinkedMention> LinkText(std::string_view text, const LinkOptions& opt = {}) const;

 private:
  const KnowledgeBase& kb_;
};

// "2022-02-11" or "2022-02" or "2022" -> yyyymmdd (missing parts as 01; year only -> yyyy0101).
// kInvalidArgument otherwise.
Result<int32_t> ParseKbDate(std::string_view s);

}  // namespace khabar::kb

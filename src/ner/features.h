// Feature extraction for the NER tagger (internal to src/ner).
//
// Every token is first reduced to a few string "atoms" (match key, clitic-stripped base, stem,
// affixes, clitics, shape, gazetteer code, trigger class, position), each hashed once with xxHash.
// A feature is a template (which atom at which relative position, or a pair of them) applied at one
// token; its key is a 64-bit mix of the template id and the atom hashes, so extracting features
// allocates nothing once the per-thread buffers have grown. The model file stores features as
// template name + atom strings (docs/ner.md) and re-derives the same keys when loading.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::ner::internal {

// Atoms computed for one token.
enum Atom : int {
  kWord = 0,  // match key of the token (text::MatchKey)
  kRaw,       // the token as written
  kBase,      // match key with proclitics/enclitics removed (text analyzer)
  kStem,      // light stem (text analyzer)
  kPrefix1,   // first 1, 2, 3 code points of the match key
  kPrefix2,
  kPrefix3,
  kSuffix1,  // last 1, 2, 3 code points of the match key
  kSuffix2,
  kSuffix3,
  kBaseSuffix2,  // last 2 code points of the base
  kShape,        // "A4" Arabic letters/length bucket, "L" Latin, "D" digits, "P" punctuation, ...
  kGazetteer,    // knowledge-base hit: "B-LOC", "I-PERS", ... or "-" (see gazetteer hook)
  kTrigger,      // trigger class from data/ner/triggers.tsv, or "-"
  kGazWord,      // KB word classes of this single word ("Pf", "LO", ...) or "-" (gazetteer.cc)
  kBasePrefix2,  // first 2, 3 code points of the base
  kBasePrefix3,
  kBaseSuffix3,  // last 3 code points of the base
  kClitic,       // the match key's proclitics ("وال", "ب"...), "+" after them for an enclitic
                 // pronoun; "-" when neither (revision 10)
  kPosition,     // where the token stands in its sentence (PositionAtom): set per sentence, never
                 // cached with the token (revision 10)
  kNumAtoms
};

// The weights of the features that read one token's atoms alone (w0, base-1, suf2|pre2 ...) in
// one model, as Model::Emissions keeps them with the token in the per-thread cache of ComputeAtoms
// (found once per distinct token), so that a warm token costs no table probe.
struct LocalWeights {
  static constexpr int kMaxOffset = 3;  // local templates read tokens -3..+3 from the tagged one
  static constexpr int kOffsets = 2 * kMaxOffset + 1;
  static constexpr int kLanes = 9;  // tags (kNumTags, checked in model.cc)
  static constexpr int kMaxCondSlots = 4;
  uint64_t model_id = 0;  // Model::id() of the contents; 0 = not computed
  // sum[(d + kMaxOffset) * kLanes + tag]: the weights (integers in the model's unit) of every local
  // template reading this token at offset d from the tagged token, summed; 3 lanes of padding so
  // that each offset's 9 lanes read as three 4-lane vectors.
  std::array<int32_t, kOffsets * kLanes + 3> sum{};
  // Per "local when -" template of the model's plan: 1 + the offset of the record of the feature
  // with class "-" and this token's word, 0 = absent.
  std::array<uint32_t, kMaxCondSlots> record{};
};

// GazetteerPrefixCode: no KB alias starts with the word / not known yet (anything else: the
// alias's code, or -1 when the word only starts longer aliases).
constexpr int8_t kGazNoPrefix = -2;
constexpr int8_t kGazUnknown = -3;

struct TokenAtoms {
  std::array<std::string, kNumAtoms> text;  // filled only when ComputeAtoms is asked for text
  std::array<uint64_t, kNumAtoms> hash{};   // HashAtom of each atom's text
  uint64_t al_base_hash = 0;                // HashAtom("ال" + base), for the gazetteer
  bool base_differs = false;                // the base is not empty and differs from the key
  // The gazetteer's answer for the word alone in each of the forms it tries first (key, base,
  // "ال" + base: GazetteerPrefixCode of kWord, kBase and al_base_hash), kept with the token so that
  // a word that starts no alias costs no table lookup; kGazUnknown: look it up.
  std::array<int8_t, 3> gaz_first{kGazUnknown, kGazUnknown, kGazUnknown};
  // WordForms::compare_hash of the token as given (forms.h): the document pass compares words by
  // it, and takes it from here instead of asking FormsOf again.
  uint64_t compare_hash = 0;
  // ComputeAtoms without text: the token's cached weights, valid until the next ComputeAtoms call
  // on this thread (distinct for every distinct token of one call); nullptr otherwise.
  LocalWeights* local = nullptr;
};

// The kPosition atom of token `i` of `tokens`: one letter for what comes before it (`F` first
// token or after a sentence's final mark, `C` after a colon, `Q` after an opening quote or
// bracket, `-` otherwise), then, unless the token is itself a quote or bracket, one for what
// encloses it (`q` quotes, `b` brackets, `-` nothing). `state` carries the open quotes and
// brackets from token to token: zero it before a sentence's first token and pass the tokens in
// order.
struct PositionState {
  bool in_quote = false;      // after an odd number of '"'
  bool in_guillemet = false;  // after « or “ not yet closed
  int brackets = 0;           // ( or [ not yet closed
};
std::string_view PositionAtom(std::span<const std::string_view> tokens, size_t i,
                              PositionState* state);

// Hash of every atom of the position before the first / after the last token of a sentence.
uint64_t BeforeHash();
uint64_t AfterHash();
// Hash of the atom "-" (no gazetteer code, no trigger class).
uint64_t NoneHash();

// One feature template: up to two (atom, offset) pairs.
struct Template {
  const char* name;  // as written in the model file, e.g. "w-1", "w-1|w0"
  Atom atom1;
  int offset1;
  Atom atom2;  // kNumAtoms when unary
  int offset2;
};

std::span<const Template> Templates();
// Index of a template by name, or -1.
int TemplateIndex(std::string_view name);

uint64_t HashAtom(std::string_view text);

inline uint64_t MixBits(uint64_t x) {  // splitmix64 finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}
inline uint64_t FeatureKey(int template_index, uint64_t h1, uint64_t h2) {
  uint64_t k = MixBits(0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(template_index + 1) ^ h1);
  return MixBits(k ^ (h2 * 0xD6E8FEB86659FD93ULL));
}

// Gazetteer code per token of a sentence (hash, and text when `with_text`): "B-LOC", "I-PERS"...
// for the longest KB alias match, "-" when none (gazetteer.cc). Uses the kWord and kBase hashes.
void GazetteerCodes(std::span<TokenAtoms> atoms, bool with_text);
// The gazetteer's answer for a word alone, by its HashAtom: kGazNoPrefix when no KB alias starts
// with it, -1 when aliases start with it but none is the word alone, else the index of the word's
// own code (GazetteerCodes). Depends on the built-in KB only.
int8_t GazetteerPrefixCode(uint64_t word_hash);
// Hash of a multi-word key from the hash of its first words and the HashAtom of the next word.
uint64_t ChainHash(uint64_t prefix, uint64_t word);
// The KB word classes of one word (its key, else its base): for each KB type whose aliases contain
// the word, a letter (P L O M), for persons followed by `f` / `l` when it is a first / last word of
// a multi-word name; "-" when none. Stopwords and one-letter words are never classed.
std::string_view GazetteerWordClass(std::string_view key, std::string_view base);
// The same with the words' HashAtom given: of `key`, `base` and "ال" + base.
std::string_view GazetteerWordClass(std::string_view key, uint64_t key_hash, std::string_view base,
                                    uint64_t base_hash, uint64_t al_base_hash);

// Whether the word with match key `key` is a person name of the names lexicon (classes NAME,
// FNAME, FAMILY of data/ner/names.tsv and triggers.tsv): the linker's evidence that a name starts
// after a word's proclitics (kb::LinkOptions::is_name_word). Thread-safe; one table probe.
bool IsPersonNameWord(std::string_view key);
// Whether the word with match key `key` is an organization head of triggers.tsv's ORG class
// (حركة, مجموعة, فريق...): kb::LinkOptions::is_org_head. Thread-safe; one table probe.
bool IsOrgTriggerWord(std::string_view key);
// The class of the word with match key `key` in data/ner/triggers.tsv and names.tsv (`NAME`,
// `FAMILY`, `TITLE`...), empty when it has none. Thread-safe; one table probe.
std::string_view TriggerClassOf(std::string_view key);

// Builds the tables ComputeAtoms reads (trigger words, the gazetteer's alias prefixes and word
// classes, from the built-in KB: ~0.02 s) now instead of on the first sentence, so that whoever
// loads the tagger pays for them (Tagger::Default), not the first article. Thread-safe.
void BuildAtomTables();
// The gazetteer's part of them (the KB and its two tables; two thirds of the cost), which
// Tagger::Default builds on a second thread while it reads the model. Thread-safe.
void BuildGazetteerTables();

// Computes the atoms of every token of a sentence into `atoms` (resized; capacity reused). The
// hashes of the atoms that depend on the token alone come from a per-thread cache keyed by the
// token, so a warm call builds no string; `with_text` also fills TokenAtoms::text (training,
// tests).
void ComputeAtoms(std::span<const std::string_view> tokens, std::vector<TokenAtoms>* atoms,
                  bool with_text = true);

// Edge templates: atoms of token i (offset 0) and of token i-1 (offset -1) that condition the
// transition from token i-1's tag into token i's (docs/ner.md "Edge features"). An edge feature
// has a weight per (previous tag, tag) pair, added to the transition matrix at position i >= 1.
std::span<const Template> EdgeTemplates();
// Index of an edge template by name, or -1.
int EdgeTemplateIndex(std::string_view name);
// Key of edge template `e` at token `i` (i >= 1), and its value as a model file writes it.
uint64_t EdgeKey(std::span<const TokenAtoms> atoms, size_t i, int e);
std::string EdgeValue(std::span<const TokenAtoms> atoms, size_t i, int e);
// Key of an edge feature given as written in a model file; false if `e` is out of range or the
// value has the wrong number of parts.
bool EdgeKeyFromTemplateValue(int e, std::string_view value, uint64_t* key);

struct FeatureDescription {
  int template_index;
  std::string value;  // as written in a model file (pair templates: two atom texts, space-joined)
};

// Appends the feature keys of token `i` to `keys`; when `descriptions` is non-null, also appends
// one description per key (slow: for training only).
void TokenFeatures(std::span<const TokenAtoms> atoms, size_t i, std::vector<uint64_t>* keys,
                   std::vector<FeatureDescription>* descriptions = nullptr);

// Key of a feature given as written in a model file; false if the template is unknown or the value
// has the wrong number of parts.
bool KeyFromDescription(std::string_view template_name, std::string_view value, uint64_t* key);
// The same for the template of index `t` (TemplateIndex), for callers that see one template name
// on many lines (model files are sorted by template); false also if `t` is out of range.
bool KeyFromTemplateValue(int t, std::string_view value, uint64_t* key);

}  // namespace khabar::ner::internal

// Feature atoms and templates of the NER tagger (see features.h and docs/ner.md).
#include "ner/features.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/huge_pages.h"
#include "base/inline_string.h"
#include "base/utf8.h"
#include "embedded/NerData.h"
#include "ner/forms.h"

namespace khabar::ner::internal {

namespace {

constexpr int kNone = 0;
#define U(name, atom, off) \
  Template { name, atom, off, kNumAtoms, kNone }
#define B(name, a1, o1, a2, o2) \
  Template { name, a1, o1, a2, o2 }

// The feature set. Names are part of the model file format: add templates at the end, never rename.
constexpr Template kTemplates[] = {
    U("bias", kNumAtoms, 0),
    U("w-2", kWord, -2),
    U("w-1", kWord, -1),
    U("w0", kWord, 0),
    U("w+1", kWord, 1),
    U("w+2", kWord, 2),
    U("raw0", kRaw, 0),
    U("base-1", kBase, -1),
    U("base0", kBase, 0),
    U("base+1", kBase, 1),
    U("stem-1", kStem, -1),
    U("stem0", kStem, 0),
    U("stem+1", kStem, 1),
    U("pre1", kPrefix1, 0),
    U("pre2", kPrefix2, 0),
    U("pre3", kPrefix3, 0),
    U("suf1", kSuffix1, 0),
    U("suf2", kSuffix2, 0),
    U("suf3", kSuffix3, 0),
    U("bsuf2", kBaseSuffix2, 0),
    U("shape-1", kShape, -1),
    U("shape0", kShape, 0),
    U("shape+1", kShape, 1),
    U("gaz-2", kGazetteer, -2),
    U("gaz-1", kGazetteer, -1),
    U("gaz0", kGazetteer, 0),
    U("gaz+1", kGazetteer, 1),
    U("gaz+2", kGazetteer, 2),
    U("trig-2", kTrigger, -2),
    U("trig-1", kTrigger, -1),
    U("trig0", kTrigger, 0),
    U("trig+1", kTrigger, 1),
    B("w-1|w0", kWord, -1, kWord, 0),
    B("w0|w+1", kWord, 0, kWord, 1),
    B("base-1|base0", kBase, -1, kBase, 0),
    B("shape-1|shape0", kShape, -1, kShape, 0),
    B("gaz0|base0", kGazetteer, 0, kBase, 0),
    B("w-1|gaz0", kWord, -1, kGazetteer, 0),
    B("trig-1|shape0", kTrigger, -1, kShape, 0),
    B("suf2|pre2", kSuffix2, 0, kPrefix2, 0),
    // Added in model revision 2 (docs/ner.md).
    U("gw-1", kGazWord, -1),
    U("gw0", kGazWord, 0),
    U("gw+1", kGazWord, 1),
    U("base-2", kBase, -2),
    U("base+2", kBase, 2),
    U("bpre2", kBasePrefix2, 0),
    U("bpre3", kBasePrefix3, 0),
    U("bsuf3", kBaseSuffix3, 0),
    B("w-2|w-1", kWord, -2, kWord, -1),
    B("w+1|w+2", kWord, 1, kWord, 2),
    B("base0|base+1", kBase, 0, kBase, 1),
    B("gw-1|gw0", kGazWord, -1, kGazWord, 0),
    B("gw0|gw+1", kGazWord, 0, kGazWord, 1),
    B("trig-1|gw0", kTrigger, -1, kGazWord, 0),
    B("gaz-1|gaz0", kGazetteer, -1, kGazetteer, 0),
    B("gaz0|gaz+1", kGazetteer, 0, kGazetteer, 1),
    B("shape0|shape+1", kShape, 0, kShape, 1),
    B("trig-1|base0", kTrigger, -1, kBase, 0),
    // Added in model revision 10 (docs/ner.md "Results, revision 10").
    U("w-3", kWord, -3),
    U("w+3", kWord, 3),
    U("base-3", kBase, -3),
    U("base+3", kBase, 3),
    U("cl-1", kClitic, -1),
    U("cl0", kClitic, 0),
    U("cl+1", kClitic, 1),
    B("cl-1|cl0", kClitic, -1, kClitic, 0),
    B("cl0|cl+1", kClitic, 0, kClitic, 1),
    B("cl0|gw0", kClitic, 0, kGazWord, 0),
    U("pos0", kPosition, 0),
    B("pos0|shape0", kPosition, 0, kShape, 0),
    B("pos0|gw0", kPosition, 0, kGazWord, 0),
};

// Edge templates (docs/ner.md "Edge features"): atoms of the token a transition enters (offset 0)
// and of the one it leaves (offset -1, never further: Model::PositionTransitions reads these two
// tokens only), each conditioning the transition's score. At most 32 templates. Names are part of
// the model file format (`edge` lines): add at the end, never rename.
constexpr Template kEdgeTemplates[] = {
    U("trig0", kTrigger, 0),
    U("gw0", kGazWord, 0),
    U("gaz0", kGazetteer, 0),
    U("shape0", kShape, 0),
    U("w0", kWord, 0),
    B("w-1|w0", kWord, -1, kWord, 0),
    U("base0", kBase, 0),
    U("w-1", kWord, -1),
    U("trig-1", kTrigger, -1),
    U("gw-1", kGazWord, -1),
    B("trig-1|trig0", kTrigger, -1, kTrigger, 0),
    B("gw-1|gw0", kGazWord, -1, kGazWord, 0),
    B("w-1|trig0", kWord, -1, kTrigger, 0),
    B("trig-1|w0", kTrigger, -1, kWord, 0),
    B("shape-1|shape0", kShape, -1, kShape, 0),
    B("gaz-1|gaz0", kGazetteer, -1, kGazetteer, 0),
};
// Edge keys are mixed with template numbers past every feature template's, so that an edge key and
// a feature key never coincide by construction.
constexpr int kEdgeKeyBase = 4096;
static_assert(std::size(kEdgeTemplates) <= 32);
constexpr bool EdgeOffsetsAreZeroOrMinusOne() {
  for (const Template& t : kEdgeTemplates) {
    if (t.offset1 < -1 || t.offset1 > 0) return false;
    if (t.atom2 != kNumAtoms && (t.offset2 < -1 || t.offset2 > 0)) return false;
  }
  return true;
}
static_assert(EdgeOffsetsAreZeroOrMinusOne());
#undef U
#undef B

constexpr std::string_view kBeforeText = "<s>";
constexpr std::string_view kAfterText = "</s>";
constexpr std::string_view kNoneText = "-";

// The code-point boundaries of `s` that the affix atoms read: after its first 0..3 code points
// and before its last 0..3 (byte offsets; fewer code points than asked: all of them).
struct AffixBounds {
  size_t head[4];  // head[k]: bytes of the first min(k, n) code points
  size_t tail[4];  // tail[k]: where the last min(k, n) code points start
};
AffixBounds AffixBoundsOf(std::string_view s) {
  // One pass keeping the last four code-point starts (a ring), instead of every start in a vector.
  size_t ring[4] = {0, 0, 0, 0};
  size_t n = 0, pos = 0;
  AffixBounds b;
  b.head[0] = 0;
  while (pos < s.size()) {
    ring[n & 3] = pos;
    utf8::Next(s, &pos);
    ++n;
    if (n <= 3) b.head[n] = pos;
  }
  for (size_t k = n + 1; k <= 3; ++k) b.head[k] = s.size();
  b.tail[0] = s.size();
  for (size_t k = 1; k <= 3; ++k) b.tail[k] = k <= n ? ring[(n - k) & 3] : 0;
  return b;
}

bool IsArabicLetter(char32_t c) {
  return (c >= 0x0621 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3) || c == 0x06A9 || c == 0x06CC;
}
bool IsDigit(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9);
}
bool IsLatin(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F);
}

// Shape: the classes present (A Arabic, L Latin, U Latin capital first, D digit, P other) and, for
// pure Arabic words, a length bucket.
void Shape(std::string_view token, std::string* out) {
  out->clear();
  size_t pos = 0, letters = 0;
  bool arabic = false, latin = false, digit = false, other = false, upper_first = false;
  bool first = true;
  while (pos < token.size()) {
    char32_t c = utf8::Next(token, &pos);
    if (IsArabicLetter(c)) {
      arabic = true;
      ++letters;
    } else if (IsLatin(c)) {
      if (first && c >= 'A' && c <= 'Z') upper_first = true;
      latin = true;
    } else if (IsDigit(c)) {
      digit = true;
    } else if (c >= 0x064B && c <= 0x065F) {
      // harakat: ignore
    } else {
      other = true;
    }
    first = false;
  }
  if (arabic) *out += 'A';
  if (latin) *out += upper_first ? 'U' : 'L';
  if (digit) *out += 'D';
  if (other) {
    if (out->empty() && token.size() == 1) {
      *out += 'P';
      *out += token[0];  // the punctuation mark itself (ASCII)
      return;
    }
    *out += 'P';
  }
  if (arabic && !latin && !digit && !other) {
    *out += letters <= 2 ? '2' : letters <= 3 ? '3' : letters <= 5 ? '5' : letters <= 7 ? '7' : '9';
  }
}

// XXH3 of the match key -> class: a small flat table (a few hundred words), one probe.
class TriggerTable {
 public:
  void Add(uint64_t key_hash, std::string_view cls) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    Insert(key_hash, std::string(cls));
  }
  // The class of the word whose match key hashes to `key_hash`, or nullptr.
  const std::string* Find(uint64_t key_hash) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = static_cast<size_t>(key_hash) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.key_hash == key_hash) return &s.cls;
    }
  }

 private:
  struct Slot {
    uint64_t key_hash = 0;
    bool used = false;
    std::string cls;
  };
  // The first class given for a key stays (as std::unordered_map::emplace kept it).
  void Insert(uint64_t key_hash, std::string cls) {
    const size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(key_hash) & mask;
    while (slots_[i].used && slots_[i].key_hash != key_hash) i = (i + 1) & mask;
    if (slots_[i].used) return;
    slots_[i] = {key_hash, true, std::move(cls)};
    ++size_;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(16, 2 * old.size()), Slot());
    size_ = 0;
    for (Slot& s : old) {
      if (s.used) Insert(s.key_hash, std::move(s.cls));
    }
  }
  std::vector<Slot> slots_ = std::vector<Slot>(16);
  size_t size_ = 0;
};

// data/ner/triggers.tsv, then data/ner/names.tsv: `word<TAB>class`, '#' comments. Keyed by the
// word's match key; a word in both files keeps its trigger class (the first one read).
const TriggerTable& Triggers() {
  static const TriggerTable* table = [] {
    auto* t = new TriggerTable;
    for (const char* file : {"data/ner/triggers.tsv", "data/ner/names.tsv"}) {
      std::string_view data = embedded::NerData(file);
      size_t pos = 0;
      while (pos < data.size()) {
        size_t nl = data.find('\n', pos);
        if (nl == std::string_view::npos) nl = data.size();
        std::string_view line = data.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty() || line[0] == '#') continue;
        size_t tab = line.find('\t');
        if (tab == std::string_view::npos) continue;
        t->Add(HashAtom(FormsOf(line.substr(0, tab)).key), line.substr(tab + 1));
      }
    }
    return t;
  }();
  return *table;
}

void Assign(std::string* dst, std::string_view src) { dst->assign(src.data(), src.size()); }

}  // namespace

std::span<const Template> Templates() { return kTemplates; }

bool IsPersonNameWord(std::string_view key) {
  const std::string_view cls = TriggerClassOf(key);
  return cls == "NAME" || cls == "FNAME" || cls == "FAMILY";
}

bool IsOrgTriggerWord(std::string_view key) { return TriggerClassOf(key) == "ORG"; }

std::string_view TriggerClassOf(std::string_view key) {
  const std::string* cls = Triggers().Find(HashAtom(key));
  return cls != nullptr ? std::string_view(*cls) : std::string_view();
}

void BuildGazetteerTables() {
  // A word's prefix code, and (the key differing from the base) its class.
  GazetteerPrefixCode(0);
  GazetteerWordClass("ab", 0, "b", 0, 0);
}

void BuildAtomTables() {
  Triggers();
  BuildGazetteerTables();
}

namespace {

// The template names as views, measured once at compile time: TemplateIndex runs for every line
// of a model file (190k at load), and comparing with the `const char*` names ran strlen per
// template compared.
constexpr auto kTemplateNames = [] {
  std::array<std::string_view, std::size(kTemplates)> names{};
  for (size_t i = 0; i < names.size(); ++i) names[i] = kTemplates[i].name;
  return names;
}();

}  // namespace

int TemplateIndex(std::string_view name) {
  for (size_t i = 0; i < kTemplateNames.size(); ++i) {
    if (name == kTemplateNames[i]) return static_cast<int>(i);
  }
  return -1;
}

uint64_t HashAtom(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

namespace {

// All atoms of one token except the gazetteer code: their hashes, and their texts when
// `with_text`. Builds no string for the hashes (the atoms are views of the token's cached forms).
void TokenLocalAtoms(std::string_view tok, TokenAtoms* a, bool with_text) {
  thread_local std::string clean;
  thread_local std::string shape;
  // Built on first use with FormsOf: before this token's forms are taken (their reference is valid
  // until the next FormsOf call).
  const TriggerTable& triggers = Triggers();
  const std::string_view as_given = tok;
  // (A byte loop: find_first_of calls memchr over the three characters once per byte.)
  if (std::any_of(tok.begin(), tok.end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '\n'; })) {
    // Atom texts must not contain whitespace (the model file separates values with spaces).
    clean.assign(tok);
    std::replace_if(
        clean.begin(), clean.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; }, '_');
    tok = clean;
  }
  // Computed afresh: this runs on a miss of the token cache, where FormsOf's cache (same slots)
  // would miss too.
  thread_local WordForms fresh;
  ComputeForms(tok, &fresh);
  const WordForms& forms = fresh;
  std::array<std::string_view, kNumAtoms> view;
  const std::string_view key = forms.key;
  const std::string_view base = forms.base;
  view[kWord] = key;
  view[kRaw] = tok;
  view[kBase] = base;
  view[kStem] = forms.stem;
  const AffixBounds key_bounds = AffixBoundsOf(key);
  for (int k = 1; k <= 3; ++k) {
    view[kPrefix1 + k - 1] = key.substr(0, key_bounds.head[k]);
    view[kSuffix1 + k - 1] = key.substr(key_bounds.tail[k]);
  }
  const AffixBounds base_bounds = AffixBoundsOf(base);
  view[kBaseSuffix2] = base.substr(base_bounds.tail[2]);
  view[kBaseSuffix3] = base.substr(base_bounds.tail[3]);
  view[kBasePrefix2] = base.substr(0, base_bounds.head[2]);
  view[kBasePrefix3] = base.substr(0, base_bounds.head[3]);
  const uint64_t key_hash = HashAtom(key);
  const bool base_differs = base != key;
  const uint64_t base_hash = base_differs ? HashAtom(base) : key_hash;
  thread_local std::string al_base;
  al_base.assign("ال");
  al_base += base;
  a->al_base_hash = HashAtom(al_base);
  view[kGazWord] = GazetteerWordClass(key, key_hash, base, base_hash, a->al_base_hash);
  Shape(tok, &shape);
  view[kShape] = shape;
  const std::string* trigger = triggers.Find(key_hash);
  if (trigger == nullptr && base_differs) trigger = triggers.Find(base_hash);
  view[kTrigger] = trigger == nullptr ? kNoneText : std::string_view(*trigger);
  view[kGazetteer] = kNoneText;
  view[kPosition] = kNoneText;  // set per sentence (ComputeAtoms)
  thread_local std::string clitic;
  clitic.assign(key.substr(0, std::min<size_t>(forms.proclitic_bytes, key.size())));
  if (forms.enclitic_bytes > 0) clitic += '+';
  view[kClitic] = clitic.empty() ? kNoneText : std::string_view(clitic);
  for (int k = 0; k < kNumAtoms; ++k) {
    a->hash[k] = k == kWord ? key_hash : k == kBase ? base_hash : HashAtom(view[k]);
  }
  if (with_text) {
    for (int k = 0; k < kNumAtoms; ++k) Assign(&a->text[k], view[k]);
  }
  a->base_differs = !base.empty() && base_differs;
  // GazetteerCodes reads the base's forms only when the base differs.
  a->gaz_first[0] = GazetteerPrefixCode(key_hash);
  a->gaz_first[1] = a->base_differs ? GazetteerPrefixCode(base_hash) : kGazUnknown;
  a->gaz_first[2] = a->base_differs ? GazetteerPrefixCode(a->al_base_hash) : kGazUnknown;
  // The document pass reads the token as given.
  a->compare_hash =
      tok.data() == as_given.data() ? forms.compare_hash : FormsOf(as_given).compare_hash;
}

// Per-thread cache of the token-local hashes and of the token's weights (news vocabulary repeats).
struct HashCacheEntry {
  InlineString token;
  std::array<uint64_t, kNumAtoms> hash{};
  uint64_t al_base_hash = 0;
  uint64_t compare_hash = 0;
  uint64_t call = 0;  // the ComputeAtoms call that last used the entry
  std::array<int8_t, 3> gaz_first{kGazUnknown, kGazUnknown, kGazUnknown};
  bool base_differs = false;
  bool used = false;
  LocalWeights local;
};
constexpr size_t kHashCacheSlots = 1 << 16;

// The values of the kPosition atom: kPositionBefore[b] followed by kPositionInside[e] (e = 3:
// nothing, the token is a quote or bracket itself).
constexpr char kPositionBefore[] = {'F', 'C', 'Q', '-'};
constexpr char kPositionInside[] = {'q', 'b', '-'};
constexpr int kPositionValues = 4 * 4;
constexpr auto kPositionTexts = [] {
  std::array<std::array<char, 2>, kPositionValues> t{};
  for (int b = 0; b < 4; ++b) {
    for (int e = 0; e < 4; ++e) {
      t[b * 4 + e] = {kPositionBefore[b], e < 3 ? kPositionInside[e] : '\0'};
    }
  }
  return t;
}();
std::string_view PositionText(int code) {
  const auto& t = kPositionTexts[code];
  return std::string_view(t.data(), t[1] == '\0' ? 1 : 2);
}

// The index of the token's kPosition value in kPositionTexts (PositionAtom).
int PositionCode(std::span<const std::string_view> tokens, size_t i, PositionState* state) {
  int before = 3;
  if (i == 0) {
    before = 0;
  } else {
    const std::string_view prev = tokens[i - 1];
    if (prev == "." || prev == "!" || prev == "?" || prev == "؟" || prev == "…") {
      before = 0;
    } else if (prev == ":") {
      before = 1;
    } else if ((prev == "\"" && state->in_quote) || prev == "«" || prev == "“" || prev == "(" ||
               prev == "[") {
      before = 2;
    }
  }
  const std::string_view tok = tokens[i];
  int inside = 3;
  if (tok == "\"") {
    state->in_quote = !state->in_quote;
  } else if (tok == "«" || tok == "“") {
    state->in_guillemet = true;
  } else if (tok == "»" || tok == "”") {
    state->in_guillemet = false;
  } else if (tok == "(" || tok == "[") {
    ++state->brackets;
  } else if (tok == ")" || tok == "]") {
    if (state->brackets > 0) --state->brackets;
  } else {
    inside = state->in_quote || state->in_guillemet ? 0 : state->brackets > 0 ? 1 : 2;
  }
  return before * 4 + inside;
}

// The kPosition atoms of a sentence whose other atoms are computed.
void PositionAtoms(std::span<const std::string_view> tokens, std::span<TokenAtoms> atoms,
                   bool with_text) {
  static const auto hashes = [] {
    std::array<uint64_t, kPositionValues> h;
    for (int c = 0; c < kPositionValues; ++c) h[c] = HashAtom(PositionText(c));
    return h;
  }();
  PositionState state;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const int code = PositionCode(tokens, i, &state);
    atoms[i].hash[kPosition] = hashes[code];
    if (with_text) Assign(&atoms[i].text[kPosition], PositionText(code));
  }
}

}  // namespace

std::string_view PositionAtom(std::span<const std::string_view> tokens, size_t i,
                              PositionState* state) {
  return PositionText(PositionCode(tokens, i, state));
}

void ComputeAtoms(std::span<const std::string_view> tokens, std::vector<TokenAtoms>* atoms,
                  bool with_text) {
  if (atoms->size() < tokens.size()) atoms->resize(tokens.size());
  if (with_text) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      TokenLocalAtoms(tokens[i], &(*atoms)[i], /*with_text=*/true);
      (*atoms)[i].local = nullptr;
    }
  } else {
    thread_local std::vector<HashCacheEntry, HugePageAllocator<HashCacheEntry>> cache(
        kHashCacheSlots);
    thread_local TokenAtoms scratch;
    // Weights of tokens whose slot another token of this call holds (stable addresses).
    thread_local std::deque<LocalWeights> overflow;
    thread_local uint64_t calls = 0;
    const uint64_t call = ++calls;
    size_t overflow_used = 0;
    // Each entry is a miss to memory in a long run (the cache is larger than the last-level
    // cache): the entries of the next tokens are fetched while this one is handled.
    thread_local std::vector<uint32_t> slot_of;
    slot_of.resize(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
      slot_of[i] = static_cast<uint32_t>(HashAtom(tokens[i]) & (kHashCacheSlots - 1));
    }
    auto prefetch = [&](size_t i) { PrefetchObject(cache[slot_of[i]]); };
    constexpr size_t kAhead = 4;
    for (size_t i = 0; i < std::min(tokens.size(), kAhead); ++i) prefetch(i);
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (i + kAhead < tokens.size()) prefetch(i + kAhead);
      const std::string_view tok = tokens[i];
      HashCacheEntry& e = cache[slot_of[i]];
      TokenAtoms& a = (*atoms)[i];
      if (e.used && e.token == tok) {
        e.call = call;
      } else if (e.used && e.call == call) {
        // Another token of this sentence uses the slot (and its weights): keep it.
        TokenLocalAtoms(tok, &scratch, /*with_text=*/false);
        a.hash = scratch.hash;
        a.al_base_hash = scratch.al_base_hash;
        a.base_differs = scratch.base_differs;
        a.gaz_first = scratch.gaz_first;
        a.compare_hash = scratch.compare_hash;
        if (overflow_used == overflow.size()) overflow.emplace_back();
        a.local = &overflow[overflow_used++];
        a.local->model_id = 0;
        continue;
      } else {
        TokenLocalAtoms(tok, &scratch, /*with_text=*/false);
        e.token.assign(tok);
        e.hash = scratch.hash;
        e.al_base_hash = scratch.al_base_hash;
        e.base_differs = scratch.base_differs;
        e.gaz_first = scratch.gaz_first;
        e.compare_hash = scratch.compare_hash;
        e.used = true;
        e.call = call;
        e.local.model_id = 0;
      }
      a.hash = e.hash;
      a.al_base_hash = e.al_base_hash;
      a.base_differs = e.base_differs;
      a.gaz_first = e.gaz_first;
      a.compare_hash = e.compare_hash;
      a.local = &e.local;
    }
  }
  GazetteerCodes(std::span<TokenAtoms>(atoms->data(), tokens.size()), with_text);
  PositionAtoms(tokens, std::span<TokenAtoms>(atoms->data(), tokens.size()), with_text);
}

namespace {

const uint64_t kBeforeHash = HashAtom(kBeforeText);
const uint64_t kAfterHash = HashAtom(kAfterText);

inline uint64_t AtomHash(std::span<const TokenAtoms> atoms, size_t i, Atom atom, int offset) {
  if (atom == kNumAtoms) return 0;
  const long j = static_cast<long>(i) + offset;
  if (j < 0) return kBeforeHash;
  if (j >= static_cast<long>(atoms.size())) return kAfterHash;
  return atoms[j].hash[atom];
}

inline std::string_view AtomText(std::span<const TokenAtoms> atoms, size_t i, Atom atom,
                                 int offset) {
  if (atom == kNumAtoms) return "";
  const long j = static_cast<long>(i) + offset;
  if (j < 0) return kBeforeText;
  if (j >= static_cast<long>(atoms.size())) return kAfterText;
  return atoms[j].text[atom];
}

}  // namespace

uint64_t BeforeHash() {
  static const uint64_t h = HashAtom(kBeforeText);
  return h;
}
uint64_t AfterHash() {
  static const uint64_t h = HashAtom(kAfterText);
  return h;
}
uint64_t NoneHash() {
  static const uint64_t h = HashAtom(kNoneText);
  return h;
}

void TokenFeatures(std::span<const TokenAtoms> atoms, size_t i, std::vector<uint64_t>* keys,
                   std::vector<FeatureDescription>* descriptions) {
  for (int t = 0; t < static_cast<int>(std::size(kTemplates)); ++t) {
    const Template& tp = kTemplates[t];
    keys->push_back(FeatureKey(t, AtomHash(atoms, i, tp.atom1, tp.offset1),
                               AtomHash(atoms, i, tp.atom2, tp.offset2)));
    if (descriptions) {
      std::string value(AtomText(atoms, i, tp.atom1, tp.offset1));
      if (tp.atom2 != kNumAtoms) {
        value += ' ';
        value += AtomText(atoms, i, tp.atom2, tp.offset2);
      }
      descriptions->push_back({t, std::move(value)});
    }
  }
}

bool KeyFromDescription(std::string_view template_name, std::string_view value, uint64_t* key) {
  const int t = TemplateIndex(template_name);
  return t >= 0 && KeyFromTemplateValue(t, value, key);
}

bool KeyFromTemplateValue(int t, std::string_view value, uint64_t* key) {
  if (t < 0 || t >= static_cast<int>(std::size(kTemplates))) return false;
  const Template& tp = kTemplates[t];
  if (tp.atom1 == kNumAtoms) {
    *key = FeatureKey(t, 0, 0);
    return value.empty();
  }
  if (tp.atom2 == kNumAtoms) {
    *key = FeatureKey(t, HashAtom(value), 0);
    return true;
  }
  // Atom texts never contain spaces (tokens are whitespace-delimited), so the first space splits.
  const size_t sp = value.find(' ');
  if (sp == std::string_view::npos) return false;
  *key = FeatureKey(t, HashAtom(value.substr(0, sp)), HashAtom(value.substr(sp + 1)));
  return true;
}

std::span<const Template> EdgeTemplates() { return kEdgeTemplates; }

int EdgeTemplateIndex(std::string_view name) {
  for (size_t i = 0; i < std::size(kEdgeTemplates); ++i) {
    if (name == kEdgeTemplates[i].name) return static_cast<int>(i);
  }
  return -1;
}

uint64_t EdgeKey(std::span<const TokenAtoms> atoms, size_t i, int e) {
  const Template& tp = kEdgeTemplates[e];
  return FeatureKey(kEdgeKeyBase + e, AtomHash(atoms, i, tp.atom1, tp.offset1),
                    AtomHash(atoms, i, tp.atom2, tp.offset2));
}

std::string EdgeValue(std::span<const TokenAtoms> atoms, size_t i, int e) {
  const Template& tp = kEdgeTemplates[e];
  std::string value(AtomText(atoms, i, tp.atom1, tp.offset1));
  if (tp.atom2 != kNumAtoms) {
    value += ' ';
    value += AtomText(atoms, i, tp.atom2, tp.offset2);
  }
  return value;
}

bool EdgeKeyFromTemplateValue(int e, std::string_view value, uint64_t* key) {
  if (e < 0 || e >= static_cast<int>(std::size(kEdgeTemplates))) return false;
  const Template& tp = kEdgeTemplates[e];
  if (tp.atom2 == kNumAtoms) {
    *key = FeatureKey(kEdgeKeyBase + e, HashAtom(value), 0);
    return true;
  }
  const size_t sp = value.find(' ');
  if (sp == std::string_view::npos) return false;
  *key =
      FeatureKey(kEdgeKeyBase + e, HashAtom(value.substr(0, sp)), HashAtom(value.substr(sp + 1)));
  return true;
}

}  // namespace khabar::ner::internal

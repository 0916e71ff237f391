// The entity linker: gazetteer (longest match over token match keys, proclitic-aware through the
// analyzer's segmentation), titles resolved to office holders at the document date,
// organization-head patterns, tagger spans, and in-document coreference of partial names and bare
// titles.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/huge_pages.h"
#include "base/inline_string.h"
#include "base/utf8.h"
#include "kb/kb_impl.h"
#include "khabar/kb.h"
#include "khabar/text.h"
#include "time/names.h"

namespace khabar::kb {
namespace {

// Facts about one word (its match key) that the linker asks of every token; WordFactsOf caches
// them per thread.
enum WordFlag : uint16_t {
  kAliasKey = 1 << 0,          // a whole alias key
  kAliasPrefix = 1 << 1,       // a proper prefix of a multi-token alias key
  kTitleKey = 1 << 2,          // a whole title key
  kTitlePrefix = 1 << 3,       // a proper prefix of a multi-token title key
  kMaybeCliticAlias = 1 << 4,  // MaybeCliticOf(key, first_tokens)
  kHeadWord = 1 << 5,          // an organization head (OrgHeads())
  kMaybeCliticHead = 1 << 6,   // MaybeCliticOf(key, OrgHeads())
  kNamedAfterCue = 1 << 7,     // IsNamerKey or العامة: TryNamedAfter, TryGeneralDirectorate
  kPlaceNounEnd = 1 << 8,      // ends like قرية, بلدة, مديرية: PlacesAfterPlaceNouns
};

// A word's forms without its proclitics, by the analyzer's segmentation (SegmentFacts): the same
// for every occurrence of a surface, so kept in the word cache (WordFacts) and copied to tokens.
struct CliticForms {
  std::string alt;   // the word without proclitics (ال kept when it was one of them), or ""
  std::string bare;  // the word without any proclitic incl. ال, when different from alt, or ""
  uint16_t alt_flags = 0, bare_flags = 0;  // kAliasKey, kAliasPrefix, kTitleKey, kTitlePrefix
  uint32_t skip_bytes = 0;                 // bytes of the surface before `alt` starts (و, ب ...)
  uint32_t skip_bytes_bare = 0;            // same for `bare`
  bool alt_stop = false, bare_stop = false;  // `alt` / `bare` is a function word
};

struct TokInfo : CliticForms {
  std::string_view key;  // text::MatchKey of the surface (in DocLinker::keys_)
  uint16_t flags = 0;    // WordFlag of `key`
  int8_t stop = -1;      // `key` is a function word; -1 = not asked yet
  bool word = false;     // can be part of a name (word, Latin or number token)
  bool segmented = false;
};

// Impl::key_flags holds key_sets' bits, which are these WordFlag bits (static_assert below).
bool IsTitleKey(const KnowledgeBase::Impl& kb, std::string_view k) {
  return kb.key_flags.Flags(k) & kTitleKey;
}

struct Match {
  uint32_t len = 0;  // tokens; 0 = none
  int form = 0;      // 0 key, 1 alt (first token)
  std::string key;   // the full matched key
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Bytes of `surface` that spell the first `letters` letters (diacritics and tatweel skipped).
size_t BytesForLetters(std::string_view surface, size_t letters) {
  size_t pos = 0;
  while (pos < surface.size() && letters > 0) {
    size_t before = pos;
    char32_t c = utf8::Next(surface, &pos);
    bool mark = (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640;
    if (!mark) --letters;
    if (letters == 0) {
      // also swallow marks attached to that letter
      while (pos < surface.size()) {
        size_t p2 = pos;
        char32_t d = utf8::Next(surface, &p2);
        if ((d >= 0x064B && d <= 0x065F) || d == 0x0670 || d == 0x0640)
          pos = p2;
        else
          break;
      }
      return pos;
    }
    (void)before;
  }
  return pos;
}

// Could `key` be proclitics (و ف ب ل ك س, then optionally ال) followed by a word of `set`? A cheap
// filter before asking the analyzer to segment; `set` holds words with and without ال.
template <typename Set>
bool Contains(const Set& set, std::string_view word) {
  return set.find(word) != set.end();
}
// The KB's first tokens (Impl::first_tokens), asked of the flat table.
struct FirstTokens {
  const KeyFlagTable& table;
};
bool Contains(const FirstTokens& set, std::string_view word) {
  return set.table.Flags(word) & KeyFlagTable::kFirstToken;
}

// Whether `s` starts with the bytes of `p` (a literal: the compare is inlined, where
// string_view's operator== on a substr was a call per letter tried).
inline bool HasPrefix(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && std::memcmp(s.data(), p.data(), p.size()) == 0;
}

// Whether key[pos, pos + 2) is one of the proclitic letters و ف ب ل ك س (two bytes each in
// UTF-8: D9 88, D9 81, D8 A8, D9 84, D9 83, D8 B3). MaybeCliticOf asks it of every word new to the
// linker's word cache, twice.
inline bool ProcliticLetterAt(std::string_view key, size_t pos) {
  if (pos + 2 > key.size()) return false;
  const auto lead = static_cast<unsigned char>(key[pos]);
  const auto trail = static_cast<unsigned char>(key[pos + 1]);
  if (lead == 0xD9) return trail == 0x88 || trail == 0x81 || trail == 0x84 || trail == 0x83;
  return lead == 0xD8 && (trail == 0xA8 || trail == 0xB3);
}

template <typename Set>
bool MaybeCliticOf(std::string_view key, const Set& set) {
  size_t pos = 0;
  for (int n = 0; n < 3; ++n) {
    if (!ProcliticLetterAt(key, pos)) return false;
    pos += 2;
    std::string_view rest = key.substr(pos);
    if (rest.size() < 4) return false;
    if (Contains(set, rest)) return true;
    if (HasPrefix(rest, "ال") && Contains(set, rest.substr(4))) return true;
    // لل = ل + ال: the word after it lost its alef.
    if (HasPrefix(key.substr(pos - 2), "ل") && HasPrefix(rest, "ل") &&
        Contains(set, rest.substr(2))) {
      return true;
    }
  }
  return false;
}

// Words that join the next word into one name (سلمان بن عبد العزيز): the word after them is no
// surname.
bool IsCompoundNameWord(std::string_view key) {
  static const StringSet* words =
      new StringSet{"عبد", "بن", "ابن", "ابو", "ابي", "ال", "ولد", "بنت", "ام"};
  return words->count(key) > 0;
}

// Whether `keys` (match keys, in order) spell a month's name, Gregorian or Hijri, in any of the
// spellings the date parser knows (نيسان, أبريل, كانون الثاني, ذو القعدة): the time module's table.
bool IsMonthName(std::span<const std::string_view> keys) {
  if (keys.empty()) return false;
  const time::internal::NameTable& names = time::internal::Names();
  const auto it = names.by_first.find(std::string(keys[0]));
  if (it == names.by_first.end()) return false;
  for (uint32_t w : it->second) {
    const time::internal::Word& word = names.words[w];
    if (word.kind != time::internal::WordKind::kGregorianMonth &&
        word.kind != time::internal::WordKind::kHijriMonth) {
      continue;
    }
    if (std::equal(keys.begin(), keys.end(), word.keys.begin(), word.keys.end())) return true;
  }
  return false;
}

// Whether match key `key` starts a phrase of the date parser's other than a zone's place name
// (الثلاثاء, اليوم, الماضي, الساعة): the time module's table.
bool IsDateWord(std::string_view key) {
  const time::internal::NameTable& names = time::internal::Names();
  const auto it = names.by_first.find(std::string(key));
  if (it == names.by_first.end()) return false;
  for (uint32_t w : it->second)
    if (names.words[w].kind != time::internal::WordKind::kZone) return true;
  return false;
}

// Head words of organization names (وزارة الزراعة, حزب الوفد): TryPattern.
// The match keys of a rule's word list, written as Arabic is written (كأس, not its key كاس).
StringSet MatchKeySet(std::initializer_list<const char*> words) {
  StringSet keys;
  for (const char* w : words) keys.insert(KnowledgeBase::MatchKeyOf(w));
  return keys;
}

const StringSet& OrgHeads() {
  // Match keys (text::MatchKey folds ئ and ؤ too: هيئة -> هييه, مؤسسة -> موسسه).
  static const StringSet* heads =
      new StringSet{"وزاره", "هييه", "مجلس",   "حزب",   "جامعه", "شركه",   "منظمه", "جمعيه",
                    "وكاله", "جبهه", "بنك",    "مصرف",  "موسسه", "مستشفي", "محكمه", "نقابه",
                    "صندوق", "تجمع", "ايتلاف", "تحالف", "اتحاد", "لجنه",   "رابطه", "نادي",
                    "كتايب", "قصر",  "امانه",  "بلديه", "معهد",  "مجمع",   "مكتب"};
  return *heads;
}

// OrgHeads() asked with a length test first: the heads are 6 to 12 bytes, most words new to the
// word cache are not, and are then decided without hashing (WordFactsOf).
struct OrgHeadWords {
  const StringSet& set = OrgHeads();
  size_t min_size = SIZE_MAX, max_size = 0;
  OrgHeadWords() {
    for (const std::string& h : set) {
      min_size = std::min(min_size, h.size());
      max_size = std::max(max_size, h.size());
    }
  }
  static const OrgHeadWords& Get() {
    static const OrgHeadWords* words = new OrgHeadWords;
    return *words;
  }
};
// Academic and professional titles (match keys) before a person's name: a surname after one is
// of a doctor, engineer or lawyer the story is about, not of a KB politician or cleric of that
// family name, unless the document names the KB person fully.
const StringSet& Honorifics() {
  static const StringSet* set = new StringSet(MatchKeySet(
      {"الدكتور", "الدكتورة", "د", "المهندس", "المهندسة", "الأستاذ", "الأستاذة", "المحامي",
       "المحامية", "البروفيسور", "الطبيب", "الطبيبة", "الباحث", "الباحثة", "المواطن", "المواطنة"}));
  return *set;
}

// Session 16: words for a family (أسرة العيسى, لعائلة الجميح, أسرتا العيسى والبواردي): the family
// name after one is the family's, not a KB person's of that name.
const StringSet& FamilyWords() {
  static const StringSet* set = new StringSet(
      MatchKeySet({"أسرة", "لأسرة", "وأسرة", "بأسرة", "أسرتا", "أسرتي", "عائلة", "لعائلة", "وعائلة",
                   "بعائلة", "عائلتا", "عائلتي", "قبيلة", "لقبيلة", "وقبيلة"}));
  return *set;
}

bool Contains(const OrgHeadWords& heads, std::string_view word) {
  return word.size() >= heads.min_size && word.size() <= heads.max_size &&
         heads.set.find(word) != heads.set.end();
}

// Whether a match key is one of the titles an institution is named after (مركز الملك فهد):
// الملك, الأمير, الأميرة, الشيخ, الإمام, السلطان. Asked of every word: by size first.
bool IsNamerKey(std::string_view key) {
  static const std::vector<std::string>* namers = new std::vector<std::string>{
      KnowledgeBase::MatchKeyOf("الملك"),   KnowledgeBase::MatchKeyOf("الأمير"),
      KnowledgeBase::MatchKeyOf("الأميرة"), KnowledgeBase::MatchKeyOf("الشيخ"),
      KnowledgeBase::MatchKeyOf("الإمام"),  KnowledgeBase::MatchKeyOf("السلطان")};
  if (key.size() < 10 || key.size() > 14) return false;
  for (const std::string& n : *namers)
    if (key == n) return true;
  return false;
}

struct WordFacts {
  InlineString surface;
  uint64_t generation = 0;  // KnowledgeBase::Impl::generation the flags are for; 0 = empty slot
  InlineString key;         // text::MatchKey(surface)
  uint16_t flags = 0;       // WordFlag
  // The word's forms without proclitics, made by SegmentFacts on first need.
  bool segmented = false;
  CliticForms forms;
  int8_t stop = -1;  // `key` is a stopword; -1 = not asked yet
};

// kAliasKey, kAliasPrefix, kTitleKey, kTitlePrefix of a key.
// (KnowledgeBase::Impl::key_sets holds them in these bits.)
static_assert(kAliasKey == 1 && kAliasPrefix == 2 && kTitleKey == 4 && kTitlePrefix == 8);
uint16_t KeyFlags(const KnowledgeBase::Impl& kb, std::string_view k) {
  return kb.key_flags.Flags(k) & (kAliasKey | kAliasPrefix | kTitleKey | kTitlePrefix);
}

// The forms of a word without its proclitics, by the analyzer's segmentation: `alt` keeps ال
// when it was one of them, `bare` drops it too; the bytes of the surface before each.
void SegmentFacts(const KnowledgeBase::Impl& kb, std::string_view surface, WordFacts* facts) {
  facts->segmented = true;
  facts->forms = CliticForms();
  CliticForms* f = &facts->forms;
  text::Segmentation seg = text::Analyzer::Default().Segment(surface);
  if (seg.proclitics.empty() || seg.base.empty()) return;
  // The enclitic stays: names take none, and a final ه may be the name's own ta marbuta written
  // without its dots (لأمانة -> ل + أمانة, not ل + أمان + ه).
  seg.base += seg.enclitic;
  const std::string& p = seg.proclitics;
  size_t plen = utf8::CountCodePoints(p);
  bool has_al = p.size() >= 4 &&
                (p.compare(p.size() - 4, 4, "ال") == 0 || p.compare(p.size() - 4, 4, "لل") == 0);
  if (has_al) {
    f->alt = "ال" + seg.base;
    // لل = ل + ال with the alef dropped: the mention keeps the whole token.
    bool lil = p.compare(p.size() - 4, 4, "لل") == 0;
    f->skip_bytes = lil ? 0 : static_cast<uint32_t>(BytesForLetters(surface, plen - 2));
    f->bare = seg.base;
    f->skip_bytes_bare = static_cast<uint32_t>(BytesForLetters(surface, plen));
  } else {
    f->alt = seg.base;
    f->skip_bytes = static_cast<uint32_t>(BytesForLetters(surface, plen));
  }
  f->alt_flags = KeyFlags(kb, f->alt);
  f->alt_stop = text::Analyzer::Default().IsStopword(f->alt);
  // لل before a name that starts with ل is ل + the name (لليفربول, لليستر), not ل + ال: when
  // neither reading with the article is a KB key and the name with its own ل is, that is the word.
  if (has_al && p.compare(p.size() - 4, 4, "لل") == 0 &&
      !(f->alt_flags & (kAliasKey | kAliasPrefix)) &&
      !(KeyFlags(kb, f->bare) & (kAliasKey | kAliasPrefix))) {
    std::string own = "ل" + seg.base;
    const uint16_t own_flags = KeyFlags(kb, own);
    if ((own_flags & (kAliasKey | kAliasPrefix)) && !text::Analyzer::Default().IsStopword(own)) {
      f->alt = std::move(own);
      f->alt_flags = own_flags;
      f->alt_stop = false;
      f->skip_bytes = static_cast<uint32_t>(BytesForLetters(surface, plen - 1));
      f->bare.clear();
      f->skip_bytes_bare = 0;
      return;
    }
  }
  if (!f->bare.empty()) {
    f->bare_flags = KeyFlags(kb, f->bare);
    f->bare_stop = text::Analyzer::Default().IsStopword(f->bare);
  }
}

// The match key and WordFlags of a token surface, from a per-thread direct-mapped cache (news
// vocabulary repeats: most tokens are found there, saving the analyzer and ~7 hash-set lookups).
// The reference is valid until the next call on the same thread.
constexpr size_t kWordFactsSlots = 1 << 16;
using WordFactsVector = std::vector<WordFacts, HugePageAllocator<WordFacts>>;
WordFactsVector& WordFactsCache() {
  thread_local WordFactsVector cache(kWordFactsSlots);
  return cache;
}
size_t WordFactsSlot(std::string_view surface) {
  return FastKeyHash(surface) & (kWordFactsSlots - 1);
}
// WordFactsOf with the surface's WordFactsSlot given (DocLinker::Prepare fetches the entries of
// the next tokens ahead: in a long run each is a miss to memory).
WordFacts& WordFactsOf(const KnowledgeBase::Impl& kb, std::string_view surface, size_t slot) {
  WordFacts& f = WordFactsCache()[slot];
  if (f.generation == kb.generation && f.surface.view() == surface) return f;
  f.surface.assign(surface);
  f.generation = kb.generation;
  f.segmented = false;
  f.stop = -1;
  f.key.assign(text::MatchKey(surface));
  const std::string_view k = f.key.view();
  uint16_t flags = KeyFlags(kb, k);
  if (MaybeCliticOf(k, FirstTokens{kb.key_flags})) flags |= kMaybeCliticAlias;
  const OrgHeadWords& heads = OrgHeadWords::Get();
  if (Contains(heads, k)) flags |= kHeadWord;
  // Bytes first: ال (D8 A7 D9 84) opens the cues, ه (D9 87) ends the place nouns.
  const size_t n = k.size();
  if (n >= 10 && n <= 14 && k[0] == '\xD8' && k[1] == '\xA7' && k[2] == '\xD9' && k[3] == '\x84' &&
      (IsNamerKey(k) || k == std::string_view("العامه"))) {
    flags |= kNamedAfterCue;
  }
  if (n >= 8 && k[n - 1] == '\x87' && k[n - 2] == '\xD9' &&
      (k.ends_with(std::string_view("قريه")) || k.ends_with(std::string_view("بلده")) ||
       k.ends_with(std::string_view("مديريه")))) {
    flags |= kPlaceNounEnd;
  }
  if (MaybeCliticOf(k, heads)) flags |= kMaybeCliticHead;
  // A definite head (الهيئة, والهيئة): a name only with a complement (TryPattern).
  const size_t al = k.find("ال");
  if (al != std::string_view::npos && al <= 4 && Contains(heads, k.substr(al + 4))) {
    flags |= kMaybeCliticHead;
  }
  f.flags = flags;
  return f;
}
WordFacts& WordFactsOf(const KnowledgeBase::Impl& kb, std::string_view surface) {
  return WordFactsOf(kb, surface, WordFactsSlot(surface));
}

class DocLinker {
 public:
  DocLinker(const KnowledgeBase& kb, const KnowledgeBase::Impl& impl, std::string_view text,
            std::span<const text::Token> tokens, std::span<const TypedSpan> spans,
            const LinkOptions& opt)
      : kb_(kb), impl_(impl), text_(text), tokens_(tokens), spans_(spans), opt_(opt) {}

  std::vector<LinkedMention> Run();

 private:
  void Prepare();
  void Segment(size_t i);
  // Removes every mention x of out_ with drop[x] != 0 (drop has out_'s size), keeping the order
  // of the others. The passes that drop mentions mark them first: erasing one by one is
  // quadratic in a long document.
  void DropMentions(const std::vector<uint8_t>& drop);
  // Each word that no mention covers (`covered[t] < 0`) and whose key, other spelling or (when
  // `with_bare`) clitic-stripped form `entity_of` maps to an entity (>= 0) becomes a one-word ORG
  // mention of it; out_ stays in text order.
  template <typename Lookup>
  void EmitUncoveredWords(const std::vector<int>& covered, const Lookup& entity_of, bool with_bare,
                          float confidence, MentionSource source);
  // The longest KB alias (`titles`: title) key starting at token i, trying the token's key, then
  // its forms without proclitics.
  Match Longest(size_t i, bool titles);
  bool TryTitle(size_t* i);
  // The person already linked in this document (most mentions first) who holds `role` of `of` on
  // the document date, or at any time when the date is unknown; nullptr when none.
  const Entity* MentionedHolder(std::string_view role, std::string_view of) const;
  bool TryAlias(size_t* i);
  // A capitalised run of Latin-script words that is an entity's English label or Latin alias
  // (`Emmanuel Macron`, `NATO`, `Apple`, `Washington, D.C.`): that entity, with its KB type.
  bool TryLatin(size_t* i);
  // The run of Latin-script words holding token t (TryLatin's run): its first token, and the
  // token after its last. t must be a Latin word or a number.
  bool SameLine(size_t t) const;  // no line break between tokens t - 1 and t
  // commas: whether a comma joins (`Washington, D.C.` is one name; a tagger span is not widened
  // over a comma, which also separates the items of a list).
  size_t LatinRunBegin(size_t t, bool commas = true) const;
  size_t LatinRunEnd(size_t b, bool commas = true) const;
  // A tagger span that holds part of a Latin run holds all of it (`C` of `C.I.A`, `Glass Point` of
  // `Glass Point Solar`): the tagger, trained on Arabic, cuts Latin names anywhere.
  void WidenLatinSpans();
  std::vector<TypedSpan> widened_spans_;
  // The entity the Latin tokens [x, y) name (capitalised, LatinKey a KB Latin name; picked as
  // PickHit does), or -1; `candidates` gets how many entities share the name.
  int64_t LatinName(size_t x, size_t y, size_t* candidates);
  // Whether the Latin tokens [x, y) are an acronym written with dots (`C.I.A`, `F.B.I.`):
  // one-letter words joined by full stops, two letters or more.
  bool DottedAcronym(size_t x, size_t y) const;
  // Tokens [x, y) are one word of two capitals or more (`CIA`, `AQAP`).
  bool PlainAcronym(size_t x, size_t y) const;
  // Whether one of `e`'s Arabic names spells `letters` (lowercase) by the letters' names.
  bool SpellsLetters(const Entity& e, std::string_view letters) const;
  // The whole Latin run starting at b when it names an entity: its end (a final full stop
  // dropped), with `entity` set; else b, with entity -1.
  size_t LatinNameAt(size_t b, int64_t* entity);
  // Whether word `t`, matched by `key` after its first `skip` bytes (its proclitics, or 0), writes
  // a hamza inside it (أ ؤ ئ ء after its first letter) that no alias with that key writes: ترأس
  // "chaired" and وترأس are not Truss's تراس.
  bool HamzaNotInAlias(size_t t, std::string_view key, size_t skip) const;
  // Whether the words [b, e) are a KB title whose last word carries a possessive pronoun instead of
  // the article (ولي عهده, of ولي العهد).
  bool TitleWithPronoun(size_t b, size_t e);
  bool TryCoref(size_t* i);
  bool TryPattern(size_t* i);
  // An institution or facility named after a royal (مركز الملك فهد الثقافي, مطار الملك خالد
  // الدولي, مدينة الملك عبدالعزيز للعلوم والتقنية): a head word, الملك/الأمير/الأميرة/الشيخ/
  // الإمام/السلطان, the name and its adjectives and لل complement: one NIL organization (a place
  // for roads, airports, ports), and the royal inside it no mention of that person.
  bool TryNamedAfter(size_t* i);
  // A general directorate or administration (الإدارة العامة للدفاع المدني, المديرية العامة لحرس
  // الحدود): the definite إدارة/مديرية, العامة and a complement with ل: a NIL organization.
  bool TryGeneralDirectorate(size_t* i);
  // A tagger span over a month's name in a date (أبريل (نيسان), 3 آب, تموز 2015): no mention
  // (نيسان is also Nissan, تموز a god). `first`: the span's first word without proclitics.
  bool MonthInDate(const TypedSpan& s, std::string_view first);
  // After "shares (of companies)" (أسهم شركات سابك والإنماء ودار الأركان), the listed companies
  // by their short names, tagged ones included (الإنماء "development", كيان "entity").
  bool TryShareList(size_t* i);
  // A name in quotation marks after an outlet word (صحيفة «الوطن», وكالة «الأناضول», مجلة
  // «فورين بوليسي») or after لـ (قال لـ«عكاظ»): the outlet, by the KB's names of newspapers,
  // channels and agencies (the outlet's own country first when several share the name: «الوطن»
  // in a Saudi paper is Al Watan of Saudi Arabia); after an outlet word an unknown name is a NIL
  // organization, after لـ only a KB outlet is one.
  bool TryQuotedOutlet(size_t* i);
  // A name in quotation marks right after an organization's head word (شركة «كود فايتس», حزب
  // «الكرامة», لتحالف «...»; OrgHeads() and LinkOptions::is_org_head): the organization the KB
  // has by that name, else a NIL organization, whatever type the tagger gave the quoted words.
  // Not after قناة (also a canal) nor when the quoted words open with a function word (a quote).
  bool TryQuotedOrg(size_t* i);
  // Whether token t (a word) is an organization's head, with or without proclitics: OrgHeads(),
  // or the tagger's ORG trigger words (LinkOptions::is_org_head).
  bool IsOrgHeadToken(size_t t);
  // The tagger's NIL MISC mentions of quoted words that are no name: a phrase in quotation marks
  // (no naming head before it: كتاب, فيلم, برنامج...) that holds a function word (لو كنت كتابا),
  // opens with ب or ك cut off by the analyzer (بمنتهى الوضوح) or is one present verb in ون/وا
  // (يعجبون); dropped with the document's other NIL MISC mentions of that name. And a tagger NIL
  // MISC mention named like a quoted organization (TryQuotedOrg) elsewhere becomes that ORG.
  void QuotedPhrases();
  // Whether the quoted words [b, e) of a tagger NIL MISC mention are an epithet or a descriptive
  // phrase, no name (QuotedPhrases): every word definite and no name word (الإعلامي الشهير
  // «المؤثر», يساعد «التيار المعتدل»), or any words after a nickname's cue (الملقب «...», الشهير
  // بلقب «...», يطلقون عليه لقب: «...»).
  bool QuotedEpithet(size_t b, size_t e);
  // The KB's newspapers, channels and agencies named `name` (match key), written with an outlet
  // word (`head`, or صحيفة, جريدة, قناة, وكالة) or alone; and the one to link among several: the
  // outlet's country's, then one of a country the document names; -1 when none fits.
  // `with_head_only`: not by the name alone.
  std::vector<uint32_t> OutletsNamed(std::string_view head, const std::string& name,
                                     bool with_head_only = false) const;
  int64_t PickOutlet(std::span<const uint32_t> outlets) const;
  // An outlet's credit in a dateline or byline, next to a dash at a paragraph's start or end
  // (سبق- الدمام, جدة- سبق:, سبق، واس- الباحة, ياسر الحربي – عين اليوم): the outlet, by its
  // name without صحيفة, when no place or other entity has that name (الرياض - واس: the city).
  bool TryCreditOutlet(size_t* i);
  // The end of an organization's name that runs from `head` (an organization head word) to `end`,
  // extended over a conjunct (وزارة الثقافة والإعلام; only when `conjunct`) or a لل complement
  // after an adjective (الهيئة العامة للإحصاء), each with its definite words; `end` when neither
  // follows.
  size_t OrgTail(size_t head, size_t end, bool conjunct = true);
  // Token t's word without proclitics and article (للهيئة -> هيئه), to compare with OrgHeads().
  std::string_view HeadWord(size_t t);
  // A one-word NIL person span whose word (`name`: without proclitics) is no name: a title, or a
  // definite word that is neither a nisba (القحطاني) nor a word of the KB or of another name of
  // the document (البلاغ, الأمانات).
  bool NotAPersonWord(size_t t, std::string_view name);
  // The person named earlier in this document whose surname is a word of tokens [b, e) (the
  // last such word; not one after بن, عبد...: سلطان بن سلمان is not سلمان), or -1.
  int64_t NamedPerson(size_t b, size_t e) const;
  // عادل بن أحمد الجبير, مفرج بن سعد الحقباني: tokens [b, e) as given name, بن + the father's
  // name(s) and family name, whose given and family name alone are a KB person's name (news
  // writes the full nasab): that alias's candidates, or none.
  std::span<const AliasHit> NasabHits(size_t b, size_t e) const;
  // Whether a word of tokens [b, e) is a word of one of `person`'s names (`prefixes`: or, with 4
  // letters or more, starts one: دميتر for دميتري).
  bool SharesNameWord(const Entity& person, size_t b, size_t e, bool prefixes = false) const;
  void ApplySpans();
  // Bytes of token t's surface before a name it starts: its proclitics (وياكونان, بالجبيل) when
  // the analyzer segments them off and what remains is known as a name (a KB word, or a word of
  // another name of this document), else 0. `*first` gets the name's first word in match-key
  // form (ال restored after لل: للشباب -> الشباب).
  size_t NameStart(size_t t, std::string* first);
  // The match-key name of a NIL mention over tokens [b, e) whose first word is `first`.
  std::string NilName(std::string_view first, size_t b, size_t e) const;
  // A one-word NIL mention that is the first or last word of exactly one fuller mention of the
  // document (ياكونان, ديديه ياكونان) joins that mention's entity.
  void JoinPartialNames();
  // A word after قرية, بلدة or مديرية (a district) that no mention holds and that ends before
  // punctuation, a function word or a larger place: a village's, town's or district's name, a NIL
  // place even when the KB and the tagger miss it (قرية سنجار،, مديرية صرواح في مأرب); not an
  // adjective (قرية نائية) nor a definite word (مديرية الأمن is a directorate).
  void PlacesAfterPlaceNouns();
  // One NIL name, one type in a document: the tagger's NIL mentions of one name read as several
  // types (بوبي جندل as a person and as MISC, a film's name as MISC and ORG) take the type with
  // the most confidence over the document; a counted word (300 ريال, MISC) neither votes nor
  // changes (ريال مدريد elsewhere is the club).
  void OneTypePerName();
  // A bare الاتحاد الدولي ("the international federation", NIL) is the one world federation
  // (الاتحاد الدولي لكرة القدم...) the document names, when it names exactly one.
  void InternationalFederations();
  // In a football document (one that names a KB sports body or the ball), a KB body's name that is
  // also the start of a football confederation's or federation's name (الاتحاد الأفريقي: the
  // African Union, and الاتحاد الأفريقي لكرة القدم) is that football body.
  void FootballBodies();
  // A club named by its bare name (الشباب, النصر, نادي الشباب; one word after نادي) in a document
  // about another country's football: the document names that country three times or more and
  // one of its clubs or sports bodies, and never the club's own country (by a mention that is no
  // such bare club; a Saudi outlet's agency story from Kuwait does not). Clubs of one name exist
  // in many countries; the KB's is a guess there: NIL.
  void ForeignClubs();
  // Token i is an item of a list of provinces (على مناطق عسير والباحة وجازان): after مناطق
  // over commas, و and the list's earlier place mentions.
  bool InRegionList(size_t i) const;

  uint32_t PickHit(std::span<const AliasHit> hits, AliasKind* kind) const;
  void Emit(size_t b, size_t e, int form, int64_t entity, EntityType type, float conf,
            MentionSource src, bool demonym);
  void Remember(const LinkedMention& m);
  // Whether token i's key is a function word (the analyzer's stopword list; cached per word).
  bool IsStop(size_t i);
  // `m` names KB entity `entity` (>= 0): its id, labels, QID and type.
  void SetEntity(LinkedMention* m, int64_t entity) const;
  // Makes `m` a NIL mention: no entity, id, label or QID (its type and name stay).
  static void ClearEntity(LinkedMention* m);
  // Makes `m` a mention of the person or name `full` stands for (a partial name joining the
  // document's fuller one): `full`'s KB entity, or NIL with `full`'s name; its source coreference.
  static void JoinTo(LinkedMention* m, const LinkedMention& full);
  // Whether a tagger LOC span `s` over a tagged place name (مالي) reads as the place: after a
  // preposition or a word that takes a country (في, حكومة, شعب), after punctuation or at a
  // paragraph's start, with proclitics (`skip` bytes: ومالي), or with another LOC span of the same
  // words among `spans`.
  bool PlaceContext(const TypedSpan& s, std::span<const TypedSpan> spans, size_t skip);
  // Whether demonym mention `m` (one token) may be a person's given name: written without
  // proclitics or ال (كوبي, not الكوبي, للفرنسي) and, unless `after_word`, first in its
  // paragraph, after punctuation or after another mention, not after a common noun (مواطن سعودي).
  bool NisbaOpensName(const LinkedMention& m, bool after_word) const;
  // A demonym mention that opens a name (NisbaOpensName) right before a person's name: before a
  // NIL person mention, or (after any word) before a word the document names as a person alone
  // (نجم ليكرز كوبي براينت ... وقال براينت): the two are one NIL person.
  void NisbaGivenNames();
  // Token t follows a number (300 ريال, 5 مليارات ريال, (4.500.000) ريال).
  bool AfterQuantity(size_t t) const;

  const KnowledgeBase& kb_;
  const KnowledgeBase::Impl& impl_;
  std::string_view text_;
  std::span<const text::Token> tokens_;
  std::span<const TypedSpan> spans_;
  const LinkOptions& opt_;
  std::vector<TokInfo> info_;
  std::vector<LinkedMention> out_;
  std::unordered_map<uint32_t, int> doc_entities_;       // entity -> mentions so far
  StringMap<uint32_t> doc_surnames_;                     // last-name key -> person
  std::unordered_map<std::string, uint32_t> doc_roles_;  // role -> person
  StringSet doc_countries_;                              // countries of linked entities
  // Alias mentions picked from candidates of several countries before the document named any of
  // them (وزارة الصحة, عمان): picked again once the whole document is read (RepickByCountry).
  struct Deferred {
    size_t byte_begin;
    uint32_t entity;
    std::span<const AliasHit> hits;
    bool nil_without_country;  // a body's bare short name (وزارة الصحة)
  };
  std::vector<Deferred> deferred_;
  // One-word person mentions by a KB person's short name (a surname alone: العبادي, الصدر),
  // checked once the whole document is read (BareSurnames). `honorific`: after an academic or
  // professional title (الدكتور العبادي), which the KB's persons are not known by.
  struct BareSurname {
    size_t byte_begin;
    uint32_t entity;
    bool honorific;
  };
  std::vector<BareSurname> bare_surnames_;
  // A bare surname (bare_surnames_) keeps its link only with evidence: another mention of the
  // person in the document (the full name, a title), or, when no honorific precedes it, a mention
  // of the person's country (or the outlet's country is theirs). Otherwise the famous bearer is a
  // guess: NIL where the tagger reads a person there, no mention where it does not (ترأس).
  void BareSurnames();
  // Token ranges of titles whose holder's name follows (خادم الحرمين الشريفين | الملك سلمان):
  // a tagger person span inside one is no second person (ApplySpans).
  std::vector<std::pair<size_t, size_t>> linked_titles_;
  // Titles that became mentions of their own (TryTitle: no name right after them), with the
  // country or body they name inside (رئيس الوزراء | بمملكة البحرين): TitlesBesideNames.
  struct TitleMention {
    size_t byte_begin;
    int64_t of = -1;  // the country or body, or -1
    size_t of_begin = 0, of_end = 0;
    int of_form = 0;
    bool of_demonym = false;
  };
  std::vector<TitleMention> title_mentions_;
  // NIL person spans of the tagger's emitted by TryTitle after a title (الأمير + a name the KB
  // lacks): out_ indices. ApplySpans trims their end as it trims the spans it emits itself.
  std::vector<size_t> titled_spans_;
  // A body the KB does not hold, named with ب + a place below a country right after its name
  // (جمعية البر | بالمنطقة الشرقية, الإدارة العامة للتعليم | بمنطقة الباحة, مستشفى الولادة
  // والأطفال | بمكة المكرمة): the place is part of the name. Such names are of a regional body
  // or a branch, which is another entity in each place (the charity of Jeddah is not that of the
  // Eastern Province); the NIL name keeps them apart. A KB body (هيئة السياحة | بالطائف) keeps its
  // id and the place its own mention; ب + a country is no branch (أشادت المنظمة | بالسعودية).
  void BranchPlaces();
  // A KB place named by a word that is also a common noun (حماة "protectors", درعا "a shield"),
  // written in a common noun's place: before a definite noun that is no adjective (لحماة الوطن:
  // the first term of an idafa, which a name never is) or, ending in the accusative's ا, before
  // an indefinite accusative adjective (سلم درعا تذكاريا). Only where the document gives no other
  // evidence of the place: not named again, its country not named by any other mention nor the
  // outlet's. Then no mention. A one-word NIL place of the tagger's in the same place is none
  // either, with no evidence to ask (وقوات أمن المطار, "the airport's security").
  void CommonNounPlaces();
  // A title in apposition to its holder's name, right after it or right before it over a comma
  // or bracket (حسن روحاني الرئيس الإيراني, محمد بن سلمان ولي ولي العهد, رئيس الوزراء الإيطالي،
  // ماثيو رانتشي): the name is the mention; the title is none, as when no comma parts them (the
  // country it names inside stays a mention). A one-word NIL person span right after a KB
  // person's name (آل الشيخ | مفتي) is none either.
  void TitlesBesideNames();
  // A KB city written as its football club, in a football document (a KB club or sports body
  // named, or the ball): a city without ال before سيتي or يونايتد (نيويورك سيتي; not القطيف سيتي
  // مول), before a score (وصيفه ليون 2-صفر), or before a masculine nisba of its country (روما
  // الإيطالي: a city is feminine, روما الإيطالية) when no head or place noun before the city may
  // be what the nisba describes (ميناء X الإيراني). The club the KB holds by that name, else a
  // NIL organization over the words.
  void CitiesAsClubs();
  // A monarch named by title and given name (الملك عبدالله) whose reign ended before the document's
  // date is the reigning monarch of a country the document names, at least as often as the late
  // king's, whose name extends the mention (الملك عبدالله الثاني of Jordan in 2015); not after
  // or before a word that dates the reign (الراحل, رحمه, في عهد, المغفور له).
  void KingsOfTheDate();
  // A KB place written as a family name (a nisba with ال: الأحمدي) right after a given name of
  // the names lexicon (لجين الأحمدي – عين اليوم, a byline): the two words are a NIL person.
  // A bare monarch's title joined by و to a body of another kingdom (للملك والحكومة الأردنية) is
  // that kingdom's monarch, not the one named last.
  void MonarchBesideItsGovernment();
  void FamilyNamesNotPlaces();
  // The headline (LinkOptions::headline_bytes) comes before the body that names its people in
  // full, so the scan's coreference, which looks back, misses a headline's family name alone
  // (ظريف في مسقط, مارسيليا يكيل الاتهامات لبيلسا). A headline word left unlinked, alone or
  // after one proclitic, that is the family name of a KB person the body names (the surnames
  // Remember keeps) or the last word of a body NIL person of two words or more is that person
  // (coref); a one-word NIL tagger mention of the headline becomes it too (بيلسا read as a
  // place, وظريف as an unknown person). Not a function word or a title word; a family name two
  // persons of the body share is left alone.
  void HeadlineSurnames();
  // The headline's tokens are [0, HeadlineEnd()) (LinkOptions::headline_bytes); 0 when the
  // document has no headline or no body after it (the headline rules look for the body's names).
  size_t HeadlineEnd() const;
  // `m`, which starts at token t, without the proclitic letter t starts with (وبيلسا -> بيلسا).
  void DropProclitic(LinkedMention* m, size_t t) const;
  // A governor's title of a place in the headline (أمير مكة, محافظ جدة), where the body names
  // the holder beside the same title of the same place (its region or capital): خالد الفيصل ...
  // أمير منطقة مكة المكرمة, or أمير منطقة ... الأمير خالد الفيصل. The title is that person
  // (source title), as وزير الخارجية الأمريكي is; the place inside it is no mention of its own.
  // One holder only; the body's own titles are left as they are.
  void HeadlineOffices();
  // A one-word NIL person written after و (وحسن) right before a definite noun that is no
  // adjective, title, date or function word and no name word (وحسن الاستقبال, "and the good
  // reception"): the first term of an idafa, which a lone given name never is. No mention. Not
  // after ل or ب, where a name may take a subject (وسبق لروميرو اللعب).
  void NounsBeforeTheirComplement();
  // A club's one-word name (الأهلي, النصر) as a word outside sport: in a document with fewer than
  // two words of football, a bare club mention (no proclitic) right after a definite noun (التعليم
  // الأهلي, "private education": an adjective) or after عيد (لعيد النصر, Victory Day: a feast's
  // name) is no club. The noun is no mention's word, no club's head (النادي الأهلي) and no
  // function word.
  void ClubNamesAsWords();
  void RepickByCountry();
  // A club the document names (نادي الهلال, or its tagged name in a tagger ORG span): its tagged
  // name elsewhere in the document (بالهلال, للنصر) is the club too, in any span or none.
  void ClubsByTaggedName();
  // A list of clubs (التعاون والشباب والخليج, after أندية or فريق, or joined by و in a document
  // that names a club): each item that is a club's one-word name (ClubNamesOf) is the club, not
  // the place or word of that spelling (الخليج, the Gulf; نجران, the city). In such a document
  // الاتحاد + a country's nisba (الاتحاد السعودي, not followed by ل + a sport) is that country's
  // football federation, not a mention of the country, and so is اتحاد الكرة where all the
  // document's clubs are of one country. Returns whether it linked any club.
  bool ClubLists();
  // A club linked by a name several clubs go by (نادي الشباب, النصر: Saudi, Kuwaiti, Omani
  // clubs), not by a name with its country: the club of the one candidate country the document
  // names outside its clubs (a dateline's الكويت, الدوري الكويتي); when it names none of them,
  // the outlet's country's club. A club the document names in full (النصر السعودي) keeps its
  // bare names, and a list's item beside a club of one country is that country's club (الأهلي
  // والزمالك: Egypt's). A document naming two candidates' countries, or none and without an
  // outlet, keeps the pick.
  void SharedClubNames();
  // Among clubs of one name: the one of the outlet's country, else the one of a country the
  // document names; -1 when none, -2 when several fit.
  int64_t OneClubOf(std::span<const uint32_t> clubs) const;
  // A tagged name (docs/kb-format.md "Alias kinds") the tagger gave no span, in a document about
  // its domain: a club's (الهلال) where the document names two other clubs of its country, a
  // listed company's or bank's (المراعي, الإنماء) where it names two other companies or banks of
  // its country (a stock report). The word elsewhere stays a word.
  void TaggedByDomain();
  // A tagger place span over المملكة alone ("the Kingdom", للمملكة): the kingdom (a country with
  // a KB name المملكة ... or مملكة ...) the document names most, else the outlet's country when it
  // is one, else NIL.
  void BareKingdom();
  // A place whose name alone is also the start of a twin's name in another country (رفح: the
  // Gaza city; رفح المصرية, the Egyptian town; كردستان and كردستان العراق, TwinPlacesOf) is the
  // twin in a document that names the twin itself, or whose most named country (strictly, the
  // place's own mentions and its twins' not counted) is the twin's: رفح beside الشيخ زويد and
  // العريش, كردستان beside أربيل and بارزاني.
  void TwinPlaces();
  // The country the document's linked mentions name most (a country or territory, or the country
  // of the entity named), when one is named more often than any other; mentions of `skip`'s
  // entities not counted. The outlet's (LinkOptions::country) when they name none; "" otherwise.
  std::string MostNamedCountry(const std::unordered_set<int64_t>& skip = {}) const;
  // The KB organization of country `cc` named `word` (a match key) + one of cc's demonyms
  // (الجيش + المصري: the Egyptian Armed Forces), or -1.
  int64_t BodyOfCountry(std::string_view word, const std::string& cc) const;
  // The last 4 bytes of every key of doc_surnames_ (each at least 6 bytes): a word that ends
  // otherwise is no surname, with or without clitics (TryCoref).
  std::vector<uint32_t> surname_tails_;
  std::string keys_;  // the tokens' match keys, one after another (TokInfo::key)
  std::string buf_;
  // The tagger's spans being applied (ApplySpans): NameStart's evidence, with out_.
  std::span<const TypedSpan> name_spans_;
  // Per token, while ApplySpans runs: how many mentions of out_ and spans of name_spans_ hold it
  // (NameStart's and ApplySpans' evidence, read without scanning every span and mention).
  std::vector<uint16_t> mention_cover_, name_cover_, name_long_cover_;
  // Per token position p, while ApplySpans or NisbaGivenNames runs: how many mentions of out_ end
  // at p (NisbaOpensName's evidence; empty: scan out_).
  std::vector<uint32_t> mention_ends_;
  // (start, index) of the spans PlaceContext reads, sorted (built at its first ask); of spans_.
  std::vector<std::pair<uint32_t, uint32_t>> span_starts_, spans_by_start_;
  // The document's token positions by match key, ascending, built at the first ask (`tail`: by
  // the key without its first two bytes, one Arabic letter).
  using PositionIndex = std::unordered_map<std::string_view, std::vector<uint32_t>>;
  PositionIndex by_key_, by_tail_;
  bool by_key_built_ = false, by_tail_built_ = false;

 public:
  // Whether fn(w) is true for a token w within kEvidenceWindow tokens of `t` whose match key (or,
  // with `tail`, whose key without its first two bytes) is `key`; asked in ascending order of w.
  // Cost: a hash lookup and a binary search, then only the tokens that have the key.
  // `pre`, a cheap test that fn(w) implies, is asked first where words are scanned (articles).
  template <typename Fn, typename Pre = bool (*)(size_t)>
  bool AnyNear(
      std::string_view key, size_t t, bool tail, Fn fn, Pre pre = [](size_t) { return true; });
  // A word's form: a match key, or (`tail`) a key without its first two bytes.
  struct Form {
    std::string key;
    bool tail = false;
  };
  // AnyNear for any of `forms` (one pass over an article's words for all of them).
  template <typename Fn>
  bool AnyFormNear(const std::vector<Form>& forms, size_t t, Fn fn);
};

// How far (in tokens, either side) the rules that look for a word's other forms in the document
// read: far more than any article (the 500 development articles have at most a few thousand
// tokens), so articles are read whole; one giant paragraph (a text dump's line of megabytes) is
// read in a bounded window around each word, which keeps those rules linear in its size instead
// of quadratic.
constexpr size_t kEvidenceWindow = 20000;
// Documents of more tokens than this look forms up in an index of positions by match key
// (AnyNear); shorter ones scan their words, which costs less than building it (articles).
constexpr size_t kIndexFrom = 4096;

template <typename Fn, typename Pre>
bool DocLinker::AnyNear(std::string_view key, size_t t, bool tail, Fn fn, Pre pre) {
  const size_t lo = t > kEvidenceWindow ? t - kEvidenceWindow : 0;
  if (info_.size() <= kIndexFrom) {  // an article: a scan costs less than building the index
    const size_t hi = std::min(info_.size(), t + kEvidenceWindow + 1);
    for (size_t w = lo; w < hi; ++w) {
      if (!pre(w)) continue;
      std::string_view k = info_[w].key;
      if (tail) {
        if (k.size() < 2) continue;
        k.remove_prefix(2);
      }
      if (k == key && fn(w)) return true;
    }
    return false;
  }
  bool& built = tail ? by_tail_built_ : by_key_built_;
  PositionIndex& index = tail ? by_tail_ : by_key_;
  if (!built) {
    built = true;
    for (size_t w = 0; w < info_.size(); ++w) {
      std::string_view k = info_[w].key;
      if (tail) {
        if (k.size() < 2) continue;
        k.remove_prefix(2);
      }
      index[k].push_back(static_cast<uint32_t>(w));
    }
  }
  const auto it = index.find(key);
  if (it == index.end()) return false;
  const std::vector<uint32_t>& at = it->second;
  for (auto x = std::lower_bound(at.begin(), at.end(), lo);
       x != at.end() && *x <= t + kEvidenceWindow; ++x) {
    if (fn(static_cast<size_t>(*x))) return true;
  }
  return false;
}

template <typename Fn>
bool DocLinker::AnyFormNear(const std::vector<Form>& forms, size_t t, Fn fn) {
  if (info_.size() > kIndexFrom) {
    for (const Form& f : forms)
      if (AnyNear(f.key, t, f.tail, fn)) return true;
    return false;
  }
  const size_t lo = t > kEvidenceWindow ? t - kEvidenceWindow : 0;
  const size_t hi = std::min(info_.size(), t + kEvidenceWindow + 1);
  // The byte lengths of keys that can match a form (a form longer than 61 bytes: any length).
  uint64_t lengths = 0;
  for (const Form& f : forms) {
    const size_t length = f.key.size() + (f.tail ? 2 : 0);
    lengths |= length < 64 ? uint64_t{1} << length : ~uint64_t{0};
  }
  for (size_t w = lo; w < hi; ++w) {
    const std::string_view k = info_[w].key;
    if (k.size() < 64 && !(lengths >> k.size() & 1)) continue;
    for (const Form& f : forms) {
      if (f.tail ? k.size() >= 2 && k.substr(2) == f.key : k == f.key) {
        if (fn(w)) return true;
        break;  // the same word for another form: the same answer
      }
    }
  }
  return false;
}

uint32_t Tail4(std::string_view s) {
  uint32_t t = 0;
  std::memcpy(&t, s.data() + s.size() - 4, 4);
  return t;
}

void DocLinker::Prepare() {
  info_.resize(tokens_.size());
  thread_local std::vector<uint32_t> key_end;
  key_end.resize(tokens_.size());
  keys_.clear();
  thread_local std::vector<uint32_t> slot_of;
  slot_of.resize(tokens_.size());
  for (size_t i = 0; i < tokens_.size(); ++i) {
    slot_of[i] = static_cast<uint32_t>(WordFactsSlot(tokens_[i].surface));
  }
  WordFactsVector& cache = WordFactsCache();
  auto prefetch = [&](size_t i) { PrefetchObject(cache[slot_of[i]]); };
  constexpr size_t kAhead = 4;
  for (size_t i = 0; i < std::min(tokens_.size(), kAhead); ++i) prefetch(i);
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (i + kAhead < tokens_.size()) prefetch(i + kAhead);
    const text::Token& t = tokens_[i];
    TokInfo& ti = info_[i];
    ti.word = t.kind == text::TokenKind::kWord || t.kind == text::TokenKind::kLatin ||
              t.kind == text::TokenKind::kNumber;
    const WordFacts& f = WordFactsOf(impl_, t.surface, slot_of[i]);
    keys_ += f.key.view();
    key_end[i] = static_cast<uint32_t>(keys_.size());
    ti.flags = f.flags;
  }
  const std::string_view keys = keys_;
  for (size_t i = 0, begin = 0; i < tokens_.size(); begin = key_end[i++]) {
    info_[i].key = keys.substr(begin, key_end[i] - begin);
  }
}

void DocLinker::Segment(size_t i) {
  TokInfo& ti = info_[i];
  if (ti.segmented) return;
  ti.segmented = true;
  if (tokens_[i].kind != text::TokenKind::kWord || ti.key.size() < 6) return;
  // The segmentation depends on the surface alone: the word's cache entry keeps it.
  WordFacts& f = WordFactsOf(impl_, tokens_[i].surface);
  if (!f.segmented) SegmentFacts(impl_, tokens_[i].surface, &f);
  static_cast<CliticForms&>(ti) = f.forms;
  // The analyzer may read a name's first letter as a second proclitic (وبعبدا: و + ب + عبدا) or
  // keep و on a word it knows (وجدة): و or ف alone off a word that is then a KB name.
  const std::string_view key = ti.key;
  if (!(ti.alt_flags & (kAliasKey | kAliasPrefix)) && key.size() >= 8 &&
      (StartsWith(key, "و") || StartsWith(key, "ف")) && !StartsWith(key.substr(2), "ال")) {
    const uint16_t flags = KeyFlags(impl_, key.substr(2));
    if (flags & (kAliasKey | kAliasPrefix)) {
      ti.alt.assign(key.substr(2));
      ti.alt_flags = flags;
      ti.alt_stop = false;
      ti.skip_bytes = static_cast<uint32_t>(BytesForLetters(tokens_[i].surface, 1));
      ti.bare.clear();
      ti.bare_flags = 0;
      ti.skip_bytes_bare = 0;
    }
  }
}

Match DocLinker::Longest(size_t i, bool titles) {
  const uint16_t complete_flag = titles ? kTitleKey : kAliasKey;
  const uint16_t prefix_flag = titles ? kTitlePrefix : kAliasPrefix;
  Match best;
  if (!info_[i].word) return best;
  // The word as written, then without its proclitics (ال kept: a definite word is no name written
  // without the article: والسيول is "and the floods", not Seoul; الحماس is not حماس).
  for (int form = 0; form < 2; ++form) {
    const TokInfo& ti = info_[i];
    std::string_view first = form == 0 ? ti.key : ti.alt;
    if (first.empty()) continue;
    // The token's own form alone: its cached flags answer (and no key is built).
    const uint16_t own_flags = form == 0 ? ti.flags : ti.alt_flags;
    if (own_flags & complete_flag) {
      best.len = 1;
      best.form = form;
      best.key.assign(first);
    }
    if ((own_flags & prefix_flag) && i + 1 < tokens_.size()) {
      buf_.assign(first);
      for (uint32_t len = 2;; ++len) {
        buf_.push_back(' ');
        buf_.append(info_[i + len - 1].key);
        // One lookup says whether the words so far are a whole key and whether they go on.
        const uint16_t flags = impl_.key_flags.Flags(buf_);
        if (len > best.len && (flags & complete_flag)) {
          best.len = len;
          best.form = form;
          best.key = buf_;
        }
        if (i + len >= tokens_.size() || !(flags & prefix_flag)) break;
      }
    }
    // A word that is itself a key needs no segmentation; otherwise try the stripped forms, when a
    // stripped form could start an alias at all.
    if (form == 0) {
      if (best.len > 0) break;
      if (!info_[i].segmented && !(info_[i].flags & kMaybeCliticAlias)) break;
      Segment(i);
    }
  }
  return best;
}

bool DocLinker::IsStop(size_t i) {
  TokInfo& ti = info_[i];
  if (ti.stop < 0) {
    WordFacts& f = WordFactsOf(impl_, tokens_[i].surface);
    if (f.stop < 0) f.stop = text::Analyzer::Default().IsStopword(f.key.view()) ? 1 : 0;
    ti.stop = f.stop;
  }
  return ti.stop > 0;
}

// The user file's entities among `hits` (SortHits puts them first) when the first hit is one and
// the alias is no tagged name of it: a watch list's entity wins the alias it shares with the
// built-in KB, whatever the document names. Otherwise `hits`.
std::span<const AliasHit> UsersOwn(const KnowledgeBase& kb, std::span<const AliasHit> hits) {
  if (hits.empty() || !kb.entity(hits[0].entity).from_user || hits[0].kind == AliasKind::kTagged)
    return hits;
  size_t n = 1;
  while (n < hits.size() && kb.entity(hits[n].entity).from_user) ++n;
  return hits.first(n);
}

uint32_t DocLinker::PickHit(std::span<const AliasHit> hits, AliasKind* kind) const {
  hits = UsersOwn(kb_, hits);
  // Prefer an entity already seen in the document, then (persons) one in office on the date, then
  // the KB's static order (alias kind, then type).
  for (const AliasHit& h : hits) {
    if (doc_entities_.count(h.entity)) {
      *kind = h.kind;
      return h.entity;
    }
  }
  // عمان: Oman, or Amman when the document is about Jordan. An equally good candidate from a
  // country the document already mentions beats one from a country it does not.
  if (hits.size() > 1 && !doc_countries_.count(kb_.entity(hits[0].entity).country)) {
    for (const AliasHit& h : hits) {
      if (KindRank(h.kind) != KindRank(hits[0].kind)) break;
      const Entity& e = kb_.entity(h.entity);
      if (!e.country.empty() && doc_countries_.count(e.country)) {
        *kind = h.kind;
        return h.entity;
      }
    }
  }
  if (opt_.date) {
    for (const AliasHit& h : hits) {
      const Entity& e = kb_.entity(h.entity);
      if (e.type != EntityType::kPer || h.kind != hits[0].kind) continue;
      for (const Role& r : e.roles) {
        if (r.Covers(opt_.date)) {
          *kind = h.kind;
          return h.entity;
        }
      }
    }
  }
  *kind = hits[0].kind;
  return hits[0].entity;
}

// The surname a person's name ends with, in match-key form: the last word of a name of two words
// or more, when it has 6 bytes or more and is not the second half of a compound name (العزيز of
// سلمان بن عبد العزيز is no surname); "" otherwise. Names repeat from article to article, so the
// answers are kept in a per-thread cache keyed by the name as written; the view is valid until the
// next call on the same thread.
std::string_view SurnameOf(std::string_view name) {
  struct Slot {
    std::string name;
    std::string surname;
    bool used = false;
  };
  constexpr size_t kSlots = 1 << 12;
  thread_local std::vector<Slot> cache(kSlots);
  Slot& slot = cache[std::hash<std::string_view>{}(name) & (kSlots - 1)];
  if (slot.used && slot.name == name) return slot.surname;
  slot.used = true;
  slot.name.assign(name);
  slot.surname.clear();
  const std::string k = KnowledgeBase::MatchKeyOf(name);
  const size_t sp = k.rfind(' ');
  if (sp == std::string::npos) return slot.surname;
  const size_t prev_sp = sp == 0 ? std::string::npos : k.rfind(' ', sp - 1);
  const std::string_view prev =
      std::string_view(k).substr(prev_sp == std::string::npos ? 0 : prev_sp + 1,
                                 prev_sp == std::string::npos ? sp : sp - prev_sp - 1);
  if (IsCompoundNameWord(prev) || k.size() - (sp + 1) < 6) return slot.surname;
  // إسماعيل ولد الشيخ أحمد: after ولد ("son of") the names are forefathers' given names, no
  // family name (أحمد فوزي is not he).
  if (k.starts_with("ولد ") || k.find(" ولد ") != std::string::npos) return slot.surname;
  slot.surname.assign(k, sp + 1);
  return slot.surname;
}

// The one country or body whose office `role` the KB's holders hold (خادم الحرمين الشريفين, ولي
// ولي العهد: Saudi offices only), or "" when there are several or none. Cached per thread.
std::string_view SoleOfficeOf(const KnowledgeBase::Impl& impl, std::string_view role) {
  struct Cache {
    uint64_t generation = 0;
    std::unordered_map<std::string, std::string> of;
  };
  thread_local Cache cache;
  if (cache.generation != impl.generation) {
    cache.generation = impl.generation;
    cache.of.clear();
  }
  auto [it, added] = cache.of.try_emplace(std::string(role));
  if (added) {
    std::string sole;
    bool several = false;
    for (const auto& entry : impl.roles) {
      const std::string_view key = entry.first;
      if (key.size() <= role.size() || !key.starts_with(role) || key[role.size()] != '@') continue;
      const std::string_view of = key.substr(role.size() + 1);
      if (sole.empty()) {
        sole.assign(of);
      } else if (sole != of) {
        several = true;
      }
    }
    if (!several) it->second = std::move(sole);
  }
  return it->second;
}

// A table the rules build from the KB: made by `build` on first use in each thread and again when
// the KB changes (its generation), then shared by every document that thread links.
template <typename Table, typename Build>
const Table& PerThreadTable(const KnowledgeBase::Impl& impl, const Build& build) {
  struct Cache {
    uint64_t generation = 0;
    Table table;
  };
  thread_local Cache cache;
  if (cache.generation != impl.generation) {
    cache.generation = impl.generation;
    cache.table = Table();
    build(&cache.table);
  }
  return cache.table;
}

// The one-word names clubs go by in a list of clubs (التعاون والشباب والخليج): each club's KB
// names without نادي before them and without a nisba after them (نادي الخليج السعودي -> الخليج),
// tagged names included, by match key; and, per country, its football federation: the one body of
// subtype `sport` of that country whose name starts with الاتحاد (الاتحاد السعودي لكرة القدم).
// Cached per thread.
struct ClubNames {
  StringMap<std::vector<uint32_t>> clubs;  // one-word name -> clubs, KB order
  // The one-word names some club has as a KB alias of its own (الهلال, tagged; أربيل is not, only
  // نادي أربيل). The others (الجيش of نادي الجيش الملكي, الشرطة of الشرطة العراقي, الشباب of نادي
  // الشباب) are words the KB's authors kept out as a club's name alone (docs/kb-format.md): a
  // list of clubs with one of them needs sport around it.
  StringSet own;
  StringSet words;                // the names with and without ال (MaybeCliticOf's filter)
  StringMap<int64_t> federation;  // country -> its federation, -1 when several
};

void BuildClubNames(const KnowledgeBase& kb, ClubNames* names) {
  const std::string club_word = text::MatchKey("نادي");
  const std::string union_word = text::MatchKey("الاتحاد");
  for (uint32_t e = 0; e < kb.size(); ++e) {
    const Entity& ent = kb.entity(e);
    if (ent.subtype == "sport" && !ent.country.empty()) {
      for (const std::string& alias : ent.aliases_ar) {
        const std::string key = KnowledgeBase::MatchKeyOf(alias);
        if (!StartsWith(key, union_word + " ")) continue;
        auto [it, added] = names->federation.try_emplace(ent.country, e);
        if (!added && it->second != e) it->second = -1;
      }
    }
    if (ent.subtype != "club") continue;
    for (const std::string& alias : ent.aliases_ar) {
      std::string key = KnowledgeBase::MatchKeyOf(alias);
      if (key.find(' ') == std::string::npos) names->own.insert(key);
      if (StartsWith(key, club_word + " ")) key.erase(0, club_word.size() + 1);
      // A nisba after the name (الخليج السعودي, الأهلي المصري): the country's, not the name's.
      const size_t space = key.find(' ');
      if (space != std::string::npos && key.find(' ', space + 1) == std::string::npos &&
          key.size() > space + 3 && key.compare(key.size() - 2, 2, "ي") == 0 &&
          StartsWith(std::string_view(key).substr(space + 1), "ال")) {
        key.resize(space);
      }
      if (key.empty() || key.find(' ') != std::string::npos || key == "النادي") continue;
      std::vector<uint32_t>& v = names->clubs[key];
      if (std::find(v.begin(), v.end(), e) == v.end()) v.push_back(e);
      names->words.insert(key);
      if (StartsWith(key, "ال")) names->words.insert(key.substr(std::string_view("ال").size()));
    }
  }
}

const ClubNames& ClubNamesOf(const KnowledgeBase& kb, const KnowledgeBase::Impl& impl) {
  return PerThreadTable<ClubNames>(impl, [&](ClubNames* names) { BuildClubNames(kb, names); });
}

// The first words of the KB outlets' names (newspapers, channels, agencies) without their outlet
// word (صحيفة سبق -> سبق, عين اليوم -> عين): TryCreditOutlet's cheap filter. Cached per thread.
const StringSet& OutletFirstWords(const KnowledgeBase& kb, const KnowledgeBase::Impl& impl) {
  return PerThreadTable<StringSet>(impl, [&](StringSet* words) {
    static const StringSet kHeads = MatchKeySet({"صحيفة", "جريدة", "قناة", "وكالة", "موقع"});
    for (uint32_t e = 0; e < kb.size(); ++e) {
      const Entity& ent = kb.entity(e);
      if (ent.subtype != "media" && ent.subtype != "agency") continue;
      for (const std::string& alias : ent.aliases_ar) {
        std::string key = KnowledgeBase::MatchKeyOf(alias);
        size_t sp = key.find(' ');
        if (sp != std::string::npos && kHeads.count(std::string_view(key).substr(0, sp))) {
          key.erase(0, sp + 1);
          sp = key.find(' ');
        }
        words->insert(key.substr(0, sp));
      }
    }
  });
}

// Places of one name on two sides of a border or in two countries (رفح: the Gaza city, and the
// Egyptian town the KB names رفح المصرية; كردستان: the region, and Iraq's Kurdistan Region,
// كردستان العراق): for each place P that a name N alone links to, the places Q of another country
// C whose KB name is N + a name or demonym of C (the twins TwinPlaces may prefer). Cached per
// thread.
struct TwinPlace {
  uint32_t twin;        // Q
  std::string country;  // C
  std::string name;     // N, the match key P is written by
};
using TwinTable = std::unordered_map<uint32_t, std::vector<TwinPlace>>;

// The country a KB entity belongs to: its own id for a country or territory.
const std::string& CountryOf(const Entity& e) {
  return e.country.empty() && (e.subtype == "country" || e.subtype == "territory") ? e.id
                                                                                   : e.country;
}

bool IsPlace(const Entity& e) { return e.type == EntityType::kGpe || e.type == EntityType::kLoc; }

const TwinTable& TwinPlacesOf(const KnowledgeBase& kb, const KnowledgeBase::Impl& impl) {
  return PerThreadTable<TwinTable>(impl, [&](TwinTable* twins) {
    for (uint32_t q = 0; q < kb.size(); ++q) {
      const Entity& twin = kb.entity(q);
      if (!IsPlace(twin) || twin.country.empty()) continue;
      for (size_t a = 0; a < twin.aliases_ar.size(); ++a) {
        const std::string_view key = kb.AliasKeyOf(q, a);
        const size_t sp = key.rfind(' ');
        if (sp == std::string_view::npos) continue;
        // The last word names the twin's country (العراق) or is its demonym (المصرية).
        bool of_country = false;
        for (const AliasHit& h : kb.LookupKey(key.substr(sp + 1)))
          of_country |= h.kind != AliasKind::kTagged && kb.entity(h.entity).id == twin.country;
        if (!of_country) continue;
        const std::string_view name = key.substr(0, sp);
        for (const AliasHit& h : kb.LookupKey(name)) {
          const Entity& place = kb.entity(h.entity);
          if (h.entity == q || !IsPlace(place) || place.country == twin.country) continue;
          std::vector<TwinPlace>& v = (*twins)[h.entity];
          bool seen = false;
          for (const TwinPlace& t : v) seen |= t.twin == q;
          if (!seen) v.push_back({q, twin.country, std::string(name)});
        }
      }
    }
  });
}

void DocLinker::Remember(const LinkedMention& m) {
  if (m.entity < 0) return;
  uint32_t e = static_cast<uint32_t>(m.entity);
  doc_entities_[e]++;
  const Entity& ent = kb_.entity(e);
  if (!ent.country.empty()) doc_countries_.insert(ent.country);
  if (ent.type == EntityType::kPer) {
    // The last word of the mention and of the canonical name stand for the person later on (not
    // of a title: الشريفين of خادم الحرمين الشريفين is no surname).
    for (std::string_view s : {std::string_view(m.text), std::string_view(ent.label_ar)}) {
      if (s.data() == m.text.data() &&
          (m.source == MentionSource::kTitle ||
           (m.begin < info_.size() && (info_[m.begin].flags & (kTitleKey | kTitlePrefix))))) {
        continue;
      }
      // Nor the canonical name's when it starts with a title (الملك فهد: فهد is no family name).
      if (s.data() == ent.label_ar.data() &&
          IsTitleKey(impl_, text::MatchKey(s.substr(0, s.find(' '))))) {
        continue;
      }
      const std::string_view last = SurnameOf(s);
      if (!last.empty()) {
        doc_surnames_[std::string(last)] = e;
        const uint32_t tail = Tail4(last);
        if (std::find(surname_tails_.begin(), surname_tails_.end(), tail) == surname_tails_.end()) {
          surname_tails_.push_back(tail);
        }
      }
    }
    // A person named by one title holds that office in the document, not every office the KB
    // gives them (with the date unknown, ولي ولي العهد's holder is not the later ولي العهد).
    if (m.source == MentionSource::kTitle && !opt_.date) return;
    // A king also holds head_of_state, but a later bare الرئيس is a president, never the king.
    bool monarch = false;
    for (const Role& r : ent.roles) {
      monarch |= r.role == "monarch" && (!opt_.date || r.Covers(opt_.date));
    }
    for (const Role& r : ent.roles) {
      if (monarch && r.role == "head_of_state") continue;
      if (!opt_.date || r.Covers(opt_.date)) doc_roles_[r.role] = e;
    }
  }
}

void DocLinker::SetEntity(LinkedMention* m, int64_t entity) const {
  const Entity& ent = kb_.entity(static_cast<uint32_t>(entity));
  m->entity = entity;
  m->id = ent.id;
  m->label_en = ent.label_en;
  m->qid = ent.qid;
  m->type = ent.type;
}

void DocLinker::ClearEntity(LinkedMention* m) {
  m->entity = -1;
  m->id.clear();
  m->label_en.clear();
  m->qid.clear();
}

void DocLinker::JoinTo(LinkedMention* m, const LinkedMention& full) {
  if (full.IsNil()) {
    ClearEntity(m);
    m->name = full.name;
  } else {
    m->entity = full.entity;
    m->id = full.id;
    m->label_en = full.label_en;
    m->qid = full.qid;
    m->name.clear();
    m->confidence = 0.7f;
  }
  m->source = MentionSource::kCoref;
}

void DocLinker::Emit(size_t b, size_t e, int form, int64_t entity, EntityType type, float conf,
                     MentionSource src, bool demonym) {
  LinkedMention m;
  m.begin = static_cast<uint32_t>(b);
  m.end = static_cast<uint32_t>(e);
  size_t skip = form == 1 ? info_[b].skip_bytes : form == 2 ? info_[b].skip_bytes_bare : 0;
  m.byte_begin = tokens_[b].byte_begin + skip;
  m.byte_end = tokens_[e - 1].byte_end;
  if (m.byte_end <= text_.size() && m.byte_begin <= m.byte_end) {
    m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
  }
  m.type = type;
  m.entity = entity;
  if (entity >= 0) SetEntity(&m, entity);
  m.confidence = conf;
  m.source = src;
  m.demonym = demonym;
  if (entity < 0) {
    const TokInfo& first = info_[b];
    m.name = NilName(form == 1 ? first.alt : form == 2 ? first.bare : first.key, b, e);
  }
  Remember(m);
  out_.push_back(std::move(m));
}

// Whether `w` writes a hamza (أ ؤ ئ ء) after its first letter, ال apart (الأردن: the word's
// first letter), diacritics ignored.
bool MedialHamza(std::string_view w) {
  size_t letters = 0;
  bool article = StartsWith(w, "ال");
  for (size_t pos = 0; pos < w.size();) {
    const char32_t c = utf8::Next(w, &pos);
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640) continue;
    ++letters;
    const size_t first = article ? 3 : 1;  // 1-based position of the word's first letter
    if (letters > first && (c == U'أ' || c == U'ؤ' || c == U'ئ' || c == U'ء')) return true;
  }
  return false;
}

bool DocLinker::TitleWithPronoun(size_t b, size_t e) {
  const std::string_view last = info_[e - 1].key;
  for (std::string_view suffix : {"هما", "ها", "هم", "ه"}) {
    if (!last.ends_with(suffix) || last.size() < suffix.size() + 6) continue;
    std::string stem(last.substr(0, last.size() - suffix.size()));
    if (StartsWith(stem, "ال")) return false;
    // The words before the last, the first as written or without its proclitics (وولي عهده).
    std::string rest;
    for (size_t t = b + 1; t + 1 < e; ++t) {
      if (!info_[t].word) return false;
      rest.append(info_[t].key).push_back(' ');
    }
    rest.append("ال");
    // حكومته: the feminine ة written ت before the pronoun.
    std::string fem;
    if (stem.ends_with("ت")) fem = stem.substr(0, stem.size() - 2) + "ه";
    Segment(b);
    for (std::string_view first :
         {std::string_view(info_[b].key), std::string_view(info_[b].alt)}) {
      if (first.empty()) continue;
      const std::string head = std::string(first) + " " + rest;
      if (IsTitleKey(impl_, head + stem) || (!fem.empty() && IsTitleKey(impl_, head + fem))) {
        return true;
      }
    }
    return false;
  }
  return false;
}

bool DocLinker::HamzaNotInAlias(size_t t, std::string_view key, size_t skip) const {
  if (!info_[t].word || skip > tokens_[t].surface.size() ||
      !MedialHamza(tokens_[t].surface.substr(skip))) {
    return false;
  }
  const std::span<const AliasHit> hits = kb_.LookupKey(key);
  for (const AliasHit& h : hits) {
    const Entity& ent = kb_.entity(h.entity);
    for (size_t a = 0; a < ent.aliases_ar.size(); ++a)
      if (kb_.AliasKeyOf(ent.index, a) == key && MedialHamza(ent.aliases_ar[a])) return false;
  }
  return !hits.empty();
}

bool DocLinker::SameLine(size_t t) const {
  const std::string_view gap =
      text_.substr(tokens_[t - 1].byte_end, tokens_[t].byte_begin - tokens_[t - 1].byte_end);
  return gap.find('\n') == std::string_view::npos;
}

namespace {
bool IsLatinOrNumber(const text::Token& t) {
  return t.kind == text::TokenKind::kLatin || t.kind == text::TokenKind::kNumber;
}
}  // namespace

// Latin words (and numbers after the first), joined by spaces or by the punctuation a name may
// hold (`Al-Nassr`, `D.C.`, `Washington, D.C.`), or by `&` written between two words (`AT&T`),
// with a `+` written after the last (`OPEC+`), on one line; an acronym's closing dot (`D.C.`)
// belongs to it.
size_t DocLinker::LatinRunEnd(size_t b, bool commas) const {
  const size_t n = tokens_.size();
  auto glued = [&](size_t t) { return tokens_[t - 1].byte_end == tokens_[t].byte_begin; };
  size_t e = b + 1;
  for (size_t t = b + 1; t < n && SameLine(t);) {
    const std::string_view s = tokens_[t].surface;
    if (IsLatinOrNumber(tokens_[t])) {
      e = ++t;
    } else if (((IsLatinNamePunct(s) && (commas || s != ",")) ||
                (s == "&" && glued(t) && t + 1 < n && glued(t + 1))) &&
               t + 1 < n && SameLine(t + 1) && tokens_[t + 1].kind == text::TokenKind::kLatin) {
      ++t;
    } else {
      break;
    }
  }
  if (e < n && glued(e) && tokens_[e].surface == "+") {
    ++e;
  } else if (e < n && tokens_[e].surface == "." && info_[e - 1].key.size() == 1 &&
             tokens_[e - 1].kind == text::TokenKind::kLatin && SameLine(e)) {
    ++e;
  }
  return e;
}

size_t DocLinker::LatinRunBegin(size_t t, bool commas) const {
  // Back over Latin words and numbers, and over joining punctuation with a Latin word before it.
  size_t b = t;
  while (b > 0 && SameLine(b)) {
    const text::Token& prev = tokens_[b - 1];
    if (IsLatinOrNumber(prev)) {
      --b;
    } else if (((IsLatinNamePunct(prev.surface) && (commas || prev.surface != ",")) ||
                prev.surface == "&") &&
               b >= 2 && SameLine(b - 1) && tokens_[b - 2].kind == text::TokenKind::kLatin &&
               tokens_[b].kind == text::TokenKind::kLatin) {
      b -= 2;
    } else {
      break;
    }
  }
  // A run starts with a Latin word.
  while (b < t && tokens_[b].kind != text::TokenKind::kLatin) ++b;
  return b;
}

void DocLinker::WidenLatinSpans() {
  auto latin = [&](uint32_t t) { return t < tokens_.size() && IsLatinOrNumber(tokens_[t]); };
  bool any = false;
  for (const TypedSpan& s : spans_) any |= latin(s.begin) || (s.end > 0 && latin(s.end - 1));
  if (!any) return;
  widened_spans_.assign(spans_.begin(), spans_.end());
  for (TypedSpan& s : widened_spans_) {
    if (s.begin >= s.end || s.end > tokens_.size()) continue;
    if (latin(s.begin)) s.begin = static_cast<uint32_t>(LatinRunBegin(s.begin, false));
    if (latin(s.end - 1)) {
      const size_t b = LatinRunBegin(s.end - 1, false);
      if (tokens_[b].kind == text::TokenKind::kLatin) {
        s.end = std::max(s.end, static_cast<uint32_t>(LatinRunEnd(b, false)));
      }
    }
  }
  // Two spans widened onto one run are one span (the surer type).
  std::vector<TypedSpan> kept;
  for (const TypedSpan& s : widened_spans_) {
    if (!kept.empty() && kept.back().end > s.begin && kept.back().begin <= s.begin &&
        latin(s.begin)) {
      TypedSpan& k = kept.back();
      if (s.score > k.score) k.type = s.type;
      k.score = std::max(k.score, s.score);
      k.end = std::max(k.end, s.end);
      continue;
    }
    kept.push_back(s);
  }
  widened_spans_ = std::move(kept);
  spans_ = widened_spans_;
}

int64_t DocLinker::LatinName(size_t x, size_t y, size_t* candidates) {
  if (x >= y || y > tokens_.size() || tokens_[x].kind != text::TokenKind::kLatin) return -1;
  // A name is written capitalised (`Apple`, `NATO`, `Émile`), a word is not (`apple`); a name
  // whose own label starts in lowercase (`iPhone`, `eBay`, `flynas`) is written as the label is.
  const std::string_view s = tokens_[x].surface;
  const unsigned char c = static_cast<unsigned char>(s[0]);
  bool capitalised = c >= 'A' && c <= 'Z';
  if (c >= 0x80) {
    size_t len = 1;
    while (len < s.size() && (static_cast<unsigned char>(s[len]) & 0xC0) == 0x80) ++len;
    capitalised = text::MatchKey(s.substr(0, len)) != s.substr(0, len);
  }
  thread_local std::vector<std::string_view> keys;
  keys.clear();
  for (size_t t = x; t < y; ++t) keys.push_back(info_[t].key);
  const StringMap<std::vector<AliasHit>>& names = impl_.LatinNames();
  const std::string key = LatinKey(tokens_.subspan(x, y - x), keys);
  auto it = names.find(key);
  if (it == names.end()) {
    // `C.I.A`, `F.B.I.`: the one organization whose English label has these initials (Central
    // Intelligence Agency), when no entity has them as a Latin name. Only with the dots, which
    // make the run an acronym (`CIA` written plainly may be any word), and only when one
    // organization has them.
    // Session 16: written plainly in capitals (`CIA`, `AQAP`), when the organization is known by
    // it: the KB spells its letters in Arabic among its names (سي آي إيه), or the document names
    // it (تنظيم القاعدة في جزيرة العرب (AQAP)).
    if (!capitalised) return -1;
    const bool plain = !DottedAcronym(x, y) && PlainAcronym(x, y);
    if (!plain && !DottedAcronym(x, y)) return -1;
    const StringMap<std::vector<AliasHit>>& acronyms = impl_.LatinAcronyms();
    it = acronyms.find(key);
    if (it == acronyms.end() || it->second.size() != 1) return -1;
    if (plain) {
      const uint32_t org = it->second[0].entity;
      if (!doc_entities_.count(org) && !SpellsLetters(kb_.entity(org), key)) return -1;
    }
  }
  std::span<const AliasHit> hits = it->second;
  thread_local std::vector<AliasHit> as_written;
  if (!capitalised) {
    as_written.clear();
    for (const AliasHit& h : hits) {
      if (StartsWith(kb_.entity(h.entity).label_en, s)) as_written.push_back(h);
    }
    if (as_written.empty()) return -1;
    hits = as_written;
  }
  if (candidates) *candidates = hits.size();
  AliasKind kind;
  return PickHit(hits, &kind);
}

bool DocLinker::DottedAcronym(size_t x, size_t y) const {
  size_t letters = 0;
  for (size_t t = x; t < y; ++t) {
    if ((t - x) % 2 == 0) {
      if (tokens_[t].kind != text::TokenKind::kLatin || info_[t].key.size() != 1) return false;
      ++letters;
    } else if (tokens_[t].surface != ".") {
      return false;
    }
  }
  return letters >= 2;
}

bool DocLinker::PlainAcronym(size_t x, size_t y) const {
  if (y != x + 1) return false;
  const std::string_view s = tokens_[x].surface;
  if (s.size() < 2) return false;
  for (const char c : s)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

namespace {
// The names of the Latin letters as Arabic writes them (match keys: إيه -> ايه), a letter's own
// ones at its place: سي آي إيه spells C I A.
const std::vector<StringSet>& LatinLetterNames() {
  static const std::vector<StringSet> names = [] {
    const std::initializer_list<const char*> spelled[26] = {{"إيه", "ايه", "اي", "أيه"},
                                                            {"بي"},
                                                            {"سي"},
                                                            {"دي"},
                                                            {"إي", "اي"},
                                                            {"إف", "اف"},
                                                            {"جي"},
                                                            {"إتش", "اتش"},
                                                            {"آي", "اي"},
                                                            {"جيه", "جاي"},
                                                            {"كيه", "كاي", "كي"},
                                                            {"إل", "ال"},
                                                            {"إم", "ام"},
                                                            {"إن", "ان"},
                                                            {"أو", "او"},
                                                            {"بي"},
                                                            {"كيو"},
                                                            {"آر", "ار"},
                                                            {"إس", "اس"},
                                                            {"تي"},
                                                            {"يو"},
                                                            {"في"},
                                                            {"دبليو"},
                                                            {"إكس", "اكس"},
                                                            {"واي"},
                                                            {"زد", "زي"}};
    std::vector<StringSet> v;
    for (const auto& words : spelled) v.push_back(MatchKeySet(words));
    return v;
  }();
  return names;
}
}  // namespace

bool DocLinker::SpellsLetters(const Entity& e, std::string_view letters) const {
  const std::vector<StringSet>& names = LatinLetterNames();
  for (const std::string& alias : e.aliases_ar) {
    const std::string key = KnowledgeBase::MatchKeyOf(alias);
    size_t p = 0, n = 0;
    bool ok = true;
    while (ok && p <= key.size()) {
      const size_t end = std::min(key.find(' ', p), key.size());
      const char c = n < letters.size() ? letters[n] : 0;
      ok = c >= 'a' && c <= 'z' && names[c - 'a'].count(key.substr(p, end - p)) > 0;
      ++n;
      p = end + 1;
    }
    if (ok && n == letters.size()) return true;
  }
  return false;
}

size_t DocLinker::LatinNameAt(size_t b, int64_t* entity) {
  *entity = -1;
  if (b > 0 && LatinRunBegin(b) != b) return b;
  size_t e = LatinRunEnd(b);
  *entity = LatinName(b, e, nullptr);
  // A sentence's full stop after a name is no part of it (an acronym's is: `D.C.`).
  while (*entity >= 0 && e > b + 1 && IsLatinNamePunct(tokens_[e - 1].surface) &&
         !(tokens_[e - 1].surface == "." && info_[e - 2].key.size() == 1)) {
    --e;
  }
  return *entity >= 0 ? e : b;
}

bool DocLinker::TryLatin(size_t* pi) {
  const size_t b = *pi;
  // A name is a whole run (or a comma-separated part of one), never a run's tail: `University of
  // Jordan` is no mention of Jordan.
  if (b > 0 && LatinRunBegin(b) != b) return false;
  const size_t e = LatinRunEnd(b);
  // The whole run, else its parts between commas (`Apple, Google`), each also without a leading
  // `The`.
  bool any = false;
  auto try_part = [&](size_t x, size_t y) {
    size_t candidates = 0;
    int64_t entity = LatinName(x, y, &candidates);
    if (entity < 0 && y > x + 1 && info_[x].key == "the") entity = LatinName(++x, y, &candidates);
    // Numbers after a name (`Apple 2024`, a year) when the run with them names nothing.
    if (entity < 0 && y > x && tokens_[y - 1].kind == text::TokenKind::kNumber) {
      while (y > x + 1 && tokens_[y - 1].kind != text::TokenKind::kLatin) --y;
      entity = LatinName(x, y, &candidates);
    }
    if (entity < 0) return;
    // A sentence's full stop after a name is no part of it (an acronym's is: `D.C.`).
    while (y > x + 1 && IsLatinNamePunct(tokens_[y - 1].surface) &&
           !(tokens_[y - 1].surface == "." && info_[y - 2].key.size() == 1)) {
      --y;
    }
    Emit(x, y, 0, entity, kb_.entity(static_cast<uint32_t>(entity)).type,
         candidates == 1 ? 0.95f : 0.7f, MentionSource::kGazetteer, false);
    any = true;
  };
  try_part(b, e);
  if (!any) {
    size_t start = b;
    for (size_t t = b; t <= e; ++t) {
      if (t == e || tokens_[t].surface == ",") {
        if (start > b || t < e) try_part(start, t);
        start = t + 1;
      }
    }
  }
  if (any) *pi = e;
  return any;
}

bool DocLinker::TryAlias(size_t* i) {
  Match m = Longest(*i, /*titles=*/false);
  if (m.len == 0) return false;
  std::span<const AliasHit> hits = UsersOwn(kb_, kb_.LookupKey(m.key));
  AliasKind kind;
  uint32_t e = PickHit(hits, &kind);
  // A name that is also another entity's tagged name (مرسيليا: the city, and the club where the
  // tagger reads an organization): in running text the untagged entity, even when the document
  // already named the other.
  if (kind == AliasKind::kTagged && hits.size() > 1) {
    std::vector<AliasHit> untagged;
    for (const AliasHit& h : hits)
      if (h.kind != AliasKind::kTagged) untagged.push_back(h);
    if (!untagged.empty()) e = PickHit(untagged, &kind);
  }
  // A word that is a name as written and another after its proclitics (وجدة: Oujda, or و + جدة,
  // Jeddah): the reading whose country the document already mentions (الرياض وجدة).
  if (m.form == 0 && m.len == 1 && !doc_countries_.empty() &&
      !doc_countries_.count(kb_.entity(e).country)) {
    Segment(*i);
    const TokInfo& ti = info_[*i];
    if (!ti.alt.empty() && ti.alt != ti.key && (ti.alt_flags & kAliasKey)) {
      std::span<const AliasHit> alt_hits = UsersOwn(kb_, kb_.LookupKey(ti.alt));
      AliasKind alt_kind;
      const uint32_t alt = PickHit(alt_hits, &alt_kind);
      if (alt_kind != AliasKind::kTagged && KindRank(alt_kind) <= KindRank(kind) &&
          doc_countries_.count(kb_.entity(alt).country)) {
        m.form = 1;
        m.key = ti.alt;
        hits = alt_hits;
        kind = alt_kind;
        e = alt;
      }
    }
  }
  // ك ("like") before a lone person's name is rare; a foreign name that starts with ك is not
  // (كاسبر is no ك + إسبر).
  if (m.form == 1 && m.len == 1 && kb_.entity(e).type == EntityType::kPer &&
      StartsWith(tokens_[*i].surface, "ك") && !StartsWith(tokens_[*i].surface, "كال"))
    return false;
  // A hamza written inside a word whose KB name has a plain letter there (ترأس "chaired", not
  // Truss's تراس; سأل "asked"): the match key folds the hamza, but it is a consonant of its own,
  // and a name transcribed with a plain letter is written so. One word, as written or after its
  // proclitics (وترأس), and only when no alias with this key writes a hamza inside it (the tagger
  // may still read a person there).
  // After proclitics only for a person's short name (وترأس), where a verb is the usual reading.
  const bool short_person = kind == AliasKind::kShort && kb_.entity(e).type == EntityType::kPer;
  if (m.len == 1 && (m.form == 0 || (m.form == 1 && short_person)) &&
      HamzaNotInAlias(*i, m.key, m.form == 1 ? info_[*i].skip_bytes : 0)) {
    return false;
  }
  // الهلال, النصر: also ordinary words; a name only where the tagger finds one (ApplySpans).
  if (kind == AliasKind::kTagged) return false;
  bool demonym = kind == AliasKind::kDemonym;
  if (demonym && !opt_.demonyms) {
    *i += m.len;
    return true;
  }
  float conf = hits.size() == 1 ? 0.95f : 0.7f;
  if (demonym || kind == AliasKind::kShort || kind == AliasKind::kMetonym) conf -= 0.1f;
  if (m.form != 0) conf -= 0.05f;
  // A body's bare name shared by countries (وزارة الصحة, مجلس الوزراء: a short name): not when
  // the name runs on (وزارة الزراعة والري, وزارة الزراعة المصرية: the head pattern's, NIL), and
  // only when the document names the body's country (RepickByCountry), else NIL.
  const Entity& picked = kb_.entity(e);
  const bool bare_body = kind == AliasKind::kShort && picked.type == EntityType::kOrg &&
                         !picked.country.empty() && OrgHeads().count(HeadWord(*i));
  if (bare_body) {
    const size_t end = *i + m.len;
    if (OrgTail(*i, end) > end) return false;
    if (end < tokens_.size() && info_[end].word) {
      if (const Match next = Longest(end, /*titles=*/false); next.len) {
        for (const AliasHit& h : kb_.LookupKey(next.key)) {
          const Entity& ne = kb_.entity(h.entity);
          if (h.kind == AliasKind::kDemonym || ne.subtype == "country") return false;
        }
      }
    }
  }
  // Candidates of several countries, none of which the document has named yet: picked again at
  // the end (RepickByCountry).
  bool defer = bare_body;
  if (hits.size() > 1 && !doc_entities_.count(e) && !doc_countries_.count(kb_.entity(e).country)) {
    for (const AliasHit& h : hits) {
      const std::string& c = kb_.entity(h.entity).country;
      defer |= KindRank(h.kind) == KindRank(kind) && !c.empty() && c != kb_.entity(e).country;
    }
  }
  // A later occurrence of a name whose first pick waits for the end (سبق - عمان: ... بمدينة عمان
  // الأردنية): that unsure pick is no evidence for this one (before, the second عمان took Oman
  // because the first had named it); both are picked at the end.
  if (!defer && hits.size() > 1) {
    for (const Deferred& d : deferred_) defer |= d.hits.data() == hits.data() && d.entity == e;
  }
  // مناطق عسير والباحة وجازان: the provinces, not their capitals.
  if (kb_.entity(e).type == EntityType::kGpe &&
      (kb_.entity(e).subtype == "city" || kb_.entity(e).subtype == "capital") && InRegionList(*i)) {
    for (const AliasHit& h : kb_.LookupKey(KnowledgeBase::MatchKeyOf("منطقة") + " " + m.key)) {
      if (kb_.entity(h.entity).capital == kb_.entity(e).id) {
        e = h.entity;
        defer = false;
        break;
      }
    }
  }
  // An Arab family name alone (with ال: العبادي, الصدر) is borne by many families and is often
  // a word too; a foreign surname alone (بوتين, بلينكن) is the KB person's in news.
  if (kind == AliasKind::kShort && m.len == 1 && kb_.entity(e).type == EntityType::kPer &&
      StartsWith(m.key, "ال")) {
    // The word before, over the dot of an abbreviation (د. العبادي).
    size_t p = *i;
    while (p > 0 && !info_[p - 1].word && tokens_[p - 1].surface == ".") --p;
    const bool honorific = p > 0 && info_[p - 1].word && Honorifics().count(info_[p - 1].key);
    if (*i > 0 && info_[*i - 1].word && FamilyWords().count(info_[*i - 1].key)) return false;
    Emit(*i, *i + m.len, m.form, e, kb_.entity(e).type, conf, MentionSource::kGazetteer, demonym);
    bare_surnames_.push_back({out_.back().byte_begin, e, honorific});
    *i += m.len;
    return true;
  }
  Emit(*i, *i + m.len, m.form, e, kb_.entity(e).type, conf, MentionSource::kGazetteer, demonym);
  if (defer) deferred_.push_back({out_.back().byte_begin, e, hits, bare_body});
  *i += m.len;
  return true;
}

std::vector<uint32_t> DocLinker::OutletsNamed(std::string_view head, const std::string& name,
                                              bool with_head_only) const {
  // The KB's outlets of that name, written with an outlet word (صحيفة الوطن) or alone (رويترز).
  static const std::vector<std::string>* const kHeads = [] {
    auto* v = new std::vector<std::string>;
    for (const char* w : {"صحيفة", "جريدة", "قناة", "وكالة"})
      v->push_back(KnowledgeBase::MatchKeyOf(w));
    return v;
  }();
  std::vector<uint32_t> outlets;
  auto collect = [&](const std::string& key) {
    for (const AliasHit& hit : kb_.LookupKey(key)) {
      const Entity& e = kb_.entity(hit.entity);
      if ((e.subtype == "media" || e.subtype == "agency") &&
          std::find(outlets.begin(), outlets.end(), hit.entity) == outlets.end())
        outlets.push_back(hit.entity);
    }
  };
  if (!head.empty()) collect(std::string(head) + " " + name);
  for (const std::string& w : *kHeads) collect(w + " " + name);
  if (!with_head_only) collect(name);
  return outlets;
}

int64_t DocLinker::PickOutlet(std::span<const uint32_t> outlets) const {
  int64_t entity = -1;
  if (outlets.size() == 1) entity = outlets[0];
  for (const uint32_t e : outlets) {  // several: the outlet's country, then the document's
    if (entity < 0 && !opt_.country.empty() && kb_.entity(e).country == opt_.country) entity = e;
  }
  for (const uint32_t e : outlets) {
    if (entity < 0 && doc_countries_.count(kb_.entity(e).country)) entity = e;
  }
  return entity;
}

bool DocLinker::TryCreditOutlet(size_t* pi) {
  const size_t i = *pi;
  // A credit follows punctuation or starts a paragraph (most words follow a word), and starts
  // with the first word of an outlet's name without its outlet word (سبق, عين).
  if (i > 0 && tokens_[i - 1].kind != text::TokenKind::kPunctuation) {
    const size_t b = tokens_[i - 1].byte_end, e = tokens_[i].byte_begin;
    if (e <= b + 1 && (e == b || text_[b] != '\n')) return false;  // one space: the usual case
    if (text_.substr(b, e - b).find('\n') == std::string_view::npos) return false;
  }
  if (!OutletFirstWords(kb_, impl_).count(info_[i].key)) return false;
  // A paragraph starts at token t: the document's first token, or a line break before it.
  auto para_start = [&](size_t t) {
    if (t == 0) return true;
    if (t >= tokens_.size()) return true;
    const size_t b = tokens_[t - 1].byte_end, e = tokens_[t].byte_begin;
    return e > b && text_.substr(b, e - b).find('\n') != std::string_view::npos;
  };
  auto punct = [&](size_t t, std::initializer_list<std::string_view> marks) {
    if (t >= tokens_.size() || tokens_[t].kind != text::TokenKind::kPunctuation) return false;
    for (std::string_view m : marks)
      if (tokens_[t].surface == m) return true;
    return false;
  };
  auto dash = [&](size_t t) { return punct(t, {"-", "–", "—"}); };
  const bool dash_before = i > 0 && dash(i - 1) && !para_start(i);
  const bool comma_before =
      i >= 2 && punct(i - 1, {"،", ","}) && !para_start(i) && para_start(i - 2);
  if (!para_start(i) && !dash_before && !comma_before) return false;
  for (size_t n = 2; n >= 1; --n) {
    const size_t after = i + n;
    if (after > tokens_.size()) continue;
    bool words = true;
    for (size_t t = i; t < after; ++t) words &= info_[t].word && (t == i || !para_start(t));
    if (!words) continue;
    const bool dash_after = after < tokens_.size() && dash(after) && !para_start(after);
    const bool ends = para_start(after) || punct(after, {":", "،", ","}) || dash_after;
    if (!ends) continue;
    // The credit stands next to a dash (سبق- الدمام, جدة- سبق, ياسر الحربي – عين اليوم), or opens
    // a list of credits (سبق، واس- الباحة).
    if (!dash_before && !dash_after && !(para_start(i) && punct(after, {"،", ","}))) continue;
    std::string name;
    for (size_t t = i; t < after; ++t) {
      if (t > i) name += ' ';
      name += info_[t].key;
    }
    // A place or another entity of that name (الرياض, the city and the paper): the gazetteer's.
    bool other = false;
    for (const AliasHit& hit : kb_.LookupKey(name)) {
      const std::string& sub = kb_.entity(hit.entity).subtype;
      other |= sub != "media" && sub != "agency";
    }
    if (other) continue;
    const int64_t entity = PickOutlet(OutletsNamed("", name));
    if (entity < 0) continue;
    Emit(i, after, 0, entity, EntityType::kOrg, 0.8f, MentionSource::kGazetteer, false);
    *pi = after;
    return true;
  }
  return false;
}

bool IsOpeningQuote(std::string_view p) { return p == "«" || p == "“" || p == "\""; }
bool IsClosingQuote(std::string_view p) { return p == "»" || p == "”" || p == "\""; }

bool DocLinker::IsOrgHeadToken(size_t t) {
  if (!info_[t].word || tokens_[t].kind != text::TokenKind::kWord) return false;
  auto head = [&](std::string_view k) {
    return !k.empty() &&
           (OrgHeads().count(k) || (opt_.is_org_head != nullptr && opt_.is_org_head(k)));
  };
  if (head(info_[t].key)) return true;
  Segment(t);
  return head(info_[t].alt) || head(info_[t].bare);
}

bool DocLinker::TryQuotedOrg(size_t* pi) {
  const size_t i = *pi;
  if (i < 2 || tokens_[i - 1].kind != text::TokenKind::kPunctuation ||
      !IsOpeningQuote(tokens_[i - 1].surface)) {
    return false;
  }
  const size_t h = i - 2;
  if (!IsOrgHeadToken(h) || HeadWord(h) == KnowledgeBase::MatchKeyOf("قناة")) return false;
  // The closing mark after one to five words, the first no function word.
  size_t j = i;
  while (j < tokens_.size() && j < i + 5 && info_[j].word) ++j;
  if (j == i || j >= tokens_.size() || tokens_[j].kind != text::TokenKind::kPunctuation ||
      !IsClosingQuote(tokens_[j].surface) || IsStop(i)) {
    return false;
  }
  std::string name;
  for (size_t t = i; t < j; ++t) {
    if (t > i) name += ' ';
    name += info_[t].key;
  }
  for (const AliasHit& hit : kb_.LookupKey(name)) {
    if (hit.kind != AliasKind::kDemonym && kb_.entity(hit.entity).type == EntityType::kOrg) {
      Emit(i, j, 0, hit.entity, EntityType::kOrg, 0.9f, MentionSource::kGazetteer, false);
      *pi = j;
      return true;
    }
  }
  // A KB name that starts the quoted words is left to the gazetteer (TryAlias).
  if (Longest(i, /*titles=*/false).len > 0) return false;
  Emit(i, j, 0, -1, EntityType::kOrg, 0.8f, MentionSource::kPattern, false);
  *pi = j;
  return true;
}

void DocLinker::QuotedPhrases() {
  // Words that name a work, a programme or a campaign: the quoted words after one are its title.
  static const StringSet* const kNamingHeads =
      new StringSet(MatchKeySet({"كتاب",   "فيلم",   "برنامج", "مسلسل", "رواية",  "أغنية", "مسرحية",
                                 "حملة",   "مبادرة", "مهرجان", "ديوان", "قصيدة",  "معرض",  "مسابقة",
                                 "بعنوان", "عنوان",  "شعار",   "وسم",   "هاشتاق", "عملية"}));
  auto naming_head = [&](size_t t) {
    if (!info_[t].word) return false;
    if (kNamingHeads->count(info_[t].key)) return true;
    Segment(t);
    return (!info_[t].alt.empty() && kNamingHeads->count(info_[t].alt)) ||
           (!info_[t].bare.empty() && kNamingHeads->count(info_[t].bare));
  };
  StringSet phrases, orgs;  // names; sets, as a long document holds many
  for (const LinkedMention& m : out_) {
    if (!m.IsNil() || m.name.empty() || m.begin < 1 || m.end >= tokens_.size()) continue;
    if (tokens_[m.begin - 1].kind != text::TokenKind::kPunctuation ||
        !IsOpeningQuote(tokens_[m.begin - 1].surface) ||
        tokens_[m.end].kind != text::TokenKind::kPunctuation ||
        !IsClosingQuote(tokens_[m.end].surface)) {
      continue;
    }
    if (m.type == EntityType::kOrg && m.source == MentionSource::kPattern && m.begin >= 2 &&
        IsOrgHeadToken(m.begin - 2)) {
      orgs.insert(m.name);
      continue;
    }
    if (m.type != EntityType::kMisc || m.source != MentionSource::kTagger) continue;
    if (m.begin >= 2 && naming_head(m.begin - 2)) continue;
    bool phrase = false;
    // A function word that is no KB name alone and no name of the lexicon (أم of أم كلثوم).
    for (size_t t = m.begin; t < m.end && !phrase; ++t) {
      phrase = info_[t].word && IsStop(t) && !(info_[t].flags & kAliasKey) &&
               !(opt_.is_name_word != nullptr && opt_.is_name_word(info_[t].key));
    }
    if (!phrase && m.end >= m.begin + 2 && StartsWith(info_[m.begin + 1].key, "ال")) {
      // بمنتهى الوضوح: a preposition the analyzer cuts off a noun before its definite complement.
      // The cut alone is no evidence: the analyzer cuts foreign names too (بوبي, كيا, بلاكبوش).
      Segment(m.begin);
      const TokInfo& first = info_[m.begin];
      phrase = first.skip_bytes > 0 && !first.alt.empty() &&
               (StartsWith(first.key, "ب") || StartsWith(first.key, "ك")) &&
               !(first.alt_flags & (kAliasKey | kAliasPrefix)) &&
               !(opt_.is_name_word != nullptr && opt_.is_name_word(first.alt));
    }
    if (!phrase && m.end == m.begin + 1) {
      // يعجبون, يقولوا: a present verb's plural.
      const std::string_view k = info_[m.begin].key;
      phrase = StartsWith(k, "ي") && k.size() >= 10 && (k.ends_with("ون") || k.ends_with("وا"));
    }
    if (!phrase) phrase = QuotedEpithet(m.begin, m.end);
    if (phrase) phrases.insert(m.name);
  }
  if (phrases.empty() && orgs.empty()) return;
  std::vector<uint8_t> drop(out_.size(), 0);
  for (size_t x = 0; x < out_.size(); ++x) {
    LinkedMention& m = out_[x];
    if (m.IsNil() && m.type == EntityType::kMisc && m.source == MentionSource::kTagger) {
      if (phrases.count(m.name)) {
        drop[x] = 1;
      } else if (orgs.count(m.name)) {
        m.type = EntityType::kOrg;
      }
    }
  }
  DropMentions(drop);
}

bool DocLinker::QuotedEpithet(size_t b, size_t e) {
  // A name word: a one-word KB name or title, or a name of the lexicon, as written or without
  // its proclitics.
  auto name_word = [&](size_t t) {
    const TokInfo& ti = info_[t];
    if ((ti.flags & (kAliasKey | kTitleKey)) ||
        (opt_.is_name_word != nullptr && opt_.is_name_word(ti.key))) {
      return true;
    }
    Segment(t);
    return !ti.alt.empty() && ((ti.alt_flags & (kAliasKey | kTitleKey)) ||
                               (opt_.is_name_word != nullptr && opt_.is_name_word(ti.alt)));
  };
  // Every word written with the article (ال + three letters or more) and none a name word:
  // adjectives and nouns in quotation marks are an epithet (`«العبقري»`, `«الأسطورة»`) or a
  // phrase the writer distances himself from (`«التيار المعتدل»`, `«التفكيك الكامل»`). Names
  // the writer quotes without a head are mostly foreign or indefinite (`«تايتانك»`, `«باب رزق
  // جميل»`); a quoted definite name of a party or paper is a KB name or follows its head
  // (TryQuotedOrg, TryQuotedOutlet), and a work's title follows its naming head (QuotedPhrases).
  bool definite = e - b <= 3;
  for (size_t t = b; t < e && definite; ++t) {
    // ال as written: the key folds أ, so أليانز would pass.
    definite = tokens_[t].kind == text::TokenKind::kWord && StartsWith(tokens_[t].surface, "ال") &&
               StartsWith(info_[t].key, "ال") && info_[t].key.size() >= 10 && !IsStop(t) &&
               !name_word(t);
  }
  if (definite) return true;
  // A nickname's cue right before the opening mark, over a colon or a tatweel'd ب: الملقب,
  // يلقب, ويلقبونه; لقب and بلقب only after الشهير, المعروف or عليه (حصد لقب «...» is a cup).
  if (b < 2) return false;
  size_t c = b - 2;
  if (c > 0 && tokens_[c].kind == text::TokenKind::kPunctuation && tokens_[c].surface == ":") --c;
  if (c > 0 && info_[c].word && info_[c].key == "ب") --c;  // بـ«...»
  if (!info_[c].word) return false;
  // The cue as written or without its proclitics (بلقب: لقب, ويلقب: يلقب).
  auto in = [&](const StringSet& cues, size_t t) {
    if (cues.count(info_[t].key)) return true;
    Segment(t);
    return !info_[t].alt.empty() && cues.count(info_[t].alt);
  };
  static const StringSet* const kCues = new StringSet(MatchKeySet(
      {"الملقب", "الملقبة", "الملقبين", "يلقب", "تلقب", "يلقبونه", "يلقبه", "يلقبها", "يلقبونها"}));
  if (in(*kCues, c)) return true;
  static const StringSet* const kTitle = new StringSet(MatchKeySet({"لقب"}));
  static const StringSet* const kBefore = new StringSet(
      MatchKeySet({"الشهير", "الشهيرة", "المعروف", "المعروفة", "عليه", "عليها", "عليهم"}));
  return c > 0 && in(*kTitle, c) && info_[c - 1].word && kBefore->count(info_[c - 1].key);
}

bool DocLinker::TryQuotedOutlet(size_t* pi) {
  const size_t i = *pi;
  if (i < 2 || tokens_[i - 1].kind != text::TokenKind::kPunctuation) return false;
  const std::string_view open = tokens_[i - 1].surface;
  if (open != "«" && open != "“" && open != "\"") return false;
  const size_t h = i - 2;
  // The word before the quote: an outlet word (with proclitics: لصحيفة) or لـ alone.
  static const StringSet kOutletWords =
      MatchKeySet({"صحيفة", "جريدة", "قناة", "وكالة", "مجلة", "شبكة", "موقع", "صحيفتي"});
  std::string_view head;
  if (!info_[h].word) {
    // No word before the quote (a paragraph's start, punctuation): a bare quote, below.
  } else if (kOutletWords.count(info_[h].key)) {
    head = info_[h].key;
  } else {
    Segment(h);
    if (!info_[h].alt.empty() && kOutletWords.count(info_[h].alt))
      head = info_[h].alt;
    else if (!info_[h].bare.empty() && kOutletWords.count(info_[h].bare))
      head = info_[h].bare;
  }
  const bool after_li = head.empty() && info_[h].word && info_[h].key == "ل";
  // A bare quote («المدينة», حاولت «عكاظ» الحصول): only a newspaper, channel or agency the KB
  // writes with its outlet word (صحيفة المدينة), never a NIL organization.
  const bool bare_quote = head.empty() && !after_li;
  // The closing mark within four words.
  size_t j = i;
  while (j < tokens_.size() && j < i + 4 && info_[j].word) ++j;
  if (j == i || j >= tokens_.size() || tokens_[j].kind != text::TokenKind::kPunctuation)
    return false;
  const std::string_view close = tokens_[j].surface;
  if (close != "»" && close != "”" && close != "\"") return false;
  std::string name;
  for (size_t t = i; t < j; ++t) {
    if (t > i) name += ' ';
    name += info_[t].key;
  }
  const std::vector<uint32_t> outlets = OutletsNamed(head, name, /*with_head_only=*/bare_quote);
  int64_t entity = PickOutlet(outlets);
  if (bare_quote) {
    if (entity < 0) return false;
    Emit(i, j, 0, entity, EntityType::kOrg, 0.8f, MentionSource::kGazetteer, false);
    *pi = j;
    return true;
  }
  if (entity < 0 && !head.empty() && head != KnowledgeBase::MatchKeyOf("قناة")) {
    // No outlet of that name: another organization the KB knows (موقع «تويتر»), else a NIL one
    // (مجلة «وورلد فاينانس»). Not after قناة, which is also a canal (قناة «السويس»).
    for (const AliasHit& hit : kb_.LookupKey(name)) {
      if (hit.kind != AliasKind::kDemonym && kb_.entity(hit.entity).type == EntityType::kOrg) {
        entity = hit.entity;
        break;
      }
    }
    // A KB name that starts the quoted words (“ديلي ميل البريطانية”) is left to the gazetteer.
    if (entity < 0 && outlets.empty() && Longest(i, /*titles=*/false).len == 0) {
      Emit(i, j, 0, -1, EntityType::kOrg, 0.8f, MentionSource::kPattern, false);
      *pi = j;
      return true;
    }
  }
  if (entity < 0) {
    if (outlets.empty()) return false;
    Emit(i, j, 0, -1, EntityType::kOrg, 0.8f, MentionSource::kPattern,
         false);  // several, none fits
    *pi = j;
    return true;
  }
  Emit(i, j, 0, entity, EntityType::kOrg, 0.9f, MentionSource::kGazetteer, false);
  *pi = j;
  return true;
}

void DocLinker::SharedClubNames() {
  auto is_club = [&](const LinkedMention& m) {
    return m.entity >= 0 && kb_.entity(static_cast<uint32_t>(m.entity)).subtype == "club";
  };
  if (std::none_of(out_.begin(), out_.end(), is_club)) return;
  const std::string club_prefix = text::MatchKey("نادي") + " ";
  // A club mention's one-word name (نادي النصر, النصر -> النصر), "" when it says more (النصر
  // الكويتي, نادي ريال مدريد).
  auto bare_name = [&](const LinkedMention& m) {
    std::string key = KnowledgeBase::MatchKeyOf(m.text);
    if (StartsWith(key, club_prefix)) key.erase(0, club_prefix.size());
    if (key.find(' ') != std::string::npos) key.clear();
    return key;
  };
  StringSet named;                   // countries of the mentions that are no clubs
  std::unordered_set<int64_t> full;  // clubs the document names by more than a bare name
  for (const LinkedMention& m : out_) {
    if (m.entity < 0) continue;
    if (is_club(m)) {
      if (bare_name(m).empty()) full.insert(m.entity);
      continue;
    }
    const Entity& e = kb_.entity(static_cast<uint32_t>(m.entity));
    const std::string& c = e.country.empty() && e.subtype == "country" ? e.id : e.country;
    if (!c.empty()) named.insert(c);
  }
  const ClubNames& names = ClubNamesOf(kb_, impl_);
  // Mentions x < y joined as items of a list: adjacent tokens with y's written after و (الأهلي
  // والزمالك), or one separate و or comma between them.
  auto joined = [&](size_t x, size_t y) {
    const LinkedMention& a = out_[x];
    const LinkedMention& b = out_[y];
    if (a.end == b.begin) {
      return b.byte_begin > tokens_[b.begin].byte_begin &&
             StartsWith(tokens_[b.begin].surface, "و");
    }
    if (a.end + 1 != b.begin) return false;
    const std::string_view sep = tokens_[a.end].surface;
    return sep == "و" || sep == "،" || sep == ",";
  };
  // The country of the club mention beside x in a list, when that club is named by a name of
  // its own or with نادي (not a bare name several clubs share); "" otherwise.
  auto list_country = [&](size_t x) -> std::string {
    std::string country;
    for (const size_t y : {x - 1, x + 1}) {
      if (y >= out_.size() || !is_club(out_[y])) continue;
      if (!(y < x ? joined(y, x) : joined(x, y))) continue;
      // A bare name several clubs share is no evidence; with نادي it is the link's (نادي العين).
      const std::string key = bare_name(out_[y]);
      if (!key.empty() && !StartsWith(KnowledgeBase::MatchKeyOf(out_[y].text), club_prefix)) {
        auto it = names.clubs.find(key);
        if (it != names.clubs.end() && it->second.size() > 1) continue;
      }
      const std::string& c = kb_.entity(static_cast<uint32_t>(out_[y].entity)).country;
      if (c.empty() || (!country.empty() && country != c)) return "";
      country = c;
    }
    return country;
  };
  for (size_t x = 0; x < out_.size(); ++x) {
    LinkedMention& m = out_[x];
    if (!is_club(m) || full.count(m.entity)) continue;
    const std::string key = bare_name(m);
    if (key.empty()) continue;
    auto it = names.clubs.find(key);
    if (it == names.clubs.end() || it->second.size() < 2) continue;
    auto only = [&](auto&& fits) {
      int64_t found = -1;
      for (const uint32_t c : it->second) {
        if (!fits(c)) continue;
        if (found >= 0) return int64_t{-2};
        found = c;
      }
      return found;
    };
    // النصر after النصر السعودي is that club; else by the countries named, else the outlet's.
    int64_t club = only([&](uint32_t c) { return full.count(c) > 0; });
    // Beside a club of one country in a list (الأهلي والزمالك, نادي العين والأهلي): that
    // country's club of the name.
    if (club == -1) {
      const std::string country = list_country(x);
      if (!country.empty())
        club = only([&](uint32_t c) { return kb_.entity(c).country == country; });
    }
    if (club == -1) club = only([&](uint32_t c) { return named.count(kb_.entity(c).country) > 0; });
    if (club == -1 && !opt_.country.empty()) {
      club = only([&](uint32_t c) { return kb_.entity(c).country == opt_.country; });
    }
    if (club < 0 || club == m.entity) continue;
    SetEntity(&m, club);
    m.name.clear();
  }
}

void DocLinker::ForeignClubs() {
  static const StringSet* const kClubWords = new StringSet(MatchKeySet({"نادي", "ناديي", "لنادي"}));
  auto bare_club = [&](const LinkedMention& m) {
    if (m.entity < 0 || kb_.entity(static_cast<uint32_t>(m.entity)).subtype != "club") return false;
    uint32_t b = m.begin;
    if (m.end > b + 1 && kClubWords->count(info_[b].key)) ++b;
    return m.end == b + 1;
  };
  if (std::none_of(out_.begin(), out_.end(), bare_club)) return;
  StringMap<int> named;  // country -> mentions that are no bare club
  StringSet sports;      // countries of the clubs and sports bodies named otherwise
  for (const LinkedMention& m : out_) {
    if (m.entity < 0 || bare_club(m)) continue;
    const Entity& e = kb_.entity(static_cast<uint32_t>(m.entity));
    if (e.country.empty()) continue;
    ++named[e.country];
    if (e.subtype == "club" || e.subtype == "sport") sports.insert(e.country);
  }
  // The country the document is about instead of `own`, or "" (two such countries: none).
  // Whether the document is about another country's football than `own`; `other` receives that
  // country when there is one such country ("" when two).
  auto about_other = [&](const std::string& own, std::string* other) {
    other->clear();
    if (named.count(own)) return false;
    bool about = false;
    for (const std::string& c : sports) {
      auto it = named.find(c);
      if (c != own && it != named.end() && it->second >= 3) {
        *other = about ? "" : c;
        about = true;
      }
    }
    return about;
  };
  const ClubNames& names = ClubNamesOf(kb_, impl_);
  std::string other;
  for (LinkedMention& m : out_) {
    if (!bare_club(m) ||
        !about_other(kb_.entity(static_cast<uint32_t>(m.entity)).country, &other)) {
      continue;
    }
    // That country's club of the name, when the KB has exactly one (الشباب in a Kuwaiti story:
    // Kuwait's Al-Shabab); else NIL.
    std::string_view key = info_[m.end - 1].key;
    auto it = names.clubs.find(key);
    if (it == names.clubs.end()) {
      Segment(m.end - 1);
      it = names.clubs.find(info_[m.end - 1].alt);
    }
    int64_t club = -1;
    if (it != names.clubs.end() && !other.empty()) {
      for (const uint32_t c : it->second) {
        if (kb_.entity(c).country != other) continue;
        club = club == -1 ? int64_t{c} : -2;
      }
    }
    if (club >= 0) {
      SetEntity(&m, club);
      m.name.clear();
      continue;
    }
    ClearEntity(&m);
    m.name = KnowledgeBase::MatchKeyOf(m.text);
    if (StartsWith(m.name, "لل")) m.name.replace(0, std::string_view("لل").size(), "ال");
    m.source = MentionSource::kTagger;
  }
}

void DocLinker::FootballBodies() {
  static const std::string* const kFootball =
      new std::string(" " + KnowledgeBase::MatchKeyOf("لكرة القدم"));
  static const StringSet* const kBall =
      new StringSet(MatchKeySet({"كرة", "الكرة", "لكرة", "للكرة", "بالكرة", "والكرة"}));
  // The candidates first (a KB body named by two words or more, no club or sports body itself):
  // most documents have none, and the ball is looked for only where one is.
  std::vector<std::pair<size_t, uint32_t>> found;  // out_ index, football body
  bool football = false;
  for (size_t j = 0; j < out_.size(); ++j) {
    const LinkedMention& m = out_[j];
    if (m.entity < 0) continue;
    const std::string& sub = kb_.entity(static_cast<uint32_t>(m.entity)).subtype;
    football |= sub == "sport";
    if (m.type != EntityType::kOrg || m.end < m.begin + 2 || sub == "club" || sub == "sport") {
      continue;
    }
    // The tokens' keys when the mention starts at its token (no proclitics peeled), else the
    // text's.
    std::string key;
    if (m.byte_begin == tokens_[m.begin].byte_begin && m.end <= info_.size()) {
      for (uint32_t t = m.begin; t < m.end; ++t) {
        if (t > m.begin) key += ' ';
        key += info_[t].key;
      }
    } else {
      key = KnowledgeBase::MatchKeyOf(m.text);
    }
    if (StartsWith(key, "لل")) key.replace(0, std::string_view("لل").size(), "ال");
    if (!(KeyFlags(impl_, key) & kAliasPrefix)) continue;  // starts no longer name
    for (const AliasHit& h : kb_.LookupKey(key + *kFootball)) {
      if (kb_.entity(h.entity).subtype != "sport") continue;
      found.emplace_back(j, h.entity);
      break;
    }
  }
  if (found.empty()) return;
  // Football: a KB sports body named, or the ball (كرة القدم, الكرة); a club alone is not enough
  // (a club's story may name the European Union).
  for (size_t t = 0; t < info_.size() && !football; ++t) football = kBall->count(info_[t].key);
  if (!football) return;
  for (const auto& [j, body] : found) {
    SetEntity(&out_[j], body);
    out_[j].source = MentionSource::kCoref;
  }
}

void DocLinker::InternationalFederations() {
  static const std::string* const kBare =
      new std::string(KnowledgeBase::MatchKeyOf("الاتحاد الدولي"));
  int64_t federation = -1;
  bool several = false, bare = false;
  for (const LinkedMention& m : out_) {
    bare |= m.IsNil() && m.type == EntityType::kOrg && m.name == *kBare;
    if (m.entity < 0 || m.entity == federation) continue;
    const Entity& e = kb_.entity(static_cast<uint32_t>(m.entity));
    if (e.subtype != "sport" || !e.country.empty()) continue;
    if (!StartsWith(KnowledgeBase::MatchKeyOf(e.label_ar), *kBare + " ")) continue;
    several |= federation >= 0;
    federation = m.entity;
  }
  if (!bare || federation < 0 || several) return;
  for (LinkedMention& m : out_) {
    if (!m.IsNil() || m.type != EntityType::kOrg || m.name != *kBare) continue;
    SetEntity(&m, federation);
    m.name.clear();
    m.source = MentionSource::kCoref;
    m.confidence = 0.7f;
  }
}

bool DocLinker::InRegionList(size_t i) const {
  static const std::string* const kRegions = new std::string(KnowledgeBase::MatchKeyOf("مناطق"));
  size_t j = i, mention = out_.size();
  for (int steps = 0; j > 0 && steps < 24; ++steps) {
    --j;
    if (tokens_[j].kind == text::TokenKind::kPunctuation) {
      if (tokens_[j].surface == "،" || tokens_[j].surface == ",") continue;
      return false;
    }
    const TokInfo& ti = info_[j];
    if (ti.key == "و") continue;
    if (ti.key == *kRegions || ti.alt == *kRegions || ti.bare == *kRegions) return true;
    // The list's previous item: a place mention ending at token j.
    while (mention > 0 && out_[mention - 1].begin > j) --mention;
    if (mention == 0) return false;
    const LinkedMention& m = out_[mention - 1];
    if (m.end != j + 1 || (m.type != EntityType::kGpe && m.type != EntityType::kLoc)) return false;
    j = m.begin;
    --mention;
  }
  return false;
}

const Entity* DocLinker::MentionedHolder(std::string_view role, std::string_view of) const {
  const Entity* best = nullptr;
  int best_count = 0;
  for (const auto& [index, count] : doc_entities_) {
    const Entity& e = kb_.entity(index);
    if (e.type != EntityType::kPer || count <= best_count) continue;
    for (const Role& r : e.roles) {
      if (r.role == role && r.of == of && (!opt_.date || r.Covers(opt_.date))) {
        best = &e;
        best_count = count;
        break;
      }
    }
  }
  return best;
}

std::span<const AliasHit> DocLinker::NasabHits(size_t b, size_t e) const {
  if (e - b < 4 || (info_[b + 1].key != "بن" && info_[b + 1].key != "ابن") ||
      IsCompoundNameWord(info_[e - 2].key)) {
    return {};
  }
  std::string outer(info_[b].key);
  outer.push_back(' ');
  outer += info_[e - 1].key;
  std::span<const AliasHit> hits = kb_.LookupKey(outer);
  if (hits.empty() || kb_.entity(hits[0].entity).type != EntityType::kPer) return {};
  return hits;
}

int64_t DocLinker::NamedPerson(size_t b, size_t e) const {
  for (size_t t = e; t-- > b;) {
    if (t > b && IsCompoundNameWord(info_[t - 1].key)) continue;
    auto it = doc_surnames_.find(info_[t].key);
    if (it != doc_surnames_.end()) return it->second;
  }
  return -1;
}

bool DocLinker::SharesNameWord(const Entity& person, size_t b, size_t e, bool prefixes) const {
  for (const std::string& alias : person.aliases_ar) {
    const std::string key = KnowledgeBase::MatchKeyOf(alias);
    for (size_t t = b; t < e; ++t) {
      const std::string_view w = info_[t].key;
      // بن, عبد, أبو join names; they name no one (محمد بن سالم الفالح is not خالد بن ... الفالح).
      if (w.size() < 4 || IsCompoundNameWord(w)) continue;
      for (size_t pos = key.find(w); pos != std::string::npos; pos = key.find(w, pos + 1)) {
        const size_t end = pos + w.size();
        if ((pos == 0 || key[pos - 1] == ' ') &&
            (end == key.size() || key[end] == ' ' || (prefixes && w.size() >= 8))) {
          return true;
        }
      }
    }
  }
  return false;
}

bool DocLinker::TryTitle(size_t* pi) {
  size_t i = *pi;
  Match t = Longest(i, /*titles=*/true);
  if (t.len == 0) return false;
  // A place or body whose name starts with a title word (الشيخ زويد, a town in Sinai): the longer
  // KB name is the mention, not a title.
  // A person's KB name that starts with the title (الملك سلمان): the name after the title is
  // that person's.
  int64_t titled_person = -1;
  size_t titled_end = 0;
  if (const Match name = Longest(i, /*titles=*/false); name.len > t.len) {
    AliasKind kind;
    const uint32_t e = PickHit(kb_.LookupKey(name.key), &kind);
    if (kb_.entity(e).type != EntityType::kPer && kind != AliasKind::kTagged) return false;
    if (kb_.entity(e).type == EntityType::kPer) {
      titled_person = e;
      titled_end = i + name.len;
    }
  }
  std::span<const std::string> roles = kb_.RolesForTitleKey(t.key);
  size_t j = i + t.len;
  // An organization that starts inside the title and runs past it (رئيسة [مجلس النواب الأمريكي])
  // is the mention; the head word is the title.
  for (size_t x = i + 1; x < j; ++x) {
    Match om = Longest(x, /*titles=*/false);
    if (om.len == 0 || x + om.len <= j) continue;
    std::span<const AliasHit> hits = kb_.LookupKey(om.key);
    AliasKind kind;
    uint32_t e = PickHit(hits, &kind);
    // Only a full name (مجلس النواب الأمريكي), not a short form that is the portfolio itself
    // (وزيرة [الخارجية الألمانية] is the minister, not the ministry).
    if (kb_.entity(e).type != EntityType::kOrg || KindRank(kind) != 0) continue;
    Emit(x, x + om.len, om.form, e, EntityType::kOrg, 0.9f, MentionSource::kGazetteer, false);
    *pi = x + om.len;
    return true;
  }
  // What the title is of: a country (name or demonym) or an organization.
  int64_t of = -1;
  Match om;
  bool of_demonym = false;
  if (j < tokens_.size()) {
    om = Longest(j, /*titles=*/false);
    if (om.len) {
      for (const AliasHit& h : kb_.LookupKey(om.key)) {
        const Entity& oe = kb_.entity(h.entity);
        bool country =
            oe.type == EntityType::kGpe && (oe.subtype == "country" || oe.subtype == "territory");
        if (country || oe.type == EntityType::kOrg) {
          of = h.entity;
          of_demonym = h.kind == AliasKind::kDemonym;
          break;
        }
      }
    }
  }
  // A longer name that starts with the country's demonym (الرئيس المصري اليوم: the newspaper
  // المصري اليوم after the Egyptian president's title, "today"): the country, when the title's
  // office has a holder there on the document's date; an outlet's own staff (رئيس تحرير المصري
  // اليوم) hold no such office.
  if (of >= 0 && om.len > 1 && kb_.entity(static_cast<uint32_t>(of)).type == EntityType::kOrg) {
    for (const AliasHit& h : kb_.LookupKey(info_[j].key)) {
      const Entity& ce = kb_.entity(h.entity);
      // Only a demonym: a country's name starts bodies named after it (رئيس مصر للطيران).
      if (h.kind != AliasKind::kDemonym || ce.type != EntityType::kGpe ||
          (ce.subtype != "country" && ce.subtype != "territory")) {
        continue;
      }
      bool held = false;
      for (const std::string& r : roles) held = held || kb_.ResolveRole(r, ce.id, opt_.date);
      if (!held) continue;
      of = h.entity;
      of_demonym = true;
      om.len = 1;
      om.form = 0;
      om.key = info_[j].key;
      break;
    }
  }
  size_t k = of >= 0 ? j + om.len : j;
  // A word that dates the office (الرئيس الأسبق محمد مرسي, الملك السابق): the name after it, if
  // any, is still the title's; without a name the title is no mention of the current holder.
  static const StringSet kTenure = {"السابق",  "الاسبق",  "الراحل", "الحالي",
                                    "المخلوع", "المعزول", "الجديد"};
  bool dated = false;
  if (k < tokens_.size() && info_[k].word && kTenure.count(info_[k].key)) {
    dated = info_[k].key != "الحالي" && info_[k].key != "الجديد";
    ++k;
  }
  // The office holder: a person this document already named who holds that office (on the
  // document date; any time when the date is unknown: an archived article about Blinken's visit
  // means Blinken, not today's minister), else the holder on the document date.
  const Entity* holder = nullptr;
  if (of >= 0) {
    const Entity& oe = kb_.entity(static_cast<uint32_t>(of));
    for (const std::string& r : roles) {
      holder = MentionedHolder(r, oe.id);
      if (holder) break;
    }
    for (const std::string& r : roles) {
      if (holder) break;
      holder = kb_.ResolveRole(r, oe.id, opt_.date);
    }
  }
  // The deputy's or assistant's title (نائب رئيس الوزراء الكويتي, مساعد وزير الخارجية): not the
  // holder's, named or not; also in the accusative (عُيّن مساعداً لوزير الصحة).
  static const StringSet kDeputy = MatchKeySet(
      {"نائب", "ونائب", "لنائب", "بنائب", "مساعد", "ومساعد", "لمساعد", "نائبا", "مساعدا"});
  const bool deputy = i > 0 && info_[i - 1].word && kDeputy.count(info_[i - 1].key);
  // A cup, prize, road or building named after the holder (كأس خادم الحرمين الشريفين, طريق الملك):
  // no mention of the holder.
  static const StringSet kNamedAfter =
      MatchKeySet({"كأس",     "بكأس",  "لكأس",  "وكأس",  "جائزة", "بجائزة", "لجائزة",
                   "طريق",    "بطريق", "شارع",  "بشارع", "مطار",  "بمطار",  "مستشفى",
                   "بمستشفى", "ملعب",  "بملعب", "جسر",   "ميناء", "بميناء"});
  if (i > 0 && info_[i - 1].word && kNamedAfter.count(info_[i - 1].key)) return false;
  // After بن, عبد, أبو: a name (ناصر بن سلطان), not the title سلطان.
  if (i > 0 && IsCompoundNameWord(info_[i - 1].key)) return false;
  if (deputy) holder = nullptr;
  // An honorific between title and name: وزير الخارجية القطري الشيخ محمد بن عبد الرحمن.
  static const StringSet kHonorifics = {"الشيخ",  "الامير", "السيد",   "الدكتور",  "السفير",
                                        "الفريق", "اللواء", "المهندس", "المستشار", "السيده",
                                        "الرئيس", "الملك",  "السلطان"};
  if (k + 1 < tokens_.size() && kHonorifics.count(info_[k].key)) {
    Match pm = Longest(k + 1, /*titles=*/false);
    bool person = false;
    if (pm.len) {
      for (const AliasHit& h : kb_.LookupKey(pm.key))
        person |= kb_.entity(h.entity).type == EntityType::kPer;
    }
    if (person) {
      // Link the name; the honorific stays outside the mention.
      linked_titles_.emplace_back(i, k + 1);
      if (of >= 0) {
        Emit(j, j + om.len, om.form, of, kb_.entity(static_cast<uint32_t>(of)).type, 0.9f,
             MentionSource::kGazetteer, of_demonym);
      }
      *pi = k + 1;
      return true;
    }
  }
  // A name right after the title: link it (preferring the holder when the name is ambiguous).
  if (k < tokens_.size()) {
    // Written in Latin letters (الرئيس الفرنسي Emmanuel Macron): the person its English name is.
    if (tokens_[k].kind == text::TokenKind::kLatin && opt_.gazetteer) {
      int64_t latin = -1;
      const size_t end = LatinNameAt(k, &latin);
      if (latin >= 0 && kb_.entity(static_cast<uint32_t>(latin)).type == EntityType::kPer) {
        linked_titles_.emplace_back(i, j);
        if (of >= 0) {
          Emit(j, j + om.len, om.form, of, kb_.entity(static_cast<uint32_t>(of)).type, 0.9f,
               MentionSource::kGazetteer, of_demonym);
        }
        Emit(k, end, 0, latin, EntityType::kPer,
             holder && holder->index == static_cast<uint32_t>(latin) ? 0.98f : 0.85f,
             MentionSource::kGazetteer, false);
        *pi = end;
        return true;
      }
    }
    Match pm = Longest(k, /*titles=*/false);
    const AliasHit* person = nullptr;
    if (pm.len) {
      for (const AliasHit& h : kb_.LookupKey(pm.key)) {
        if (kb_.entity(h.entity).type != EntityType::kPer) continue;
        if (holder && h.entity == holder->index) {
          person = &h;
          break;
        }
        if (!person) person = &h;
      }
    }
    if (!person && titled_person >= 0 && titled_end > k) {
      Emit(k, titled_end, 0, titled_person, EntityType::kPer, 0.9f, MentionSource::kGazetteer,
           false);
      linked_titles_.emplace_back(i, j);
      *pi = titled_end;
      return true;
    }
    if (person) {
      linked_titles_.emplace_back(i, j);
      if (of >= 0) {
        Emit(j, j + om.len, om.form, of, kb_.entity(static_cast<uint32_t>(of)).type, 0.9f,
             MentionSource::kGazetteer, of_demonym);
      }
      float conf = holder && holder->index == person->entity ? 0.98f : 0.85f;
      Emit(k, k + pm.len, pm.form, person->entity, EntityType::kPer, conf,
           MentionSource::kGazetteer, false);
      *pi = k + pm.len;
      return true;
    }
    // A tagger person span right after the title, unknown to the KB: the holder when it is the
    // holder's name in a spelling the KB lacks (a word in common with the holder's names); another
    // name is another person (رئيس الوزراء اليوناني + a predecessor's name).
    // (The first such span: spans_ by start, built at the first title.)
    if (spans_by_start_.empty()) {
      spans_by_start_.reserve(spans_.size());
      for (uint32_t x = 0; x < spans_.size(); ++x) spans_by_start_.emplace_back(spans_[x].begin, x);
      std::sort(spans_by_start_.begin(), spans_by_start_.end());
    }
    for (auto x = std::lower_bound(spans_by_start_.begin(), spans_by_start_.end(),
                                   std::pair<uint32_t, uint32_t>(static_cast<uint32_t>(k), 0));
         x != spans_by_start_.end() && x->first == k; ++x) {
      const TypedSpan& s = spans_[x->second];
      if (s.type == EntityType::kPer && s.end > k && s.end <= tokens_.size()) {
        if (of >= 0) {
          Emit(j, j + om.len, om.form, of, kb_.entity(static_cast<uint32_t>(of)).type, 0.9f,
               MentionSource::kGazetteer, of_demonym);
        }
        if (holder && !SharesNameWord(*holder, s.begin, s.end)) holder = nullptr;
        // Else a person this document named in full (الرئيس الأسبق مبارك after حسني مبارك), or
        // a KB person by given and family name (وزير الخارجية السعودي عادل الجبير).
        int64_t named = NamedPerson(k, s.end);
        if (!holder && named < 0) {
          if (std::span<const AliasHit> nh = NasabHits(k, s.end); !nh.empty()) named = nh[0].entity;
        }
        if (holder) {
          Emit(k, s.end, 0, holder->index, EntityType::kPer, 0.6f, MentionSource::kTitle, false);
          for (const std::string& r : roles) doc_roles_[r] = holder->index;
        } else if (named >= 0) {
          Emit(k, s.end, 0, named, EntityType::kPer, 0.7f, MentionSource::kCoref, false);
        } else {
          Emit(k, s.end, 0, -1, EntityType::kPer, 0.5f * s.score + 0.2f, MentionSource::kTagger,
               false);
          titled_spans_.push_back(out_.size() - 1);  // its end is trimmed by ApplySpans
        }
        *pi = s.end;
        return true;
      }
    }
  }
  if (!opt_.titles || dated || deputy) return false;
  if (holder) {
    // "وزير الخارجية الأمريكي" with no name: the title itself is the mention.
    Emit(i, k, t.form, holder->index, EntityType::kPer, 0.85f, MentionSource::kTitle, false);
    title_mentions_.push_back({out_.back().byte_begin, of, j, j + om.len, om.form, of_demonym});
    for (const std::string& r : roles) doc_roles_[r] = holder->index;
    *pi = k;
    return true;
  }
  if (of >= 0) return false;  // e.g. a title of a country whose holders the KB lacks
  // الأمير alone is any prince, not the emir named earlier.
  if (!impl_.bare_titles.count(t.key)) return false;
  // A bare title ("الرئيس"): the holder named earlier in this document, else the outlet's country.
  for (const std::string& r : roles) {
    auto it = doc_roles_.find(r);
    if (it != doc_roles_.end()) {
      Emit(i, j, t.form, it->second, EntityType::kPer, 0.75f, MentionSource::kCoref, false);
      title_mentions_.push_back({out_.back().byte_begin});
      *pi = j;
      return true;
    }
  }
  for (const std::string& r : roles) {
    // An office of one country only (ولي ولي العهد) needs no country.
    const std::string_view sole = SoleOfficeOf(impl_, r);
    if (sole.empty()) continue;
    const Entity* h = kb_.ResolveRole(r, sole, opt_.date);
    if (!h && !opt_.date) {
      // Date unknown and no one holds the office now (ولي ولي العهد, abolished): its last holder.
      std::string key = r + "@" + std::string(sole);
      if (auto it = impl_.roles.find(key); it != impl_.roles.end()) {
        const std::pair<uint32_t, Role>* last = nullptr;
        for (const auto& cand : it->second)
          if (!last || cand.second.start > last->second.start) last = &cand;
        if (last) h = &kb_.entity(last->first);
      }
    }
    if (h) {
      Emit(i, j, t.form, h->index, EntityType::kPer, 0.7f, MentionSource::kTitle, false);
      title_mentions_.push_back({out_.back().byte_begin});
      doc_roles_[r] = h->index;
      *pi = j;
      return true;
    }
  }
  // The outlet's country: only for a definite title (ولي العهد; سلطان alone is a given name) of an
  // office below the head of state and government. A bare president or prime minister in the news
  // is the one the article is about, and in a kingdom's press the words are adjectives (المدن
  // الرئيسة, the main cities) or name another country's (the king is also prime minister: measured
  // on real Saudi news, every such link was wrong).
  const std::string_view last_word = std::string_view(t.key).substr(t.key.rfind(' ') + 1);
  if (!opt_.country.empty() && last_word.starts_with("ال")) {
    for (const std::string& r : roles) {
      if (r == "head_of_state" || r == "head_of_government") continue;
      if (const Entity* h = kb_.ResolveRole(r, opt_.country, opt_.date)) {
        Emit(i, j, t.form, h->index, EntityType::kPer, 0.6f, MentionSource::kTitle, false);
        title_mentions_.push_back({out_.back().byte_begin});
        doc_roles_[r] = h->index;
        *pi = j;
        return true;
      }
    }
  }
  return false;
}

bool DocLinker::TryCoref(size_t* i) {
  if (doc_surnames_.empty() || !info_[*i].word) return false;
  // A surname (with or without clitics) ends the word: most words end otherwise.
  const std::string_view key = info_[*i].key;
  if (key.size() < 6 ||
      std::find(surname_tails_.begin(), surname_tails_.end(), Tail4(key)) == surname_tails_.end()) {
    return false;
  }
  if (!doc_surnames_.count(info_[*i].key) && !MaybeCliticOf(info_[*i].key, doc_surnames_))
    return false;
  // After بن, عبد...: a father's or compound name (سلطان بن سلمان), not the person so named.
  if (*i > 0 && IsCompoundNameWord(info_[*i - 1].key)) return false;
  Segment(*i);
  const TokInfo& ti = info_[*i];
  for (int form = 0; form < 3; ++form) {
    const std::string_view k = form == 0 ? ti.key : form == 1 ? ti.alt : ti.bare;
    if (k.empty()) continue;
    auto it = doc_surnames_.find(k);
    if (it == doc_surnames_.end()) continue;
    Emit(*i, *i + 1, form, it->second, EntityType::kPer, 0.8f, MentionSource::kCoref, false);
    *i += 1;
    return true;
  }
  return false;
}

bool DocLinker::TryPattern(size_t* pi) {
  const StringSet& kHeads = OrgHeads();
  size_t i = *pi;
  if (!info_[i].word || i + 1 >= tokens_.size()) return false;
  if (!(info_[i].flags & (kHeadWord | kMaybeCliticHead))) return false;
  Segment(i);
  int form = -1;
  bool definite = false;  // الهيئة, للهيئة: "the authority", a name only with a complement
  if (info_[i].flags & kHeadWord) {
    form = 0;
  } else if (!info_[i].alt.empty() && !StartsWith(info_[i].alt, "ال") &&
             kHeads.count(info_[i].alt)) {
    form = 1;
  } else if (kHeads.count(HeadWord(i))) {
    form = info_[i].alt.empty() ? 0 : 1;
    definite = true;
  }
  if (form < 0) return false;
  size_t k = i + 1;
  if (!info_[k].word || IsStop(k)) return false;
  // شركة تويتر, حركة حماس: the head followed by a known organization is that organization.
  Match known = definite ? Match{} : Longest(k, /*titles=*/false);
  bool place = false;
  if (known.len) {
    std::span<const AliasHit> hits = kb_.LookupKey(known.key);
    AliasKind kind;
    uint32_t e = PickHit(hits, &kind);
    if (kb_.entity(e).type == EntityType::kOrg) {
      // مكتب طالبان, مكتب الأمم المتحدة: an office of the organization, not the organization.
      if (HeadWord(i) == "مكتب") return false;
      Emit(i, k + known.len, form, e, EntityType::kOrg, 0.85f, MentionSource::kGazetteer, false);
      *pi = k + known.len;
      return true;
    }
    // أمانة منطقة عسير, بلدية جدة, بنك الكويت الوطني: the head followed by a place is that
    // place's body (the KB's, when it has it, matched before this), not the place.
    if (kb_.entity(e).type == EntityType::kGpe && kind != AliasKind::kDemonym) place = true;
  }
  // أمانة is also "honesty" (أمانة الأداء): a body only before a place.
  if (!place && HeadWord(i) == "امانه") return false;
  // A name needs a definite dependent (وزارة الزراعة, حزب العمال): شركة نفط is just "an oil
  // company". Generic bodies (مجلس الإدارة, board of directors) are not names either.
  // هيئة التدريس is the teaching staff; مؤسسة الرئاسة, مؤسسة السياسة الخارجية "the presidency /
  // foreign-policy establishment": مؤسسة before an abstract noun is an institution in the
  // abstract, no body's name.
  static const StringSet kGeneric = {"الاداره", "الامناء", "العمومي",
                                     "العامه",  "المحليه", "التدريس"};
  static const StringSet kAbstract = {"السياسه", "الرياسه", "الحكم",  "الزواج",
                                      "الاسره",  "العرش",   "الدوله", "الجيش"};
  if (place) {
    k += known.len;
  } else {
    if (!StartsWith(info_[k].key, "ال") || (!definite && kGeneric.count(info_[k].key))) {
      return false;
    }
    if (HeadWord(i) == "موسسه" && kAbstract.count(info_[k].key)) return false;
    ++k;
  }
  static const StringSet kNamers = {"الملك", "الامير", "الشيخ", "الامام", "السلطان"};
  // Extend over definite words (idafa and adjectives): وزارة الزراعة المصرية, حزب الوفد الجديد;
  // after الملك / الأمير also over the name (مستشفى الملك فهد).
  // A rank or title after the name opens a person's (هيئة الأركان المشتركة | الجنرال ...).
  // (Match keys: الرئيس is الرييس, as the heads' ئ.)
  static const StringSet kRanks = MatchKeySet(
      {"الجنرال", "الدكتور", "اللواء", "العميد", "العقيد", "الفريق", "المهندس", "السفير", "الوزير",
       "الأستاذ", "الرئيس", "السيد", "المستشار", "التابعة", "التابع", "الأمين", "المدير"});
  while (k < tokens_.size() && k - i < 6 && info_[k].word && !IsStop(k)) {
    bool after_namer = kNamers.count(info_[k - 1].key) > 0;
    if (!StartsWith(info_[k].key, "ال") && !after_namer) break;
    if (!after_namer && kRanks.count(info_[k].key)) break;
    ++k;
  }
  const size_t end = OrgTail(i, k, /*conjunct=*/!definite);
  // The definite head needs the complement: الهيئة العامة للإحصاء, not الهيئة العامة.
  if (definite && end == k) return false;
  k = end;
  Emit(i, k, form, -1, EntityType::kOrg, 0.5f, MentionSource::kPattern, false);
  *pi = k;
  return true;
}

bool DocLinker::TryNamedAfter(size_t* pi) {
  const size_t i = *pi;
  // The caller has seen a namer at i + 1 (kNamedAfterCue).
  if (i + 3 >= tokens_.size() || !info_[i].word || !info_[i + 1].word) return false;
  // Institutions (an organization) and facilities and roads (a place). مستشفى and جامعة are
  // organization heads (TryPattern); كأس and جائزة name events and prizes (TryTitle).
  static const StringSet kInstitutions = MatchKeySet(
      {"مركز", "مجمع", "مدينة", "كلية", "معهد", "مكتبة", "مدرسة", "دارة", "كرسي", "برنامج"});
  static const StringSet kFacilities =
      MatchKeySet({"مطار", "ميناء", "جسر", "طريق", "شارع", "ملعب", "استاد", "حي", "قاعدة", "معسكر",
                   "جامع", "مسجد"});
  const std::string_view key = info_[i].key;
  int form = -1;
  std::string_view head;
  if (kInstitutions.count(key) || kFacilities.count(key)) {
    form = 0;
    head = key;
  } else if (info_[i].key.size() > 4 && !StartsWith(key, "ال")) {
    Segment(i);
    if (!info_[i].alt.empty() && !StartsWith(info_[i].alt, "ال") &&
        (kInstitutions.count(info_[i].alt) || kFacilities.count(info_[i].alt))) {
      form = 1;
      head = info_[i].alt;
    }
  }
  if (form < 0) return false;
  // The name: a given name, its compound links (بن, عبد, آل) with the next word, or a KB person's
  // name that starts with the namer (الأمير سلطان بن عبدالعزيز).
  size_t k = i + 2;
  if (!info_[k].word || IsStop(k) || StartsWith(info_[k].key, "ال")) return false;
  ++k;
  // ... and the father's name written without بن (الأمير سلطان عبدالعزيز) when the KB knows it as
  // a name's first word (a verb after the name, مستشفى الملك فهد يستقبل, is none).
  for (size_t words = 1; k + 1 < tokens_.size() && words < 4; ++words) {
    if (info_[k].word && info_[k + 1].word && IsCompoundNameWord(info_[k].key)) {
      k += 2;
    } else if (info_[k].word && !IsStop(k) && !StartsWith(info_[k].key, "ال") &&
               (info_[k].flags & kAliasPrefix)) {
      ++k;
    } else {
      break;
    }
  }
  if (const Match person = Longest(i + 1, /*titles=*/false); i + 1 + person.len > k) {
    bool is_person = false;
    for (const AliasHit& h : kb_.LookupKey(person.key))
      is_person |= kb_.entity(h.entity).type == EntityType::kPer;
    if (is_person) k = i + 1 + person.len;
  }
  // Its adjectives (الثقافي, التخصصي, الدولية), not any definite word (الأسبوع الماضي), and a
  // complement with لل (للعلوم والتقنية, not لتلقي العلاج) with its adjectives and one conjunct.
  auto adjectives = [&](size_t t) {
    while (t < tokens_.size() && t - i < 10 && info_[t].word && !IsStop(t) &&
           StartsWith(info_[t].key, "ال") && info_[t].key.size() >= 8 &&
           (info_[t].key.ends_with("ي") || info_[t].key.ends_with("يه"))) {
      ++t;
    }
    return t;
  };
  k = adjectives(k);
  bool economic = false;  // مدينة الملك عبدالله الاقتصادية is a city
  for (size_t t = i + 3; t < k; ++t) economic |= info_[t].key == "الاقتصاديه";
  if (k < tokens_.size() && info_[k].word && !IsStop(k) && StartsWith(info_[k].key, "لل") &&
      info_[k].key.size() >= 10 && Longest(k, /*titles=*/false).len == 0) {
    k = adjectives(k + 1);
    if (k + 1 < tokens_.size() && info_[k].word && StartsWith(info_[k].key, "وال") &&
        info_[k].key.size() >= 10 && !IsStop(k) && Longest(k, /*titles=*/false).len == 0) {
      k = adjectives(k + 1);
    }
  }
  const bool place = kFacilities.count(head) > 0 || (head == "مدينه" && economic);
  Emit(i, k, form, -1, place ? EntityType::kLoc : EntityType::kOrg, 0.5f, MentionSource::kPattern,
       false);
  *pi = k;
  return true;
}

bool DocLinker::MonthInDate(const TypedSpan& s, std::string_view first) {
  if (s.end - s.begin > 2) return false;
  // The word before or after, over one bracket, slash or dash: a number (a day or a year) or
  // another month's name (أبريل (نيسان), آب/ أغسطس). The context first: it is cheap.
  auto bracket = [&](size_t t) {
    const std::string_view w = tokens_[t].surface;
    return tokens_[t].kind == text::TokenKind::kPunctuation &&
           (w == "(" || w == ")" || w == "/" || w == "-" || w == "–");
  };
  size_t before = tokens_.size(), after = tokens_.size();  // the neighbouring words
  bool bracketed = false;
  if (s.begin > 0) {
    before = s.begin - 1;
    if (bracket(before) && before > 0) {
      bracketed = true;
      --before;
    }
  }
  if (s.end < tokens_.size()) {
    after = s.end;
    if (bracket(after) && after + 1 < tokens_.size()) {
      bracketed = true;
      ++after;
    }
  }
  auto number = [&](size_t t) {
    return t < tokens_.size() && tokens_[t].kind == text::TokenKind::kNumber;
  };
  const bool numbered = number(before) || number(after);
  if (!numbered && !bracketed) return false;
  std::string_view keys[2] = {first, s.end - s.begin == 2 ? info_[s.begin + 1].key : ""};
  if (!IsMonthName(std::span(keys, s.end - s.begin))) return false;
  if (numbered) return true;
  auto month = [&](size_t t) {
    if (t >= tokens_.size() || !info_[t].word) return false;
    const std::string_view key = info_[t].key;
    return IsMonthName(std::span(&key, 1));
  };
  return month(before) || month(after);
}

bool DocLinker::TryGeneralDirectorate(size_t* pi) {
  const size_t i = *pi;
  // The caller has seen العامة at i + 1 (kNamedAfterCue).
  if (i + 3 >= tokens_.size() || !info_[i].word) return false;
  const std::string_view key = info_[i].key;
  if (!StartsWith(key, "ال") && !StartsWith(key, "لل") && key.find("ال") > 4) return false;
  const std::string_view head = HeadWord(i);
  if (head != "اداره" && head != "مديريه") return false;
  // The complement: لل + noun (للدفاع المدني), or ل + a noun with its definite dependent (لحرس
  // الحدود, لمكافحة المخدرات); not a KB name (its own body).
  size_t k = i + 2;
  const std::string_view c = info_[k].key;
  if (!info_[k].word || IsStop(k) || !StartsWith(c, "ل") || c.size() < 8) return false;
  if (Longest(k, /*titles=*/false).len != 0) return false;
  const bool definite = StartsWith(c, "لل");
  ++k;
  if (!definite) {
    if (!info_[k].word || IsStop(k) || !StartsWith(info_[k].key, "ال")) return false;
    ++k;
  }
  // Its adjectives (المدني, الصحية); a definite noun of an idafa after لل (للشؤون الصحية).
  while (k < tokens_.size() && k - i < 8 && info_[k].word && !IsStop(k) &&
         StartsWith(info_[k].key, "ال") &&
         (info_[k].key.ends_with("ي") || info_[k].key.ends_with("يه"))) {
    ++k;
  }
  int form = 0;
  if (!StartsWith(key, "ال") && !StartsWith(key, "لل")) {
    Segment(i);
    if (info_[i].alt.empty() || !StartsWith(info_[i].alt, "ال")) return false;
    form = 1;  // بالإدارة: the name starts after ب
  }
  Emit(i, k, form, -1, EntityType::kOrg, 0.5f, MentionSource::kPattern, false);
  *pi = k;
  return true;
}

bool DocLinker::TryShareList(size_t* pi) {
  static const StringSet kShares = {"سهم", "اسهم", "سهمي"};
  static const StringSet kCompanyWords = {"شركه", "شركات", "شركتي", "بنك", "مصرف", "بنوك"};
  const size_t i = *pi;
  const std::string_view key = info_[i].key;
  // Every share word has سهم at byte 0 or 2 (اسهم), 2 or 4 after a proclitic: most tokens (this
  // runs for each) are ruled out by a compare or three instead of hashing the key.
  constexpr std::string_view kSahm = "سهم";
  auto sahm_at = [&](size_t b) {
    // Six bytes compared inline (a call to compare them cost more than the hash it saves).
    return key.size() >= b + kSahm.size() && std::memcmp(key.data() + b, kSahm.data(), 6) == 0;
  };
  static_assert(kSahm.size() == 6);
  if (!sahm_at(0) && !sahm_at(2) && !sahm_at(4)) return false;
  // The word as written or after one proclitic (وأسهم, لسهم, بأسهم).
  if (!kShares.count(key) &&
      !(key.size() > 2 &&
        std::string_view("وبلف").find(key.substr(0, 2)) != std::string_view::npos &&
        kShares.count(key.substr(2)))) {
    return false;
  }
  size_t k = i + 1;
  // سهم شركة موبايلي: the company word stays when the KB name has it.
  if (k < tokens_.size() && kCompanyWords.count(info_[k].key) &&
      Longest(k, /*titles=*/false).len == 0) {
    ++k;
  }
  // Items are joined by و; an item the KB lacks (والخدمات الأرضية, وملاذ للتأمين) is skipped,
  // up to three words, and the list ends at the first word that neither names a company nor
  // starts or continues an item.
  size_t end = 0, unknown_words = 0;
  bool first_item = true;
  for (size_t steps = 0; k < tokens_.size() && steps < 40; ++steps) {
    if (!info_[k].word || IsStop(k)) break;
    const Match m = Longest(k, /*titles=*/false);
    if (m.len) {
      AliasKind kind;
      const uint32_t e = PickHit(kb_.LookupKey(m.key), &kind);
      const Entity& ent = kb_.entity(e);
      if (ent.type == EntityType::kOrg && (ent.subtype == "company" || ent.subtype == "bank")) {
        Emit(k, k + m.len, m.form, e, EntityType::kOrg, 0.8f, MentionSource::kGazetteer, false);
        k += m.len;
        end = k;
        first_item = false;
        unknown_words = 0;
        continue;
      }
    }
    if (first_item || (StartsWith(info_[k].key, "و") && info_[k].key.size() >= 6)) {
      first_item = false;
      unknown_words = 1;
    } else if (unknown_words > 0 && unknown_words < 3) {
      ++unknown_words;
    } else {
      break;
    }
    ++k;
  }
  if (end == 0) return false;
  *pi = end;
  return true;
}

bool DocLinker::PlaceContext(const TypedSpan& s, std::span<const TypedSpan> spans, size_t skip) {
  if (skip > 0 || s.begin == 0 || !info_[s.begin - 1].word) return true;
  static const StringSet kBefore = {
      "في",    "الي",   "من",   "عن",   "مع",    "بين",   "حكومه", "شعب",  "دوله",  "جمهوريه",
      "وسط",   "شمال",  "جنوب", "شرق",  "غرب",   "رييس",  "عاصمه", "سفير", "سفاره", "جيش",
      "شمالي", "جنوبي", "حدود", "داخل", "منطقه", "مناطق", "مدينه", "بلده", "قضاء",  "محافظه"};
  if (kBefore.count(info_[s.begin - 1].key)) return true;
  // Another span of the type with the same words: looked up by its first word (AnyNear) and the
  // spans that start there (`spans` by start, built at the first ask).
  if (span_starts_.empty()) {
    span_starts_.reserve(spans.size());
    for (uint32_t x = 0; x < spans.size(); ++x) span_starts_.emplace_back(spans[x].begin, x);
    std::sort(span_starts_.begin(), span_starts_.end());
  }
  return AnyNear(info_[s.begin].key, s.begin, false, [&](size_t w) {
    if (w == s.begin) return false;
    auto x = std::lower_bound(span_starts_.begin(), span_starts_.end(),
                              std::pair<uint32_t, uint32_t>(static_cast<uint32_t>(w), 0));
    for (; x != span_starts_.end() && x->first == w; ++x) {
      const TypedSpan& o = spans[x->second];
      if (o.type != s.type || o.end - o.begin != s.end - s.begin) continue;
      bool same = true;
      for (uint32_t k = 0; same && k < s.end - s.begin; ++k)
        same = info_[o.begin + k].key == info_[s.begin + k].key;
      if (same) return true;
    }
    return false;
  });
}

void DocLinker::NisbaGivenNames() {
  // Kept as mentions change (no scan of every mention per demonym): the mentions ending at each
  // token (NisbaOpensName), the one-word NIL persons by name, the mentions merged away.
  mention_ends_.assign(info_.size() + 1, 0);
  for (const LinkedMention& o : out_)
    if (o.end < mention_ends_.size()) ++mention_ends_[o.end];
  auto one_word_nil_person = [](const LinkedMention& o) {
    return o.type == EntityType::kPer && o.IsNil() && o.end == o.begin + 1;
  };
  std::unordered_map<std::string, size_t> nil_persons;
  for (const LinkedMention& o : out_)
    if (one_word_nil_person(o)) ++nil_persons[o.name];
  auto count = [&](const LinkedMention& o, int d) {
    if (o.end < mention_ends_.size()) mention_ends_[o.end] += d;
    if (one_word_nil_person(o)) nil_persons[o.name] += d;
  };
  std::vector<uint8_t> merged(out_.size(), 0);
  auto next_of = [&](size_t j) {
    while (++j < out_.size() && merged[j]) {
    }
    return j;
  };
  for (size_t j = 0; j < out_.size(); ++j) {
    if (merged[j]) continue;
    LinkedMention& m = out_[j];
    if (!m.demonym || m.end != m.begin + 1 || m.end >= info_.size() || !info_[m.end].word ||
        !NisbaOpensName(m, /*after_word=*/true)) {
      continue;
    }
    const size_t t = m.end;
    // The next mention, when it starts at t: a NIL person is merged into m (not after a common
    // noun: مواطن سعودي محمد العتيبي).
    const size_t next = next_of(j);
    const bool next_person = next < out_.size() && out_[next].begin == t &&
                             out_[next].type == EntityType::kPer && out_[next].IsNil();
    if (next_person && !NisbaOpensName(m, /*after_word=*/false)) continue;
    if (!next_person) {
      if (next < out_.size() && out_[next].begin == t) continue;  // t is another mention's
      const std::string key = KnowledgeBase::MatchKeyOf(tokens_[t].surface);
      const auto named = nil_persons.find(key);
      if (named == nil_persons.end() || named->second == 0) continue;
    }
    const size_t end = next_person ? out_[next].end : t + 1;
    count(m, -1);
    m.end = static_cast<uint32_t>(end);
    m.byte_end = tokens_[end - 1].byte_end;
    m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
    ClearEntity(&m);
    m.type = EntityType::kPer;
    m.demonym = false;
    m.source = MentionSource::kTagger;
    m.name = KnowledgeBase::MatchKeyOf(m.text);
    count(m, +1);
    if (next_person) {
      count(out_[next], -1);
      merged[next] = 1;
    }
  }
  mention_ends_.clear();
  if (std::find(merged.begin(), merged.end(), 1) == merged.end()) return;
  DropMentions(merged);
}

bool DocLinker::NisbaOpensName(const LinkedMention& m, bool after_word) const {
  if (m.begin >= info_.size() || m.byte_begin != tokens_[m.begin].byte_begin) return false;
  // Not definite, with or without proclitics (الفرنسي, للفرنسي, والفرنسي).
  const std::string_view key = info_[m.begin].key;
  if (StartsWith(key, "ال") || StartsWith(key, "لل") || key.substr(2).starts_with("ال")) {
    return false;
  }
  if (after_word || m.begin == 0 || !info_[m.begin - 1].word) return true;
  if (!mention_ends_.empty()) return m.begin < mention_ends_.size() && mention_ends_[m.begin] > 0;
  for (const LinkedMention& o : out_)
    if (o.end == m.begin) return true;
  return false;
}

bool DocLinker::AfterQuantity(size_t t) const {
  if (t == 0) return false;
  size_t p = t - 1;
  if (tokens_[p].surface == ")" && p > 0) --p;
  // A number token, or a word ending in digits (بـ1000).
  if (tokens_[p].kind == text::TokenKind::kNumber) return true;
  const std::string_view w = tokens_[p].surface;
  size_t pos = w.size();
  while (pos > 0 && (static_cast<unsigned char>(w[pos - 1]) & 0xC0) == 0x80) --pos;
  size_t at = pos;
  const char32_t last = pos < w.size() ? utf8::Next(w, &at) : 0;
  if ((last >= U'0' && last <= U'9') || (last >= 0x0660 && last <= 0x0669)) return true;
  static const StringSet kNumberWords = {"الف",     "الفا",   "الاف",    "الفي",    "مليون",
                                         "مليونا",  "ملايين", "مليوني",  "مليار",   "مليارا",
                                         "مليارات", "ملياري", "المليون", "المليار", "الالاف"};
  return kNumberWords.count(info_[p].key) > 0;
}

std::string_view DocLinker::HeadWord(size_t t) {
  // From the match key where it can (the analyzer's segments are normalized further: ئ -> ي).
  const std::string_view key = info_[t].key;
  if (StartsWith(key, "ال") || StartsWith(key, "لل")) return key.substr(4);  // للهيئة = ل + الهيئة
  if (info_[t].flags & kHeadWord) return key;
  Segment(t);
  const TokInfo& ti = info_[t];
  std::string_view w = !ti.bare.empty() ? std::string_view(ti.bare) : std::string_view(ti.alt);
  if (StartsWith(w, "ال")) w.remove_prefix(4);
  return w;
}

size_t DocLinker::OrgTail(size_t head, size_t end, bool conjunct) {
  // Bodies whose names join two portfolios (وزارة التجارة والصناعة, هيئة التحقيق والادعاء العام);
  // a council or a front followed by و + noun is more often two things (مجلس النواب والمجلس).
  static const StringSet kJoined = {"وزاره", "هييه",  "جمعيه", "لجنه", "مستشفي",
                                    "جامعه", "وكاله", "موسسه", "مكتب", "معهد"};
  static const StringSet kAdjectives = {"العامه", "العام", "العليا", "الاعلي", "الدائمه"};
  auto definite_words = [&](size_t k, bool adjectives_only) {
    while (k < tokens_.size() && k - head < 8 && info_[k].word && !IsStop(k) &&
           StartsWith(info_[k].key, "ال") &&
           (!adjectives_only || info_[k].key.ends_with("ي") || info_[k].key.ends_with("ه"))) {
      ++k;
    }
    return k;
  };
  // Nouns for bodies in general, singular or plural: "the ministry and the bodies concerned"
  // (وزارة التجارة والجهات ذات العلاقة) names two things, not a portfolio.
  static const StringSet kBodies = {"جهه", "جهات", "هييات", "موسسات", "شركات", "وزارات", "ادارات",
                                    "اجهزه", "دواير", "منظمات", "جمعيات", "لجان", "مجالس", "قطاعات",
                                    "مراكز", "مصالح", "دوله", "دول", "حكومه", "حكومات", "سلطات",
                                    "اطراف", "مسوولين", "عاملين", "منسوبين", "باحثين", "موظفين",
                                    "مختصين", "معنيين", "شركاء",
                                    // institutions: a second one (المعهد ... للسيارات | والمكتبة)
                                    "مكتبه", "مدرسه", "كليه", "مركز", "مكتب", "متحف", "مطار"};
  // و + a definite noun that is no head (والمجلس), no function word (والتي), no generic body
  // (والجهات) and starts no KB name (والرئاسة العامة لرعاية الشباب is its own body).
  auto conjunct_at = [&](size_t k) {
    if (k >= tokens_.size() || !info_[k].word || IsStop(k)) return false;
    const std::string_view w = info_[k].key;
    if (!StartsWith(w, "وال") || w.size() < 10) return false;
    const std::string_view noun = w.substr(6);
    return !OrgHeads().count(noun) && !kBodies.count(noun) &&
           !text::Analyzer::Default().IsStopword(w.substr(2)) &&
           Longest(k, /*titles=*/false).len == 0;
  };
  if (end >= tokens_.size() || end - head < 2 || !info_[end].word || IsStop(end)) return end;
  const std::string_view bare = HeadWord(head);
  const std::string_view prev = info_[end - 1].key, next = info_[end].key;
  // A nationality closes a name (وكالة النقل الماليزية | والخطوط الجوية الماليزية).
  bool demonym = false;
  for (const AliasHit& hit : kb_.LookupKey(prev)) demonym |= hit.kind == AliasKind::kDemonym;
  if (conjunct && kJoined.count(bare) && StartsWith(prev, "ال") && !demonym && conjunct_at(end)) {
    return definite_words(end + 1, false);  // والإعلام, والادعاء العام
  }
  // Masculine heads take the complement after a masculine nisba (الاتحاد السعودي للمبارزة, المعهد
  // العالي السعودي الياباني للسيارات, الصندوق السعودي للتنمية).
  static const StringSet kMasculine = {"اتحاد", "مجلس", "صندوق", "معهد", "مجمع", "بنك", "مصرف"};
  const bool masculine = kMasculine.count(bare) > 0;
  const bool after_adjective =
      (kJoined.count(bare) || bare == "شركه" || masculine) &&
      (kAdjectives.count(prev) ||
       (StartsWith(prev, "ال") &&
        (prev.ends_with("يه") || (masculine && prev.size() >= 8 && prev.ends_with("ي")))));
  // ل + a noun and its definite dependent (الهيئة الوطنية لمكافحة الفساد, اللجنة العليا لتنظيم
  // المهرجان); not ل + a verb (ليتم, ليكون), a KB name or title (لخادم الحرمين الشريفين), nor a
  // noun whose dependent is a KB name (لمنتخب المكسيك: the place stays a mention).
  if (after_adjective && StartsWith(next, "ل") && !StartsWith(next, "لل") &&
      !StartsWith(next, "لي") && next.size() >= 8 && end + 1 < tokens_.size() &&
      info_[end + 1].word && !IsStop(end + 1) && StartsWith(info_[end + 1].key, "ال") &&
      Longest(end, /*titles=*/false).len == 0 && Longest(end, /*titles=*/true).len == 0 &&
      Longest(end + 1, /*titles=*/false).len == 0) {
    // Its adjectives, up to a nationality (لمكافحة المنشطات | الإيطالية: the country's).
    size_t k = end + 2;
    while (definite_words(k, true) > k) {
      bool demonym_at = false;
      for (const AliasHit& hit : kb_.LookupKey(info_[k].key))
        demonym_at |= hit.kind == AliasKind::kDemonym;
      if (demonym_at) break;
      ++k;
    }
    if (conjunct_at(k)) k = definite_words(k + 1, true);
    return k;
  }
  if (after_adjective && StartsWith(next, "لل") && next.size() >= 10 &&
      Longest(end, /*titles=*/false).len == 0) {
    // للإحصاء after العامة, للكهرباء after السعودية (not a KB name: اللجنة التنفيذية |
    // للاتحاد الأفريقي لكرة القدم); then its adjectives (للتأمينات الاجتماعية, not للأغذية |
    // الوكيل) and one conjunct (للسياحة والتراث الوطني).
    size_t k = definite_words(end + 1, true);
    if (conjunct_at(k)) k = definite_words(k + 1, true);
    return k;
  }
  return end;
}

bool DocLinker::NotAPersonWord(size_t t, std::string_view name) {
  if (IsTitleKey(impl_, name)) return true;
  // An honorific with its pronoun (معاليه "His Excellency", سموه) or an office noun without a
  // name (وكيل, مدير): no given name is spelt so.
  static const StringSet kOfficeWords =
      MatchKeySet({"معاليه", "سموه", "فضيلته", "سماحته", "سعادته", "جلالته", "فخامته", "وكيل",
                   "مدير", "وزير", "رئيس", "نائب", "مستشار", "محافظ"});
  if (kOfficeWords.count(name)) return true;
  if (!StartsWith(name, "ال") || name.ends_with("ي") ||
      (info_[t].flags & (kAliasKey | kAliasPrefix)))
    return false;
  // A surname the document writes in a fuller name (عماد اليوسف ... اليوسف) is one.
  auto in_name = [&](size_t w) {  // cheap: asked before the key where words are scanned
    return w != t && ((w < name_long_cover_.size() && name_long_cover_[w] > 0) ||
                      (w < mention_cover_.size() && mention_cover_[w] > 0));
  };
  return !AnyNear(name, t, false, in_name, in_name);
}

std::string DocLinker::NilName(std::string_view first, size_t b, size_t e) const {
  std::string name(first);
  for (size_t t = b + 1; t < e; ++t) {
    name.push_back(' ');
    name += info_[t].key;
  }
  return name;
}

size_t DocLinker::NameStart(size_t t, std::string* first) {
  first->assign(info_[t].key);
  // A word the KB knows as written (فيصل, a prefix of فان جال) keeps its letters.
  if (info_[t].flags & (kAliasKey | kAliasPrefix)) return 0;
  Segment(t);
  const TokInfo& ti = info_[t];
  if (ti.alt.empty()) return 0;
  // The analyzer's segmentation alone is not enough: foreign names start with letters that look
  // like proclitics (بلاتر, ويليامز, فالنسيا). What remains must be known as a name: a KB word,
  // or a word the document writes inside another name (ديديه ياكونان ... وياكونان).
  // لل = ل + ال: the surface has no ال to start at (a word whose only proclitic is ال has alt ==
  // key and nothing to strip either).
  const bool lil = ti.skip_bytes == 0;
  if (ti.alt == ti.key) return 0;
  for (int form = 1; form <= 2; ++form) {
    const std::string_view f = form == 1 ? ti.alt : ti.bare;
    if (f.empty() || (form == 1 ? ti.alt_stop : ti.bare_stop)) continue;
    // ك ("like") before a bare name is rare, a foreign name starting with ك frequent (كاسياس is
    // no ك + أسياس): only the document's own words vouch for it.
    // The same for ف ("so"): فريال is a name, not ف + ريال (a word of ريال مدريد).
    const bool kaf = ti.key.size() == ti.alt.size() + 2 &&
                     (ti.key.compare(0, 2, "ك") == 0 || ti.key.compare(0, 2, "ف") == 0);
    bool known =
        !kaf &&
        (((form == 1 ? ti.alt_flags : ti.bare_flags) & (kAliasKey | kAliasPrefix)) ||
         impl_.first_tokens.count(f) || (opt_.is_name_word != nullptr && opt_.is_name_word(f)));
    // A word of another name of the document (of a tagger span or a KB mention).
    auto in_name = [&](size_t w) {  // cheap: asked before the key where words are scanned
      return (w != t && w < name_cover_.size() && name_cover_[w] > 0) ||
             (w < mention_cover_.size() && mention_cover_[w] > 0);
    };
    known = known || AnyNear(f, t, false, in_name, in_name);
    if (!known) continue;
    first->assign(ti.alt);  // the name keeps its article: والنصر -> النصر
    return lil ? 0 : ti.skip_bytes;
  }
  // لل + a word of 3 letters or more: ل + ال, never the first letters of a name in practice.
  if (lil && ti.alt.size() >= 10) {
    first->assign(ti.alt);
    return 0;
  }
  return 0;
}

void DocLinker::ApplySpans() {
  if (spans_.empty()) return;
  const size_t n_tokens = tokens_.size();
  std::vector<int> covered(n_tokens, -1);
  // Per token: how many KB mentions hold it (kept as the titled spans below lose words), how many
  // tagger spans, and how many tagger spans of two words or more.
  std::vector<uint16_t>& in_mentions = mention_cover_;
  std::vector<uint16_t> in_spans(n_tokens, 0), in_long_spans(n_tokens, 0);
  in_mentions.assign(n_tokens, 0);
  auto bump = [](uint16_t& c) { c += c < UINT16_MAX; };
  // A mention of out_ now spans words [b, e).
  mention_ends_.assign(n_tokens + 1, 0);
  for (const LinkedMention& m : out_)
    if (m.end <= n_tokens) ++mention_ends_[m.end];
  auto reshape = [&](LinkedMention& m, uint32_t b, uint32_t e) {
    for (uint32_t t = m.begin; t < m.end && t < n_tokens; ++t) --in_mentions[t];
    if (m.end <= n_tokens) --mention_ends_[m.end];
    m.begin = b;
    m.end = e;
    for (uint32_t t = m.begin; t < m.end && t < n_tokens; ++t) bump(in_mentions[t]);
    if (m.end <= n_tokens) ++mention_ends_[m.end];
  };
  // name_spans_ = `spans` and its per-token counts.
  auto set_name_spans = [&](std::span<const TypedSpan> spans) {
    name_spans_ = spans;
    name_cover_.assign(spans.empty() ? 0 : n_tokens, 0);
    name_long_cover_.assign(spans.empty() ? 0 : n_tokens, 0);
    span_starts_.clear();
    for (const TypedSpan& o : spans) {
      for (uint32_t w = o.begin; w < o.end && w < n_tokens; ++w) {
        bump(name_cover_[w]);
        if (o.end - o.begin >= 2) bump(name_long_cover_[w]);
      }
    }
  };
  for (size_t m = 0; m < out_.size(); ++m) {
    for (uint32_t t = out_[m].begin; t < out_[m].end && t < covered.size(); ++t) {
      covered[t] = static_cast<int>(m);
      bump(in_mentions[t]);
    }
  }
  for (const TypedSpan& o : spans_) {
    for (uint32_t w = o.begin; w < o.end && w < n_tokens; ++w) {
      bump(in_spans[w]);
      if (o.end - o.begin > 1) bump(in_long_spans[w]);
    }
  }
  // The rules below that look for a word's other forms in the document ask for each form as
  // written (AnyNear): the words within kEvidenceWindow tokens of it that have the form (every
  // word of an article; a bounded share of a giant paragraph, which keeps their cost linear in
  // its size).
  // Whether word `w` is in a tagger span that does not hold word `t`. The spans holding `w` start
  // at most max_span_len words before it (spans sorted by their start, built at the first need).
  std::vector<uint32_t> span_order;
  size_t max_span_len = 0;
  auto in_span_without = [&](size_t w, size_t t) {
    if (in_spans[w] == 0) return false;
    if (span_order.empty()) {
      span_order.resize(spans_.size());
      for (uint32_t x = 0; x < spans_.size(); ++x) {
        span_order[x] = x;
        if (spans_[x].end > spans_[x].begin)
          max_span_len = std::max<size_t>(max_span_len, spans_[x].end - spans_[x].begin);
      }
      std::stable_sort(span_order.begin(), span_order.end(),
                       [&](uint32_t a, uint32_t b) { return spans_[a].begin < spans_[b].begin; });
    }
    const size_t from = w >= max_span_len ? w - max_span_len : 0;
    auto x = std::lower_bound(span_order.begin(), span_order.end(), from,
                              [&](uint32_t i, size_t v) { return spans_[i].begin < v; });
    for (; x != span_order.end() && spans_[*x].begin <= w; ++x) {
      const TypedSpan& o = spans_[*x];
      if (w < o.end && !(o.begin <= t && t < o.end)) return true;
    }
    return false;
  };
  // The tagger's spans without punctuation at their edges (/ تركي السديري) and without function
  // words at their end (كيري كيف, حمد الحمد معه): a name ends with a name word. Kept: a function
  // word the KB knows as a name word (خالد علي: على and علي share a key), and words of two letters,
  // which are also syllables of foreign names (جاك لو, بي كي كي).
  auto function_word = [&](size_t t) {
    return info_[t].key.size() >= 6 && IsStop(t) &&
           !(info_[t].flags & (kAliasKey | kAliasPrefix)) &&
           !impl_.first_tokens.count(info_[t].key);
  };
  // Whether word `t` at an edge of a person span (its end, or its start when `start`) is no
  // word of the name: a verb, an adverb or a proclitic after or before it (دونيس | سعى, تشو |
  // تُشير, يزيد عبد الله | موضحا, عمر الجاسر | كـ, بندر بن محمد | وليس, البشير | غادر). Never a word
  // known as a name: a KB alias word, a word of the names lexicon (opt_.is_name_word, also
  // without proclitics), or a word of another name of the document. The evidence, by shape:
  //  - a proclitic written apart with tatweel (كـ, لـ);
  //  - a function word of 3 letters or more after و or ف (وليس, فقد);
  //  - a present-tense prefix (ي ت ن أ) with its vowel written (تُشير, يَقول);
  //  - a word of 3 letters ending in ى (سعى, نفى, رأى): a past verb (names such as منى, هدى are
  //    in the lexicon);
  //  - (end only) an active participle as an adverb, م + 3 letters + ا or م + C + ت + 2 letters
  //    + ا (موضحا, مؤكدا, مضيفا, معتبرا), or the first form's فاعلا (قائلا), which names do not
  //    take;
  //  - (start only) و + a past verb of three sound letters (وكشف, وأكد);
  //  - (end only) a word without ال that the document writes elsewhere, outside every span and
  //    mention, in a common word's forms: with the article (حارس: الحارس, والحارس; not a nisba,
  //    which surnames write both ways), as a past verb's feminine or present (غادر: غادرت,
  //    يغادر), as a present verb's other person, past, plural or dual (يغادر: تغادر, غادر,
  //    يغادرون; تأتي: يأتون). The word alone
  //    elsewhere is no evidence: surnames the tagger tags once are repeated untagged.
  // Cost: byte tests of one word per edge; the lexicon and the document's other forms of the word
  // (AnyNear, AnyFormNear: a scan of an article, lookups in a longer document) only when a shape
  // matches and the word is no name word (a few per document).
  std::vector<int8_t> in_name;  // per token: inside a tagger span or a KB mention (built once)
  auto no_name_end = [&](size_t t, bool start) {
    if (!info_[t].word || tokens_[t].kind != text::TokenKind::kWord) return false;
    // A KB name word but for a hamza the name does not write (عبد الناصر | ترأس: تراس is Truss's).
    if ((info_[t].flags & kAliasKey) && HamzaNotInAlias(t, info_[t].key, 0)) return true;
    const std::string_view surface = tokens_[t].surface;
    const std::string_view key = info_[t].key;
    // The letters of the surface without diacritics (tatweel apart): their count, the first
    // three and the last.
    size_t count = 0;
    char32_t letters[5] = {0, 0, 0, 0, 0}, last = 0;
    bool tatweel = false, prefix_vowel = false;
    for (size_t pos = 0; pos < surface.size();) {
      const char32_t c = utf8::Next(surface, &pos);
      if (c == 0x0640) {
        tatweel = true;
      } else if ((c >= 0x064B && c <= 0x065F) || c == 0x0670) {
        if (count == 1 && (c == 0x064E || c == 0x064F)) prefix_vowel = true;
      } else {
        if (count < 5) letters[count] = c;
        last = c;
        ++count;
      }
    }
    enum {
      kNone,
      kProclitic,
      kFunction,
      kPresent,
      kPast,
      kParticiple,
      kElsewhere,
      kDefinite
    } shape = kNone;
    const char32_t first = letters[0];
    if (tatweel && count == 1 &&
        (first == U'ك' || first == U'ل' || first == U'ب' || first == U'و' || first == U'ف')) {
      shape = kProclitic;
    } else if (count >= 4 && (first == U'و' || first == U'ف')) {
      Segment(t);
      const TokInfo& ti = info_[t];
      if (ti.alt_stop && ti.alt.size() >= 6 && ti.skip_bytes > 0 &&
          ti.key.size() == ti.alt.size() + 2) {
        shape = kFunction;
      }
    }
    if (shape == kNone && prefix_vowel && count >= 4 &&
        (first == U'ي' || first == U'ت' || first == U'ن' || first == U'أ')) {
      shape = kPresent;
    }
    if (shape == kNone && count == 3 && last == U'ى') shape = kPast;
    if (shape == kNone && !start && first == U'م' && last == U'ا' && letters[1] != U'ا' &&
        letters[1] != U'ي' && (count == 5 || (count == 6 && letters[2] == U'ت'))) {
      shape = kParticiple;
    }
    // A weak letter, hamza or ة: no root consonant of a sound verb.
    auto sound = [](char32_t c) {
      return c >= U'ب' && c <= U'ي' && c != U'ة' && c != U'ى' && c != U'و' && c != U'ي' &&
             c != U'ئ' && c != U'ؤ' && c != U'إ' && c != U'أ' && c != U'آ' && c != U'ا' &&
             c != 0x0640;
    };
    // (end only) The first form's active participle as an adverb, فاعلا with its tanween
    // unwritten (قائلا, مضيفا is above): C ا C C ا, the second root letter a consonant or the
    // hollow verb's ئ (قائلا, سائلا), the third a consonant. Foreign names of that shape (كارلا,
    // باولا) are in the names lexicon, whose words are never cut (below).
    if (shape == kNone && !start && count == 5 && letters[1] == U'ا' && last == U'ا' &&
        sound(letters[0]) && (sound(letters[2]) || letters[2] == U'ئ') && sound(letters[3])) {
      shape = kParticiple;
    }
    // (start only) و + a past verb of three letters opening the sentence (وكشف سالمان, وأكد
    // ...): و + a sound triliteral, its first letter a consonant or the hamza of the fourth form's
    // أ. Given names of that shape (وليد, or و + حسن, فهد, أنس) are in the names lexicon or the KB.
    if (shape == kNone && start && count == 4 && first == U'و' && sound(letters[2]) &&
        sound(letters[3]) && (sound(letters[1]) || letters[1] == U'أ')) {
      shape = kPast;
    }
    // (start only) و + a defective past verb of three letters in ى (ومضى ولد الشيخ, ونفى):
    // the shape of the past above after و; names so written (منى, هدى) are lexicon words.
    if (shape == kNone && start && count == 4 && first == U'و' && last == U'ى' &&
        sound(letters[1]) && sound(letters[2])) {
      shape = kPast;
    }
    if (shape == kNone && !start && count >= 3 && !StartsWith(key, "ال")) {
      shape = kElsewhere;
    }
    // A definite word after the name (سلمان بن سلطان | الحفل): not a nisba (القحطاني) nor a
    // plural or dual (surnames: السديريين?), 3 letters or more after ال.
    if (shape == kNone && !start && count >= 5 && StartsWith(key, "ال") && !key.ends_with("ي") &&
        !key.ends_with("ين") && !key.ends_with("ون") && !key.ends_with("ان")) {
      shape = kDefinite;
    }
    if (shape == kNone) return false;
    // Known as a name?
    const TokInfo& ti = info_[t];
    if ((ti.flags & (kAliasKey | kAliasPrefix | kTitleKey | kTitlePrefix)) ||
        impl_.first_tokens.count(key) || (opt_.is_name_word != nullptr && opt_.is_name_word(key))) {
      return false;
    }
    if (shape != kProclitic) {
      Segment(t);
      if (!ti.alt.empty() && ((ti.alt_flags & (kAliasKey | kAliasPrefix)) ||
                              (opt_.is_name_word != nullptr && opt_.is_name_word(ti.alt)))) {
        return false;
      }
    }
    if (shape == kDefinite && !(opt_.is_name_word != nullptr && opt_.is_name_word(key.substr(4))) &&
        !impl_.first_tokens.count(key.substr(4))) {
      // Or the word itself after "in" or "during" elsewhere (خلال الحفل, في الحفل): a thing or
      // an event; a person is not written so. Also where the document pass copied it as a family
      // name alone (a one-word span), as it does with the last word of a confident name.
      static const StringSet kIn =
          MatchKeySet({"في", "وفي", "خلال", "وخلال", "أثناء", "وأثناء", "داخل"});
      if (AnyNear(key, t, false, [&](size_t w) {
            return w != t && w >= 1 && info_[w - 1].word && kIn.count(info_[w - 1].key) &&
                   in_long_spans[w] == 0;  // in no span longer than the word
          })) {
        return true;
      }
    }
    // The word in another span or in a KB mention: a name word.
    if (AnyNear(
            key, t, false,
            [&](size_t w) { return w != t && (in_mentions[w] > 0 || in_span_without(w, t)); },
            [&](size_t w) { return in_mentions[w] > 0 || in_spans[w] > 0; })) {
      return false;
    }
    if (shape != kElsewhere && shape != kDefinite) return true;
    if (shape == kDefinite && ((opt_.is_name_word != nullptr && opt_.is_name_word(key.substr(4))) ||
                               impl_.first_tokens.count(key.substr(4)))) {
      return false;  // الراشد: راشد is a name
    }
    if (in_name.empty()) {
      in_name.assign(tokens_.size(), 0);
      for (size_t w = 0; w < covered.size(); ++w)
        if (covered[w] >= 0 || in_spans[w] > 0) in_name[w] = 1;
    }
    // The word's common forms: with the article (حارس: الحارس, والحارس; not a nisba, which
    // surnames write with and without it: عسيري, العسيري), a past verb's feminine (غادر:
    // غادرت) or its present (يغادر).
    const bool nisba = key.ends_with("ي");
    const size_t n = key.size();
    // A present verb (يغادر, تسعي): its other person (تغادر) or its past (غادر).
    const bool present = n >= 8 && (StartsWith(key, "ي") || StartsWith(key, "ت"));
    // Each form is looked up as written (AnyFormNear), outside every span and mention.
    std::vector<Form> forms;
    const std::string s_key(key);
    if (present) {
      const std::string stem(key.substr(2));
      forms.push_back({(StartsWith(key, "ي") ? "ت" : "ي") + stem});
      forms.push_back({stem});
      // Or its plural or dual (تأتي: يأتون; تغادر: يغادرون, تغادران): ي or ت + the stem, a
      // defective verb's without its last weak letter, + ون, ان, ين or وا.
      const bool weak = key.ends_with("ي") || key.ends_with("و") || key.ends_with("ا");
      for (const char* prefix : {"ي", "ت"}) {
        for (const char* suffix : {"ون", "ان", "ين", "وا"}) {
          forms.push_back({prefix + stem + suffix});
          if (weak) forms.push_back({prefix + stem.substr(0, n - 4) + suffix});
        }
      }
    }
    forms.push_back({"ي" + s_key});
    forms.push_back({s_key + "ت"});
    // ال, لل or one letter + ال before it.
    if (!nisba) {
      forms.push_back({"ال" + s_key});
      forms.push_back({"لل" + s_key});
      forms.push_back({"ال" + s_key, /*tail=*/true});
    }
    if (AnyFormNear(forms, t, [&](size_t w) { return w != t && !in_name[w]; })) return true;
    // A common noun's stem written elsewhere outside every span and mention, alone or after one
    // proclitic (و ب ل ف ك), with or without the article: the definite word's without ال
    // (الحفل: حفل, بحفل; not الحفل itself, as surnames repeat untagged), an accusative's
    // without its ا (هدفا: الهدف, هدف; tanween unwritten), a word's after ب, ل or ك (بتخرج:
    // تخرج, التخرج: ب + a verbal noun; كمهاجم: المهاجم, "as a striker").
    auto stem_elsewhere = [&](std::string_view stem, bool definite_too) {
      const size_t ns = stem.size();
      if (ns < 6) return false;  // 3 letters or more
      const std::string s_stem(stem);
      std::vector<Form> forms = {{s_stem}};
      for (const char* letter : {"و", "ب", "ل", "ف", "ك"}) forms.push_back({letter + s_stem});
      if (definite_too) {
        forms.push_back({"ال" + s_stem});
        forms.push_back({"لل" + s_stem});
        forms.push_back({"ال" + s_stem, /*tail=*/true});
      }
      return AnyFormNear(forms, t,
                         [&](size_t w) { return !in_name[w] && w != t && info_[w].key != key; });
    };
    if (shape == kDefinite) return stem_elsewhere(key.substr(4), false);
    if (!nisba && count >= 4 && key.ends_with("ا") && stem_elsewhere(key.substr(0, n - 2), true)) {
      return true;
    }
    if ((StartsWith(key, "ب") || StartsWith(key, "ل") || StartsWith(key, "ك")) &&
        stem_elsewhere(key.substr(2), true)) {
      return true;
    }
    return false;
  };
  // Whether the word of a one-word span is a common noun the document writes both with and
  // without the article (مشهد ... المشهد "scene", رياضة ... الرياضة, كمان ... الكمان): names of
  // persons, places and bodies do not alternate so. Never a word known as a name (a KB alias word,
  // a word of the names lexicon, also without its proclitics: سعيد ... السعيد), nor a nisba
  // (surnames are written both ways: عسيري, العسيري). The other form is any word of the document,
  // a span's too (المشهد and مشهد may both be tagged); with the article also after و ب ف ك
  // (والمشهد) or as لل; without it also after و ب ف ل ك (ومشهد). Cost: a lookup of those forms
  // (AnyFormNear) for a one-word span that is no name word (a few per document).
  auto article_pair = [&](size_t t) {
    if (!info_[t].word || tokens_[t].kind != text::TokenKind::kWord) return false;
    const std::string_view key = info_[t].key;
    const bool definite = StartsWith(key, "ال");
    const std::string_view bare = definite ? key.substr(4) : key;  // ال is 4 bytes
    if (bare.size() < 6 || bare.ends_with("ي")) return false;      // 3 letters or more
    const TokInfo& ti = info_[t];
    if ((ti.flags & (kAliasKey | kAliasPrefix | kTitleKey | kTitlePrefix)) ||
        impl_.first_tokens.count(key) || impl_.first_tokens.count(bare) ||
        (opt_.is_name_word != nullptr && (opt_.is_name_word(key) || opt_.is_name_word(bare)))) {
      return false;
    }
    Segment(t);
    if (!ti.alt.empty() && ((ti.alt_flags & (kAliasKey | kAliasPrefix)) ||
                            (opt_.is_name_word != nullptr && opt_.is_name_word(ti.alt)))) {
      return false;
    }
    // The other form as written, a word anywhere near (a span's too).
    const std::string s_bare(bare);
    std::vector<Form> forms;
    if (definite) {
      // مشهد, ومشهد: one proclitic letter at most.
      forms.push_back({s_bare});
      for (const char* letter : {"و", "ب", "ف", "ل", "ك"}) forms.push_back({letter + s_bare});
    } else {
      forms.push_back({"ال" + s_bare});
      forms.push_back({"لل" + s_bare});
      for (const char* letter : {"و", "ب", "ف", "ك"}) forms.push_back({letter + ("ال" + s_bare)});
    }
    return AnyFormNear(forms, t, [&](size_t w) { return w != t && info_[w].word; });
  };
  // Whether the word of a one-word place span is the dual of a feminine noun whose singular the
  // document writes (قريتان "two villages" ... القرية, قرية): a dual in تان/تين whose stem + ة
  // is written elsewhere, alone, after one proclitic letter, with the article or as لل (after one
  // letter too). Places are not named by the duals of the text's words; a place whose name ends so
  // (حريتان) keeps it where no singular is written. Never a word known as a name. Cost: byte
  // tests of one word per one-word place span, a lookup of the singular's forms for a dual.
  auto dual_of_written = [&](size_t t) {
    if (!info_[t].word || tokens_[t].kind != text::TokenKind::kWord) return false;
    const TokInfo& ti = info_[t];
    if ((ti.flags & (kAliasKey | kAliasPrefix)) || impl_.first_tokens.count(ti.key) ||
        (opt_.is_name_word != nullptr && opt_.is_name_word(ti.key))) {
      return false;
    }
    auto singular_written = [&](std::string_view key) {
      if (key.size() < 10 || !(key.ends_with("تان") || key.ends_with("تين"))) return false;
      std::string singular(key.substr(0, key.size() - 6));  // تان, تين: 6 bytes
      singular += "ه";                                      // ة in match-key form
      std::vector<Form> forms = {
          {singular}, {"ال" + singular}, {"لل" + singular}, {"ال" + singular, /*tail=*/true}};
      for (const char* letter : {"و", "ب", "ل", "ف", "ك"}) forms.push_back({letter + singular});
      return AnyFormNear(forms, t, [&](size_t w) { return w != t && info_[w].word; });
    };
    if (singular_written(ti.key)) return true;
    Segment(t);
    return !ti.alt.empty() && ti.alt != ti.key && singular_written(ti.alt);
  };
  auto to_kb_name = [&](size_t t) {
    const std::string_view key = info_[t].key;
    if (!info_[t].word || tokens_[t].kind != text::TokenKind::kWord || key.size() < 8 ||
        !StartsWith(key, "ل") || (info_[t].flags & (kAliasKey | kAliasPrefix)) ||
        impl_.first_tokens.count(key) || (opt_.is_name_word != nullptr && opt_.is_name_word(key))) {
      return false;
    }
    // لل = ل + ال: the name keeps its article (للهلال: الهلال).
    const std::string rest =
        StartsWith(key, "لل") ? "ال" + std::string(key.substr(4)) : std::string(key.substr(2));
    for (const AliasHit& h : kb_.LookupKey(rest)) {
      if (h.kind == AliasKind::kTagged || h.kind == AliasKind::kDemonym) continue;
      if (kb_.entity(h.entity).type != EntityType::kPer) return true;
    }
    return false;
  };
  // Whether the word of a one-word place span is the first form's active participle in the
  // feminine, as written (هادئة "calm", آمنة "safe": فاعلة, آ + 2 letters + ة), an adjective or
  // a predicate (الأوضاع هادئة, مدينة آمنة), not a place's name: after في, إلى or من the word
  // is the place. Never a KB word. Cost: letter tests of one word per one-word place span.
  auto feminine_participle = [&](size_t t) {
    if (!info_[t].word || tokens_[t].kind != text::TokenKind::kWord) return false;
    const std::string_view surface = tokens_[t].surface;
    size_t count = 0;
    char32_t first = 0, second = 0, last = 0;
    for (size_t pos = 0; pos < surface.size();) {
      const char32_t c = utf8::Next(surface, &pos);
      if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640) continue;
      if (count == 0) first = c;
      if (count == 1) second = c;
      last = c;
      ++count;
    }
    if (last != U'ة' || !((count == 5 && second == U'ا' && first != U'ا' && first != U'ل' &&
                           first != U'و' && first != U'ب' && first != U'ف' && first != U'ك') ||
                          (count == 4 && first == U'آ'))) {
      return false;
    }
    if ((info_[t].flags & (kAliasKey | kAliasPrefix)) || impl_.first_tokens.count(info_[t].key)) {
      return false;
    }
    static const StringSet kBefore = MatchKeySet({"في", "وفي", "إلى", "الى", "من", "ومن"});
    return t == 0 || !info_[t - 1].word || !kBefore.count(info_[t - 1].key);
  };
  // Whether the word of a one-word place span is an indefinite nisba in the accusative right after
  // an indefinite accusative noun it describes (طيرانا | دائريا "a circular flight", درعا |
  // تذكاريا "a commemorative shield"): 5 letters or more ending in يا (the tanween may be
  // unwritten), no ال, after a word of 3 letters or more ending in ا without ال. A place in يا
  // (سوريا, كولومبيا) follows a preposition, a place noun or a verb, not such a noun. Never a KB
  // word. Cost: letter tests of one word per one-word place span, of two where one ends in يا.
  auto accusative_nisba = [&](size_t t) {
    if (t == 0 || !info_[t].word || tokens_[t].kind != text::TokenKind::kWord ||
        !info_[t - 1].word || tokens_[t - 1].kind != text::TokenKind::kWord) {
      return false;
    }
    // The letters of a surface without diacritics and tatweel: count, first two, last two.
    auto letters = [](std::string_view surface, char32_t* first2, char32_t* last2) {
      size_t count = 0;
      for (size_t pos = 0; pos < surface.size();) {
        const char32_t c = utf8::Next(surface, &pos);
        if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640) continue;
        if (count < 2) first2[count] = c;
        last2[0] = last2[1];
        last2[1] = c;
        ++count;
      }
      return count;
    };
    char32_t f[2] = {0, 0}, l[2] = {0, 0};
    if (letters(tokens_[t].surface, f, l) < 5 || l[0] != U'ي' || l[1] != U'ا' ||
        (f[0] == U'ا' && f[1] == U'ل')) {
      return false;
    }
    const std::string_view key = info_[t].key;  // no ال after a proclitic either (والإنتلجنسيا)
    for (std::string_view definite : {"وال", "بال", "فال", "كال", "لل"})
      if (StartsWith(key, definite)) return false;
    if ((info_[t].flags & (kAliasKey | kAliasPrefix)) || impl_.first_tokens.count(key)) {
      return false;
    }
    char32_t pf[2] = {0, 0}, pl[2] = {0, 0};
    return letters(tokens_[t - 1].surface, pf, pl) >= 3 && pl[1] == U'ا' &&
           !(pf[0] == U'ا' && pf[1] == U'ل');
  };
  // The spans TryTitle emitted after a title lose a last word that is no name word too (الأمير
  // سلمان بن سلطان | الحفل).
  for (size_t x : titled_spans_) {
    LinkedMention& m = out_[x];
    const uint32_t end = m.end;
    while (m.end - m.begin >= 2 && no_name_end(m.end - 1, false)) {
      covered[m.end - 1] = -1;
      if (m.end - 1 < n_tokens) --in_mentions[m.end - 1];
      if (m.end <= n_tokens) --mention_ends_[m.end];
      --m.end;
      ++mention_ends_[m.end];
    }
    if (m.end == end) continue;
    m.byte_end = tokens_[m.end - 1].byte_end;
    m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
    m.name = NilName(info_[m.begin].key, m.begin, m.end);
  }
  std::vector<TypedSpan> spans;
  spans.reserve(spans_.size());
  // A person span that opens with an independent pronoun is a sentence (أنا سعيد "I am happy").
  static const StringSet kPronouns = {"انا", "نحن", "انت", "انتم", "انتما", "انتن", "هم", "هما"};
  for (TypedSpan s : spans_) {
    if (s.end > tokens_.size()) continue;
    while (s.begin < s.end && !info_[s.begin].word) ++s.begin;
    // A byline runs on into its credit over a dash (محمد السيد - سبق, the outlet linked by
    // TryCreditOutlet): a person's name ends there. Not a foreign name's (جان - جاك).
    if (s.type == EntityType::kPer) {
      for (uint32_t t = s.begin + 1; t + 1 < s.end; ++t) {
        const std::string_view w = tokens_[t].surface;
        if (tokens_[t].kind == text::TokenKind::kPunctuation &&
            (w == "-" || w == "–" || w == "—") && covered[t + 1] >= 0 &&
            !out_[covered[t + 1]].IsNil()) {
          s.end = t;
          break;
        }
      }
    }
    while (s.end > s.begin && (!info_[s.end - 1].word || function_word(s.end - 1))) --s.end;
    if (s.begin < s.end && s.type == EntityType::kPer && kPronouns.count(info_[s.begin].key)) {
      continue;
    }
    // A title with a possessive pronoun on its last word (ولي عهده "his crown prince", of the
    // title ولي العهد) is the office of someone named before, no name: its last word without the
    // pronoun and with the article makes a KB title. Only for a last word ending in ه, ها, هم, هما.
    if (s.type == EntityType::kPer && s.end - s.begin >= 2 && covered[s.end - 1] < 0 &&
        TitleWithPronoun(s.begin, s.end)) {
      continue;
    }
    // A rank or honorific before a name is no word of it (العميد ركن | أحمد عسيري, المهندس |
    // القرشي, الظهير الأيمن | حسن معاذ): the name starts after it.
    static const StringSet kRanks = MatchKeySet(
        {"المهندس", "المهندسة", "الدكتور", "الدكتورة", "العميد", "اللواء", "العقيد", "المقدم",
         "النقيب", "العماد", "ركن", "الأستاذ", "الأستاذة", "المستشار", "الأيمن", "الأيسر"});
    while (s.type == EntityType::kPer && s.end - s.begin >= 2 && covered[s.begin] < 0) {
      Segment(s.begin);
      const TokInfo& ti = info_[s.begin];
      if (!kRanks.count(ti.key) && (ti.alt.empty() || !kRanks.count(ti.alt))) break;
      ++s.begin;
    }
    // A word with tanween (ميدانياً "in the field", مجدداً "again", بياناً "a statement") is an
    // indefinite noun or an adverb, never a name word: a person span ends before it, and a span of
    // that word alone is no name (currencies, read as MISC after a number, stay).
    auto tanween = [&](size_t t) {
      const std::string_view w = tokens_[t].surface;
      for (const char* mark : {"\u064B", "\u064C", "\u064D"})
        if (w.find(mark) != std::string_view::npos) return true;
      return false;
    };
    if (s.type == EntityType::kPer) {
      while (s.end - s.begin >= 2 && covered[s.end - 1] < 0 && tanween(s.end - 1)) --s.end;
      // The word after a name that is a verb, an adverb or a common word (دونيس | سعى, بندر بن
      // محمد | وليس, عمر الجاسر | كـ): see no_name_end above.
      while (s.end - s.begin >= 2 && covered[s.end - 1] < 0 && no_name_end(s.end - 1, false))
        --s.end;
      while (s.end - s.begin >= 2 && covered[s.begin] < 0 && no_name_end(s.begin, true)) {
        ++s.begin;
      }
      // ل + the name of a KB place or body at the end (نيغريدو | لفالنسيا "to Valencia", a
      // transfer's club): a name does not end with a preposition's object. Not a word that is a
      // KB name or a name of the lexicon as written (لاتسيو, لويس), nor a tagged name (a word too).
      // The KB mention found there (برشلونة) stays.
      while (s.end - s.begin >= 2 && to_kb_name(s.end - 1)) --s.end;
    }
    if (s.end - s.begin == 1 && s.type != EntityType::kMisc && covered[s.begin] < 0 &&
        tanween(s.begin)) {
      continue;
    }
    if (s.end - s.begin == 1 && s.type != EntityType::kMisc && covered[s.begin] < 0 &&
        article_pair(s.begin)) {
      continue;
    }
    // A definite nisba tagged alone as an organization right after a KB organization describes
    // it (تنظيم داعش | الإرهابي "the terrorist Daesh group"): no second organization. A KB word
    // (a demonym: حزب الله | اللبناني) is a mention of its own, matched before spans.
    if (s.end - s.begin == 1 && s.type == EntityType::kOrg && covered[s.begin] < 0 && s.begin > 0 &&
        covered[s.begin - 1] >= 0 && out_[covered[s.begin - 1]].type == EntityType::kOrg &&
        !out_[covered[s.begin - 1]].IsNil()) {
      const std::string_view key = info_[s.begin].key;
      if (StartsWith(key, "ال") && key.size() >= 12 &&
          (key.ends_with("ي") || key.ends_with("يه")) &&
          !(info_[s.begin].flags & (kAliasKey | kAliasPrefix))) {
        continue;
      }
    }
    // An office after a person's name opens the apposition (محمد بن ناصر أمير منطقة جازان): the
    // name ends before it.
    static const StringSet kOffices = MatchKeySet({"أمير", "وزير", "رئيس", "مدير", "محافظ", "سفير",
                                                   "نائب", "مستشار", "أمين", "قائد", "المتحدث"});
    // After بن or بنت the word is the father's name (إياد بن أمين), no office.
    static const StringSet kSonOf = MatchKeySet({"بن", "بنت", "ابن"});
    if (s.type == EntityType::kPer && s.end - s.begin >= 3 && covered[s.end - 1] < 0 &&
        kOffices.count(info_[s.end - 1].key) && !kSonOf.count(info_[s.end - 2].key)) {
      --s.end;
    }
    // بلدة كفركلا الجنوبية: a direction after a one-word place the KB does not know describes it
    // ("the southern town of Kfar Kila"); a KB name (كوريا الجنوبية) is matched before spans.
    // Trimmed first: what remains may be a place noun alone (المدينة الجنوبية).
    static const StringSet kDirections = {"الجنوبيه", "الشماليه", "الشرقيه", "الغربيه",
                                          "الجنوبي",  "الشمالي",  "الشرقي",  "الغربي"};
    if (s.type == EntityType::kLoc && s.end - s.begin == 2 && covered[s.begin] < 0 &&
        covered[s.begin + 1] < 0 && kDirections.count(info_[s.end - 1].key)) {
      --s.end;
    }
    // A place noun alone is no name (في مدينة | درعا, وسط المدينة, ريف | اللاذقية).
    static const StringSet kPlaceNouns = MatchKeySet(
        {"مدينة", "المدينة", "ريف", "الريف", "بلدة", "البلدة", "قرية", "القرية", "منطقة", "المنطقة",
         "محافظة", "المحافظة", "العاصمة", "ولاية", "مخيم", "حي", "الحي"});
    if (s.type == EntityType::kLoc && s.end - s.begin == 1 && covered[s.begin] < 0) {
      if (dual_of_written(s.begin) || feminine_participle(s.begin) || accusative_nisba(s.begin)) {
        continue;
      }
      Segment(s.begin);
      const TokInfo& ti = info_[s.begin];
      if (kPlaceNouns.count(ti.key) || (!ti.alt.empty() && kPlaceNouns.count(ti.alt)) ||
          (!ti.bare.empty() && kPlaceNouns.count(ti.bare))) {
        continue;
      }
      // An indefinite nisba after حي describes the district (حي سكني "a residential district",
      // حيا ساحليا); districts are named with the article (حي الصابري).
      static const StringSet kDistrict = MatchKeySet({"حي", "حيا"});
      const std::string_view w = ti.key;
      if (s.begin > 0 && info_[s.begin - 1].word && kDistrict.count(info_[s.begin - 1].key) &&
          !StartsWith(w, "ال") && (w.ends_with("ي") || w.ends_with("يا"))) {
        continue;
      }
    }
    if (s.type == EntityType::kPer &&
        std::any_of(linked_titles_.begin(), linked_titles_.end(),
                    [&](const auto& t) { return t.first <= s.begin && s.end <= t.second; })) {
      continue;
    }
    if (s.begin < s.end) spans.push_back(s);
  }
  // A body named after its place, the place tagged alone (محكمة | بروكلين, لجامعة | تولوز): an
  // indefinite head word that no span or mention holds, right before a place span, opens the
  // organization, with the definite adjectives after the place that are no nationality (محكمة
  // بروكلين الفيدرالية; not جامعة هارفارد | الأمريكية). (A KB place after a head is TryPattern's.)
  for (size_t x = 0; x < spans.size(); ++x) {
    TypedSpan& s = spans[x];
    if (s.type != EntityType::kLoc || s.begin == 0) continue;
    const size_t h = s.begin - 1;
    if (!info_[h].word || covered[h] >= 0 || (x > 0 && spans[x - 1].end > h)) continue;
    if (!(info_[h].flags & (kHeadWord | kMaybeCliticHead))) continue;
    const std::string_view key = info_[h].key;
    if (StartsWith(key, "ال") || StartsWith(key, "لل")) continue;
    const std::string_view head = HeadWord(h);
    // A palace is a place (قصر قنسطنطين), not a body.
    if (!OrgHeads().count(head) || head == "قصر") continue;
    if (!(info_[h].flags & kHeadWord) && StartsWith(info_[h].alt, "ال")) continue;  // والمحكمة
    size_t end = s.end;
    while (end < tokens_.size() && end - s.end < 3 && info_[end].word && !IsStop(end) &&
           covered[end] < 0 && (x + 1 == spans.size() || spans[x + 1].begin > end)) {
      const std::string_view w = info_[end].key;
      if (!StartsWith(w, "ال") || w.size() < 8 || !(w.ends_with("ي") || w.ends_with("يه"))) break;
      bool demonym = false;
      for (const AliasHit& hit : kb_.LookupKey(w)) demonym |= hit.kind == AliasKind::kDemonym;
      if (demonym) break;
      ++end;
    }
    s.begin = static_cast<uint32_t>(h);
    s.end = static_cast<uint32_t>(end);
    s.type = EntityType::kOrg;
  }
  // An organization cut before its conjunct or لل complement (للهيئة العامة | للإحصاء): extended
  // over words no other span or mention holds.
  for (size_t x = 0; x < spans.size(); ++x) {
    TypedSpan& s = spans[x];
    if (s.type != EntityType::kOrg || s.end >= tokens_.size()) continue;
    if (!OrgHeads().count(HeadWord(s.begin))) continue;
    const size_t end = OrgTail(s.begin, s.end);
    bool free = end > s.end && (x + 1 == spans.size() || spans[x + 1].begin >= end);
    for (size_t t = s.end; free && t < end; ++t) free = covered[t] < 0;
    if (free) s.end = static_cast<uint32_t>(end);
  }
  set_name_spans(spans);
  // Two persons joined over و (عبير وفريال): the span splits before a word that is و + a name
  // the KB or the document knows (NameStart), when the word as written is no KB name word (وليد,
  // ولي العهد) and no KB mention holds it. (name_spans_ views `spans`: the splits are made after.)
  std::string first;
  std::vector<std::pair<size_t, uint32_t>> splits;  // (span index, first token of the second)
  for (size_t x = 0; x < spans.size(); ++x) {
    if (spans[x].type != EntityType::kPer) continue;
    for (uint32_t p = spans[x].begin + 1; p < spans[x].end; ++p) {
      const std::string_view key = info_[p].key;
      if (key.size() < 8 || !StartsWith(key, "و") || covered[p] >= 0 || covered[p - 1] >= 0 ||
          (info_[p].flags & (kAliasKey | kAliasPrefix | kTitleKey | kTitlePrefix)) ||
          IsCompoundNameWord(info_[p - 1].key) || NameStart(p, &first) == 0) {
        continue;
      }
      splits.emplace_back(x, p);
    }
  }
  if (!splits.empty()) {  // each span cut at its split points, in one pass
    std::vector<TypedSpan> cut;
    cut.reserve(spans.size() + splits.size());
    for (size_t x = 0, n = 0; x < spans.size(); ++x) {
      TypedSpan rest = spans[x];
      for (; n < splits.size() && splits[n].first == x; ++n) {
        TypedSpan head = rest;
        head.end = splits[n].second;
        cut.push_back(head);
        rest.begin = splits[n].second;
      }
      cut.push_back(rest);
    }
    spans = std::move(cut);
  }
  set_name_spans(spans);
  auto same_type = [](EntityType kb, EntityType tagger) {
    return kb == tagger || (tagger == EntityType::kLoc && kb == EntityType::kGpe);
  };
  std::vector<LinkedMention> extra;
  // The KB mention `m` inside tagger span `s` becomes a NIL mention of the whole span (its type
  // is the caller's), with the tagger's evidence.
  auto become_nil_span = [&](LinkedMention& m, const TypedSpan& s, int index) {
    const size_t skip = NameStart(s.begin, &first);
    reshape(m, s.begin, s.end);
    m.byte_begin = tokens_[s.begin].byte_begin + skip;
    m.byte_end = tokens_[s.end - 1].byte_end;
    m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
    ClearEntity(&m);
    m.source = MentionSource::kTagger;
    m.confidence = 0.5f * s.score;
    m.name = NilName(first, s.begin, s.end);
    for (uint32_t t = s.begin; t < s.end; ++t) covered[t] = index;
  };
  for (const TypedSpan& s : spans) {
    int inside = -2;  // -2 none yet, -3 several, else the one mention index
    bool partial = false;
    for (uint32_t t = s.begin; t < s.end; ++t) {
      if (covered[t] < 0) continue;
      const LinkedMention& m = out_[covered[t]];
      if (m.begin < s.begin || m.end > s.end) partial = true;
      if (inside == -2)
        inside = covered[t];
      else if (inside != covered[t])
        inside = -3;
    }
    if (partial || inside == -3) continue;
    if (inside >= 0) {
      LinkedMention& m = out_[inside];
      if (!same_type(m.type, s.type) && m.begin == s.begin && m.end == s.end &&
          m.source == MentionSource::kGazetteer) {
        // برشلونة the city where the tagger reads a club: the entity of the tagger's type that
        // has this name as a kTagged alias, if any.
        for (const AliasHit& h : kb_.LookupKey(KnowledgeBase::MatchKeyOf(m.text))) {
          if (h.kind != AliasKind::kTagged || !same_type(kb_.entity(h.entity).type, s.type)) {
            continue;
          }
          SetEntity(&m, h.entity);
          m.demonym = false;
          m.source = MentionSource::kTagger;
          m.confidence = 0.8f;
          break;
        }
        continue;
      }
      // كوبي براينت: an indefinite nisba (كوبي, "Cuban") that opens a tagger person span after
      // no common noun (an adjective follows the noun it describes: مواطن سعودي) is the
      // person's given name, not a mention of the country.
      if (s.type == EntityType::kPer && m.demonym && m.begin == s.begin && m.end == s.begin + 1 &&
          s.end > m.end && NisbaOpensName(m, /*after_word=*/false)) {
        m.type = EntityType::kPer;
        m.demonym = false;
        become_nil_span(m, s, inside);
        continue;
      }
      // جامعة لويزيانا: the tagger's organization from a head word (جامعة, بنك) over a KB place
      // is the organization (NIL), not the place.
      if (s.type == EntityType::kOrg &&
          (m.type == EntityType::kGpe || m.type == EntityType::kLoc) &&
          m.source == MentionSource::kGazetteer && s.begin < m.begin && !m.demonym &&
          OrgHeads().count(HeadWord(s.begin))) {
        m.type = EntityType::kOrg;
        become_nil_span(m, s, inside);
        continue;
      }
      // The tagger's span is wider than the KB match inside it (جو بايدن vs بايدن): widen it
      // when the types agree.
      if (same_type(m.type, s.type)) {
        if (m.source == MentionSource::kPattern) continue;
        // ناصر القصبي around the surname of the KB's ماجد القصبي: a given name that is none of
        // the person's is another person (NIL), not the one the surname alone would be.
        if (m.type == EntityType::kPer && !m.IsNil() && s.begin < m.begin &&
            !SharesNameWord(kb_.entity(static_cast<uint32_t>(m.entity)), s.begin, m.begin,
                            /*prefixes=*/true)) {
          become_nil_span(m, s, inside);
          continue;
        }
        if (s.begin < m.begin) {
          m.byte_begin = tokens_[s.begin].byte_begin + NameStart(s.begin, &first);
        }
        reshape(m, s.begin, s.end);
        m.byte_end = tokens_[s.end - 1].byte_end;
        m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
      }
      continue;
    }
    // No KB match inside: look the whole span up, then partial names, else NIL.
    std::string key;
    for (uint32_t t = s.begin; t < s.end; ++t) {
      if (!key.empty()) key.push_back(' ');
      key += info_[t].key;
    }
    LinkedMention m;
    m.begin = s.begin;
    m.end = s.end;
    m.byte_begin = tokens_[s.begin].byte_begin;
    m.byte_end = tokens_[s.end - 1].byte_end;
    m.type = s.type;
    m.source = MentionSource::kTagger;
    int64_t entity = -1;
    std::span<const AliasHit> hits = kb_.LookupKey(key);
    if (hits.empty() && s.type == EntityType::kPer) hits = NasabHits(s.begin, s.end);
    size_t skip = 0;
    bool started = false;  // `first` and `skip` are the span's NameStart
    if (hits.empty()) {
      // والهلال, للنصر: the name after its proclitics may be a KB alias (one the tagger alone
      // vouches for: AliasKind::kTagged).
      skip = NameStart(s.begin, &first);
      started = true;
      if (first != info_[s.begin].key) hits = kb_.LookupKey(NilName(first, s.begin, s.end));
    }
    AliasKind kind = AliasKind::kName;
    if (!hits.empty()) entity = PickHit(hits, &kind);
    // A kTagged alias (الهلال) names its entity only where the tagger reads that type.
    if (entity >= 0 && kind == AliasKind::kTagged &&
        !same_type(kb_.entity(static_cast<uint32_t>(entity)).type, s.type)) {
      entity = -1;
    }
    // مالي is Mali after في, حكومة, a proclitic or a comma (في مالي, ومالي،), or where the
    // document names it twice; "financial" otherwise (بدعم مالي, مبلغ مالي), however the tagger
    // read it.
    if (entity >= 0 && kind == AliasKind::kTagged && s.type == EntityType::kLoc &&
        !PlaceContext(s, spans, started ? skip : NameStart(s.begin, &first))) {
      continue;
    }
    if (entity >= 0) {
      m.byte_begin += skip;
      m.confidence = 0.8f;
    } else if (s.type == EntityType::kPer) {
      entity = NamedPerson(s.begin, s.end);
      if (entity >= 0) {
        m.source = MentionSource::kCoref;
        m.confidence = 0.7f;
      }
    }
    if (entity >= 0) {
      SetEntity(&m, entity);
    } else {
      if (!opt_.nil_spans) continue;
      m.confidence = 0.5f * s.score;
      // The name starts after its proclitics: وياكونان is ياكونان, والنصر is النصر.
      m.byte_begin += started ? skip : NameStart(s.begin, &first);
      if (s.type == EntityType::kPer && s.end - s.begin == 1 && NotAPersonWord(s.begin, first)) {
        continue;
      }
      // "The college", "the company" alone (الكلية, للشركة) is a body named earlier or none.
      static const StringSet kGenericBodies = {
          "وزاره", "هييه",   "جامعه", "شركه",  "جمعيه", "وكاله", "بنك",  "مصرف",
          "موسسه", "مستشفي", "محكمه", "لجنه",  "نادي",  "كليه",  "معهد", "مدرسه",
          "اداره", "مركز",   "مكتب",  "منظمه", "نقابه", "صندوق"};
      if (s.type == EntityType::kOrg && s.end - s.begin == 1 && StartsWith(first, "ال") &&
          kGenericBodies.count(std::string_view(first).substr(4))) {
        continue;
      }
      if (MonthInDate(s, first)) continue;
      // القاعدة alone, the last word of a KB group's name (تنظيم القاعدة): "the base" where the
      // document also writes the common noun (قاعدة العند, قاعدة جوية), else the group when the
      // document names it in full.
      if (s.type == EntityType::kOrg && s.end - s.begin == 1 && StartsWith(first, "ال") &&
          first.size() >= 8) {
        int64_t group = -1;
        for (const AliasHit& h : kb_.LookupKey("تنظيم " + first)) {
          if (kb_.entity(h.entity).type == EntityType::kOrg) group = h.entity;
        }
        if (group >= 0) {
          const std::string_view noun = std::string_view(first).substr(4);
          if (AnyNear(noun, s.begin, false, [&](size_t w) { return info_[w].word; })) continue;
          if (std::any_of(out_.begin(), out_.end(),
                          [&](const LinkedMention& o) { return o.entity == group; })) {
            SetEntity(&m, group);
            m.source = MentionSource::kCoref;
            m.confidence = 0.7f;
            m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
            for (uint32_t t = s.begin; t < s.end; ++t) covered[t] = static_cast<int>(out_.size());
            extra.push_back(std::move(m));
            continue;
          }
        }
      }
      // مغرب ("sunset"), نيل ("obtaining"): a place the KB names only with the article (المغرب,
      // النيل) is no place without it.
      if (s.type == EntityType::kLoc && s.end - s.begin == 1 && !StartsWith(first, "ال") &&
          first.size() >= 4) {
        bool definite_place = false;
        for (const AliasHit& h : kb_.LookupKey("ال" + first)) {
          const EntityType t = kb_.entity(h.entity).type;
          definite_place |= h.kind != AliasKind::kTagged && h.kind != AliasKind::kDemonym &&
                            (t == EntityType::kGpe || t == EntityType::kLoc);
        }
        if (definite_place) continue;
      }
      // المالي is "the financial", not Mali: a place whose name is also a word (a `tagged` alias)
      // is never written with the article.
      if (s.type == EntityType::kLoc && s.end - s.begin == 1 && StartsWith(first, "ال")) {
        bool place_word = false;
        for (const AliasHit& h : kb_.LookupKey(std::string_view(first).substr(4))) {
          place_word |=
              h.kind == AliasKind::kTagged && same_type(kb_.entity(h.entity).type, s.type);
        }
        if (place_word) continue;
      }
      // A word counted by a number (5 مليارات ريال, 300 ريال) is a currency or a unit: MISC, as
      // the tagger reads دولار and يورو, not an organization or a person.
      if (s.end - s.begin == 1 && (s.type == EntityType::kOrg || s.type == EntityType::kPer) &&
          AfterQuantity(s.begin)) {
        m.type = EntityType::kMisc;
      }
      m.name = NilName(first, s.begin, s.end);
    }
    m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
    for (uint32_t t = s.begin; t < s.end; ++t) covered[t] = static_cast<int>(out_.size());
    extra.push_back(std::move(m));
  }
  set_name_spans({});
  mention_cover_.clear();
  mention_ends_.clear();
  for (auto& m : extra) out_.push_back(std::move(m));
  std::sort(out_.begin(), out_.end(),
            [](const LinkedMention& a, const LinkedMention& b) { return a.begin < b.begin; });
}

void DocLinker::PlacesAfterPlaceNouns() {
  std::vector<LinkedMention> extra;
  size_t m = 0;  // out_ is in text order: the first mention not before the token
  for (size_t t = 0; t + 2 < tokens_.size(); ++t) {
    // Cheap test first: the word's cached flag (kPlaceNounEnd: قرية, بقرية, وبلدة, مديرية).
    if (!(info_[t].flags & kPlaceNounEnd) || !info_[t].word) continue;
    const std::string_view key = info_[t].key;
    static const StringSet kNouns = MatchKeySet({"قرية", "بلدة", "مديرية"});
    Segment(t);
    const TokInfo& ti = info_[t];
    if (!kNouns.count(key) && (ti.alt.empty() || !kNouns.count(ti.alt))) continue;
    const size_t n = t + 1;
    const std::string_view w = info_[n].key;
    if (!info_[n].word || tokens_[n].kind != text::TokenKind::kWord || IsStop(n)) continue;
    // A name of 3 letters or more: not definite (مديرية الأمن is a directorate), no feminine or
    // nisba adjective (the nouns are feminine: قرية نائية, بلدة مجاورة, مديرية حدودية), no
    // construct noun of a directorate (مديرية صحة), no ل + article.
    if (w.size() < 6 || StartsWith(w, "ال") || StartsWith(w, "لل") || w.ends_with("ه") ||
        w.ends_with("ي") || w.ends_with("ين")) {
      continue;
    }
    // ... and the name ends there: punctuation, a function word (في, من), a direction or a larger
    // place (شمال, بريف, بمحافظة). مديرية أمن عدن is the security directorate of Aden.
    static const StringSet kAfter = MatchKeySet(
        {"شمال",   "جنوب",   "شرق",    "غرب",     "شمالي", "جنوبي",   "شرقي", "غربي",
         "بشمال",  "بجنوب",  "بشرق",   "بغرب",    "وسط",   "بوسط",    "بريف", "بمحافظة",
         "بمنطقة", "بمدينة", "بولاية", "بمديرية", "بقضاء", "التابعة", "قرب",  "بالقرب"});
    const size_t a = n + 1;
    if (info_[a].word && tokens_[a].kind != text::TokenKind::kNumber && !IsStop(a) &&
        !kAfter.count(info_[a].key)) {
      continue;
    }
    const std::string_view surface = tokens_[n].surface;
    bool tanween = false;
    for (const char* mark : {"\u064B", "\u064C", "\u064D"})
      tanween |= surface.find(mark) != std::string_view::npos;
    if (tanween) continue;
    while (m < out_.size() && out_[m].end <= n) ++m;
    if (m < out_.size() && out_[m].begin <= n) continue;  // a mention holds it
    LinkedMention x;
    x.begin = static_cast<uint32_t>(n);
    x.end = static_cast<uint32_t>(n + 1);
    x.byte_begin = tokens_[n].byte_begin;
    x.byte_end = tokens_[n].byte_end;
    x.text = std::string(surface);
    x.type = EntityType::kLoc;
    x.source = MentionSource::kPattern;
    x.confidence = 0.5f;
    x.name = NilName(w, n, n + 1);
    extra.push_back(std::move(x));
  }
  if (extra.empty()) return;
  for (auto& x : extra) out_.push_back(std::move(x));
  std::sort(out_.begin(), out_.end(),
            [](const LinkedMention& a, const LinkedMention& b) { return a.begin < b.begin; });
}

void DocLinker::OneTypePerName() {
  // The tagger's NIL mentions (a few dozen), sorted by name: each run of one name votes.
  std::vector<uint32_t> nil;
  for (uint32_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    if (!m.IsNil() || m.source != MentionSource::kTagger || m.name.empty()) continue;
    if (m.type == EntityType::kMisc && AfterQuantity(m.begin)) continue;  // a unit, no name
    nil.push_back(x);
  }
  if (nil.size() < 2) return;
  std::sort(nil.begin(), nil.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(out_[a].name, a) < std::tie(out_[b].name, b);
  });
  for (size_t b = 0, e = 0; b < nil.size(); b = e) {
    float by_type[8] = {};
    bool mixed = false;
    for (e = b; e < nil.size() && out_[nil[e]].name == out_[nil[b]].name; ++e) {
      const LinkedMention& m = out_[nil[e]];
      mixed |= m.type != out_[nil[b]].type;
      if (static_cast<size_t>(m.type) < 8) by_type[static_cast<size_t>(m.type)] += m.confidence;
    }
    if (!mixed) continue;
    const size_t best = std::max_element(by_type, by_type + 8) - by_type;
    for (size_t x = b; x < e; ++x) {
      LinkedMention& m = out_[nil[x]];
      // A tie keeps each mention's own type.
      if (static_cast<size_t>(m.type) < 8 && by_type[best] > by_type[static_cast<size_t>(m.type)]) {
        m.type = static_cast<EntityType>(best);
      }
    }
  }
}

void DocLinker::JoinPartialNames() {
  // A KB person's family name alone (الحقباني) in a document that names someone else of that
  // family in full (سعود الحقباني, not in the KB): that person, not the KB's. Looked up in the
  // document's NIL persons by last word (the last such mention) and its mentions by entity, built
  // at the first candidate: linear in the mentions.
  // Session 16: also a family name a KB person of the document bears in full (جيمس كاميرون, a
  // user's or the KB's, after which كاميرون is not David Cameron's short name), and whatever the
  // number of bare mentions: only the KB person's fuller mentions (a name of two words or more, a
  // title) keep the KB's short form; before, a second bare الجاسر counted as one and kept both.
  // Two persons of the document with that family name: left as the KB picked.
  constexpr size_t kNoFamily = static_cast<size_t>(-1);
  std::unordered_map<std::string_view, size_t> family;  // last word -> person mention
  std::unordered_map<int64_t, size_t> mentions_of;      // entity -> fuller mentions
  auto bare_kb = [&](const LinkedMention& m) {
    return m.entity >= 0 && m.end - m.begin == 1 && m.type == EntityType::kPer &&
           m.source == MentionSource::kGazetteer;
  };
  auto same_person = [](const LinkedMention& a, const LinkedMention& b) {
    return a.entity == b.entity && (a.entity >= 0 || a.name == b.name);
  };
  bool indexed = false;
  for (LinkedMention& m : out_) {
    if (!bare_kb(m)) continue;
    if (!indexed) {
      indexed = true;
      for (size_t i = 0; i < out_.size(); ++i) {
        const LinkedMention& f = out_[i];
        if (f.type == EntityType::kPer && f.end - f.begin >= 2 &&
            !IsCompoundNameWord(info_[f.end - 2].key)) {
          auto [it, fresh] = family.emplace(info_[f.end - 1].key, i);
          if (!fresh && it->second != kNoFamily && !same_person(out_[it->second], f))
            it->second = kNoFamily;
          else if (!fresh && it->second != kNoFamily)
            it->second = i;
        }
        if (f.entity >= 0 && f.end - f.begin == 1 && f.source != MentionSource::kTitle) continue;
        ++mentions_of[f.entity];
      }
    }
    const auto found = family.find(info_[m.begin].key);
    if (found == family.end() || found->second == kNoFamily) continue;
    const LinkedMention* other = &out_[found->second];
    // A user's entity keeps the alias it shares with the built-in KB (a watch list's short name).
    if (other->entity == m.entity || kb_.entity(static_cast<uint32_t>(m.entity)).from_user)
      continue;
    // Kept when the document names the KB person otherwise too (مفرج الحقباني ... الحقباني).
    if (mentions_of[m.entity] > 0) continue;
    JoinTo(&m, *other);
  }
  auto partial = [](const LinkedMention& m) {
    return m.IsNil() && m.end - m.begin == 1 && m.source == MentionSource::kTagger;
  };
  if (std::none_of(out_.begin(), out_.end(), partial)) return;
  // Fuller mentions (two words or more) by their first and last words' match keys.
  struct Full {
    size_t mention;
    bool last;          // keyed by its last word (else its first)
    bool club = false;  // a KB club by its last word (يونايتد of مانشستر يونايتد)
  };
  std::unordered_multimap<std::string_view, Full> by_word;
  for (size_t i = 0; i < out_.size(); ++i) {
    const LinkedMention& m = out_[i];
    if (m.end - m.begin < 2) continue;
    if (!m.IsNil() && m.type == EntityType::kOrg && !(info_[m.end - 1].flags & kAliasKey) &&
        kb_.entity(static_cast<uint32_t>(m.entity)).subtype == "club") {
      by_word.emplace(info_[m.end - 1].key, Full{i, true, true});
      continue;
    }
    if (m.IsNil() ? m.name.empty() : m.type != EntityType::kPer) continue;
    // The first word of a NIL mention is its name's (proclitics gone). A KB person's last word is
    // already its surname (Remember); its first word is added here. The first words of KB places
    // and bodies are too often generic (مدينة, الامم) to stand for them.
    std::string_view first =
        m.IsNil() ? std::string_view(m.name).substr(0, m.name.find(' ')) : info_[m.begin].key;
    by_word.emplace(first, Full{i, false});
    if (m.IsNil() && m.type == EntityType::kPer && !IsCompoundNameWord(info_[m.end - 2].key)) {
      by_word.emplace(info_[m.end - 1].key, Full{i, true});
    }
  }
  if (by_word.empty()) return;
  for (LinkedMention& m : out_) {
    if (!partial(m)) continue;
    const std::string_view word = m.name;
    const TokInfo& ti = info_[m.begin];
    const bool stop = word == ti.key   ? IsStop(m.begin)
                      : word == ti.alt ? ti.alt_stop
                                       : text::Analyzer::Default().IsStopword(word);
    if (word.size() < 6 || stop || OrgHeads().count(word) || IsTitleKey(impl_, word)) {
      continue;
    }
    auto [lo, hi] = by_word.equal_range(word);
    const LinkedMention* full = nullptr;
    bool ambiguous = false;
    for (auto it = lo; it != hi; ++it) {
      const LinkedMention& f = out_[it->second.mention];
      // A surname stands for a person; a first word for a person or any other name (ريفر بليت).
      // A club's last word stands for the club where the tagger reads an organization.
      if (it->second.club ? m.type != EntityType::kOrg
                          : it->second.last && m.type != EntityType::kPer)
        continue;
      if (!full) {
        full = &f;
      } else if (full->entity != f.entity || (f.IsNil() && f.name != full->name)) {
        ambiguous = true;  // two persons named القحطاني
      }
    }
    if (!full || ambiguous) continue;
    m.type = full->type;
    JoinTo(&m, *full);
  }
}

template <typename Lookup>
void DocLinker::EmitUncoveredWords(const std::vector<int>& covered, const Lookup& entity_of,
                                   bool with_bare, float confidence, MentionSource source) {
  const size_t before = out_.size();
  for (size_t t = 0; t < tokens_.size(); ++t) {
    if (covered[t] >= 0 || !info_[t].word) continue;
    if (!(info_[t].flags & (kAliasKey | kMaybeCliticAlias))) continue;
    Segment(t);
    const TokInfo& ti = info_[t];
    int form = -1;
    int64_t entity = -1;
    if (ti.flags & kAliasKey) entity = entity_of(ti.key), form = 0;
    if (entity < 0 && !ti.alt.empty() && (ti.alt_flags & kAliasKey)) {
      entity = entity_of(ti.alt), form = 1;
    }
    if (with_bare && entity < 0 && !ti.bare.empty() && (ti.bare_flags & kAliasKey)) {
      entity = entity_of(ti.bare), form = 2;
    }
    if (entity >= 0) Emit(t, t + 1, form, entity, EntityType::kOrg, confidence, source, false);
  }
  if (out_.size() != before) {
    std::sort(out_.begin(), out_.end(),
              [](const LinkedMention& a, const LinkedMention& b) { return a.begin < b.begin; });
  }
}

void DocLinker::ClubsByTaggedName() {
  std::unordered_set<int64_t> clubs;
  for (const LinkedMention& m : out_) {
    if (m.entity >= 0 && kb_.entity(static_cast<uint32_t>(m.entity)).subtype == "club") {
      clubs.insert(m.entity);
    }
  }
  if (clubs.empty()) return;
  // A club named with نادي in this document (نادي الشباب) is its name without it in an ORG span
  // (الشباب): a name of the document, not of the KB (الشباب is "the youth" elsewhere).
  StringMap<int64_t> short_names;
  for (const LinkedMention& m : out_) {
    if (m.entity < 0 || !clubs.count(m.entity) || m.end - m.begin < 2) continue;
    const std::string key = KnowledgeBase::MatchKeyOf(m.text);
    if (StartsWith(key, "نادي "))
      short_names[key.substr(std::string_view("نادي ").size())] = m.entity;
  }
  // The club whose tagged name `key` is, if the document names it; -1 otherwise.
  auto club_of = [&](std::string_view key) -> int64_t {
    for (const AliasHit& h : kb_.LookupKey(key)) {
      if (h.kind == AliasKind::kTagged && clubs.count(h.entity)) return h.entity;
    }
    return -1;
  };
  std::vector<int> covered(tokens_.size(), -1);
  for (size_t x = 0; x < out_.size(); ++x) {
    LinkedMention& m = out_[x];
    for (uint32_t t = m.begin; t < m.end && t < covered.size(); ++t)
      covered[t] = static_cast<int>(x);
    // A one-word NIL span of another type over the name (النصر read as a place).
    if (m.IsNil() && m.end - m.begin == 1 && !m.name.empty()) {
      int64_t club = club_of(m.name);
      if (club < 0 && m.type == EntityType::kOrg) {
        auto it = short_names.find(m.name);
        if (it != short_names.end()) club = it->second;
      }
      if (club >= 0) {
        SetEntity(&m, club);
        m.source = MentionSource::kCoref;
        m.confidence = 0.6f;
      }
    }
  }
  EmitUncoveredWords(covered, club_of, /*with_bare=*/true, 0.6f, MentionSource::kCoref);
}

int64_t DocLinker::OneClubOf(std::span<const uint32_t> clubs) const {
  auto only = [&](auto&& fits) {
    int64_t found = -1;
    for (const uint32_t c : clubs) {
      if (!fits(kb_.entity(c).country)) continue;
      if (found >= 0) return int64_t{-2};
      found = c;
    }
    return found;
  };
  int64_t club = -1;
  if (!opt_.country.empty()) club = only([&](const std::string& cc) { return cc == opt_.country; });
  if (club == -1) club = only([&](const std::string& cc) { return doc_countries_.count(cc) > 0; });
  return club;
}

// Words of football (مباراة, الدوري, لكرة, المدرب...; also after proclitics).
const StringSet& FootballWords() {
  static const StringSet* const kWords = new StringSet(MatchKeySet(
      {"مباراة",  "مباريات", "المباراة", "المباريات", "الدوري",   "دوري",   "كأس",    "الكأس",
       "بطولة",   "البطولة", "كرة",      "الكرة",     "هدفين",    "ملعب",   "الملعب", "المنتخب",
       "لاعب",    "اللاعب",  "لاعبي",    "لاعبو",     "اللاعبين", "المدرب", "مدرب",   "تعادل",
       "التعادل", "الديربي", "ديربي",    "ركلات",     "ركلة",     "الشوط",  "شوط"}));
  return *kWords;
}

bool DocLinker::ClubLists() {
  const ClubNames& names = ClubNamesOf(kb_, impl_);
  if (names.clubs.empty()) return false;
  // The clubs the document names, and whether it names a club or a sports body at all.
  std::unordered_set<int64_t> named;
  bool sports = false;
  for (const LinkedMention& m : out_) {
    if (m.entity < 0) continue;
    const std::string& sub = kb_.entity(static_cast<uint32_t>(m.entity)).subtype;
    if (sub == "club") named.insert(m.entity);
    sports |= sub == "club" || sub == "sport";
  }
  std::vector<int> covered(tokens_.size(), -1);
  for (size_t x = 0; x < out_.size(); ++x)
    for (uint32_t t = out_[x].begin; t < out_[x].end && t < covered.size(); ++t)
      covered[t] = static_cast<int>(x);
  static const StringSet kListHeads =
      MatchKeySet({"أندية", "الأندية", "فريق", "فريقا", "مباراة", "مباريات"});
  static const std::string between_word = text::MatchKey("بين");
  // Token t as a list item: the clubs of its one-word name (as written or without proclitics),
  // and whether it is joined to the item before by و.
  struct Item {
    size_t t;
    const std::vector<uint32_t>* clubs;
    int form;
    bool joined;
    bool own;               // a name some club has alone (ClubNames::own)
    std::string_view name;  // the one-word name (a key of ClubNames::clubs)
  };
  std::optional<std::string> top_country;  // MostNamedCountry(), asked at most once
  auto item_at = [&](size_t t, Item* item) {
    if (t >= tokens_.size() || !info_[t].word) return false;
    // Inside a longer mention (الاتحاد الأوروبي, نادي الفتح) it is that mention's word.
    if (covered[t] >= 0 && out_[covered[t]].end - out_[covered[t]].begin > 1) return false;
    auto it = names.clubs.find(info_[t].key);
    item->form = 0;
    if (it == names.clubs.end()) {
      // Segmenting is dear: only a word that may be proclitics + a club's name.
      if (!MaybeCliticOf(info_[t].key, names.words)) return false;
      Segment(t);
      if (info_[t].alt.empty()) return false;
      it = names.clubs.find(info_[t].alt);
      item->form = 1;
    }
    if (it == names.clubs.end()) return false;
    const TokInfo& ti = info_[t];
    item->t = t;
    item->clubs = &it->second;
    item->joined = item->form == 1 && StartsWith(ti.key, "و");
    item->own = names.own.count(it->first) > 0;
    item->name = it->first;
    return true;
  };
  // Words of football (مباراة, الدوري, لكرة, المدرب...; also after proclitics), and words of a
  // result or a meeting, which near a list of clubs are of sport too (فاز الشرطة على ..., اللقاء
  // بين ...) but elsewhere of an election or a visit. A named club near is no such word (نادي
  // الهلال يتبرع ...).
  const StringSet& kSportWords = FootballWords();
  static const StringSet kResultWords =
      MatchKeySet({"فاز", "فوز", "الفوز", "خسر", "لقاء", "اللقاء", "أندية", "الأندية"});
  auto word_in = [&](const StringSet& set, size_t t) {
    if (!info_[t].word) return false;
    if (set.count(info_[t].key)) return true;
    if (!MaybeCliticOf(info_[t].key, set)) return false;  // segmenting is dear
    Segment(t);
    const TokInfo& ti = info_[t];
    return (!ti.alt.empty() && set.count(ti.alt)) || (!ti.bare.empty() && set.count(ti.bare));
  };
  // A word of sport or of a result within a few words of tokens [b, e), on their line.
  auto sport_near = [&](size_t b, size_t e) {
    constexpr size_t kNear = 12;
    size_t lo = b;
    while (lo > 0 && b - lo < kNear && SameLine(lo)) --lo;
    for (size_t t = lo; t < tokens_.size() && t < e + kNear; ++t) {
      if (t > b && !SameLine(t)) break;
      if (word_in(kSportWords, t) || word_in(kResultWords, t)) return true;
    }
    return false;
  };
  // Whether the document is about sport: two words of football anywhere (asked once, for a list
  // that needs it).
  int sport_words = -1;
  auto sport_in_document = [&]() {
    if (sport_words < 0) {
      sport_words = 0;
      for (size_t t = 0; t < tokens_.size() && sport_words < 2; ++t)
        sport_words += word_in(kSportWords, t);
    }
    return sport_words >= 2;
  };
  auto head_before = [&](size_t t) {
    if (t == 0 || !info_[t - 1].word) return false;
    Segment(t - 1);
    const TokInfo& ti = info_[t - 1];
    return kListHeads.count(ti.key) || (!ti.alt.empty() && kListHeads.count(ti.alt)) ||
           (!ti.bare.empty() && kListHeads.count(ti.bare));
  };
  bool changed = false, linked = false;
  std::vector<Item> chain;
  size_t t = 0;
  while (t < tokens_.size()) {
    Item first;
    // Outside a sports document a list needs its head: skip to the words after one (a cheap
    // test before the item's).
    auto may_be_head = [&](std::string_view k) {
      // The heads' keys have 8 to 14 bytes, 2 to 6 more with proclitics.
      return k.size() >= 8 && k.size() <= 20 &&
             ((k.size() <= 14 && kListHeads.count(k)) || MaybeCliticOf(k, kListHeads));
    };
    // بين X وY: a match or a rivalry when both are clubs' names (بين الهلال والنصر; not بين
    // الشباب والشيوخ, whose second word names no club).
    auto between = [&](size_t u) { return info_[u].word && info_[u].key == between_word; };
    if ((!sports &&
         !(t > 0 && info_[t - 1].word && (may_be_head(info_[t - 1].key) || between(t - 1)))) ||
        !item_at(t, &first)) {
      ++t;
      continue;
    }
    chain.assign(1, first);
    size_t next = t + 1;
    for (;;) {
      Item item;
      // Joined by و on the word (والشباب), or by a separate و or comma (جازان و عسير, الهلال،
      // والنصر).
      if (item_at(next, &item) && item.joined) {
        chain.push_back(item);
        next = item.t + 1;
        continue;
      }
      size_t n = next;
      bool and_word = false;
      while (n < tokens_.size() && n < next + 2) {
        const std::string_view sep = tokens_[n].surface;
        if (sep != "و" && sep != "،" && sep != ",") break;
        and_word |= sep == "و";
        ++n;
      }
      if (n > next && item_at(n, &item) && (item.joined || and_word)) {
        chain.push_back(item);
        next = item.t + 1;
        continue;
      }
      break;
    }
    t = next;
    const bool after_head = head_before(chain.front().t);
    const bool pair = chain.size() >= 2;
    if (!after_head && !(pair && (sports || between(chain.front().t - 1)))) continue;
    // A name no club has alone is a word (بين الجيش والشرطة, "between the army and the police";
    // فريق الشرطة, "the police's team" of investigators) unless sport is around it: a word of sport
    // near the list (مباراة الشرطة, فاز الشرطة على ...), or a document that names a club or sports
    // body and writes two words of football (naming a club in passing makes no sports story).
    {
      bool common = false;
      for (const Item& item : chain) common |= !item.own;
      if (common && !sport_near(chain.front().t, chain.back().t + 1) &&
          !(sports && sport_in_document())) {
        // The word is the body of the document's country when the KB holds that body by the word
        // and the country's demonym (بين الجيش والشرطة in an Egyptian story: الجيش المصري);
        // otherwise no mention, as the tagger read it.
        for (const Item& item : chain) {
          if (item.own || covered[item.t] >= 0) continue;
          if (!top_country) top_country = MostNamedCountry();
          if (top_country->empty()) break;
          const int64_t body = BodyOfCountry(item.name, *top_country);
          if (body < 0) continue;
          Emit(item.t, item.t + 1, item.form, body, EntityType::kOrg, 0.6f,
               MentionSource::kGazetteer, false);
          changed = true;
        }
        continue;
      }
    }
    // A club the document names, or the country most of the list's clubs share, settles a name
    // several clubs go by (الأهلي: Saudi or Egyptian).
    StringMap<int> countries;
    for (const Item& item : chain)
      if (item.clubs->size() == 1) ++countries[kb_.entity((*item.clubs)[0]).country];
    for (const Item& item : chain) {
      int64_t club = -1;
      if (item.clubs->size() == 1) {
        club = (*item.clubs)[0];
      } else {
        for (uint32_t c : *item.clubs)
          if (named.count(c)) club = club < 0 ? int64_t{c} : -2;
        if (club == -1) {
          int best = 0;
          for (uint32_t c : *item.clubs) {
            auto it = countries.find(kb_.entity(c).country);
            const int n = it == countries.end() ? 0 : it->second;
            if (n > best)
              best = n, club = c;
            else if (n == best && n > 0)
              club = -2;
          }
        }
        // No club of the list settles it (every item is a name several clubs go by: العروبة
        // والفيصلي): the outlet's country's club, else the one club of a country the document
        // names.
        if (club == -1) club = OneClubOf(*item.clubs);
      }
      if (club < 0) continue;
      const int x = covered[item.t];
      if (x < 0) {
        Emit(item.t, item.t + 1, item.form, club, EntityType::kOrg, 0.6f, MentionSource::kGazetteer,
             false);
        changed = linked = true;
        continue;
      }
      LinkedMention& m = out_[x];
      // A person the KB names keeps its link (حسن والشباب is no list of clubs).
      if (m.entity == club || (m.entity >= 0 && m.type == EntityType::kPer)) continue;
      SetEntity(&m, club);
      m.name.clear();
      m.demonym = false;
      m.source = MentionSource::kGazetteer;
      m.confidence = 0.6f;
      linked = true;
    }
  }
  // الاتحاد السعودي in a document about sport: the country's federation.
  if (sports) {
    const std::string union_word = text::MatchKey("الاتحاد");
    for (size_t x = 0; x < out_.size(); ++x) {
      LinkedMention& m = out_[x];
      if (!m.demonym || m.entity < 0 || m.end - m.begin != 1 || m.begin == 0) continue;
      const size_t u = m.begin - 1;
      if (covered[u] >= 0 || !info_[u].word) continue;
      Segment(u);
      if (info_[u].key != union_word && info_[u].alt != union_word) continue;
      // الاتحاد السعودي للمبارزة: another sport's federation.
      if (m.end < tokens_.size() && info_[m.end].word && StartsWith(info_[m.end].key, "ل"))
        continue;
      const Entity& country = kb_.entity(static_cast<uint32_t>(m.entity));
      const std::string& cc = country.country.empty() ? country.id : country.country;
      auto it = names.federation.find(cc);
      if (it == names.federation.end() || it->second < 0) continue;
      const size_t skip = info_[u].key == union_word ? 0 : info_[u].skip_bytes;
      m.begin = static_cast<uint32_t>(u);
      m.byte_begin = tokens_[u].byte_begin + skip;
      m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
      SetEntity(&m, it->second);
      m.demonym = false;
      m.name.clear();
      m.source = MentionSource::kGazetteer;
      m.confidence = 0.6f;
      covered[u] = static_cast<int>(x);
    }
    // اتحاد الكرة ("the football federation", a NIL organization) where all the document's clubs
    // are of one country: that country's federation.
    static const std::string* const kFootball =
        new std::string(KnowledgeBase::MatchKeyOf("اتحاد الكرة"));
    std::string club_country;
    bool one_country = true;
    for (const LinkedMention& m : out_) {
      if (m.entity < 0) continue;
      const Entity& e = kb_.entity(static_cast<uint32_t>(m.entity));
      if (e.subtype != "club") continue;
      if (club_country.empty()) club_country = e.country;
      one_country &= e.country == club_country;
    }
    auto it = names.federation.find(club_country);
    if (one_country && !club_country.empty() && it != names.federation.end() && it->second >= 0) {
      for (LinkedMention& m : out_) {
        if (!m.IsNil() || m.type != EntityType::kOrg || m.name != *kFootball) continue;
        SetEntity(&m, it->second);
        m.name.clear();
        m.source = MentionSource::kCoref;
        m.confidence = 0.6f;
      }
    }
  }
  if (changed) {
    std::sort(out_.begin(), out_.end(),
              [](const LinkedMention& a, const LinkedMention& b) { return a.begin < b.begin; });
  }
  return linked;
}

void DocLinker::TaggedByDomain() {
  // Domains: clubs; companies and banks.
  auto domain = [](const Entity& e) {
    if (e.subtype == "club") return 1;
    if (e.subtype == "company" || e.subtype == "bank") return 2;
    return 0;
  };
  // The distinct entities the document names, by domain and country.
  std::unordered_set<int64_t> named;
  StringMap<int> per_domain;  // "<domain><country>" -> distinct entities
  std::vector<int> covered(tokens_.size(), -1);
  for (size_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    for (uint32_t t = m.begin; t < m.end && t < covered.size(); ++t)
      covered[t] = static_cast<int>(x);
    if (m.entity < 0 || !named.insert(m.entity).second) continue;
    const Entity& e = kb_.entity(static_cast<uint32_t>(m.entity));
    if (const int d = domain(e); d > 0 && !e.country.empty())
      ++per_domain[std::to_string(d) + e.country];
  }
  if (per_domain.empty()) return;
  auto tagged_of = [&](std::string_view key) -> int64_t {
    int64_t found = -1;
    for (const AliasHit& h : kb_.LookupKey(key)) {
      if (h.kind != AliasKind::kTagged) continue;
      const Entity& e = kb_.entity(h.entity);
      const int d = domain(e);
      if (d == 0 || e.country.empty()) continue;
      auto it = per_domain.find(std::to_string(d) + e.country);
      const int others = it == per_domain.end() ? 0 : it->second - (named.count(h.entity) ? 1 : 0);
      if (others < 2) continue;
      if (found >= 0 && found != h.entity) return -1;  // two clubs of one name (الأهلي)
      found = h.entity;
    }
    return found;
  };
  EmitUncoveredWords(covered, tagged_of, /*with_bare=*/false, 0.5f, MentionSource::kGazetteer);
}

void DocLinker::BareKingdom() {
  const std::string kingdom = text::MatchKey("المملكة");
  const std::string kingdom_of = text::MatchKey("مملكة");
  std::vector<LinkedMention*> bare;
  for (LinkedMention& m : out_) {
    if (m.IsNil() && m.end - m.begin == 1 &&
        (m.type == EntityType::kLoc || m.type == EntityType::kGpe) && m.name == kingdom) {
      bare.push_back(&m);
    }
  }
  if (bare.empty()) return;
  auto is_kingdom = [&](const Entity& e) {
    if (e.subtype != "country") return false;
    for (const std::string& alias : e.aliases_ar) {
      const std::string key = KnowledgeBase::MatchKeyOf(alias);
      if (StartsWith(key, kingdom + " ") || StartsWith(key, kingdom_of + " ")) return true;
    }
    return false;
  };
  // The countries the document names (its mentions' countries), most named first.
  StringMap<int> counts;
  for (const LinkedMention& m : out_) {
    if (m.entity < 0) continue;
    const Entity& e = kb_.entity(static_cast<uint32_t>(m.entity));
    const std::string& c = e.country.empty() && e.subtype == "country" ? e.id : e.country;
    if (!c.empty()) ++counts[c];
  }
  const Entity* best = nullptr;
  int best_count = 0;
  bool tie = false;
  for (const auto& [cc, n] : counts) {
    if (n < best_count) continue;
    const Entity* e = kb_.Find(cc);
    if (e == nullptr || !is_kingdom(*e)) continue;
    tie = n == best_count;
    best = e;
    best_count = n;
  }
  if (tie) return;
  if (best == nullptr && !opt_.country.empty()) {
    const Entity* e = kb_.Find(opt_.country);
    if (e != nullptr && is_kingdom(*e)) best = e;
  }
  if (best == nullptr) return;
  for (LinkedMention* m : bare) {
    SetEntity(m, best->index);
    m->name.clear();
    m->source = MentionSource::kCoref;
  }
}

std::string DocLinker::MostNamedCountry(const std::unordered_set<int64_t>& skip) const {
  StringMap<int> counts;
  for (const LinkedMention& m : out_) {
    if (m.entity < 0 || skip.count(m.entity)) continue;
    const std::string& c = CountryOf(kb_.entity(static_cast<uint32_t>(m.entity)));
    if (!c.empty()) ++counts[c];
  }
  if (counts.empty()) return opt_.country;
  std::string top;
  int best = 0;
  for (const auto& [cc, n] : counts) {
    if (n > best) {
      best = n;
      top = cc;
    } else if (n == best) {
      top.clear();
    }
  }
  return top;
}

int64_t DocLinker::BodyOfCountry(std::string_view word, const std::string& cc) const {
  const Entity* country = kb_.Find(cc);
  if (country == nullptr) return -1;
  for (size_t a = 0; a < country->aliases_ar.size(); ++a) {
    if (country->alias_kinds[a] != AliasKind::kDemonym) continue;
    std::string key(word);
    key += ' ';
    key += kb_.AliasKeyOf(country->index, a);
    for (const AliasHit& h : kb_.LookupKey(key)) {
      const Entity& e = kb_.entity(h.entity);
      if (e.type == EntityType::kOrg && e.country == cc) return h.entity;
    }
  }
  return -1;
}

void DocLinker::TwinPlaces() {
  const TwinTable& twins = TwinPlacesOf(kb_, impl_);
  std::vector<size_t> candidates;
  for (size_t x = 0; x < out_.size(); ++x) {
    if (out_[x].entity >= 0 && twins.count(static_cast<uint32_t>(out_[x].entity)))
      candidates.push_back(x);
  }
  if (candidates.empty()) return;
  // The countries the document names, by its other mentions (not of a place with twins or of a
  // twin: they are what is decided).
  std::unordered_set<int64_t> related;
  for (size_t x : candidates) {
    related.insert(out_[x].entity);
    for (const TwinPlace& t : twins.at(static_cast<uint32_t>(out_[x].entity)))
      related.insert(t.twin);
  }
  const std::string top = MostNamedCountry(related);
  std::unordered_set<int64_t> named;  // the document's entities
  for (const LinkedMention& m : out_) named.insert(m.entity);
  // A border crossing named after the place (معبر رفح) is of both sides: the name keeps its link.
  static const StringSet kCrossings = MatchKeySet({"معبر", "منفذ"});
  for (size_t x : candidates) {
    LinkedMention& m = out_[x];
    if (m.begin > 0 && info_[m.begin - 1].word) {
      Segment(m.begin - 1);
      const TokInfo& before = info_[m.begin - 1];
      if (kCrossings.count(before.key) || (!before.alt.empty() && kCrossings.count(before.alt)))
        continue;
    }
    const std::vector<TwinPlace>& own = twins.at(static_cast<uint32_t>(m.entity));
    std::string key;  // the mention's match key, made once
    for (const TwinPlace& t : own) {
      if (!named.count(t.twin) && (top.empty() || t.country != top)) continue;
      if (key.empty()) key = KnowledgeBase::MatchKeyOf(m.text);
      if (key != t.name) continue;
      SetEntity(&m, t.twin);
      m.confidence = std::min(m.confidence, 0.7f);
      break;
    }
  }
}

void DocLinker::RepickByCountry() {
  if (deferred_.empty()) return;
  // The countries of the document's other linked mentions (not of the deferred picks themselves),
  // with their counts.
  // (Sets and an index by offset: a giant paragraph holds thousands of deferred picks.)
  StringMap<int> countries;
  int top = 0;
  std::unordered_set<size_t> deferred_at;
  for (const Deferred& d : deferred_) deferred_at.insert(d.byte_begin);
  std::unordered_map<size_t, std::vector<size_t>> mentions_at;  // byte offset -> out_ indices
  for (size_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    if (deferred_at.count(m.byte_begin)) mentions_at[m.byte_begin].push_back(x);
    if (m.entity < 0) continue;
    const std::string& c = kb_.entity(static_cast<uint32_t>(m.entity)).country;
    if (!deferred_at.count(m.byte_begin) && !c.empty()) top = std::max(top, ++countries[c]);
  }
  for (const Deferred& d : deferred_) {
    const Entity& picked = kb_.entity(d.entity);
    // A body's bare name (مجلس الوزراء) is one of a country the document is much about (named at
    // least half as often as the most named one): in a Lebanese story that names Saudi Arabia
    // once, not the Saudi cabinet.
    auto fits = [&](const Entity& e) {
      // A document that names no country: the outlet's, when the caller gives it.
      if (countries.empty()) return !opt_.country.empty() && e.country == opt_.country;
      auto it = countries.find(e.country);
      return it != countries.end() && (!d.nil_without_country || 2 * it->second >= top);
    };
    if (fits(picked)) continue;
    int rank = -1;
    for (const AliasHit& h : d.hits)
      if (h.entity == d.entity) rank = KindRank(h.kind);
    int64_t better = -1;
    for (const AliasHit& h : d.hits) {
      const Entity& e = kb_.entity(h.entity);
      if (KindRank(h.kind) == rank && e.type == picked.type && fits(e)) {
        better = h.entity;
        break;
      }
    }
    if (better < 0 && !d.nil_without_country) continue;
    for (size_t x : mentions_at[d.byte_begin]) {
      LinkedMention& m = out_[x];
      if (m.entity != d.entity) continue;
      if (better >= 0) {
        SetEntity(&m, better);
      } else {
        ClearEntity(&m);
        m.name = KnowledgeBase::MatchKeyOf(m.text);
        m.source = MentionSource::kPattern;
      }
    }
  }
}

void DocLinker::BareSurnames() {
  if (bare_surnames_.empty()) return;
  // Cost: linear in the document's mentions and spans (sets and counts, no scan per surname: a
  // giant paragraph holds thousands of bare surnames).
  std::set<std::pair<size_t, uint32_t>> bare_at;  // (byte offset, entity) of bare_surnames_
  for (const BareSurname& b : bare_surnames_) bare_at.emplace(b.byte_begin, b.entity);
  auto is_bare = [&](const LinkedMention& m) {
    if (m.entity < 0 || m.end != m.begin + 1) return false;
    if (m.source == MentionSource::kCoref) return true;
    return bare_at.count({m.byte_begin, static_cast<uint32_t>(m.entity)}) > 0;
  };
  // The mentions that are no bare surname, by entity and by the entity's country.
  std::unordered_map<uint32_t, size_t> named_entity;
  std::unordered_map<std::string_view, size_t> named_country;
  for (const LinkedMention& m : out_) {
    if (m.entity < 0 || is_bare(m)) continue;
    const auto entity = static_cast<uint32_t>(m.entity);
    ++named_entity[entity];
    const std::string& country = kb_.entity(entity).country;
    if (!country.empty()) ++named_country[country];
  }
  std::unordered_set<uint32_t> unproven;
  for (const BareSurname& b : bare_surnames_) {
    if (unproven.count(b.entity)) continue;
    const std::string& country = kb_.entity(b.entity).country;
    const auto own = named_entity.find(b.entity);
    const size_t own_count = own == named_entity.end() ? 0 : own->second;
    const bool named = own_count > 0;
    bool country_named = !country.empty() && opt_.country == country;
    if (!country.empty() && !country_named) {
      // Another entity of the country (the entity's own mentions have its country too).
      const auto of_country = named_country.find(country);
      country_named = of_country != named_country.end() && of_country->second > own_count;
    }
    if (named || (!b.honorific && country_named)) continue;
    unproven.insert(b.entity);
  }
  if (unproven.empty()) return;
  // A person the tagger reads there, or the family name of a fuller name in the document
  // (سعود الحقباني ... وقال الحقباني): a NIL person; otherwise no mention.
  std::vector<int8_t> in_person_span(info_.size(), 0);
  for (const TypedSpan& s : spans_) {
    if (s.type != EntityType::kPer) continue;
    for (uint32_t t = s.begin; t < s.end && t < in_person_span.size(); ++t) in_person_span[t] = 1;
  }
  std::unordered_set<std::string_view> family_names;  // last words of persons of 2 words or more
  for (const LinkedMention& o : out_) {
    if (o.type == EntityType::kPer && o.end > o.begin + 1 && o.end <= info_.size())
      family_names.insert(info_[o.end - 1].key);
  }
  auto a_person = [&](const LinkedMention& m) {  // m: one word (is_bare)
    return (m.begin < in_person_span.size() && in_person_span[m.begin]) ||
           family_names.count(info_[m.begin].key) > 0;
  };
  std::vector<LinkedMention> kept;
  kept.reserve(out_.size());
  for (LinkedMention& m : out_) {
    if (m.entity >= 0 && is_bare(m) && unproven.count(static_cast<uint32_t>(m.entity))) {
      if (!a_person(m)) continue;
      ClearEntity(&m);
      m.name = KnowledgeBase::MatchKeyOf(m.text);
      m.source = MentionSource::kTagger;
    }
    kept.push_back(std::move(m));
  }
  out_ = std::move(kept);
}

void DocLinker::DropMentions(const std::vector<uint8_t>& drop) {
  size_t kept = 0;
  for (size_t x = 0; x < out_.size(); ++x) {
    if (drop[x]) continue;
    if (kept != x) out_[kept] = std::move(out_[x]);
    ++kept;
  }
  out_.erase(out_.begin() + static_cast<std::ptrdiff_t>(kept), out_.end());
}

void DocLinker::BranchPlaces() {
  // A facility or a sports city stands in its place rather than being a branch of a body there
  // (مدينة الأمير عبدالله بن جلوي الرياضية | بالأحساء, ملعب الجوهرة | بجدة): the place stays its
  // own mention.
  static const StringSet kFacilityHeads = MatchKeySet(
      {"مدينة", "ملعب", "استاد", "ستاد", "مطار",  "ميناء", "جسر",  "طريق", "شارع", "حي",
       "برج",   "فندق", "مول",   "سوق",  "حديقة", "قاعة",  "صالة", "مسجد", "جامع", "قصر"});
  // The places that join the name before them (their index in out_).
  std::vector<size_t> joined;
  for (size_t x = 0; x + 1 < out_.size(); ++x) {
    LinkedMention& m = out_[x];
    if (m.type != EntityType::kOrg || m.entity >= 0) continue;
    if (kFacilityHeads.count(info_[m.begin].key)) continue;
    const LinkedMention& p = out_[x + 1];
    const text::Token& tok = tokens_[p.begin];
    if (p.begin != m.end || (p.type != EntityType::kGpe && p.type != EntityType::kLoc) ||
        p.byte_begin != tok.byte_begin + 2 || !StartsWith(tok.surface, "ب") || p.demonym) {
      continue;
    }
    if (p.entity >= 0) {
      const Entity& place = kb_.entity(static_cast<uint32_t>(p.entity));
      if (place.subtype == "country" || place.subtype == "territory" || place.country.empty())
        continue;
    }
    m.end = p.end;
    m.byte_end = p.byte_end;
    m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
    for (size_t t = p.begin; t < p.end; ++t) {
      m.name.push_back(' ');
      m.name += info_[t].key;
    }
    joined.push_back(++x);  // the place is in the name
  }
  if (joined.empty()) return;
  std::vector<uint8_t> dropped(out_.size(), 0);
  for (const size_t x : joined) dropped[x] = 1;
  DropMentions(dropped);
}

void DocLinker::CommonNounPlaces() {
  std::vector<size_t> drop;
  for (size_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    if (m.end != m.begin + 1 || m.end >= tokens_.size() || m.demonym ||
        (m.type != EntityType::kGpe && m.type != EntityType::kLoc)) {
      continue;
    }
    // A NIL place of the tagger's too (وقوات أمن المطار: "security"), with no evidence to ask.
    const bool nil = m.IsNil();
    if (nil && m.source != MentionSource::kTagger) continue;
    const Entity* place = nil ? nullptr : &kb_.entity(static_cast<uint32_t>(m.entity));
    if (place && (place->subtype == "country" || place->country.empty())) continue;
    const size_t t = m.end;
    if (!info_[t].word || tokens_[t].kind != text::TokenKind::kWord) continue;
    // Next to each other in one sentence: spaces only between them.
    const std::string_view gap =
        text_.substr(tokens_[m.begin].byte_end, tokens_[t].byte_begin - tokens_[m.begin].byte_end);
    if (gap.empty() || gap.find_first_not_of(' ') != std::string_view::npos) continue;
    const std::string name = KnowledgeBase::MatchKeyOf(m.text);
    if (StartsWith(name, "ال") || name.find(' ') != std::string::npos) continue;
    // After في, إلى, من or a place noun the word is the place (في نيويورك الثلاثاء).
    static const StringSet kBeforePlace =
        MatchKeySet({"في", "إلى", "الى", "من", "مدينة", "بمدينة", "لمدينة", "ومدينة", "محافظة",
                     "بمحافظة", "منطقة", "بمنطقة"});
    if (m.begin > 0 && info_[m.begin - 1].word && kBeforePlace.count(info_[m.begin - 1].key))
      continue;
    // Another name after the place is the verb's subject or object (طالبت أنقرة الرياض).
    if (x + 1 < out_.size() && out_[x + 1].begin == t) continue;
    const std::string_view next = info_[t].key;
    bool common = false;
    if (StartsWith(next, "ال")) {
      // A definite noun, not an adjective of the place (a nisba: الشمالية, الدولي; a feminine
      // or elative one: القديمة, الكبرى), a title (subject after the place: زار جدة الأمير) or
      // a function word or date word (اليوم, نيويورك الثلاثاء: a dateline).
      common = next.size() >= 8 && !next.ends_with("ي") && !next.ends_with("ه") &&
               !next.ends_with("ين") && !next.ends_with("ون") && !next.ends_with("ات") &&
               !(info_[t].flags & (kTitleKey | kTitlePrefix)) && !IsStop(t) && !IsDateWord(next);
    } else {
      // An indefinite noun in the accusative and its adjective (درعا تذكاريا).
      common = name.ends_with("ا") && next.ends_with("يا") && next.size() >= 10 &&
               !StartsWith(next, "و") && !IsStop(t);
    }
    if (!common) continue;
    if (nil) {
      drop.push_back(x);
      continue;
    }
    // Evidence of the place: the document names it again, or its country.
    const std::string& c = place->country;
    bool evidence = opt_.country == c;
    for (size_t y = 0; y < out_.size() && !evidence; ++y) {
      if (y == x || out_[y].entity < 0) continue;
      const Entity& o = kb_.entity(static_cast<uint32_t>(out_[y].entity));
      evidence = out_[y].entity == m.entity || o.id == c || o.country == c;
    }
    if (!evidence) drop.push_back(x);
  }
  if (drop.empty()) return;
  std::vector<uint8_t> dropped(out_.size(), 0);
  for (const size_t x : drop) dropped[x] = 1;
  DropMentions(dropped);
}

void DocLinker::TitlesBesideNames() {
  auto is_title = [&](const LinkedMention& m) -> const TitleMention* {
    if (m.type != EntityType::kPer || m.entity < 0 ||
        (m.source != MentionSource::kTitle && m.source != MentionSource::kCoref)) {
      return nullptr;
    }
    for (const TitleMention& t : title_mentions_)
      if (t.byte_begin == m.byte_begin) return &t;
    return nullptr;
  };
  // Tokens a and b (a < b) are next to each other, or one comma or bracket parts them.
  auto beside = [&](size_t a_end, size_t b_begin) {
    if (a_end == b_begin) return true;
    if (a_end + 1 != b_begin || info_[a_end].word) return false;
    const std::string_view p = tokens_[a_end].surface;
    return p == "،" || p == "," || p == "(" || p == ")";
  };
  // A title before the name over the royal or official style that introduces a name (ولي ولي
  // العهد صاحب السمو الملكي الأمير محمد بن سلمان, وزير الخارجية معالي الدكتور ...).
  static const StringSet kStyles =
      MatchKeySet({"صاحب", "السمو", "الملكي", "سمو", "معالي", "فخامة", "سماحة", "دولة", "الأمير",
                   "الشيخ", "الدكتور", "السيد", "الأستاذ", "المهندس"});
  auto styled = [&](size_t a_end, size_t b_begin) {
    if (b_begin <= a_end || b_begin - a_end > 5) return false;
    size_t t = a_end;
    if (!info_[t].word && (tokens_[t].surface == "،" || tokens_[t].surface == ",")) ++t;
    for (; t < b_begin; ++t)
      if (!info_[t].word || !kStyles.count(info_[t].key)) return false;
    return true;
  };
  // Words between titles in a row that make no mention of their own (ولي ولي العهد | مساعد
  // رئيس | مجلس الوزراء | وزير الدفاع): a title's first word or a whole title, with or without
  // proclitics (لرئيس), a deputy's word or an ordinal.
  static const StringSet kChainWords =
      MatchKeySet({"النائب", "نائب", "المساعد", "مساعد", "الأول", "الثاني", "الثالث", "العهد"});
  auto title_gap = [&](size_t a_end, size_t b_begin) {
    if (b_begin < a_end || b_begin - a_end > 4) return false;
    for (size_t t = a_end; t < b_begin; ++t) {
      const TokInfo& w = info_[t];
      if (!w.word) return false;
      if (!((w.flags | w.alt_flags | w.bare_flags) & (kTitleKey | kTitlePrefix)) &&
          !kChainWords.count(w.key)) {
        return false;
      }
    }
    return true;
  };
  // Which mentions go; most documents lose none and are left as they are.
  std::vector<uint8_t> drop(out_.size(), 0);
  bool any = false;
  // The holder's name (or a title of it already dropped) that ends where the next title may
  // start.
  int64_t anchor = -1;
  size_t anchor_end = 0;
  const LinkedMention* last_kept = nullptr;
  for (size_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    const TitleMention* t = is_title(m);
    bool d = false;
    // A word the tagger reads as a person of its own right after a KB person's name, with no
    // comma or و between (عبدالعزيز آل الشيخ | مفتي عام المملكة, ولد الشيخ | كثف): no second
    // person unless it is a known name (استقبل أوباما جيمس: an object), and no word of the name,
    // which the KB matched whole: an office noun in apposition or the verb after the subject.
    if (m.type == EntityType::kPer && m.entity < 0 && m.source == MentionSource::kTagger &&
        m.end == m.begin + 1 && last_kept) {
      const LinkedMention& p = *last_kept;
      const std::string_view w = info_[m.begin].key;
      d = p.type == EntityType::kPer && p.entity >= 0 && p.end == m.begin &&
          p.source != MentionSource::kTitle && !is_title(p) && !impl_.first_tokens.count(w) &&
          !(opt_.is_name_word != nullptr && opt_.is_name_word(w));
    }
    if (t) {
      d = anchor == m.entity && (beside(anchor_end, m.begin) || title_gap(anchor_end, m.begin));
      // Session 16: a title in apposition to another person's name (<NIL name>، وزير الخارجية،
      // or <NIL name> وزير ...; a KB person's name and a comma: سعود الفيصل، وزير الخارجية in a
      // later year) is that person's title, not a mention of the office's holder. Without a comma
      // a KB person's name may be the subject and the title the object (استقبل محمد بن سلمان
      // وزير الخارجية الأمريكي).
      if (!d && last_kept && last_kept->type == EntityType::kPer && !is_title(*last_kept) &&
          last_kept->entity != m.entity && last_kept->source != MentionSource::kTitle &&
          beside(last_kept->end, m.begin)) {
        d = last_kept->entity < 0 || last_kept->end != m.begin;
      }
      if (!d && x + 1 < out_.size()) {
        const LinkedMention& n = out_[x + 1];
        d = n.type == EntityType::kPer && n.entity == m.entity && !is_title(n) &&
            (beside(m.end, n.begin) || styled(m.end, n.begin));
      }
    }
    if (m.type == EntityType::kPer && m.entity >= 0) {
      anchor = m.entity;
      anchor_end = m.end;
    } else if (anchor >= 0 && m.type != EntityType::kPer && m.begin > anchor_end &&
               title_gap(anchor_end, m.begin)) {
      // The body or country a title of the row names (لرئيس | مجلس الوزراء): the row goes on
      // after it; the mention stays.
      anchor_end = m.end;
    } else if (!d) {
      anchor = -1;
    }
    if (d) {
      drop[x] = 1;
      any = true;
    } else {
      last_kept = &m;
    }
  }
  if (!any) return;
  std::vector<LinkedMention> kept;
  kept.reserve(out_.size());
  const size_t n = out_.size();
  for (size_t x = 0; x < n; ++x) {
    if (!drop[x]) {
      kept.push_back(std::move(out_[x]));
      continue;
    }
    const TitleMention* t = is_title(out_[x]);
    if (t && t->of >= 0 && t->of_end > t->of_begin) {
      // The country or body the title names, where the title was (text order holds).
      Emit(t->of_begin, t->of_end, t->of_form, t->of, kb_.entity(static_cast<uint32_t>(t->of)).type,
           0.9f, MentionSource::kGazetteer, t->of_demonym);
      kept.push_back(std::move(out_.back()));
      out_.pop_back();
    }
  }
  out_ = std::move(kept);
}

void DocLinker::CitiesAsClubs() {
  static const StringSet* const kClubTails = new StringSet(MatchKeySet({"سيتي", "يونايتد"}));
  static const StringSet* const kBall =
      new StringSet(MatchKeySet({"كرة", "الكرة", "لكرة", "للكرة", "بالكرة", "والكرة"}));
  auto is_number = [&](size_t t) {
    if (t >= tokens_.size()) return false;
    if (tokens_[t].kind == text::TokenKind::kNumber) return true;
    return info_[t].word && info_[t].key == "صفر";
  };
  int football = -1;  // unknown until a score asks
  auto is_football = [&] {
    if (football >= 0) return football == 1;
    football = 0;
    for (const LinkedMention& m : out_) {
      if (m.entity < 0) continue;
      const std::string& sub = kb_.entity(static_cast<uint32_t>(m.entity)).subtype;
      if (sub == "club" || sub == "sport") football = 1;
    }
    for (size_t t = 0; t < info_.size() && football == 0; ++t)
      if (info_[t].word && kBall->count(info_[t].key)) football = 1;
    return football == 1;
  };
  // A head or place noun before the city, which a masculine nisba may describe (ميناء بندر عباس
  // الإيراني, مطار X, إقليم X).
  static const StringSet* const kPlaceHeads = new StringSet(
      MatchKeySet({"ميناء", "مطار", "إقليم", "مدينة", "محافظة", "ولاية", "منطقة", "عاصمة",
                   "العاصمة", "جامعة", "فندق", "قصر", "مركز", "سوق", "معرض", "مؤتمر", "مهرجان"}));
  auto after_head = [&](const LinkedMention& m) {
    if (m.begin == 0 || m.byte_begin != tokens_[m.begin].byte_begin) return false;
    const TokInfo& p = info_[m.begin - 1];
    if (!p.word) return false;
    if (p.flags & kHeadWord) return true;
    Segment(m.begin - 1);
    return kPlaceHeads->count(p.key) || (!p.alt.empty() && kPlaceHeads->count(p.alt));
  };
  std::vector<uint8_t> drop(out_.size(), 0);
  bool any = false;
  for (size_t x = 0; x < out_.size(); ++x) {
    LinkedMention& m = out_[x];
    if (m.entity < 0 || drop[x] || (m.type != EntityType::kGpe && m.type != EntityType::kLoc)) {
      continue;
    }
    const Entity& city = kb_.entity(static_cast<uint32_t>(m.entity));
    if (city.subtype != "city" && city.subtype != "capital") continue;
    const size_t t = m.end;
    if (t >= tokens_.size()) continue;
    LinkedMention* next = x + 1 < out_.size() && out_[x + 1].begin == t ? &out_[x + 1] : nullptr;
    size_t end = 0;
    if (!next && info_[t].word && kClubTails->count(info_[t].key) &&
        !StartsWith(KnowledgeBase::MatchKeyOf(m.text), "ال") && is_football()) {
      end = t + 1;  // نيويورك سيتي, هال سيتي
    } else if (next && next->demonym && !next->IsNil() && next->end == t + 1 &&
               next->id == city.country && StartsWith(info_[t].key, "ال") &&
               info_[t].key.ends_with("ي") && !after_head(m) && is_football()) {
      end = t + 1;  // روما الإيطالي
    } else if (!next && is_number(t) && t + 2 < tokens_.size() && tokens_[t + 1].surface == "-" &&
               is_number(t + 2) && is_football()) {
      end = t;  // ليون 2-صفر: the name alone
    } else {
      continue;
    }
    // The club the KB holds by the city's name, else none.
    int64_t club = -1;
    for (const AliasHit& h : kb_.LookupKey(KnowledgeBase::MatchKeyOf(m.text))) {
      if (kb_.entity(h.entity).subtype == "club") {
        club = h.entity;
        break;
      }
    }
    if (end > m.end) {
      if (next) {
        drop[x + 1] = 1;
        any = true;
      }
      m.end = static_cast<uint32_t>(end);
      m.byte_end = tokens_[end - 1].byte_end;
      m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
    }
    if (club >= 0) {
      SetEntity(&m, club);
      m.source = MentionSource::kCoref;
    } else {
      ClearEntity(&m);
      m.type = EntityType::kOrg;
      m.name = KnowledgeBase::MatchKeyOf(m.text);
      m.source = MentionSource::kTagger;
    }
    m.demonym = false;
  }
  if (!any) return;
  DropMentions(drop);
}

void DocLinker::KingsOfTheDate() {
  if (!opt_.date) return;
  static const StringSet kLate =
      MatchKeySet({"الراحل", "رحمه", "الراحلين", "المغفور", "الفقيد", "عهد", "له"});
  std::unordered_map<std::string_view, int> named;  // country -> mentions; built on first need
  for (LinkedMention& m : out_) {
    if (m.type != EntityType::kPer || m.entity < 0) continue;
    const Entity& late = kb_.entity(static_cast<uint32_t>(m.entity));
    bool was = false, reigns = false;
    for (const Role& r : late.roles) {
      if (r.role != "monarch") continue;
      was = true;
      reigns |= r.Covers(opt_.date);
    }
    if (!was || reigns) continue;
    // Named by a monarch's title (الملك, العاهل), inside the mention or right before it, not
    // dated as the late king's.
    auto monarch_title = [&](size_t t) {
      if (!info_[t].word) return false;
      for (const std::string& r : kb_.RolesForTitleKey(info_[t].key))
        if (r == "monarch") return true;
      return false;
    };
    size_t b = m.begin;
    if (!monarch_title(b)) {
      if (b == 0 || !monarch_title(b - 1)) continue;
      --b;
    }
    if ((b > 0 && info_[b - 1].word && kLate.count(info_[b - 1].key)) ||
        (m.end < info_.size() && info_[m.end].word && kLate.count(info_[m.end].key))) {
      continue;
    }
    if (named.empty()) {
      for (const LinkedMention& o : out_) {
        if (o.entity < 0) continue;
        const Entity& oe = kb_.entity(static_cast<uint32_t>(o.entity));
        if (oe.type == EntityType::kPer && oe.roles.size() && &oe == &late) continue;
        const std::string& c = oe.subtype == "country" ? oe.id : oe.country;
        if (!c.empty()) ++named[c];
      }
      named[""] = 0;  // built
    }
    std::string key;
    for (size_t t = b; t < m.end; ++t) {
      if (t > b) key += ' ';
      key += info_[t].key;
    }
    key += ' ';
    const int own = named.count(late.country) ? named[late.country] : 0;
    for (const auto& [country, count] : named) {
      if (country.empty() || country == late.country || count == 0 || count < own) continue;
      const Entity* king = kb_.ResolveRole("monarch", country, opt_.date);
      if (!king || king == &late) continue;
      bool extends = false;
      for (const std::string& a : king->aliases_ar)
        extends |= StartsWith(KnowledgeBase::MatchKeyOf(a), key);
      if (!extends) continue;
      SetEntity(&m, king->index);
      m.source = MentionSource::kCoref;
      break;
    }
  }
}

void DocLinker::MonarchBesideItsGovernment() {
  if (!opt_.date) return;
  for (size_t x = 0; x < out_.size(); ++x) {
    LinkedMention& m = out_[x];
    if (m.type != EntityType::kPer || m.entity < 0 || m.end != m.begin + 1 ||
        (m.source != MentionSource::kTitle && m.source != MentionSource::kCoref) ||
        m.end + 1 >= tokens_.size()) {
      continue;
    }
    // The title alone (الملك, للملك, والعاهل), as written or after its proclitics.
    auto monarch_title = [&](std::string_view key) {
      for (const std::string& r : kb_.RolesForTitleKey(key))
        if (r == "monarch") return true;
      return false;
    };
    if (!info_[m.begin].word) continue;
    if (!monarch_title(info_[m.begin].key)) {
      Segment(m.begin);
      if (info_[m.begin].alt.empty() || !monarch_title(info_[m.begin].alt)) continue;
    }
    // Then و + one definite noun (والحكومة, والشعب) and a demonym of a country (الأردنية): the
    // king and the government or people of one country, named side by side.
    const size_t t = m.end;
    if (!info_[t].word || !StartsWith(info_[t].key, "وال") ||
        tokens_[t].byte_begin != tokens_[m.begin].byte_end + 1) {
      continue;
    }
    const LinkedMention* body = nullptr;
    for (size_t y = x + 1; y < out_.size() && out_[y].begin <= t + 1; ++y)
      if (out_[y].begin == t + 1) body = &out_[y];
    if (body == nullptr || !body->demonym || body->entity < 0) continue;
    const Entity& country = kb_.entity(static_cast<uint32_t>(body->entity));
    const Entity& named = kb_.entity(static_cast<uint32_t>(m.entity));
    const std::string& c = country.subtype == "country" ? country.id : country.country;
    if (c.empty() || c == named.country) continue;
    const Entity* king = kb_.ResolveRole("monarch", c, opt_.date);
    if (king == nullptr || king == &named) continue;
    SetEntity(&m, king->index);
    m.source = MentionSource::kCoref;
  }
}

void DocLinker::FamilyNamesNotPlaces() {
  if (opt_.is_name_word == nullptr) return;
  std::vector<uint8_t> drop(out_.size(), 0);
  bool any = false;
  for (size_t x = 0; x < out_.size(); ++x) {
    LinkedMention& m = out_[x];
    if (m.entity < 0 || (m.type != EntityType::kGpe && m.type != EntityType::kLoc) ||
        m.end != m.begin + 1 || m.begin == 0 || m.demonym ||
        m.byte_begin != tokens_[m.begin].byte_begin) {
      continue;
    }
    const std::string_view key = info_[m.begin].key;
    if (!StartsWith(key, "ال") || !key.ends_with("ي") || key.size() < 12) continue;
    const Entity& place = kb_.entity(static_cast<uint32_t>(m.entity));
    if (place.subtype == "country" || place.subtype == "territory") continue;
    const size_t g = m.begin - 1;  // the given name
    if (!info_[g].word || tokens_[g].kind != text::TokenKind::kWord || IsStop(g) ||
        !opt_.is_name_word(info_[g].key)) {
      continue;
    }
    // The given name free, or a NIL person ending there (a tagger span over it alone).
    LinkedMention* prev = x > 0 && out_[x - 1].end > g ? &out_[x - 1] : nullptr;
    if (prev && !(prev->IsNil() && prev->type == EntityType::kPer && prev->end == m.begin)) {
      continue;
    }
    const size_t b = prev ? prev->begin : g;
    if (prev) {
      drop[x - 1] = 1;
      any = true;
    }
    m.begin = static_cast<uint32_t>(b);
    m.byte_begin = prev ? prev->byte_begin : tokens_[g].byte_begin;
    m.text = std::string(text_.substr(m.byte_begin, m.byte_end - m.byte_begin));
    ClearEntity(&m);
    m.type = EntityType::kPer;
    m.name = KnowledgeBase::MatchKeyOf(m.text);
    m.source = MentionSource::kTagger;
  }
  if (!any) return;
  DropMentions(drop);
}

size_t DocLinker::HeadlineEnd() const {
  if (opt_.headline_bytes == 0) return 0;
  size_t end = 0;
  while (end < tokens_.size() && tokens_[end].byte_begin < opt_.headline_bytes) ++end;
  return end == tokens_.size() ? 0 : end;
}

void DocLinker::DropProclitic(LinkedMention* m, size_t t) const {
  m->byte_begin = tokens_[t].byte_begin + BytesForLetters(tokens_[t].surface, 1);
  m->text = std::string(text_.substr(m->byte_begin, m->byte_end - m->byte_begin));
}

void DocLinker::HeadlineSurnames() {
  const size_t end = HeadlineEnd();  // the headline's tokens: [0, end)
  if (end == 0) return;
  // The body's persons by family name: a KB person's (from doc_surnames_, when the body names
  // that person) or a NIL person's last word (its index in out_, kShared when two persons share
  // it; indices, as Emit below grows out_).
  constexpr size_t kShared = static_cast<size_t>(-1);
  std::unordered_set<int64_t> body_persons;
  std::unordered_map<std::string_view, size_t> nil_family;
  for (size_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    if (m.begin < end || m.type != EntityType::kPer) continue;
    if (!m.IsNil()) {
      body_persons.insert(m.entity);
    } else if (m.end - m.begin >= 2 && !m.name.empty() &&
               !IsCompoundNameWord(info_[m.end - 2].key)) {
      auto [it, added] = nil_family.try_emplace(info_[m.end - 1].key, x);
      if (!added && it->second != kShared && out_[it->second].name != m.name) {
        it->second = kShared;
      }
    }
  }
  if (body_persons.empty() && nil_family.empty()) return;
  // Token -> its mention.
  std::vector<int> covered(tokens_.size(), -1);
  for (size_t x = 0; x < out_.size(); ++x) {
    for (size_t t = out_[x].begin; t < out_[x].end && t < tokens_.size(); ++t) {
      covered[t] = static_cast<int>(x);
    }
  }
  // Whether the body writes `k` (alone or after one proclitic) only inside persons' mentions or
  // after `prev`, the word before it in the full name (دي of دي خيا, where the tagger missed the
  // name's tail): a common word a NIL name took in (X قانون) or a surname that is also a word
  // (ظريف, "nice") written otherwise in the body is not vouched for. One pass over the body
  // notes, for each family name, the word before its occurrences outside persons' mentions
  // (kMixed: several): linear in the body whatever the headline.
  const std::string_view kMixed = "\x01";
  std::unordered_map<std::string_view, std::string_view> outside;
  for (size_t b = end; b < tokens_.size(); ++b) {
    if (!info_[b].word || (covered[b] >= 0 && out_[covered[b]].type == EntityType::kPer)) continue;
    const std::string_view w = info_[b].key;
    for (size_t strip : {size_t{0}, size_t{2}}) {
      if (strip && (w.size() < 8 || !ProcliticLetterAt(w, 0))) break;
      const std::string_view k = w.substr(strip);
      if (!doc_surnames_.count(k) && !nil_family.count(k)) continue;
      const std::string_view prev = b > end ? info_[b - 1].key : std::string_view();
      auto [it, added] = outside.try_emplace(k, prev);
      if (!added && it->second != prev) it->second = kMixed;
    }
  }
  auto only_in_names = [&](std::string_view k, std::string_view prev) {
    const auto it = outside.find(k);
    return it == outside.end() || (!prev.empty() && it->second == prev);
  };
  static const StringSet kParticles = {"دي", "دا", "دو", "ديل", "فان", "فون", "لا", "لو"};
  std::vector<uint8_t> drop;  // particles tagged alone that join a name (by out_ index)
  const size_t before = out_.size();
  for (size_t t = 0; t < end; ++t) {
    const int x = covered[t];
    // A NIL span of the tagger's that is the word, or a particle and the word (دي خيا, whatever
    // type the tagger gave it).
    const bool retype = x >= 0 && out_[x].IsNil() && out_[x].source == MentionSource::kTagger &&
                        out_[x].end == t + 1 &&
                        (out_[x].begin == t || (out_[x].begin + 1 == t && info_[t - 1].word &&
                                                kParticles.count(info_[t - 1].key)));
    if ((x >= 0 && !retype) || !info_[t].word) continue;
    const std::string_view key = info_[t].key;
    if (key.size() < 6 || IsStop(t) || (info_[t].flags & (kTitleKey | kTitlePrefix))) continue;
    // The word as written, or after one proclitic letter (لبيلسا, وظريف).
    int64_t person = -1;
    size_t nil = kShared;
    bool proclitic = false;  // the family name after one proclitic letter
    for (size_t strip : {size_t{0}, size_t{2}}) {
      if (strip && (!ProcliticLetterAt(key, 0) || key.size() < 8)) break;
      const std::string_view k = key.substr(strip);
      if (auto it = doc_surnames_.find(k);
          it != doc_surnames_.end() && body_persons.count(it->second)) {
        if (nil_family.count(k)) break;  // a KB person and a NIL one of that family: either
        person = it->second;
      } else if (auto f = nil_family.find(k); f != nil_family.end() && f->second != kShared) {
        nil = f->second;
      } else {
        continue;
      }
      if (!only_in_names(k, nil != kShared ? info_[out_[nil].end - 2].key : std::string_view())) {
        person = -1;
        nil = kShared;
        break;
      }
      proclitic = strip != 0;
      break;
    }
    if (person < 0 && nil == kShared) continue;
    std::string name = nil != kShared ? out_[nil].name : std::string();
    if (retype) {
      LinkedMention& m = out_[x];
      m.type = EntityType::kPer;
      m.source = MentionSource::kCoref;
      if (person >= 0) {
        SetEntity(&m, person);
        m.name.clear();
        m.confidence = 0.7f;
      } else {
        m.name = std::move(name);
      }
      if (proclitic) DropProclitic(&m, t);  // وبيلسا: the name after the proclitic
      continue;
    }
    // A European particle the body's name has before it (دي خيا of دافيد دي خيا) is the name's,
    // untagged or tagged alone.
    size_t first = t;
    if (nil != kShared && !proclitic && t > 0 && info_[t - 1].word &&
        info_[t - 1].key == info_[out_[nil].end - 2].key && kParticles.count(info_[t - 1].key)) {
      const int p = covered[t - 1];
      if (p < 0) {
        first = t - 1;
      } else if (out_[p].IsNil() && out_[p].begin == t - 1 && out_[p].end == t &&
                 out_[p].source == MentionSource::kTagger) {
        first = t - 1;
        drop.resize(out_.size(), 0);
        drop[p] = 1;
      }
    }
    Emit(first, t + 1, 0, person, EntityType::kPer, person >= 0 ? 0.8f : 0.7f,
         MentionSource::kCoref, false);
    LinkedMention& m = out_.back();
    if (proclitic) DropProclitic(&m, t);
    if (nil != kShared) m.name = std::move(name);
  }
  if (!drop.empty()) {
    drop.resize(out_.size(), 0);
    DropMentions(drop);
  }
  if (out_.size() != before || !drop.empty()) {
    std::stable_sort(out_.begin(), out_.end(), [](const LinkedMention& a, const LinkedMention& b) {
      return a.begin < b.begin;
    });
  }
}

void DocLinker::HeadlineOffices() {
  const size_t end = HeadlineEnd();  // the headline's tokens: [0, end)
  if (end == 0) return;
  // A governor's title word, alone or after one proclitic (وأمير).
  auto office = [&](size_t t) -> std::string_view {
    if (!info_[t].word) return {};
    std::string_view k = info_[t].key;
    if (k.size() > 8 && ProcliticLetterAt(k, 0)) k.remove_prefix(2);
    return k == "امير" || k == "محافظ" ? k : std::string_view();
  };
  bool any_office = false;
  for (size_t t = 0; t + 1 < end && !any_office; ++t) any_office = !office(t).empty();
  if (!any_office) return;
  // Mentions by first and last token: KB places by start, persons named (not by a title) by
  // start and by end.
  std::vector<int> place_at(tokens_.size(), -1), person_at(tokens_.size(), -1),
      person_ending(tokens_.size() + 1, -1);
  for (size_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    if (m.begin >= m.end || m.end > tokens_.size()) continue;
    if (m.entity >= 0 && (m.type == EntityType::kGpe || m.type == EntityType::kLoc)) {
      place_at[m.begin] = static_cast<int>(x);
    } else if (m.type == EntityType::kPer && m.source != MentionSource::kTitle &&
               (m.entity >= 0 || !m.name.empty())) {
      person_at[m.begin] = static_cast<int>(x);
      person_ending[m.end] = static_cast<int>(x);
    }
  }
  // The KB place mention right after a title word at t (past منطقة / محافظة when they are not
  // the place's own name); -1 when none.
  auto place_after = [&](size_t t) -> int {
    if (t + 1 >= tokens_.size()) return -1;
    if (place_at[t + 1] >= 0) return place_at[t + 1];
    const std::string_view k = info_[t + 1].key;
    if ((k == "منطقه" || k == "محافظه") && t + 2 < tokens_.size()) return place_at[t + 2];
    return -1;
  };
  static const StringSet kStyles =
      MatchKeySet({"صاحب", "السمو", "الملكي", "سمو", "الأمير", "معالي", "الشيخ", "اللواء"});
  // The body's titles of places with the person named beside them: خالد الفيصل ... أمير منطقة
  // مكة المكرمة (at most six tokens before, no sentence end between; title mentions such as
  // خادم الحرمين الشريفين are no names), or أمير منطقة ... صاحب السمو الملكي الأمير خالد
  // الفيصل. One pass: linear in the body.
  struct Office {
    std::string_view title;
    uint32_t place;
    int holder;
  };
  std::vector<Office> offices;
  for (size_t b = end; b + 1 < tokens_.size(); ++b) {
    const std::string_view title = office(b);
    if (title.empty()) continue;
    const int bp = place_after(b);
    if (bp < 0) continue;
    int found = -1;
    for (size_t p = b; p >= end && b - p <= 6; --p) {
      if (person_ending[p] >= 0 && out_[person_ending[p]].begin >= end) {
        found = person_ending[p];
        break;
      }
      if (p == end || p == 0) break;
      const std::string_view w = tokens_[p - 1].surface;
      if (w == "." || w == "؛" || w == "!" || w == "؟" || w == "?") break;
    }
    if (found < 0) {
      size_t y = out_[bp].end;
      while (y < tokens_.size() && y < out_[bp].end + 4 && info_[y].word &&
             kStyles.count(info_[y].key)) {
        ++y;
      }
      if (y < tokens_.size()) found = person_at[y];
    }
    if (found >= 0) offices.push_back({title, static_cast<uint32_t>(out_[bp].entity), found});
  }
  if (offices.empty()) return;
  auto same_place = [&](const Entity& a, const Entity& b) {
    return a.index == b.index || (!a.part_of.empty() && a.part_of == b.id) ||
           (!b.part_of.empty() && b.part_of == a.id) || (!a.capital.empty() && a.capital == b.id) ||
           (!b.capital.empty() && b.capital == a.id);
  };
  // The body's one holder of `title` of `place` (its region or capital): the index in out_ of the
  // person the body names beside it, when all such persons agree; else -1. Asked once per title
  // and place (a headline may repeat them: headline by body, not quadratic in the document).
  std::map<std::pair<std::string_view, uint32_t>, int> holders;
  auto holder_of = [&](std::string_view title, uint32_t place_index) {
    auto [it, added] = holders.try_emplace({title, place_index}, -1);
    if (!added) return it->second;
    const Entity& place = kb_.entity(place_index);
    int holder = -1;
    for (const Office& o : offices) {
      if (o.title != title || !same_place(place, kb_.entity(o.place))) continue;
      if (holder < 0) {
        holder = o.holder;
        continue;
      }
      const LinkedMention& h = out_[holder];
      const LinkedMention& f = out_[o.holder];
      if (h.entity != f.entity || (f.IsNil() && f.name != h.name)) return it->second = -1;
    }
    return it->second = holder;
  };
  std::vector<uint8_t> drop(out_.size(), 0);
  bool any = false;
  for (size_t t = 0; t + 1 < end; ++t) {
    const std::string_view title = office(t);
    if (title.empty()) continue;
    const int hp = place_after(t);
    if (hp < 0 || out_[hp].end > end) continue;
    const int holder = holder_of(title, static_cast<uint32_t>(out_[hp].entity));
    if (holder < 0) continue;
    const LinkedMention h = out_[holder];  // a copy: Emit grows out_
    const size_t span_end = out_[hp].end;
    drop[hp] = 1;
    Emit(t, span_end, 0, h.entity, EntityType::kPer, 0.7f, MentionSource::kTitle, false);
    LinkedMention& m = out_.back();
    if (h.IsNil()) m.name = h.name;
    if (info_[t].key.size() > 8 && ProcliticLetterAt(info_[t].key, 0)) DropProclitic(&m, t);
    any = true;
    t = span_end - 1;
  }
  if (!any) return;
  drop.resize(out_.size(), 0);
  DropMentions(drop);
  std::stable_sort(out_.begin(), out_.end(), [](const LinkedMention& a, const LinkedMention& b) {
    return a.begin < b.begin;
  });
}

void DocLinker::NounsBeforeTheirComplement() {
  std::vector<uint8_t> drop;
  for (size_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    if (m.type != EntityType::kPer || !m.IsNil() ||
        (m.source != MentionSource::kTagger && m.source != MentionSource::kCoref) ||
        m.end != m.begin + 1 || m.end >= tokens_.size() ||
        m.byte_begin != tokens_[m.begin].byte_begin + 2 ||
        !StartsWith(tokens_[m.begin].surface, "و")) {
      continue;  // و alone peeled off: after ل or ب a name may take a subject (وسبق لروميرو اللعب)
    }
    const size_t t = m.end;
    if (!info_[t].word || tokens_[t].kind != text::TokenKind::kWord) continue;
    if (x + 1 < out_.size() && out_[x + 1].begin <= t) continue;  // a mention holds it
    const std::string_view gap =
        text_.substr(tokens_[m.begin].byte_end, tokens_[t].byte_begin - tokens_[m.begin].byte_end);
    if (gap.empty() || gap.find_first_not_of(' ') != std::string_view::npos) continue;
    const std::string_view next = info_[t].key;
    // A definite noun of 3 letters or more: not a nisba (-ي, -ية: a family name or an adjective),
    // plural, title, KB name, date or function word (a relative: سيرينا التي). A word in ة may
    // be a noun here (بحسن النية): a feminine adjective would not follow a masculine name.
    if (!StartsWith(next, "ال") || next.size() < 10 || next.ends_with("ي") ||
        next.ends_with("يه") || next.ends_with("ين") || next.ends_with("ون") ||
        next.ends_with("ات") || (info_[t].flags & (kTitleKey | kTitlePrefix | kAliasKey)) ||
        IsStop(t) || IsDateWord(next)) {
      continue;
    }
    // Nor a name word of the lexicon (a family name the tagger left out: وحسن الراشد).
    const std::string_view bare = next.substr(4);
    if (opt_.is_name_word != nullptr && (opt_.is_name_word(next) || opt_.is_name_word(bare))) {
      continue;
    }
    if (drop.empty()) drop.assign(out_.size(), 0);
    drop[x] = 1;
  }
  if (drop.empty()) return;
  DropMentions(drop);
}

void DocLinker::ClubNamesAsWords() {
  auto bare_club = [&](const LinkedMention& m) {
    return m.entity >= 0 && m.end == m.begin + 1 && m.begin > 0 &&
           m.byte_begin == tokens_[m.begin].byte_begin && StartsWith(info_[m.begin].key, "ال") &&
           kb_.entity(static_cast<uint32_t>(m.entity)).subtype == "club";
  };
  if (std::none_of(out_.begin(), out_.end(), bare_club)) return;
  const StringSet& sport = FootballWords();
  // Football words as written or after proclitics (segmenting is dear: only a word that may be
  // proclitics + one of them).
  int football = 0;
  for (size_t t = 0; t < tokens_.size() && football < 2; ++t) {
    if (!info_[t].word) continue;
    if (sport.count(info_[t].key)) {
      ++football;
      continue;
    }
    if (!MaybeCliticOf(info_[t].key, sport)) continue;
    Segment(t);
    const TokInfo& ti = info_[t];
    football +=
        (!ti.alt.empty() && sport.count(ti.alt)) || (!ti.bare.empty() && sport.count(ti.bare));
  }
  if (football >= 2) return;
  static const StringSet kClubHeads =
      MatchKeySet({"النادي", "الناديين", "الفريق", "الفريقين", "المنتخب"});
  static const std::string feast = text::MatchKey("عيد");
  std::vector<uint8_t> drop;
  for (size_t x = 0; x < out_.size(); ++x) {
    const LinkedMention& m = out_[x];
    if (!bare_club(m)) continue;
    const size_t p = m.begin - 1;
    if (!info_[p].word || tokens_[p].kind != text::TokenKind::kWord) continue;
    if (x > 0 && out_[x - 1].end > p) continue;  // a mention holds the word before
    const std::string_view gap =
        text_.substr(tokens_[p].byte_end, tokens_[m.begin].byte_begin - tokens_[p].byte_end);
    if (gap.empty() || gap.find_first_not_of(' ') != std::string_view::npos) continue;
    const std::string_view before = info_[p].key;
    bool word = false;
    // The noun without و/ف and ب/ك or ل (والتعليم, بالتعليم; ل + ال is written لل: للتعليم).
    std::string_view noun = before;
    if (StartsWith(noun, "و") || StartsWith(noun, "ف")) noun.remove_prefix(2);
    if (StartsWith(noun, "بال") || StartsWith(noun, "كال")) noun.remove_prefix(2);
    std::string defined;
    if (StartsWith(noun, "لل")) {
      defined = "ا" + std::string(noun.substr(2));
    } else if (StartsWith(noun, "ال")) {
      defined = std::string(noun);
    }
    if (!defined.empty()) {
      // A definite noun of 3 letters or more after ال, no club's head, name or function word.
      word = defined.size() >= 10 && !kClubHeads.count(defined) &&
             !(info_[p].flags & (kAliasKey | kTitleKey)) && !IsStop(p);
    } else {
      // عيد, also after و/ف and ل/ب (لعيد, وبعيد); the analyzer keeps بعيد ("far") whole.
      std::string_view w = before;
      if (StartsWith(w, "و") || StartsWith(w, "ف")) w.remove_prefix(2);
      if (StartsWith(w, "ل") || StartsWith(w, "ب")) w.remove_prefix(2);
      word = w == feast;
    }
    if (!word) continue;
    if (drop.empty()) drop.assign(out_.size(), 0);
    drop[x] = 1;
  }
  if (drop.empty()) return;
  DropMentions(drop);
}

std::vector<LinkedMention> DocLinker::Run() {
  Prepare();
  WidenLatinSpans();
  size_t i = 0;
  while (i < tokens_.size()) {
    if (!info_[i].word) {
      ++i;
      continue;
    }
    if (opt_.gazetteer && tokens_[i].kind == text::TokenKind::kLatin && TryLatin(&i)) continue;
    if (opt_.gazetteer && TryQuotedOutlet(&i)) continue;
    if (opt_.gazetteer && TryQuotedOrg(&i)) continue;
    if (opt_.gazetteer && TryCreditOutlet(&i)) continue;
    if (opt_.titles && TryTitle(&i)) continue;
    if (opt_.gazetteer && TryShareList(&i)) continue;
    if (opt_.gazetteer && TryAlias(&i)) continue;
    if (TryCoref(&i)) continue;
    if (TryPattern(&i)) continue;
    if (i + 3 < tokens_.size() && (info_[i + 1].flags & kNamedAfterCue)) {
      if (info_[i + 1].key == "العامه" ? TryGeneralDirectorate(&i) : TryNamedAfter(&i)) continue;
    }
    ++i;
  }
  ApplySpans();
  QuotedPhrases();
  if (opt_.nil_spans) PlacesAfterPlaceNouns();
  OneTypePerName();
  ClubsByTaggedName();
  // The clubs of a list are named clubs too: their tagged names elsewhere are them.
  if (ClubLists()) ClubsByTaggedName();
  TaggedByDomain();
  RepickByCountry();
  BareSurnames();
  NisbaGivenNames();
  BareKingdom();
  TwinPlaces();
  JoinPartialNames();
  InternationalFederations();
  FootballBodies();
  SharedClubNames();
  ForeignClubs();
  BranchPlaces();
  CommonNounPlaces();
  TitlesBesideNames();
  CitiesAsClubs();
  KingsOfTheDate();
  MonarchBesideItsGovernment();
  FamilyNamesNotPlaces();
  HeadlineSurnames();
  HeadlineOffices();
  NounsBeforeTheirComplement();
  ClubNamesAsWords();
  return std::move(out_);
}

}  // namespace

Linker::Linker(const KnowledgeBase& kb) : kb_(kb) {}

std::vector<LinkedMention> Linker::Link(std::string_view text, std::span<const text::Token> tokens,
                                        std::span<const TypedSpan> spans,
                                        const LinkOptions& opt) const {
  DocLinker d(kb_, *kb_.impl_, text, tokens, spans, opt);
  return d.Run();
}

std::vector<LinkedMention> Linker::LinkText(std::string_view text, const LinkOptions& opt) const {
  std::vector<text::Token> tokens = text::Tokenize(text);
  return Link(text, tokens, {}, opt);
}

}  // namespace khabar::kb

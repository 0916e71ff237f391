// Clitic segmentation, light stemming and the streaming analysis (docs/analyzer.md,
// "Segmentation").
//
// Words are segmented from their match key only (one byte per key letter, code point - U+0600),
// so every spelling with the same key (ة/ه, ى/ي, hamza forms, diacritics, tatweel) gets the same
// segmentation: search, dedupe and NER compare words by key. A final ه is read both as ه and as ة
// and one reading is chosen from the key and the lexicons (SegmentKey). The parts are slices of the
// word's key.
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "embedded/TextData.h"
#include "khabar/text.h"
#include "text/chars.h"
#include "text/tokenizer.h"

namespace khabar::text {
namespace {

// Letters of the analysis layer (code point - U+0600).
constexpr uint8_t kAlef = 0x27;       // ا
constexpr uint8_t kBa = 0x28;         // ب
constexpr uint8_t kTaMarbuta = 0x29;  // ة
constexpr uint8_t kTa = 0x2A;         // ت
constexpr uint8_t kSin = 0x33;        // س
constexpr uint8_t kFa = 0x41;         // ف
constexpr uint8_t kKaf = 0x43;        // ك
constexpr uint8_t kLam = 0x44;        // ل
constexpr uint8_t kMim = 0x45;        // م
constexpr uint8_t kNun = 0x46;        // ن
constexpr uint8_t kHa = 0x47;         // ه
constexpr uint8_t kWaw = 0x48;        // و
constexpr uint8_t kYa = 0x4A;         // ي

constexpr uint8_t kFlagStop = 1, kFlagProtected = 2, kFlagKnown = 4;
constexpr size_t kMaxWord = 48;  // longer "words" are not segmented

// Lexicon lookups use the match-key fold except ة -> ه: فكرة (a word) and فكره (فكر + pronoun)
// must not meet there. Tables, not switches: this runs for every letter of every word.
struct FoldTables {
  uint8_t lookup[256];
  uint8_t key[256];
  constexpr FoldTables() : lookup(), key() {
    for (int b = 0; b < 256; ++b) lookup[b] = key[b] = static_cast<uint8_t>(b);
    lookup[0x22] = lookup[0x23] = lookup[0x25] = kAlef;  // آ أ إ
    lookup[0x49] = lookup[0x26] = kYa;                   // ى ئ
    lookup[0x24] = kWaw;                                 // ؤ
    for (int b = 0; b < 256; ++b) key[b] = lookup[b];
    key[kTaMarbuta] = kHa;
  }
};
constexpr FoldTables kFold;
inline uint8_t LookupFold(uint8_t b) { return kFold.lookup[b]; }
inline uint8_t KeyFoldLetter(uint8_t b) { return kFold.key[b]; }

// Code points U+0600..U+067F of the fast path: 1 letter, 2 tatweel, 3 diacritic, 0 other.
struct FastClasses {
  uint8_t of[0x80];
  constexpr FastClasses() : of() {
    for (int c = 0x21; c <= 0x4A; ++c) of[c] = 1;
    for (int c = 0x3B; c <= 0x3F; ++c) of[c] = 0;
    of[0x40] = 2;
    for (int c = 0x4B; c <= 0x5F; ++c) of[c] = 3;
    of[0x53] = of[0x54] = of[0x55] = 0;  // combining madda/hamza compose: general path
    of[0x70] = 3;
  }
};
constexpr FastClasses kFastClasses;

struct Proclitic {
  uint8_t len;
  uint8_t letters[4];
  bool article;  // ends with ال (or is لل = ل + ال)
  bool future;   // ends with س
};

// Every proclitic combination: [و|ف]? ( [ب|ك|ل]? ال | [ب|ك|ل|س] )?, ل + ال written لل.
constexpr Proclitic kProclitics[] = {
    {1, {kWaw}, false, false},
    {1, {kFa}, false, false},
    {1, {kBa}, false, false},
    {1, {kKaf}, false, false},
    {1, {kLam}, false, false},
    {1, {kSin}, false, true},
    {2, {kAlef, kLam}, true, false},
    {2, {kLam, kLam}, true, false},
    {2, {kWaw, kBa}, false, false},
    {2, {kWaw, kKaf}, false, false},
    {2, {kWaw, kLam}, false, false},
    {2, {kWaw, kSin}, false, true},
    {2, {kFa, kBa}, false, false},
    {2, {kFa, kKaf}, false, false},
    {2, {kFa, kLam}, false, false},
    {2, {kFa, kSin}, false, true},
    {3, {kWaw, kAlef, kLam}, true, false},
    {3, {kFa, kAlef, kLam}, true, false},
    {3, {kBa, kAlef, kLam}, true, false},
    {3, {kKaf, kAlef, kLam}, true, false},
    {3, {kWaw, kLam, kLam}, true, false},
    {3, {kFa, kLam, kLam}, true, false},
    {4, {kWaw, kBa, kAlef, kLam}, true, false},
    {4, {kWaw, kKaf, kAlef, kLam}, true, false},
    {4, {kFa, kBa, kAlef, kLam}, true, false},
    {4, {kFa, kKaf, kAlef, kLam}, true, false},
};

struct Enclitic {
  uint8_t len;
  uint8_t letters[3];
  uint8_t min_base;  // shortest base left by the default rules
};

// Longest first. ي is only taken when the base is a known noun (حكومتي); see Segment.
constexpr Enclitic kEnclitics[] = {
    {3, {kHa, kMim, kAlef}, 2},
    {3, {kKaf, kMim, kAlef}, 3},
    {2, {kHa, kMim}, 3},
    {2, {kHa, kNun}, 3},
    {2, {kHa, kAlef}, 2},
    {2, {kKaf, kMim}, 3},
    {2, {kKaf, kNun}, 3},
    {2, {kNun, kAlef}, 3},
    {2, {kNun, kYa}, 3},
    {1, {kHa}, 3},
    {1, {kYa}, 3},
};

// Person prefixes of the imperfect after the future س (سيقول ستكون سنعمل); not ا (سابق سادس
// ساحة), which is also the key of أ (سأعمل stays whole).
bool IsFuturePrefix(uint8_t b) { return b == kYa || b == kTa || b == kNun; }

// Packs up to 10 key letters (6 bits each, U+0621..U+065F) and the length into one integer; 0 when
// the slice cannot be packed (then the string map is used).
inline uint64_t Pack(const uint8_t* k, size_t n) {
  if (n == 0 || n > 10) return 0;
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (k[i] < 0x21 || k[i] > 0x5F) return 0;
    v = (v << 6) | (k[i] - 0x20);
  }
  return v | (static_cast<uint64_t>(n) << 60);
}

}  // namespace

struct Analyzer::Lexicon {
  // Open-addressing table of packed keys -> flags.
  std::vector<uint64_t> keys;
  std::vector<uint8_t> flags;
  uint64_t mask = 0;
  std::unordered_map<std::string, uint8_t> long_words;  // keys that do not pack
  // One bit per 16-bit hash of the packed keys (8 KiB, stays in L1): most lookups are misses
  // and end here.
  uint64_t filter[1024] = {};
  static uint32_t FilterBit(uint64_t packed) {
    return static_cast<uint32_t>((packed * 0xD6E8FEB86659FD93ull) >> 48);
  }

  void Insert(const uint8_t* k, size_t n, uint8_t flag) {
    const uint64_t packed = Pack(k, n);
    if (packed == 0) {
      long_words[std::string(reinterpret_cast<const char*>(k), n)] |= flag;
      return;
    }
    const uint32_t bit = FilterBit(packed);
    filter[bit >> 6] |= uint64_t{1} << (bit & 63);
    for (uint64_t h = Hash(packed);; h = (h + 1) & mask) {
      if (keys[h] == 0 || keys[h] == packed) {
        keys[h] = packed;
        flags[h] |= flag;
        return;
      }
    }
  }

  uint64_t Hash(uint64_t packed) const { return (packed * 0x9E3779B97F4A7C15ull >> 20) & mask; }

  uint8_t Lookup(const uint8_t* k, size_t n) const {
    const uint64_t packed = Pack(k, n);
    return packed != 0 ? LookupPacked(packed) : LookupLong(k, n);
  }
  uint8_t LookupLong(const uint8_t* k, size_t n) const {
    if (long_words.empty() || n == 0) return 0;
    auto it = long_words.find(std::string(reinterpret_cast<const char*>(k), n));
    return it == long_words.end() ? 0 : it->second;
  }
  uint8_t LookupPacked(uint64_t packed) const {
    const uint32_t bit = FilterBit(packed);
    if (!(filter[bit >> 6] & (uint64_t{1} << (bit & 63)))) return 0;
    for (uint64_t h = Hash(packed);; h = (h + 1) & mask) {
      if (keys[h] == packed) return flags[h];
      if (keys[h] == 0) return 0;
    }
  }

  // Flags of k[0..n) followed by `letter` (ه: a word whose ة became ت or was dropped: وزارت).
  uint8_t LookupPlus(const uint8_t* k, size_t n, uint8_t letter) const {
    uint8_t buf[kMaxWord + 1];
    if (n >= kMaxWord) return 0;
    std::memcpy(buf, k, n);
    buf[n] = letter;
    return Lookup(buf, n + 1);
  }
};

namespace {

// Converts a word to lookup letters (LookupFold of the analysis layer); false when it is not one
// Arabic word.
bool KeyLetters(std::string_view word, std::vector<uint8_t>* out) {
  std::string key;
  internal::LayerWriter writer(internal::LayerWriter::kAnalysis, true, &key);
  writer.Feed(word);
  writer.Finish();
  out->clear();
  for (size_t i = 0; i + 1 < key.size(); i += 2) {
    const unsigned char b0 = key[i], b1 = key[i + 1];
    if (b0 < 0xD8 || b0 > 0xDB || b1 < 0x80 || b1 > 0xBF) return false;
    const uint32_t cp = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
    if (cp < 0x0621 || cp > 0x06FF) return false;
    out->push_back(LookupFold(static_cast<uint8_t>(cp - 0x0600)));
  }
  return !out->empty() && key.size() == out->size() * 2;
}

template <typename F>
void ForEachEntry(std::string_view data, F&& f) {
  size_t pos = 0;
  while (pos < data.size()) {
    size_t eol = data.find('\n', pos);
    if (eol == std::string_view::npos) eol = data.size();
    std::string_view line = data.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty()) f(line);
  }
}

// One word being segmented: analysis letters p, key letters k.
struct Word {
  const uint8_t* p;
  const uint8_t* k;
  size_t n;
  // pre[i]: k[0..i) packed 6 bits a letter (mod 2^64); bad[i]: letters in k[0..i) that do not
  // pack. A slice packs in O(1): pre[e] - (pre[b] << 6 (e - b)).
  const uint64_t* pre;
  const uint8_t* bad;
};

struct Split {
  size_t pre = 0;   // proclitic letters
  size_t post = 0;  // enclitic letters
  size_t stem = 0;  // stem letters (after the proclitics)
};

class Segmenter {
 public:
  Segmenter(const Analyzer::Lexicon& lex, const Word& w) : lex_(lex), w_(w) {
    const uint8_t last = w.p[w.n - 1];
    if (last != kHa && last != kAlef && last != kMim && last != kNun && last != kYa) return;
    for (const Enclitic& en : kEnclitics) {
      if (w.n >= en.len + size_t{2} && EndsWith(w.n, en)) enclitics_[num_enclitics_++] = &en;
    }
  }

  // Order: lexicon words (whole, or a protected word/stopword after proclitics, or a known base
  // between clitics), then the default rules.
  Split Run() const { return RunFrom(0); }
  // Whether the last Run() was decided by the lexicons (a known, protected or stop word) rather
  // than by the default rules for unknown words.
  bool lexical() const { return lexical_; }
  uint8_t Lookup(size_t b, size_t e) const { return Flags(b, e); }

 private:
  // The proclitic combinations that match at `start`, shortest first.
  struct Candidates {
    const Proclitic* list[std::size(kProclitics)];
    size_t size = 0;
  };
  void MatchProclitics(size_t start, Candidates* c) const {
    const uint8_t first = w_.p[start];
    if (first != kWaw && first != kFa && first != kBa && first != kKaf && first != kLam &&
        first != kSin && first != kAlef) {
      return;
    }
    for (const Proclitic& pr : kProclitics) {
      if (Matches(pr, start)) c->list[c->size++] = &pr;
    }
  }

  Split RunFrom(size_t start) const {
    const size_t n = w_.n;
    Split s;
    Candidates candidates;
    s.pre = start;
    const uint8_t whole = Flags(start, n);
    lexical_ = true;
    if (n - start <= 2 || (whole & (kFlagStop | kFlagProtected))) {
      lexical_ = whole != 0;
      s.stem = n - start;
      return s;
    }
    if (KnownBase(start, n)) {
      s.stem = StemLength(start, n, false);
      return s;
    }
    // A proclitic before a protected word or a stopword: وواشنطن, لليبيا, وفي.
    MatchProclitics(start, &candidates);
    for (size_t i = 0; i < candidates.size; ++i) {
      const Proclitic& pr = *candidates.list[i];
      if (n - start - pr.len < 2) continue;
      if (Flags(start + pr.len, n) & (kFlagStop | kFlagProtected)) {
        s.pre = start + pr.len;
        s.stem = n - s.pre;
        return s;
      }
    }
    if (FindEnclitic(start, &s)) return s;
    if (FindKnown(start, candidates, &s)) return s;
    lexical_ = false;
    DefaultRules(start, candidates, &s);
    return s;
  }

  uint8_t Flags(size_t b, size_t e) const {
    const size_t len = e - b;
    if (len == 0 || len > 10 || w_.bad[e] != w_.bad[b]) return lex_.LookupLong(w_.k + b, len);
    return lex_.LookupPacked((w_.pre[e] - (w_.pre[b] << (6 * len))) |
                             (static_cast<uint64_t>(len) << 60));
  }
  // Flags of k[b..e) followed by `letter` (ة: the singular of وزارت, وزار; ا: ليبي -> ليبيا).
  uint8_t FlagsPlus(size_t b, size_t e, uint8_t letter) const {
    const size_t len = e - b;
    if (len == 0 || len > 9 || w_.bad[e] != w_.bad[b]) {
      return lex_.LookupPlus(w_.k + b, len, letter);
    }
    const uint64_t slice = w_.pre[e] - (w_.pre[b] << (6 * len));
    return lex_.LookupPacked(((slice << 6) | (letter - 0x20)) |
                             (static_cast<uint64_t>(len + 1) << 60));
  }
  bool Matches(const Proclitic& pr, size_t start) const {
    if (start + pr.len >= w_.n) return false;
    for (size_t i = 0; i < pr.len; ++i) {
      if (w_.p[start + i] != pr.letters[i]) return false;
    }
    return true;
  }
  bool EndsWith(size_t e, const Enclitic& en) const {
    for (size_t i = 0; i < en.len; ++i) {
      if (w_.p[e - en.len + i] != en.letters[i]) return false;
    }
    return true;
  }

  // [b, e) is a lexicon word, or the nisba adjective of one: لبناني (لبنان), ليبي (ليبيا),
  // كندي (كندا), بيئي (بيئة).
  bool KnownWord(size_t b, size_t e, uint8_t mask) const {
    if (Flags(b, e) & mask) return true;
    if (e - b < 3 || w_.p[e - 1] != kYa) return false;
    return ((Flags(b, e - 1) | FlagsPlus(b, e - 1, kAlef) | FlagsPlus(b, e - 1, kTaMarbuta) |
             FlagsPlus(b, e, kAlef)) &
            (kFlagKnown | kFlagProtected)) != 0;
  }

  // [b, end) or [b, end) + ة is a known word.
  bool KnownStem(size_t b, size_t end) const {
    return end - b >= 2 && (KnownWord(b, end, kFlagKnown | kFlagProtected) ||
                            (FlagsPlus(b, end, kTaMarbuta) & kFlagKnown));
  }

  // [b, e) is a known word, or one with a feminine/dual/plural suffix (وزارات -> وزارة).
  bool KnownBase(size_t b, size_t e) const {
    const size_t len = e - b;
    if (KnownWord(b, e, kFlagKnown | kFlagProtected)) return true;
    const uint8_t* p = w_.p;
    const uint8_t last = p[e - 1], before = len >= 2 ? p[e - 2] : 0;
    if (len >= 4 && before == kAlef && last == kTa && KnownStem(b, e - 2)) return true;
    if (last == kTaMarbuta || last == kTa) return KnownStem(b, e - 1);
    if (len < 4) return false;
    if ((before == kWaw || before == kYa || before == kAlef) && last == kNun) {
      return KnownStem(b, e - 2) || (p[e - 3] == kTa && KnownStem(b, e - 3));
    }
    return false;
  }

  // The word from `b` starts with the article (ال, or لل = ل + ال, after optional و/ف and ب/ك)
  // followed by >= 3 letters.
  bool ArticleAt(size_t b) const {
    const uint8_t* p = w_.p;
    const size_t n = w_.n;
    size_t i = b;
    if (i < n && (p[i] == kWaw || p[i] == kFa)) ++i;
    if (i + 1 < n && (p[i] == kBa || p[i] == kKaf) && p[i + 1] == kAlef) ++i;
    if (i + 2 > n) return false;
    const bool article = (p[i] == kAlef || p[i] == kLam) && p[i + 1] == kLam;
    return article && n - (i + 2) >= 3;
  }

  // [b, e) is a known feminine word whose ة is written ه before an enclitic (وزارةها, key
  // وزارهها: the key cannot tell ة from ه).
  bool FeminineHa(size_t b, size_t e) const {
    return e - b >= 3 && w_.p[e - 1] == kHa && !(Flags(b, e) & kFlagKnown) &&
           (FlagsPlus(b, e - 1, kTaMarbuta) & kFlagKnown);
  }

  // Enclitic on a known base, no proclitic: وجهه, حكومتي, بينهما.
  bool FindEnclitic(size_t pl, Split* s) const {
    const size_t n = w_.n;
    for (size_t i = 0; i < num_enclitics_; ++i) {
      const Enclitic& en = *enclitics_[i];
      if (n - pl < en.len + size_t{2}) continue;
      const size_t e = n - en.len;
      if (en.letters[en.len - 1] == kYa && ArticleAt(pl)) {
        continue;  // الفني المصري: the article never takes a pronoun; ي/ني there is a nisba
      }
      if (en.len == 1 && en.letters[0] == kYa) {
        // "my": only on a known noun whose ة became ت (حكومتي); a final ي is otherwise nisba.
        if (w_.p[e - 1] != kTa || !(FlagsPlus(pl, e - 1, kTaMarbuta) & kFlagKnown)) {
          continue;
        }
      } else if (!KnownBase(pl, e) && !FeminineHa(pl, e) &&
                 !((Flags(pl, e) & kFlagStop) && w_.p[e - 1] != kAlef &&
                   (en.letters[0] != kNun || en.len != 2 || w_.p[e - 1] == kNun))) {
        continue;  // a preposition takes pronouns too: بينهما, أمامه, إنني (not مع|ني: معنى)
      }
      s->pre = pl;
      s->post = en.len;
      s->stem = (Flags(pl, e) & (kFlagProtected | kFlagStop)) ? e - pl : StemLength(pl, e, true);
      return true;
    }
    return false;
  }

  bool FindKnown(size_t start, const Candidates& candidates, Split* s) const {
    const size_t n = w_.n;
    for (size_t i = 0; i < candidates.size; ++i) {
      const Proclitic& pr = *candidates.list[i];
      const size_t pl = start + pr.len;
      if (n - pl < 2) continue;
      if (pr.future && (n - pl < 3 || !IsFuturePrefix(w_.p[pl]))) continue;
      if ((Flags(pl, n) & kFlagKnown) || KnownBase(pl, n)) {
        s->pre = pl;
        s->stem = StemLength(pl, n, false);
        return true;
      }
      if (!pr.article && FindEnclitic(pl, s)) return true;
    }
    return false;
  }

  void DefaultRules(size_t start, const Candidates& candidates, Split* s) const {
    const size_t n = w_.n;
    const uint8_t* p = w_.p;
    size_t pl = start;
    bool article = false;
    for (size_t i = candidates.size; i-- > 0;) {
      const Proclitic& pr = *candidates.list[i];
      if (pr.article && n - start - pr.len >= 2) {
        pl = start + pr.len;
        article = true;
        break;
      }
    }
    if (!article) {
      if (pl == 0 && (p[0] == kWaw || p[0] == kFa) && n - 1 >= 3) pl = 1;
      if (pl < n && pl <= 1) {
        if ((p[pl] == kBa || p[pl] == kKaf || p[pl] == kLam) && n - pl - 1 >= 3) {
          ++pl;
        } else if (p[pl] == kSin && n - pl - 1 >= 3 && IsFuturePrefix(p[pl + 1])) {
          ++pl;
        }
      }
    }
    size_t post = 0;
    if (!article) {
      for (size_t i = 0; i < num_enclitics_; ++i) {
        const Enclitic& en = *enclitics_[i];
        if (en.len == 1 && en.letters[0] == kYa) continue;
        if (n - pl < en.len + size_t{en.min_base}) continue;
        const size_t e = n - en.len;
        const size_t base = e - pl;
        const uint8_t prev = p[e - 1];
        if (en.len == 2 && (en.letters[1] == kMim || en.letters[1] == kNun) &&
            (en.letters[0] == kHa || en.letters[0] == kKaf) && prev == kAlef && base <= 4) {
          continue;  // تفاهم مساهم أماكن محاكم: the letters belong to the word
        }
        if (en.letters[0] == kNun && en.letters[1] == kYa &&
            (prev == kAlef || prev == kWaw || prev == kYa)) {
          continue;  // لبناني قانوني: nisba, not "me"
        }
        if (en.len == 1) {                                           // ه
          if (prev == kAlef) continue;                               // اتجاه مياه
          if (base == 4 && p[pl] == kTa && prev == kYa) continue;    // توجيه تنبيه
          if (base == 4 && p[pl] == kMim && prev == kWaw) continue;  // مشبوه مكروه
        }
        post = en.len;
        break;
      }
    }
    s->pre = pl;
    s->post = post;
    s->stem = StemLength(pl, n - post, post > 0);
  }

  // Letters of the stem of base [b, e): feminine, dual and sound-plural suffixes removed.
  size_t StemLength(size_t b, size_t e, bool before_enclitic) const {
    const size_t len = e - b;
    const uint8_t* p = w_.p;
    if (len < 3 || (Flags(b, e) & (kFlagProtected | kFlagStop))) return len;
    const uint8_t last = p[e - 1], before = p[e - 2];
    const bool known_whole = Flags(b, e) & kFlagKnown;
    // A ت that was ة, unless the word is known with its ت (بيت, صوت, وقت).
    auto drop_ta = [&](size_t l) {
      return (l >= 3 && p[b + l - 1] == kTa && !(Flags(b, b + l) & kFlagKnown)) ? l - 1 : l;
    };
    if (before_enclitic && last == kHa && !known_whole &&
        ((FlagsPlus(b, e - 1, kTaMarbuta) & kFlagKnown) || (len >= 4 && before != kAlef))) {
      return len - 1;  // وزاره|ها, قضيه|ها: ة written before the enclitic (not اتجاه|ها)
    }
    if (before_enclitic && last == kTa) {
      if (known_whole) return len;
      // وزاراتها (plural) or مباراتها, حياتها (ة after ا)?
      if (before == kAlef && (len >= 6 || (len == 5 && !KnownStem(b, e - 1))) &&
          !(FlagsPlus(b, e - 1, kTaMarbuta) & kFlagKnown)) {
        return len - 2;
      }
      return len - 1;
    }
    if (last == kTaMarbuta) {
      // أفعلة broken plurals keep their ة: اسلحة انظمة اجهزة (not إفعالة: ادارة اعادة).
      if (len == 5 && p[b] == kAlef && p[b + 2] != kAlef && p[b + 3] != kYa) return len;
      return len - 1;
    }
    if (len < 5) return len;
    if (before == kAlef && last == kTa) {
      if (len == 5 && p[b] == kAlef && p[b + 3] == kAlef) return len;
      return len - 2;  // but اوقات اصوات (أفعال) keep their ت
    }
    if (before == kWaw && last == kNun) {
      // Plurals in ون come from stems of 4+ letters (معلمون, مصريون); five-letter words in ون
      // keep a root ن: تعاون قانون مضمون مليون.
      return len >= 6 ? len - 2 : len;
    }
    if (before == kYa && last == kNun) {
      if (len == 5 && p[b] == kTa && p[b + 3] == kYa) return len;  // تعيين تأمين (تفعيل)
      return drop_ta(len - 2);
    }
    if (before == kAlef && last == kNun && !known_whole) {  // بيان, مكان, برلمان keep ان
      const size_t rest = len - 2;
      if (rest >= 4 || KnownStem(b, e - 2) ||
          (p[e - 3] == kTa && rest >= 3 && (FlagsPlus(b, b + rest - 1, kTaMarbuta) & kFlagKnown))) {
        return drop_ta(rest);
      }
    }
    return len;
  }

  const Analyzer::Lexicon& lex_;
  const Word& w_;
  const Enclitic* enclitics_[std::size(kEnclitics)];  // those the word ends with, longest first
  size_t num_enclitics_ = 0;
  mutable bool lexical_ = false;
};

// Scratch buffers of one analysis call, reused across tokens.
struct Scratch {
  std::string clean, analysis, key;
  uint8_t p[kMaxWord], k[kMaxWord];
  uint64_t pre[kMaxWord + 1];
  uint8_t bad[kMaxWord + 1];
  uint64_t packed_p = 0;  // the analysis letters packed like lexicon keys; 0 when they do not pack
};

// Memo of segmentations, one per thread (ThreadMemo; words repeat: news text is Zipfian).
// Direct-mapped, keyed by the packed analysis letters; deterministic (a hit returns what the
// segmenter returned for the same letters).
class SplitMemo {
 public:
  static constexpr size_t kSize = 16384;  // 192 KB: a thread's memo, kept across calls
  SplitMemo() : keys_(kSize, 0), values_(kSize, 0) {}
  bool Find(uint64_t packed, Split* s, bool* stop) const {
    const size_t i = Slot(packed);
    if (keys_[i] != packed) return false;
    const uint32_t v = values_[i];
    s->pre = v & 0xF;
    s->post = (v >> 4) & 0xF;
    s->stem = (v >> 8) & 0xF;
    *stop = (v >> 12) & 1;
    return true;
  }
  void Store(uint64_t packed, const Split& s, bool stop) {
    const size_t i = Slot(packed);
    keys_[i] = packed;
    values_[i] = static_cast<uint32_t>(s.pre | (s.post << 4) | (s.stem << 8) | (stop << 12));
  }

 private:
  static size_t Slot(uint64_t packed) { return (packed * 0x9E3779B97F4A7C15ull) >> 50; }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
};

// Fast path of PrepareWord for the common token: Arabic letters U+0621..U+064A, diacritics and
// tatweel only. Fills the letters and *clean (a view of `s` when nothing is removed); -1 when the
// token needs the general path. Same output as the LayerWriter path.
int FastArabicWord(std::string_view s, Scratch* sc, std::string_view* clean) {
  size_t n = 0;
  bool tatweel = false;
  uint8_t last = 0;
  int run = 0, marks = 0;
  const size_t size = s.size();
  if (size % 2 != 0) return -1;
  const unsigned char* u = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < size; i += 2) {
    const unsigned b0 = u[i], b1 = u[i + 1];
    if ((b0 & 0xFE) != 0xD8 || (b1 & 0xC0) != 0x80) return -1;
    const unsigned offset = ((b0 & 1u) << 6) | (b1 & 0x3Fu);  // code point - U+0600
    const uint8_t cls = kFastClasses.of[offset];
    if (cls != 1) {
      if (cls == 2) {
        tatweel = true;
        continue;
      }
      if (cls == 0 || ++marks > 8) return -1;
      continue;
    }
    marks = 0;
    const uint8_t letter = static_cast<uint8_t>(offset);
    if (letter == last) {
      if (++run == 2) {
        if (n == kMaxWord) return -1;
        sc->p[n++] = letter;
      } else if (run == 3) {
        --n;  // three or more: elongation, one letter
      }
      continue;
    }
    last = letter;
    run = 1;
    if (n == kMaxWord) return -1;
    sc->p[n++] = letter;
  }
  if (n == 0) return -1;
  if (!tatweel) {
    *clean = s;
  } else {
    sc->clean.clear();
    for (size_t i = 0; i < size; i += 2) {
      if (!(u[i] == 0xD9 && u[i + 1] == 0x80)) sc->clean.append(s.data() + i, 2);
    }
    *clean = sc->clean;
  }
  return static_cast<int>(n);
}

// Fills the key, the letter arrays and their prefix packing; returns the letter count (0: not a
// segmentable Arabic word, the key is then the general match key).
size_t PrepareWord(std::string_view surface, Scratch* sc, std::string_view* clean) {
  int fast = FastArabicWord(surface, sc, clean);
  size_t n = 0;
  sc->key.clear();
  if (fast > 0) {
    n = static_cast<size_t>(fast);
  } else {
    sc->clean.clear();
    internal::LayerWriter cw(internal::LayerWriter::kClean, false, &sc->clean);
    cw.Feed(surface);
    cw.Finish();
    *clean = sc->clean;
    sc->analysis.clear();
    internal::LayerWriter analysis(internal::LayerWriter::kAnalysis, true, &sc->analysis);
    analysis.Feed(surface);
    analysis.Finish();
    const std::string& a = sc->analysis;
    bool ok = a.size() % 2 == 0 && a.size() / 2 <= kMaxWord && !a.empty();
    for (size_t i = 0; ok && i < a.size(); i += 2) {
      const unsigned char b0 = a[i], b1 = a[i + 1];
      const uint32_t cp = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
      if (b0 < 0xD8 || b0 > 0xDB || (b1 & 0xC0) != 0x80 || cp < 0x0621) {
        ok = false;
        break;
      }
      sc->p[n++] = static_cast<uint8_t>(cp - 0x0600);
    }
    if (!ok) {
      internal::LayerWriter key(internal::LayerWriter::kKey, true, &sc->key);
      key.Feed(surface);
      key.Finish();
      return 0;
    }
  }
  char out[2 * kMaxWord];
  uint64_t packed = 0, packed_p = 0;
  uint8_t bad = 0;
  bool p_packs = n <= 10;
  sc->pre[0] = 0;
  sc->bad[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    // Segmentation reads the match key only (see SegmentKey): the letters become key letters.
    const uint8_t k = KeyFoldLetter(LookupFold(sc->p[i]));
    sc->p[i] = sc->k[i] = k;
    const uint32_t cp = 0x0600u + k;
    out[2 * i] = static_cast<char>(0xC0 | (cp >> 6));
    out[2 * i + 1] = static_cast<char>(0x80 | (cp & 0x3F));
    const bool ok = k >= 0x21 && k <= 0x5F;
    packed = (packed << 6) | (ok ? k - 0x20u : 0u);
    bad = static_cast<uint8_t>(bad + !ok);
    sc->pre[i + 1] = packed;
    sc->bad[i + 1] = bad;
    const uint8_t p = sc->p[i];
    p_packs = p_packs && p >= 0x21 && p <= 0x5F;
    packed_p = (packed_p << 6) | ((p - 0x20u) & 0x3F);
  }
  sc->packed_p = p_packs ? packed_p | (static_cast<uint64_t>(n) << 60) : 0;
  sc->key.assign(out, 2 * n);
  return n;
}

// Clean and key of a non-word token: views of the surface when the layers cannot change it.
void PrepareOther(const Token& token, Scratch* sc, std::string_view* clean, std::string_view* key) {
  const std::string_view s = token.surface;
  bool ascii = true, upper = false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    if (c >= 'A' && c <= 'Z') upper = true;
  }
  const unsigned char b0 = s.empty() ? 0 : s[0], b1 = s.size() > 1 ? s[1] : 0;
  bool plain_punct = (token.kind == TokenKind::kPunctuation || token.kind == TokenKind::kSymbol) &&
                     b0 != 0xEF && !(b0 == 0xD9 && b1 >= 0xAA && b1 <= 0xAC);
  for (size_t pos = 0; plain_punct && !ascii && pos < s.size();) {
    if (internal::Decode(s, &pos) == 0xFFFD) plain_punct = false;  // ill-formed bytes
  }
  if ((ascii && !upper) || plain_punct) {
    *clean = *key = s;
    return;
  }
  sc->clean.clear();
  internal::LayerWriter cw(internal::LayerWriter::kClean, false, &sc->clean);
  cw.Feed(s);
  cw.Finish();
  *clean = sc->clean;
  sc->key.clear();
  internal::LayerWriter kw(internal::LayerWriter::kKey, true, &sc->key);
  kw.Feed(s);
  kw.Finish();
  *key = sc->key;
}

}  // namespace

Analyzer::Analyzer() : lexicon_(std::make_unique<Lexicon>()) {
  struct Source {
    const char* path;
    uint8_t flag;
  };
  const Source sources[] = {{"data/text/stopwords.txt", kFlagStop},
                            {"data/text/protected.txt", kFlagProtected},
                            {"data/text/lexicon.txt", kFlagKnown}};
  size_t entries = 0;
  for (const Source& src : sources) {
    ForEachEntry(embedded::TextData(src.path), [&](std::string_view) { ++entries; });
  }
  size_t size = 1024;
  while (size < entries * 3) size <<= 1;
  lexicon_->keys.assign(size, 0);
  lexicon_->flags.assign(size, 0);
  lexicon_->mask = size - 1;
  std::vector<uint8_t> letters;
  for (const Source& src : sources) {
    ForEachEntry(embedded::TextData(src.path), [&](std::string_view line) {
      if (KeyLetters(line, &letters)) lexicon_->Insert(letters.data(), letters.size(), src.flag);
    });
  }
}

Analyzer::~Analyzer() = default;

const Analyzer& Analyzer::Default() {
  static const Analyzer* analyzer = new Analyzer();  // never destroyed
  return *analyzer;
}

namespace {
// Flags of a word given in any spelling, its final ه also read as ة (keys fold ة to ه).
uint8_t WordFlags(const Analyzer::Lexicon& lexicon, std::string_view word) {
  std::vector<uint8_t> letters;
  if (!KeyLetters(word, &letters)) return 0;
  uint8_t flags = lexicon.Lookup(letters.data(), letters.size());
  if (letters.back() == kHa) {
    letters.back() = kTaMarbuta;
    flags |= lexicon.Lookup(letters.data(), letters.size());
  }
  return flags;
}
}  // namespace

bool Analyzer::IsStopword(std::string_view key) const {
  return WordFlags(*lexicon_, key) & kFlagStop;
}

bool Analyzer::IsProtected(std::string_view key) const {
  return WordFlags(*lexicon_, key) & kFlagProtected;
}

namespace {

// Chooses between the two readings of a key ending in ه: final ه (a pronoun or a root letter:
// كتابه, وجه, اتجاه) and final ة written ه (الحكومه, الدقيقه). Both spellings of a word have the
// same key, so they get the same answer. docs/analyzer.md, "ة and ه".
bool PreferTaMarbuta(const Word& w, const Segmenter& hs, const Split& h, const Segmenter& ts,
                     const Split& t) {
  const size_t n = w.n;
  const uint8_t prev = w.p[n - 2];
  const uint8_t h_whole = hs.Lookup(h.pre, n), t_whole = ts.Lookup(t.pre, n);
  if (h_whole & (kFlagStop | kFlagProtected)) return false;  // عليه, الله
  // A word the lexicon lists with its ة: حكومة, قناة, فكرة (also when a pronoun reading exists:
  // فكره = فكرة, not فكر + ه; وجهه = وجهة).
  if (t_whole & (kFlagKnown | kFlagProtected | kFlagStop)) return true;
  // A pronoun on a word the lexicon knows as it is (كتابه, وزيره, رايه), not only through its ة
  // (حكومه: حكوم is known only as حكومة), nor on a nisba of >= 4 letters (سياسيه = سياسية).
  const bool nisba = prev == kYa && n - h.post - h.pre >= 4;
  if (hs.lexical() && h.post > 0 && t.pre == h.pre && !nisba &&
      (hs.Lookup(h.pre, n - h.post) & (kFlagKnown | kFlagProtected | kFlagStop))) {
    return false;
  }
  if (h_whole & kFlagKnown) return false;        // وجه
  if (prev == kTa || prev == kHa) return false;  // وزارته, حكومهه: ة never follows ت or ة
  // Root ه of تفعيل and مفعول shapes: توجيه تنبيه, مشبوه مكروه.
  const bool root_shape = n - t.pre == 5 && ((w.p[t.pre] == kTa && w.p[t.pre + 3] == kYa) ||
                                             (w.p[t.pre] == kMim && prev == kWaw));
  if (root_shape && !ts.lexical()) return false;
  const bool t_article =
      t.pre >= 2 && w.p[t.pre - 1] == kLam && (w.p[t.pre - 2] == kAlef || w.p[t.pre - 2] == kLam);
  if (t_article) {
    // The article never takes a pronoun: a final ه is ة unless it is a root letter the lexicon
    // knows (الوجه) or follows ا (الاتجاه, المياه) where ة is not known (الحياه is).
    if (hs.lexical() && h.post == 0 && !ts.lexical()) return false;
    return !(prev == kAlef && !ts.lexical());
  }
  // A pronoun after ي on a base known only as a nisba (سياسيه = سياسية, not سياسي + ه).
  if (hs.lexical() && h.post > 0) return ts.lexical() || prev == kYa;
  if (ts.lexical() != hs.lexical()) return ts.lexical();
  // Unknown words: ة after ي (قضيه, عمليه, the nisba feminine سعوديه), where a pronoun is rare;
  // otherwise the default rules of ه (اقتصاده: a pronoun).
  return prev == kYa;
}

// Segments a word given in key letters: every decision reads the match key only, so ة/ه, ى/ي,
// hamza forms, diacritics and tatweel cannot change the answer.
Split SegmentKey(const Analyzer::Lexicon& lexicon, const Word& w) {
  const size_t n = w.n;
  Segmenter hs(lexicon, w);
  Split s = hs.Run();
  if (n >= 3 && w.p[n - 1] == kHa) {
    uint8_t p[kMaxWord];
    uint64_t pre[kMaxWord + 1];
    std::memcpy(p, w.p, n);
    std::memcpy(pre, w.pre, sizeof(uint64_t) * n);
    p[n - 1] = kTaMarbuta;
    pre[n] = (w.pre[n - 1] << 6) | (kTaMarbuta - 0x20);
    const Word tw{p, p, n, pre, w.bad};
    Segmenter ts(lexicon, tw);
    const Split t = ts.Run();
    if (PreferTaMarbuta(w, hs, s, ts, t)) s = t;
  } else if (s.post == 0 && s.stem >= 5 && w.p[n - 1] == kAlef && s.pre + s.stem == n &&
             !hs.lexical()) {
    // An unknown word of >= 5 letters ending in ا: the accusative of tanween fath (شريطا,
    // سابقا, مؤكدا), written with or without the tanween (shorter: تبدا, مبدا keep it). Not after
    // the article, not ـايا plurals (قضايا), not when the lexicon knows the word.
    const bool article =
        s.pre >= 2 && w.p[s.pre - 1] == kLam && (w.p[s.pre - 2] == kAlef || w.p[s.pre - 2] == kLam);
    const bool aya = w.p[n - 2] == kYa && w.p[n - 3] == kAlef;
    if (!article && !aya) --s.stem;
  }
  return s;
}
}  // namespace

namespace {
// Memo of whole-word analyses, one per thread (ThreadMemos): for an Arabic word whose clean layer
// is its surface (no tatweel or other removed character: nearly every word of news text), its key
// and its split, keyed by the surface bytes. A hit skips PrepareWord (the layers, the letter
// arrays and their packing) and SegmentPrepared, ~500 instructions of a ~5-letter word, for a hash
// of the surface and one comparison: the analysis of a 400-word article went from ~1,200 to ~600
// instructions per word (docs/analyzer.md, "Segmentation"). What it returns is what the two
// functions computed for the same bytes (they are pure functions of the surface), so it changes
// no answer. Direct-mapped; the bytes (surface, then key) live in one arena, emptied with the
// slots when it is full.
class WordMemo {
 public:
  static constexpr size_t kSlotBits = 15;  // 32,768 slots (512 KB) + an arena of up to 1 MB
  static constexpr size_t kArenaBytes = size_t{1} << 20;
  static constexpr size_t kMaxSurface = 64;  // longer words are analyzed every time

  struct Entry {
    std::string_view key;  // valid until the next Store
    uint8_t n, pre, post, stem;
    bool stop;
  };

  WordMemo() : slots_(size_t{1} << kSlotBits) { arena_.reserve(kArenaBytes); }

  static uint64_t Hash(std::string_view s) {
    // Words are 2-64 bytes: 8 bytes at a time, each mixed by a multiply (not a cryptographic hash:
    // a collision costs a comparison, never a wrong answer).
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    const char* p = s.data();
    size_t left = s.size();
    while (left >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
      p += 8;
      left -= 8;
    }
    if (left > 0) {
      // The last 8 bytes (overlapping the ones mixed above) when there are as many: one load
      // instead of a memcpy of a variable size.
      uint64_t w = 0;
      if (s.size() >= 8) {
        std::memcpy(&w, s.data() + s.size() - 8, 8);
      } else {
        for (size_t i = 0; i < left; ++i)
          w |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
      }
      h = (h ^ w) * 0x94D049BB133111EBull;
      h ^= h >> 29;
    }
    return h * 0x9E3779B97F4A7C15ull;
  }

  bool Find(std::string_view surface, uint64_t hash, Entry* e) const {
    const Slot& slot = slots_[hash >> (64 - kSlotBits)];
    if (slot.hash != hash || slot.surface_size != surface.size() || slot.surface_size == 0 ||
        std::memcmp(arena_.data() + slot.at, surface.data(), surface.size()) != 0) {
      return false;
    }
    e->key = std::string_view(arena_).substr(slot.at + slot.surface_size, 2 * size_t{slot.n});
    e->n = slot.n;
    e->pre = slot.pre;
    e->post = slot.post;
    e->stem = slot.stem;
    e->stop = slot.stop;
    return true;
  }

  // The analysis of `surface` (clean layer == surface, n > 0 letters, key of 2n bytes).
  void Store(std::string_view surface, uint64_t hash, std::string_view key, size_t n,
             const Split& s, bool stop) {
    if (surface.size() > kMaxSurface || surface.empty() || key.size() != 2 * n) return;
    if (arena_.size() + surface.size() + key.size() > kArenaBytes) {
      std::fill(slots_.begin(), slots_.end(), Slot{});
      arena_.clear();
    }
    Slot& slot = slots_[hash >> (64 - kSlotBits)];
    slot.hash = hash;
    slot.at = static_cast<uint32_t>(arena_.size());
    slot.surface_size = static_cast<uint8_t>(surface.size());
    slot.n = static_cast<uint8_t>(n);
    slot.pre = static_cast<uint8_t>(s.pre);
    slot.post = static_cast<uint8_t>(s.post);
    slot.stem = static_cast<uint8_t>(s.stem);
    slot.stop = stop;
    arena_.append(surface);
    arena_.append(key);
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t at = 0;           // surface, then key, in arena_
    uint8_t surface_size = 0;  // 0: empty
    uint8_t n = 0, pre = 0, post = 0;
    uint8_t stem = 0;
    bool stop = false;
  };
  std::vector<Slot> slots_;
  std::string arena_;
};

struct ThreadMemos {
  SplitMemo splits;
  WordMemo words;
};

// The thread's memos (segmentations keyed by key letters, whole words keyed by surface; Analyze,
// Segment), or nullptr for an analyzer other than the first that used it on this thread (there is
// one, Default(); another goes without). News text is Zipfian: most words of an article were
// analyzed for an earlier one, so the memos live across calls (ingest analyzes one ~5 KB body per
// call: a memo made per call, as it was for texts of 16 KB and more, never warmed up). SegmentKey
// is a pure function of the key letters the split memo is keyed by, and PrepareWord and
// SegmentPrepared are pure functions of the surface the word memo is keyed by, so they change no
// answer.
ThreadMemos* ThreadMemo(const Analyzer* analyzer) {
  thread_local const Analyzer* owner = nullptr;
  if (owner == nullptr) owner = analyzer;
  if (owner != analyzer) return nullptr;
  thread_local ThreadMemos memos;
  return &memos;
}

// SegmentKey of the word PrepareWord left in `sc` (n letters), and whether it is a stopword,
// through the thread's memo when its letters pack into a memo key.
Split SegmentPrepared(const Analyzer::Lexicon& lexicon, SplitMemo* memo, const Scratch& sc,
                      size_t n, bool* stop) {
  Split found;
  if (memo != nullptr && sc.packed_p != 0 && memo->Find(sc.packed_p, &found, stop)) return found;
  const Word w{sc.p, sc.k, n, sc.pre, sc.bad};
  found = SegmentKey(lexicon, w);
  *stop = (lexicon.Lookup(sc.k, n) |
           (sc.k[n - 1] == kHa ? lexicon.LookupPlus(sc.k, n - 1, kTaMarbuta) : 0)) &
          kFlagStop;
  if (memo != nullptr && sc.packed_p != 0) memo->Store(sc.packed_p, found, *stop);
  return found;
}

// The key and split of one word token's surface (AnalyzeWord's result): n == 0 when it is not a
// segmentable Arabic word (no clitics; base = stem = key).
struct WordAnalysis {
  std::string_view clean,
      key;  // views of the surface, `sc` or the word memo (until its next Store)
  size_t n = 0;
  Split split;
  bool stop = false;
};

// PrepareWord + SegmentPrepared of `surface`, through the thread's word memo when there is one.
WordAnalysis AnalyzeWord(const Analyzer::Lexicon& lexicon, ThreadMemos* memos,
                         std::string_view surface, Scratch* sc) {
  WordAnalysis w;
  uint64_t hash = 0;
  if (memos != nullptr && surface.size() <= WordMemo::kMaxSurface) {
    hash = WordMemo::Hash(surface);
    WordMemo::Entry e;
    if (memos->words.Find(surface, hash, &e)) {
      w.clean = surface;
      w.key = e.key;
      w.n = e.n;
      w.split.pre = e.pre;
      w.split.post = e.post;
      w.split.stem = e.stem;
      w.stop = e.stop;
      return w;
    }
  }
  w.n = PrepareWord(surface, sc, &w.clean);
  w.key = sc->key;
  if (w.n == 0) return w;
  w.split =
      SegmentPrepared(lexicon, memos != nullptr ? &memos->splits : nullptr, *sc, w.n, &w.stop);
  if (memos != nullptr && surface.size() <= WordMemo::kMaxSurface && w.clean == surface) {
    memos->words.Store(surface, hash, w.key, w.n, w.split, w.stop);
  }
  return w;
}
}  // namespace

Segmentation Analyzer::Segment(std::string_view word) const {
  Scratch sc;
  Segmentation seg;
  const WordAnalysis w = AnalyzeWord(*lexicon_, ThreadMemo(this), word, &sc);
  const std::string_view key = w.key;
  if (w.n == 0) {
    seg.base = seg.stem = key;
    return seg;
  }
  const Split& s = w.split;
  const size_t n = w.n;
  seg.proclitics = key.substr(0, 2 * s.pre);
  seg.base = key.substr(2 * s.pre, 2 * (n - s.pre - s.post));
  seg.enclitic = key.substr(2 * (n - s.post));
  seg.stem = key.substr(2 * s.pre, 2 * s.stem);
  return seg;
}

std::string Analyzer::Stem(std::string_view word) const { return Segment(word).stem; }

void Analyzer::Analyze(std::string_view utf8,
                       const std::function<void(const TokenAnalysis&)>& sink) const {
  Scratch sc;
  internal::TokenScanner scanner(utf8);
  TokenAnalysis ta;
  ThreadMemos* const memos = ThreadMemo(this);
  while (scanner.Next(&ta.token)) {
    ta.stopword = false;
    size_t n = 0;
    Split s;
    if (ta.token.kind == TokenKind::kWord) {
      const WordAnalysis w = AnalyzeWord(*lexicon_, memos, ta.token.surface, &sc);
      n = w.n;
      s = w.split;
      ta.stopword = w.stop;
      ta.clean = w.clean;
      // A key in the memo's arena is copied to the scratch: the sink may analyze other words
      // (dedupe's key stems), whose Store can move the arena.
      if (w.key.data() != sc.key.data()) sc.key.assign(w.key);
      ta.key = sc.key;
    } else {
      PrepareOther(ta.token, &sc, &ta.clean, &ta.key);
    }
    if (n == 0) {
      ta.proclitics = ta.enclitic = {};
      ta.base = ta.stem = ta.key;
    } else {
      const std::string_view key = ta.key;
      ta.proclitics = key.substr(0, 2 * s.pre);
      ta.base = key.substr(2 * s.pre, 2 * (n - s.pre - s.post));
      ta.enclitic = key.substr(2 * (n - s.post));
      ta.stem = key.substr(2 * s.pre, 2 * s.stem);
    }
    sink(ta);
  }
}

AnalyzedText Analyzer::Analyze(std::string_view utf8) const {
  AnalyzedText out;
  out.sentences = SplitSentences(utf8);
  Analyze(utf8, [&](const TokenAnalysis& t) {
    AnalyzedToken a;
    a.token = t.token;
    a.clean = t.clean;
    a.key = t.key;
    a.proclitics = t.proclitics;
    a.base = t.base;
    a.enclitic = t.enclitic;
    a.stem = t.stem;
    a.stopword = t.stopword;
    out.tokens.push_back(std::move(a));
  });
  return out;
}

}  // namespace khabar::text

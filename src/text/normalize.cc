// Clean and match-key layers (docs/analyzer.md, "Layers").
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <array>
#include <memory>
#include <vector>

#include "khabar/text.h"
#include "text/chars.h"

namespace khabar::text::internal {
namespace {

bool IsNewline(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x85 || c == 0x2028 ||
         c == 0x2029;
}

CharClass Classify(char32_t c) {
  if (c == '\t') return kCcSpace;
  if (IsNewline(c)) return kCcNewline;
  if (c == 0x0640) return kCcTatweel;
  if (c == 0x200C || c == 0x200D) return kCcJoiner;
  if (c == 0xFE0E || c == 0xFE0F || c == 0x20E3 || (c >= 0x1F3FB && c <= 0x1F3FF) ||
      (c >= 0xE0020 && c <= 0xE007F)) {
    return kCcEmojiComponent;
  }
  if (u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR)) return kCcEmoji;
  const int8_t type = u_charType(c);
  switch (type) {
    case U_FORMAT_CHAR:
      return kCcIgnorable;
    case U_CONTROL_CHAR:
    case U_UNASSIGNED:
    case U_SURROGATE:
      return kCcOther;
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return kCcSpace;
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
      return kCcMark;
    case U_DECIMAL_DIGIT_NUMBER:
      return kCcDigit;
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &status);
      if (script == USCRIPT_ARABIC) return kCcArabic;
      if (script == USCRIPT_LATIN) return kCcLatin;
      return kCcLetter;
    }
    default:
      break;
  }
  if (u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION)) return kCcEmoji;
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) && c >= 0x2190) return kCcEmoji;
  switch (type) {
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return kCcPunct;
    default:
      return kCcSymbol;
  }
}

struct Tables {
  std::array<uint8_t, 0x10000> classes;
  // NFKC expansions of U+FB00..U+FFEF (empty: unchanged).
  static constexpr char32_t kCompatFirst = 0xFB00, kCompatLast = 0xFFEF;
  std::vector<std::u32string> compat;

  Tables() {
    for (char32_t c = 0; c < 0x10000; ++c) classes[c] = Classify(c);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    compat.resize(kCompatLast - kCompatFirst + 1);
    if (U_FAILURE(status)) return;  // folding unavailable: characters pass through unchanged
    for (char32_t c = kCompatFirst; c <= kCompatLast; ++c) {
      if (classes[c] == kCcOther || classes[c] == kCcIgnorable) continue;
      icu::UnicodeString in(static_cast<UChar32>(c));
      UErrorCode s = U_ZERO_ERROR;
      icu::UnicodeString out = nfkc->normalize(in, s);
      if (U_FAILURE(s) || out == in) continue;
      std::u32string expansion;
      for (int32_t i = 0; i < out.length();) {
        const UChar32 x = out.char32At(i);
        expansion.push_back(static_cast<char32_t>(x));
        i += U16_LENGTH(x);
      }
      // Isolated diacritic forms (U+FE70...) expand to SPACE + mark: keep the mark only.
      if (expansion.size() == 2 && expansion[0] == ' ' && Classify(expansion[1]) == kCcMark) {
        expansion.erase(0, 1);
      }
      compat[c - kCompatFirst] = std::move(expansion);
    }
  }
};

const Tables& GetTables() {
  static const Tables* tables = new Tables();  // never destroyed: usable during static teardown
  return *tables;
}

}  // namespace

const uint8_t* ClassTable() { return GetTables().classes.data(); }

CharClass ClassOfSupplementary(char32_t c) { return Classify(c); }

std::u32string_view CompatibilityFolding(char32_t c) {
  if (c < Tables::kCompatFirst || c > Tables::kCompatLast) return {};
  return GetTables().compat[c - Tables::kCompatFirst];
}

inline void LayerWriter::FeedCodePoint(std::string_view s, size_t* pos, bool* prev_cr) {
  const char32_t c = Decode(s, pos);
  if (c >= 0xFB00 && c <= 0xFFEF) {
    const std::u32string_view folded = CompatibilityFolding(c);
    if (!folded.empty()) {
      for (char32_t f : folded) Put(f, ClassOf(table_, f));
      *prev_cr = false;
      return;
    }
  }
  const CharClass cls = ClassOf(table_, c);
  if (c == '\n' && *prev_cr) return;  // CR LF is one line break
  *prev_cr = c == '\r';
  Put(c, cls);
}

void LayerWriter::Feed(std::string_view s) {
  size_t pos = 0;
  bool prev_cr = false;
  while (pos < s.size()) {
    // Arabic words and the spaces between them, most of the text, a run at a time (a call to Put
    // and an append per letter cost ~90 instructions; the run ~12).
    const unsigned char b = static_cast<unsigned char>(s[pos]);
    if ((b == ' ' || (b & 0xFE) == 0xD8) && !at_start_ && pending_newlines_ == 0) {
      const size_t end = FeedArabicRun(s, pos);
      if (end != pos) {
        pos = end;
        prev_cr = false;
        continue;
      }
    }
    FeedCodePoint(s, &pos, &prev_cr);
  }
}

void LayerWriter::FeedEachCodePoint(std::string_view s) {
  size_t pos = 0;
  bool prev_cr = false;
  while (pos < s.size()) FeedCodePoint(s, &pos, &prev_cr);
}

namespace {

// FeedArabicRun's view of U+0600..U+067F by the low 7 bits of the code point: whether it is a
// letter the run writes (class kCcArabic, below U+066A: no remapping in Put), and its key fold.
struct ArabicRunTables {
  bool letter[0x80];
  uint8_t key[0x80];  // KeyFold(U+0600 + i) - U+0600
  ArabicRunTables() {
    const uint8_t* classes = ClassTable();
    for (char32_t i = 0; i < 0x80; ++i) {
      letter[i] = 0x0600 + i < 0x066A && classes[0x0600 + i] == kCcArabic;
      key[i] = static_cast<uint8_t>(KeyFold(0x0600 + i) - 0x0600);
    }
  }
};
const ArabicRunTables& RunTables() {
  static const ArabicRunTables* tables = new ArabicRunTables();  // never destroyed
  return *tables;
}

}  // namespace

size_t LayerWriter::FeedArabicRun(std::string_view s, size_t pos) {
  // Put's steps for these characters: FlushSpace (one space: not at the start, no newline
  // pending), then a new run of one letter (no remapping below U+066A, no digit, no case), its
  // key fold in the key layer. The state is kept in locals (stores to `buf` may alias members).
  static const ArabicRunTables& tables = RunTables();
  char buf[256];
  size_t n = 0;
  size_t last_at = std::string::npos;  // offset in buf of the last letter written
  bool pending_space = pending_space_;
  char32_t last = last_;
  const bool key = mode_ == kKey, clean = mode_ == kClean;
  const unsigned char* const u = reinterpret_cast<const unsigned char*>(s.data());
  const size_t size = s.size();
  while (pos < size && n + 3 <= sizeof buf) {
    const unsigned b0 = u[pos];
    if (b0 == ' ') {
      pending_space = true;
      ++pos;
      continue;
    }
    if ((b0 & 0xFE) != 0xD8 || pos + 1 == size) break;
    const unsigned b1 = u[pos + 1];
    if ((b1 & 0xC0) != 0x80) break;
    const unsigned low = ((b0 & 1u) << 6) | (b1 & 0x3Fu);  // code point - U+0600
    if (!tables.letter[low]) break;
    const char32_t c = 0x0600 + low;
    if (pending_space) {
      buf[n++] = ' ';
      pending_space = false;
    } else if (c == last && !clean) {
      break;  // a repeated letter: elongation folding
    }
    last = c;
    last_at = n;
    const unsigned w = key ? tables.key[low] : low;
    buf[n++] = static_cast<char>(0xD8 | (w >> 6));
    buf[n++] = static_cast<char>(0x80 | (w & 0x3F));
    pos += 2;
  }
  pending_space_ = pending_space;
  if (last_at != std::string::npos) {
    marks_ = 0;
    run_ = 1;
    last_ = last;
    last_pos_ = run_start_ = out_->size() + last_at;
  }
  out_->append(buf, n);
  return pos;
}

void LayerWriter::Finish() {
  pending_space_ = false;
  pending_newlines_ = 0;
}

void LayerWriter::FlushSpace() {
  if (!at_start_) {
    if (pending_newlines_ > 0 && mode_ == kClean) {
      out_->append(pending_newlines_ > 1 ? "\n\n" : "\n");
    } else if (pending_newlines_ > 0 || pending_space_) {
      out_->push_back(' ');
    }
  }
  if (pending_newlines_ > 0 || pending_space_) last_ = 0, run_ = 0;
  pending_newlines_ = 0;
  pending_space_ = false;
  at_start_ = false;
}

void LayerWriter::Put(char32_t c, CharClass cls) {
  // Arabic letters, most of the text, take the default branch: tested first, they skip the
  // switch's indirect jump (mispredicted as classes alternate between letters and spaces).
  if (cls != kCcArabic) {
    switch (cls) {
      case kCcSpace:
      case kCcOther:
        pending_space_ = true;
        return;
      case kCcNewline:
        ++pending_newlines_;
        return;
      case kCcTatweel:
      case kCcIgnorable:
        return;
      case kCcJoiner:
        // ZWJ glues emoji sequences; elsewhere joiners are invisible shaping hints.
        if (c == 0x200D &&
            (ClassOf(table_, last_) == kCcEmoji || ClassOf(table_, last_) == kCcEmojiComponent)) {
          AppendUtf8(c, out_);
        }
        return;
      case kCcMark: {
        // Combining hamza and madda compose with the preceding letter (as NFC does).
        if (c >= 0x0653 && c <= 0x0655 && out_->size() == last_pos_ + 2) {
          char32_t composed = 0;
          if (last_ == 0x0627) composed = c == 0x0653 ? 0x0622 : c == 0x0654 ? 0x0623 : 0x0625;
          if (c == 0x0654 && last_ == 0x0648) composed = 0x0624;
          if (c == 0x0654 && (last_ == 0x064A || last_ == 0x0649)) composed = 0x0626;
          if (composed != 0) {
            out_->resize(last_pos_);
            last_ = composed;
            AppendUtf8(mode_ == kKey ? KeyFold(composed) : composed, out_);
            return;
          }
        }
        if (remove_diacritics_ &&
            (IsArabicDiacritic(c) || (mode_ != kClean && c >= 0x0300 && c <= 0x036F))) {
          return;
        }
        if (at_start_ || ++marks_ > 8) return;  // orphan mark or a mark flood
        if (pending_space_ || pending_newlines_) FlushSpace();
        AppendUtf8(c, out_);
        return;
      }
      default:
        break;
    }
  }
  // A visible character: pending whitespace first (FlushSpace does nothing else when none is
  // pending after the start; this is most characters, so the call is skipped for them).
  if (pending_space_ || pending_newlines_ > 0 || at_start_) FlushSpace();
  marks_ = 0;
  if (mode_ != kClean) {
    if (c >= 0x066A && c <= 0x06D5) {  // the range of the cases below
      switch (c) {
        case 0x06CC:
          c = 0x064A;
          break;  // Persian yeh
        case 0x06A9:
          c = 0x0643;
          break;  // keheh
        case 0x06BE:
        case 0x06C1:
        case 0x06D5:
        case 0x06C0:
          c = 0x0647;
          break;
        case 0x06C3:
          c = 0x0629;
          break;
        case 0x0671:
          c = 0x0627;
          break;  // alef wasla
        case 0x066B:
          c = '.';
          break;
        case 0x066C:
          c = ',';
          break;
        case 0x066A:
          c = '%';
          break;
        default:
          break;
      }
    }
    if (cls == kCcDigit) {
      if (c >= 0x0660 && c <= 0x0669) {
        c = '0' + (c - 0x0660);
      } else if (c >= 0x06F0 && c <= 0x06F9) {
        c = '0' + (c - 0x06F0);
      } else if (c > 0x7F) {
        const int32_t v = u_charDigitValue(c);
        if (v >= 0 && v <= 9) c = '0' + v;
      }
    }
    // Elongation: three or more repeats of an Arabic letter fold to one (جمييييل -> جميل). Runs
    // are counted before the key fold so that بيئي does not become a run of ي.
    if (cls == kCcArabic && c == last_) {
      ++run_;
      if (run_ == 2) {
        last_pos_ = out_->size();
        AppendUtf8(mode_ == kKey ? KeyFold(c) : c, out_);
      } else if (run_ == 3) {
        out_->resize(last_pos_);
        last_pos_ = run_start_;
      }
      return;
    }
    run_ = 1;
    last_ = c;
    last_pos_ = run_start_ = out_->size();
    if (mode_ == kKey) {
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      } else if (cls == kCcLatin && c > 0x7F) {
        c = static_cast<char32_t>(u_tolower(c));
      } else {
        c = KeyFold(c);
      }
    }
    AppendUtf8(c, out_);
    return;
  }
  run_ = 1;
  last_ = c;
  last_pos_ = run_start_ = out_->size();
  AppendUtf8(c, out_);
}

}  // namespace khabar::text::internal

namespace khabar::text {

std::string Clean(std::string_view utf8, const CleanOptions& options) {
  std::string out;
  out.reserve(utf8.size());
  internal::LayerWriter writer(internal::LayerWriter::kClean, options.remove_diacritics, &out);
  writer.Feed(utf8);
  writer.Finish();
  return out;
}

std::string MatchKey(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  internal::LayerWriter writer(internal::LayerWriter::kKey, true, &out);
  writer.Feed(utf8);
  writer.Finish();
  return out;
}

}  // namespace khabar::text

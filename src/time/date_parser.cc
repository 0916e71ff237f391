// The date parser: a tokenizer over code points and a hand-written matcher over the tokens (no
// regex engine, no ICU object per Gregorian date). Grammar and rules: docs/dates.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "base/utf8.h"
#include "khabar/time.h"
#include "time/calendar.h"
#include "time/names.h"

namespace khabar::time {

std::string_view GranularityName(Granularity g) {
  switch (g) {
    case Granularity::kYear:
      return "year";
    case Granularity::kMonth:
      return "month";
    case Granularity::kDay:
      return "day";
    case Granularity::kMinute:
      return "minute";
    case Granularity::kSecond:
      return "second";
  }
  return "day";
}

std::string_view CalendarName(Calendar c) { return c == Calendar::kHijri ? "hijri" : "gregorian"; }

namespace {

using internal::NameTable;
using internal::Word;
using internal::WordKind;

constexpr uint32_t Bit(WordKind k) { return 1u << static_cast<int>(k); }

// ---------------------------------------------------------------------------------------------
// Tokens

struct Token {
  enum Type : uint8_t { kNum, kWord, kPunct };
  Type type = kPunct;
  bool space_before = false;  // whitespace (or the start of text) precedes the token
  uint8_t digits = 0;         // kNum: number of digits (capped at 255)
  char32_t cp = 0;            // kPunct: the character
  int64_t value = 0;          // kNum: the value (capped)
  uint32_t cb = 0, ce = 0;    // code-point span
  uint32_t bb = 0, be = 0;    // byte span
  std::string key;            // kWord: folded key
  const std::vector<uint32_t>* lex = nullptr;  // kWord: table entries starting with this word
};

int DigitValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0x0660 && c <= 0x0669) return static_cast<int>(c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return static_cast<int>(c - 0x06F0);
  return -1;
}

bool IsLetter(char32_t c) {
  return (c >= 0x0621 && c <= 0x065F) || c == 0x0670 || (c >= 0x0671 && c <= 0x06D3) ||
         (c >= 0x06FA && c <= 0x06FF) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || c == 0x0640;
}

// Characters that do not show: bidi marks, zero-width joiners, BOM.
bool IsInvisible(char32_t c) {
  return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF || c == 0x200C || c == 0x200D;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0x2028 ||
         c == 0x2029;
}

void Tokenize(std::string_view text, const NameTable& names, std::vector<Token>* out) {
  out->clear();
  size_t pos = 0;
  uint32_t cp_index = 0;
  bool space = true;
  std::string raw;
  while (pos < text.size()) {
    const size_t start = pos;
    const uint32_t cstart = cp_index;
    const char32_t c = utf8::Next(text, &pos);
    ++cp_index;
    if (IsInvisible(c)) continue;
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    Token t;
    t.space_before = space;
    space = false;
    t.cb = cstart;
    t.bb = static_cast<uint32_t>(start);
    if (DigitValue(c) >= 0) {
      t.type = Token::kNum;
      int64_t v = DigitValue(c);
      int digits = 1;
      while (pos < text.size()) {
        size_t next = pos;
        const int dv = DigitValue(utf8::Next(text, &next));
        if (dv < 0) break;
        pos = next;
        ++cp_index;
        if (v < 100000000000LL) v = v * 10 + dv;
        if (digits < 255) ++digits;
      }
      t.value = v;
      t.digits = static_cast<uint8_t>(digits);
    } else if (IsLetter(c)) {
      t.type = Token::kWord;
      while (pos < text.size()) {
        size_t next = pos;
        const char32_t d = utf8::Next(text, &next);
        if (IsLetter(d) || IsInvisible(d)) {
          pos = next;
          ++cp_index;
          continue;
        }
        if (d == '.' && next < text.size()) {  // "ق.ظ", "a.m": a dot between letters
          size_t after = next;
          if (IsLetter(utf8::Next(text, &after))) {
            pos = next;
            ++cp_index;
            continue;
          }
        }
        break;
      }
      t.key = internal::FoldWord(text.substr(start, pos - start));
      if (t.key.empty()) {
        t.type = Token::kPunct;
        t.cp = c;
      } else {
        auto it = names.by_first.find(t.key);
        if (it != names.by_first.end()) t.lex = &it->second;
      }
    } else {
      t.type = Token::kPunct;
      t.cp = c;
    }
    t.ce = cp_index;
    t.be = static_cast<uint32_t>(pos);
    out->push_back(std::move(t));
  }
}

// ---------------------------------------------------------------------------------------------
// Parsed pieces

struct DatePart {
  bool ok = false;
  int y = 0, m = 0, d = 0;
  bool has_y = false, has_m = false, has_d = false;
  bool hijri = false;
  bool numeric = false;  // written with digits only (11/2/2022)
  size_t end = 0;        // token index after the part
  std::vector<std::string> warnings;
};

struct TimePart {
  bool ok = false;
  int h = 0, mi = 0, s = 0;
  bool has_s = false;
  std::optional<int> fixed_offset;  // seconds, from the text
  std::string zone;                 // IANA id from the text
  std::string tz_text;              // DateMatch::tz when from the text
  size_t end = 0;
  std::vector<std::string> warnings;
  std::string error;
};

struct Candidate {
  bool ok = false;
  std::string error;  // impossible date (kOutOfRange)
  bool relative = false;
  size_t tb = 0, te = 0;  // token range
  DateMatch match;
};

const char* const kWeekdayEn[] = {"",          "Sunday",   "Monday", "Tuesday",
                                  "Wednesday", "Thursday", "Friday", "Saturday"};

std::string Two(int v) {
  char buf[8];
  snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string Iso(int y, int m, int d) {
  char buf[32];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

class Matcher {
 public:
  Matcher(const std::vector<Token>& t, const DateOptions& opt, const NameTable& names,
          int64_t ref_unix)
      : t_(t), opt_(opt), names_(names), ref_unix_(ref_unix) {
    ref_zone_ = opt.tz;
    if (!ref_zone_.empty() && !internal::ZoneExists(ref_zone_)) ref_zone_.clear();
    const int off =
        ref_zone_.empty() ? 0 : internal::ZoneOffsetAtInstant(ref_zone_, ref_unix).value_or(0);
    const int64_t local = ref_unix + off;
    ref_days_ = local / 86400 - (local % 86400 < 0 ? 1 : 0);
    ref_secs_ = static_cast<int>(local - ref_days_ * 86400);
    internal::CivilFromDays(ref_days_, &ref_y_, &ref_m_, &ref_d_);
  }

  Candidate MatchAt(size_t p, bool loose);

 private:
  // Token tests.
  bool Num(size_t p) const { return p < t_.size() && t_[p].type == Token::kNum; }
  bool Punct(size_t p, char32_t c) const {
    return p < t_.size() && t_[p].type == Token::kPunct && t_[p].cp == c;
  }
  bool PunctIn(size_t p, std::u32string_view set) const {
    return p < t_.size() && t_[p].type == Token::kPunct && set.find(t_[p].cp) != set.npos;
  }
  bool Adjacent(size_t p) const { return p < t_.size() && !t_[p].space_before; }

  // The longest table phrase of a kind in `mask` starting at token p; sets *end past it.
  const Word* Lex(size_t p, uint32_t mask, size_t* end) const {
    if (p >= t_.size() || t_[p].lex == nullptr) return nullptr;
    for (uint32_t idx : *t_[p].lex) {
      const Word& w = names_.words[idx];
      if (!(mask & Bit(w.kind))) continue;
      size_t q = p;
      bool match = true;
      for (const std::string& k : w.keys) {
        if (q >= t_.size() || t_[q].type != Token::kWord || t_[q].key != k) {
          match = false;
          break;
        }
        ++q;
      }
      if (match) {
        *end = q;
        return &w;
      }
    }
    return nullptr;
  }

  size_t SkipSeps(size_t p, std::u32string_view set) const {
    while (PunctIn(p, set)) ++p;
    return p;
  }
  // Separators and connective words that may stand between the pieces of one date.
  size_t SkipGlue(size_t p, uint32_t extra_kinds = 0) const {
    for (;;) {
      const size_t before = p;
      p = SkipSeps(p, U",،-–—|:;؛()[]«»\"'*•·");
      size_t end;
      if (Lex(p, Bit(WordKind::kFiller) | extra_kinds, &end)) p = end;
      if (p == before) return p;
    }
  }

  DatePart MatchDate(size_t p);
  bool MatchYear(size_t p, DatePart* d);
  void MatchEra(DatePart* d);
  size_t MatchMonthName(size_t p, DatePart* d);
  TimePart MatchTime(size_t p, bool after_date);
  void MatchZone(TimePart* tp);
  Candidate MatchRelative(size_t p, size_t begin, int weekday);

  // Builds the result for a date (and optional time) into *c.
  void Finish(const DatePart& d, const TimePart* tp, int weekday, Candidate* c);
  void SetValue(int64_t days, int y, int m, int d, Granularity g, const TimePart* tp, Candidate* c);
  int ExpandYear(int yy, bool hijri, std::vector<std::string>* warnings) const;

  const std::vector<Token>& t_;
  const DateOptions& opt_;
  const NameTable& names_;
  int64_t ref_unix_;
  std::string ref_zone_;
  int64_t ref_days_ = 0;
  int ref_secs_ = 0;
  int ref_y_ = 1970, ref_m_ = 1, ref_d_ = 1;
};

int Matcher::ExpandYear(int yy, bool hijri, std::vector<std::string>* warnings) const {
  int y;
  if (hijri) {
    y = 1400 + yy;
  } else {
    y = 2000 + yy;
    if (y > ref_y_ + 10) y -= 100;
  }
  warnings->push_back("two-digit year " + Two(yy) + " read as " + std::to_string(y));
  return y;
}

void Matcher::MatchEra(DatePart* d) {
  size_t end;
  if (const Word* w = Lex(d->end, Bit(WordKind::kEra), &end)) {
    // "م" after a year is the Gregorian era; a period word "م" after a time is handled elsewhere.
    const bool hijri = w->value == 1;
    if (d->has_m && !d->numeric && hijri != d->hijri) {
      d->warnings.push_back(std::string("era marker contradicts the month name; the month name (") +
                            (d->hijri ? "Hijri" : "Gregorian") + ") decides");
    } else {
      d->hijri = hijri;
    }
    d->end = end;
    // "1436 هـ" may be followed by a dot of abbreviation.
    if (Punct(d->end, '.') && Adjacent(d->end)) ++d->end;
  }
}

// A year after a month name: optional glue and year label, then 2..4 digits not followed by ':'.
bool Matcher::MatchYear(size_t p, DatePart* d) {
  size_t q = SkipSeps(p, U",،-/.");
  size_t end;
  if (Lex(q, Bit(WordKind::kYearLabel), &end)) q = end;
  if (!Num(q) || t_[q].digits < 2 || t_[q].digits > 4) return false;
  if (Punct(q + 1, ':') || (Punct(q + 1, '.') && Num(q + 2) && t_[q + 2].digits == 2 &&
                            !Lex(q + 3, Bit(WordKind::kEra), &end))) {
    return false;  // a time, not a year
  }
  int y = static_cast<int>(t_[q].value);
  if (t_[q].digits == 2) {
    // Two digits after a month name: a year only when the era or the end of the expression says so.
    y = ExpandYear(y, d->hijri, &d->warnings);
  } else if (t_[q].digits == 3 && !d->hijri) {
    return false;
  }
  d->y = y;
  d->has_y = true;
  d->end = q + 1;
  return true;
}

// Month name (with an optional second spelling: "شباط/فبراير", "فبراير (شباط)"); returns the index
// after it, or p when none.
size_t Matcher::MatchMonthName(size_t p, DatePart* d) {
  size_t end;
  const Word* w = Lex(p, Bit(WordKind::kGregorianMonth) | Bit(WordKind::kHijriMonth), &end);
  if (w == nullptr) return p;
  d->m = w->value;
  d->has_m = true;
  d->hijri = w->kind == WordKind::kHijriMonth;
  // Double form: "شباط/فبراير", "فبراير (شباط)", "كانون الثاني - يناير".
  const size_t q = SkipSeps(end, U"/(-–|\\");
  size_t end2;
  if (const Word* w2 = Lex(q, Bit(WordKind::kGregorianMonth), &end2); w2 != nullptr) {
    if (w2->value != w->value || w2->kind != w->kind) {
      d->warnings.push_back("the two month names disagree (" + std::to_string(w->value) + " and " +
                            std::to_string(w2->value) + "); the first is used");
    }
    end = end2;
    if (Punct(end, ')')) ++end;
  }
  return end;
}

DatePart Matcher::MatchDate(size_t p) {
  DatePart d;
  size_t end;
  if (Num(p)) {
    const Token& n1 = t_[p];
    // Numeric triple: D/M/Y or Y/M/D with one kind of separator.
    if (PunctIn(p + 1, U"/-.\\؍") && Num(p + 2) && Punct(p + 3, t_[p + 1].cp) && Num(p + 4) &&
        n1.digits <= 4 && t_[p + 2].digits <= 2 && t_[p + 4].digits <= 4) {
      const Token& n2 = t_[p + 2];
      const Token& n3 = t_[p + 4];
      d.numeric = true;
      d.has_y = d.has_m = d.has_d = true;
      d.end = p + 5;
      if (n1.digits == 4 || n1.digits == 3) {
        if (n3.digits > 2) return d;
        d.y = static_cast<int>(n1.value);
        d.m = static_cast<int>(n2.value);
        d.d = static_cast<int>(n3.value);
      } else {
        if (n3.digits != 2 && n3.digits != 4) return d;
        d.d = static_cast<int>(n1.value);
        d.m = static_cast<int>(n2.value);
        d.y = static_cast<int>(n3.value);
      }
      MatchEra(&d);
      if (n3.digits == 2 && n1.digits <= 2) d.y = ExpandYear(d.y, d.hijri, &d.warnings);
      if (d.y >= 1300 && d.y <= 1500 && !d.hijri) {
        size_t e2;
        if (!Lex(p + 5, Bit(WordKind::kEra), &e2)) {
          d.hijri = true;
          d.warnings.push_back("year " + std::to_string(d.y) +
                               " without an era marker read as Hijri");
        }
      }
      // Day-first is the rule; say so when the other reading was possible too.
      if (n1.digits <= 2) {
        if (d.m > 12 && d.d <= 12) {
          std::swap(d.m, d.d);
          d.warnings.push_back("day-first reading impossible (month " + std::to_string(d.d) +
                               "); read month-first");
        } else if (d.d <= 12 && d.m <= 12 && d.d != d.m) {
          d.warnings.push_back("numeric date read day-first (D/M/Y)");
        }
      }
      d.ok = true;
      return d;
    }
    // Day then month name: "11 فبراير 2022", "11 من شهر فبراير", "26 شوال 1436 هـ".
    {
      size_t q = SkipSeps(p + 1, U"-/.،,");
      for (int i = 0; i < 2; ++i) {
        if (Lex(q, Bit(WordKind::kFiller) | Bit(WordKind::kMonthLabel), &end)) q = end;
      }
      DatePart md;
      const size_t after = MatchMonthName(q, &md);
      if (after != q && n1.digits <= 2 && n1.value <= 99) {
        md.d = static_cast<int>(n1.value);
        md.has_d = true;
        md.end = after;
        MatchYear(after, &md);
        MatchEra(&md);
        md.ok = true;
        return md;
      }
    }
    // Year with an era marker: "1436هـ", "2015 م".
    if (n1.digits >= 3 && n1.digits <= 4 && Lex(p + 1, Bit(WordKind::kEra), &end)) {
      // "م" after a number could also be PM ("10 م") — only years of 3..4 digits get here.
      d.y = static_cast<int>(n1.value);
      d.has_y = true;
      d.end = p + 1;
      MatchEra(&d);
      d.ok = true;
      return d;
    }
    return d;
  }
  // Ordinal day: "الحادي عشر من فبراير 2022".
  if (const Word* ord = Lex(p, Bit(WordKind::kDayOrdinal), &end)) {
    size_t q = end;
    for (int i = 0; i < 2; ++i) {
      if (Lex(q, Bit(WordKind::kFiller) | Bit(WordKind::kMonthLabel), &end)) q = end;
    }
    DatePart md;
    const size_t after = MatchMonthName(q, &md);
    if (after == q) return d;
    md.d = ord->value;
    md.has_d = true;
    md.end = after;
    MatchYear(after, &md);
    MatchEra(&md);
    md.ok = true;
    return md;
  }
  // Month name first: "فبراير 2022", "فبراير 11، 2022".
  {
    DatePart md;
    const size_t after = MatchMonthName(p, &md);
    if (after != p) {
      md.end = after;
      size_t q = SkipSeps(after, U"-");
      if (Num(q) && t_[q].digits <= 2 && t_[q].value >= 1 && t_[q].value <= 31 &&
          PunctIn(q + 1, U",،") && Num(q + 2) && t_[q + 2].digits == 4) {
        md.d = static_cast<int>(t_[q].value);
        md.has_d = true;
        md.y = static_cast<int>(t_[q + 2].value);
        md.has_y = true;
        md.end = q + 3;
        MatchEra(&md);
        md.ok = true;
        return md;
      }
      if (MatchYear(after, &md) && (t_[md.end - 1].digits >= 3)) {
        MatchEra(&md);
        md.ok = true;
        return md;
      }
      return d;
    }
  }
  // "عام 2015", "سنة 1436 هـ".
  if (Lex(p, Bit(WordKind::kYearLabel), &end) && Num(end) && t_[end].digits == 4 &&
      !Punct(end + 1, ':')) {
    d.y = static_cast<int>(t_[end].value);
    d.has_y = true;
    d.end = end + 1;
    MatchEra(&d);
    d.ok = true;
    return d;
  }
  return d;
}

void Matcher::MatchZone(TimePart* tp) {
  size_t q = tp->end;
  size_t end;
  // "+03:00", "+0300", "-04:00", "Z".
  auto offset_at = [&](size_t s, bool spaced_ok) -> bool {
    if (!PunctIn(s, U"+-−")) return false;
    if (!Num(s + 1) || !Adjacent(s + 1)) return false;
    const Token& n = t_[s + 1];
    int hours = 0, minutes = 0;
    size_t e = s + 2;
    if (n.digits == 4) {
      hours = static_cast<int>(n.value / 100);
      minutes = static_cast<int>(n.value % 100);
    } else if (n.digits <= 2) {
      hours = static_cast<int>(n.value);
      if (Punct(e, ':') && Num(e + 1) && t_[e + 1].digits == 2) {
        minutes = static_cast<int>(t_[e + 1].value);
        e += 2;
      } else if (!spaced_ok && t_[s].cp == '-') {
        return false;
      }
    } else {
      return false;
    }
    if (hours > 14 || minutes > 59) return false;
    const int sign = t_[s].cp == '+' ? 1 : -1;
    tp->fixed_offset = sign * (hours * 3600 + minutes * 60);
    tp->tz_text = internal::FormatOffset(*tp->fixed_offset);
    tp->zone.clear();
    tp->end = e;
    return true;
  };
  if (Adjacent(q) && offset_at(q, true)) return;
  if (!Adjacent(q) && Punct(q, '+') && offset_at(q, true)) return;
  if (Adjacent(q) && q < t_.size() && t_[q].type == Token::kWord && t_[q].key == "z") {
    tp->fixed_offset = 0;
    tp->tz_text = "UTC";
    tp->end = q + 1;
    return;
  }
  const size_t open = q;
  q = SkipSeps(q, U"(-–,،[");
  const bool paren = Punct(open, '(') || Punct(open, '[');
  size_t intro_end = q;
  const bool intro = Lex(q, Bit(WordKind::kZoneIntro), &intro_end) != nullptr;
  size_t r = intro_end;
  bool found = false;
  if (const Word* w = Lex(r, Bit(WordKind::kUtc), &end)) {
    (void)w;
    tp->fixed_offset = 0;
    tp->tz_text = "UTC";
    tp->end = end;
    found = true;
    // "GMT+3", "غرينتش +3"
    const size_t s = end;
    if (PunctIn(s, U"+-−") && Num(s + 1)) {
      TimePart probe = *tp;
      probe.end = s;
      if (offset_at(s, true)) {
        found = true;
      } else {
        *tp = probe;
      }
    }
  } else if (intro) {
    if (const Word* w = Lex(r, Bit(WordKind::kZone), &end)) {
      tp->zone = w->zone;
      tp->tz_text = w->zone;
      tp->fixed_offset.reset();
      tp->end = end;
      found = true;
      if (w->ambiguous) {
        tp->warnings.push_back("zone name is ambiguous; read as " + w->zone);
      }
      // "بتوقيت مكة المكرمة" and the like: extra words of a place name are absorbed.
    }
  }
  if (found && paren && PunctIn(tp->end, U")]")) ++tp->end;
}

TimePart Matcher::MatchTime(size_t p, bool after_date) {
  TimePart tp;
  size_t q = p;
  size_t end;
  bool label = false;
  if (Lex(q, Bit(WordKind::kHourLabel), &end)) {
    label = true;
    q = SkipSeps(end, U":");
  } else if (after_date && q < t_.size() && t_[q].type == Token::kWord && t_[q].key == "t" &&
             Adjacent(q) && Num(q + 1) && Adjacent(q + 1)) {
    q = q + 1;  // ISO 8601 "T"
  }
  bool hour_only = false;
  if (Num(q) && t_[q].digits <= 2) {
    tp.h = static_cast<int>(t_[q].value);
    if (Punct(q + 1, ':') && Num(q + 2) && t_[q + 2].digits == 2) {
      tp.mi = static_cast<int>(t_[q + 2].value);
      q += 3;
      if (Punct(q, ':') && Num(q + 1) && t_[q + 1].digits == 2) {
        tp.s = static_cast<int>(t_[q + 1].value);
        tp.has_s = true;
        q += 2;
        if (PunctIn(q, U".,") && Adjacent(q) && Num(q + 1) && Adjacent(q + 1)) q += 2;
      }
    } else if (PunctIn(q + 1, U".٫") && Num(q + 2) && t_[q + 2].digits == 2 && Adjacent(q + 1) &&
               Adjacent(q + 2)) {
      tp.mi = static_cast<int>(t_[q + 2].value);
      size_t e;
      if (!label && !Lex(q + 3, Bit(WordKind::kPeriod), &e)) return tp;
      q += 3;
    } else {
      hour_only = true;
      q += 1;
      if (label) {
        if (const Word* f = Lex(q, Bit(WordKind::kFraction), &end); f != nullptr && f->value > 0) {
          tp.mi = f->value;
          q = end;
        }
      }
    }
  } else if (label) {
    const Word* hw = Lex(q, Bit(WordKind::kHourWord), &end);
    if (hw == nullptr) return tp;
    tp.h = hw->value;
    q = end;
    if (const Word* f = Lex(q, Bit(WordKind::kFraction), &end)) {
      q = end;
      if (f->value < 0) {
        tp.h = tp.h == 1 ? 12 : tp.h - 1;
        tp.mi = 60 + f->value;
      } else {
        tp.mi = f->value;
      }
    }
  } else {
    return tp;
  }
  // Day period.
  const Word* period = Lex(q, Bit(WordKind::kPeriod), &end);
  if (hour_only && !label) {
    // A bare number is a time only with a spelled-out period ("10 صباحا"), not "10 م".
    if (period == nullptr || (period->keys.size() == 1 && period->keys[0].size() <= 2)) return tp;
  }
  if (period != nullptr) {
    q = end;
    const int h = tp.h;
    using namespace internal;
    if (h > 12) {
      if (period->value == kAm || period->value == kDawn) {
        tp.warnings.push_back("24-hour time with a morning marker; the 24-hour value is kept");
      }
    } else if (h == 0) {
      // 0:30 ص — already unambiguous
    } else {
      switch (period->value) {
        case kAm:
        case kDawn:
          tp.h = h == 12 ? 0 : h;
          break;
        case kPm:
        case kEvening:
          tp.h = h == 12 ? 12 : h + 12;
          break;
        case kNoon:
          tp.h = (h == 12 || h >= 10) ? h : h + 12;
          break;
        case kAfternoon:
          tp.h = h == 12 ? 12 : h + 12;
          break;
        case kNight:
          tp.h = h == 12 ? 0 : (h <= 4 ? h : h + 12);
          break;
      }
    }
  } else if (tp.h >= 1 && tp.h <= 12 && !(tp.h == 12 && tp.mi == 0 && false)) {
    tp.warnings.push_back("time without AM/PM marker read on the 24-hour clock");
  }
  if (tp.h > 24 || tp.mi > 59 || tp.s > 60 || (tp.h == 24 && (tp.mi > 0 || tp.s > 0))) {
    if (hour_only || !after_date) return tp;  // not a time at all
    tp.error = "impossible time " + std::to_string(tp.h) + ":" + Two(tp.mi);
  }
  tp.end = q;
  tp.ok = true;
  MatchZone(&tp);
  return tp;
}

void Matcher::SetValue(int64_t days, int y, int m, int d, Granularity g, const TimePart* tp,
                       Candidate* c) {
  DateMatch& out = c->match;
  char buf[64];
  switch (g) {
    case Granularity::kYear:
      snprintf(buf, sizeof buf, "%04d", y);
      break;
    case Granularity::kMonth:
      snprintf(buf, sizeof buf, "%04d-%02d", y, m);
      break;
    default:
      snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
      break;
  }
  out.value = buf;
  out.granularity = g;
  out.tz = ref_zone_;
  if (tp == nullptr) return;
  int h = tp->h;
  if (h == 24) {  // 24:00 is the midnight that ends the day
    h = 0;
    days += 1;
    internal::CivilFromDays(days, &y, &m, &d);
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    out.value = buf;
  }
  out.value += "T" + Two(h) + ":" + Two(tp->mi);
  out.granularity = Granularity::kMinute;
  if (tp->has_s) {
    out.value += ":" + Two(tp->s);
    out.granularity = Granularity::kSecond;
  }
  std::optional<int> offset;
  if (tp->fixed_offset) {
    offset = tp->fixed_offset;
    out.tz = tp->tz_text;
  } else {
    const std::string& zone = !tp->zone.empty() ? tp->zone : ref_zone_;
    if (!zone.empty()) {
      offset = internal::ZoneOffsetAtLocal(zone, days, h * 3600 + tp->mi * 60 + tp->s);
      out.tz = zone;
    }
  }
  if (offset) out.value += internal::FormatOffset(*offset);
}

void Matcher::Finish(const DatePart& d, const TimePart* tp, int weekday, Candidate* c) {
  DateMatch& out = c->match;
  out.warnings.insert(out.warnings.end(), d.warnings.begin(), d.warnings.end());
  if (tp != nullptr) {
    out.warnings.insert(out.warnings.end(), tp->warnings.begin(), tp->warnings.end());
    if (!tp->error.empty()) {
      c->error = tp->error;
      return;
    }
  }
  out.calendar = d.hijri ? Calendar::kHijri : Calendar::kGregorian;
  int y = d.y, m = d.m, day = d.d;
  bool has_y = d.has_y;
  if (!has_y && d.has_m && d.has_d) {
    // Year not written: the most recent such date not more than 30 days after the reference.
    if (d.hijri) {
      int hy, hm, hd;
      if (!internal::HijriFromDays(ref_days_, opt_.hijri, &hy, &hm, &hd)) {
        c->error = "Hijri date without a year outside the supported range";
        return;
      }
      y = hy;
      for (int i = 0; i < 2; ++i) {
        const auto info = internal::HijriMonthInfo(y, m, opt_.hijri);
        if (info && info->first_day + day - 1 > ref_days_ + 30) --y;
      }
    } else {
      y = ref_y_;
      if (m >= 1 && m <= 12 && day >= 1 && day <= 31 &&
          internal::DaysFromCivil(y, m, std::min(day, internal::DaysInMonth(y, m))) >
              ref_days_ + 30) {
        --y;
      }
    }
    out.warnings.push_back("year not written; " + std::to_string(y) +
                           " taken from the reference date");
    has_y = true;
  }
  if (!has_y) {
    c->error = "no year";
    return;
  }
  const Granularity g =
      d.has_d ? Granularity::kDay : (d.has_m ? Granularity::kMonth : Granularity::kYear);
  if (d.has_m && (m < 1 || m > 12)) {
    c->error = "impossible date: month " + std::to_string(m);
    return;
  }
  if (y < 1 || y > 9999) {
    c->error = "year out of range: " + std::to_string(y);
    return;
  }
  int64_t days = 0;
  if (d.hijri) {
    const int hm = d.has_m ? m : 1;
    const auto info = internal::HijriMonthInfo(y, hm, opt_.hijri);
    if (!info) {
      c->error = "Hijri date out of the supported range";
      return;
    }
    if (d.has_d) {
      if (day < 1 || day > 30) {
        c->error = "impossible Hijri date: day " + std::to_string(day);
        return;
      }
      if (day > info->length) {
        out.warnings.push_back("day 30 does not exist in this Hijri month (" +
                               std::to_string(info->length) +
                               " days in the chosen variant); read as the following day");
      }
      days = info->first_day + day - 1;
    } else {
      days = info->first_day;
    }
    int gy, gm, gd;
    internal::CivilFromDays(days, &gy, &gm, &gd);
    if (g == Granularity::kYear) {
      const auto next = internal::HijriMonthInfo(y + 1, 1, opt_.hijri);
      int ey = gy, em = gm, ed = gd;
      if (next) internal::CivilFromDays(next->first_day - 1, &ey, &em, &ed);
      out.warnings.push_back("Hijri year " + std::to_string(y) + " spans " + Iso(gy, gm, gd) +
                             " to " + Iso(ey, em, ed) +
                             "; value is the Gregorian year it begins in");
    } else if (g == Granularity::kMonth) {
      int ey, em, ed;
      internal::CivilFromDays(info->first_day + info->length - 1, &ey, &em, &ed);
      out.warnings.push_back("Hijri month spans " + Iso(gy, gm, gd) + " to " + Iso(ey, em, ed) +
                             "; value is the Gregorian month it begins in");
    }
    SetValue(days, gy, gm, gd, g, tp, c);
  } else {
    if (d.has_d) {
      if (day < 1 || day > internal::DaysInMonth(y, m)) {
        c->error = "impossible date: " + std::to_string(day) + "/" + std::to_string(m) + "/" +
                   std::to_string(y) + " (" + std::to_string(internal::DaysInMonth(y, m)) +
                   " days in that month)";
        return;
      }
    }
    days = internal::DaysFromCivil(y, d.has_m ? m : 1, d.has_d ? day : 1);
    SetValue(days, y, m, day, g, tp, c);
  }
  if (weekday != 0 && g == Granularity::kDay) {
    const int actual = internal::WeekdayFromDays(days);
    if (actual != weekday) {
      out.warnings.push_back(std::string("weekday ") + kWeekdayEn[weekday] +
                             " does not match the date (a " + kWeekdayEn[actual] + ")");
    }
  }
  c->ok = true;
}

// "منذ 3 ساعات", "قبل يومين", "أمس", "اليوم 10:15 ص", "بعد غد".
Candidate Matcher::MatchRelative(size_t p, size_t begin, int weekday) {
  Candidate c;
  size_t end;
  const int64_t ref = ref_unix_;
  auto finish_days = [&](int64_t days, Granularity g, const TimePart* tp) {
    int y, m, d;
    internal::CivilFromDays(days, &y, &m, &d);
    if (ref_zone_.empty()) {
      c.match.warnings.push_back("relative date resolved in UTC (no --tz given)");
    }
    SetValue(days, y, m, d, g, tp, &c);
    if (ref_zone_.empty()) {
      c.match.tz = "UTC";
      if (tp != nullptr) c.match.value += "+00:00";
    }
    c.ok = true;
    c.relative = true;
  };
  if (const Word* w = Lex(p, Bit(WordKind::kRelativeDay), &end)) {
    const int64_t days = ref_days_ + w->value;
    c.tb = begin;
    c.te = end;
    // "اليوم الجمعة": a weekday after the relative word.
    size_t q = SkipSeps(end, U",،-");
    if (const Word* wd = Lex(q, Bit(WordKind::kWeekday), &end)) {
      weekday = wd->value;
      c.te = end;
      q = SkipSeps(end, U",،-");
    }
    TimePart tp = MatchTime(SkipGlue(c.te), /*after_date=*/true);
    if (tp.ok && tp.error.empty()) {
      c.te = tp.end;
      c.match.warnings = tp.warnings;
      finish_days(days, Granularity::kDay, &tp);
    } else {
      finish_days(days, Granularity::kDay, nullptr);
    }
    if (weekday != 0 && internal::WeekdayFromDays(days) != weekday) {
      c.match.warnings.push_back(std::string("weekday ") + kWeekdayEn[weekday] +
                                 " does not match the relative date");
    }
    return c;
  }
  const Word* dir = Lex(p, Bit(WordKind::kAgo) | Bit(WordKind::kAhead), &end);
  if (dir == nullptr) return c;
  const int sign = dir->kind == WordKind::kAgo ? -1 : 1;
  size_t q = end;
  int64_t amount = 1;
  int unit = -1;
  bool now = false;
  // One amount: "3 ساعات", "ثلاث ساعات", "ساعتين", "ساعة".
  auto amount_at = [&](size_t at, int64_t* n, int* u, size_t* e) -> bool {
    if (Num(at) && t_[at].digits <= 4) {
      const Word* w = Lex(at + 1, Bit(WordKind::kUnit) | Bit(WordKind::kUnitPlural), e);
      if (w == nullptr) return false;
      *n = t_[at].value;
      *u = w->value;
      return true;
    }
    if (const Word* nw = Lex(at, Bit(WordKind::kNumber), e)) {
      const Word* w = Lex(*e, Bit(WordKind::kUnit) | Bit(WordKind::kUnitPlural), e);
      if (w == nullptr) return false;
      *n = nw->value;
      *u = w->value;
      return true;
    }
    if (const Word* w = Lex(at, Bit(WordKind::kUnitDual), e)) {
      *n = 2;
      *u = w->value;
      return true;
    }
    if (const Word* w = Lex(at, Bit(WordKind::kUnit), e)) {
      *n = 1;
      *u = w->value;
      size_t e1;
      if (const Word* nw = Lex(*e, Bit(WordKind::kNumber), &e1); nw != nullptr && nw->value == 1) {
        *e = e1;  // "ساعة واحدة"
      }
      return true;
    }
    return false;
  };
  if (sign < 0 && Lex(q, Bit(WordKind::kNow), &end)) {
    now = true;
  } else if (!amount_at(q, &amount, &unit, &end)) {
    return c;
  }
  using namespace internal;
  // Seconds for clock units, so that "منذ 3 ساعات و20 دقيقة" and "منذ ساعة ونصف" add up.
  auto unit_seconds = [](int u) -> int64_t {
    return u == kSecond ? 1 : u == kMinute ? 60 : u == kHour ? 3600 : 0;
  };
  int64_t clock_seconds = now ? 0 : amount * unit_seconds(unit);
  if (!now && unit_seconds(unit) > 0) {
    for (;;) {
      size_t e = end;
      if (const Word* f = Lex(end, Bit(WordKind::kFraction), &e); f != nullptr && f->value == 30) {
        clock_seconds += unit_seconds(unit) / 2;
        end = e;
        continue;
      }
      int64_t n2;
      int u2;
      if (end < t_.size() && t_[end].type == Token::kWord && t_[end].key == "و" &&
          amount_at(end + 1, &n2, &u2, &e) && unit_seconds(u2) > 0 &&
          unit_seconds(u2) < unit_seconds(unit)) {
        clock_seconds += n2 * unit_seconds(u2);
        end = e;
        unit = u2;
        continue;
      }
      break;
    }
  }
  c.tb = begin;
  c.te = end;
  if (now) {
    c.match.warnings.push_back("approximate: taken as the reference time");
    unit = kMinute;
  }
  if (unit == kSecond || unit == kMinute || unit == kHour) {
    const int64_t instant = ref + sign * clock_seconds;
    const int off = ref_zone_.empty() ? 0 : ZoneOffsetAtInstant(ref_zone_, instant).value_or(0);
    const int64_t local = instant + off;
    const int64_t days = local / 86400 - (local % 86400 < 0 ? 1 : 0);
    const int sod = static_cast<int>(local - days * 86400);
    TimePart tp;
    tp.h = sod / 3600;
    tp.mi = (sod / 60) % 60;
    if (!ref_zone_.empty()) {
      tp.fixed_offset = off;
      tp.tz_text = ref_zone_;
    }
    finish_days(days, Granularity::kMinute, &tp);
    return c;
  }
  if (unit == kDay || unit == kWeek) {
    finish_days(ref_days_ + sign * amount * (unit == kWeek ? 7 : 1), Granularity::kDay, nullptr);
    return c;
  }
  // Months and years: calendar arithmetic on the reference's local date.
  int64_t months =
      static_cast<int64_t>(ref_y_) * 12 + (ref_m_ - 1) + sign * amount * (unit == kYear ? 12 : 1);
  const int y = static_cast<int>(months / 12);
  const int m = static_cast<int>(months % 12) + 1;
  if (y < 1 || y > 9999) return Candidate();
  finish_days(DaysFromCivil(y, m, 1), unit == kYear ? Granularity::kYear : Granularity::kMonth,
              nullptr);
  return c;
}

Candidate Matcher::MatchAt(size_t p, bool loose) {
  Candidate c;
  size_t end;
  const size_t begin = p;
  int weekday = 0;
  size_t q = p;
  if (const Word* w = Lex(q, Bit(WordKind::kWeekday), &end)) {
    weekday = w->value;
    size_t e2;
    if (const Word* pn = Lex(end, Bit(WordKind::kPastNext), &e2)) {
      // "الجمعة الماضية": the nearest such weekday before (after) the reference date.
      int64_t days = ref_days_ + pn->value;
      while (internal::WeekdayFromDays(days) != weekday) days += pn->value;
      int y, m, dd;
      internal::CivilFromDays(days, &y, &m, &dd);
      c.tb = begin;
      c.te = e2;
      c.relative = true;
      SetValue(days, y, m, dd, Granularity::kDay, nullptr, &c);
      c.ok = true;
      return c;
    }
    q = SkipGlue(end, Bit(WordKind::kEquivalent));
  }
  Candidate rel = MatchRelative(q, begin, weekday);
  if (rel.ok) return rel;

  DatePart d = MatchDate(q);
  if (!d.ok && loose && Num(q) && t_[q].digits == 4 && t_[q].value >= 1000 && t_[q].value <= 2999 &&
      !PunctIn(q + 1, U":/-.")) {
    // A bare year, in Parse only.
    d.ok = true;
    d.y = static_cast<int>(t_[q].value);
    d.has_y = true;
    d.end = q + 1;
    if (d.y >= 1300 && d.y <= 1500) {
      d.hijri = true;
      d.warnings.push_back("year " + std::to_string(d.y) + " without an era marker read as Hijri");
    }
  }
  TimePart time_first;
  if (!d.ok) {
    // Time first: "10:15 ص - 11 فبراير 2022", or a time alone (Parse only).
    time_first = MatchTime(q, /*after_date=*/false);
    if (!time_first.ok) return c;
    size_t r = SkipGlue(time_first.end);
    if (const Word* w = Lex(r, Bit(WordKind::kWeekday), &end)) {
      weekday = w->value;
      r = SkipGlue(end);
    }
    d = MatchDate(r);
    if (!d.ok || !d.has_d) {
      if (!loose) return c;
      c.tb = begin;
      c.te = time_first.end;
      c.relative = true;
      c.match.warnings.push_back("time without a date; the reference date is used");
      c.match.warnings.insert(c.match.warnings.end(), time_first.warnings.begin(),
                              time_first.warnings.end());
      if (!time_first.error.empty()) {
        c.error = time_first.error;
        return c;
      }
      int y, m, dd;
      internal::CivilFromDays(ref_days_, &y, &m, &dd);
      SetValue(ref_days_, y, m, dd, Granularity::kDay, &time_first, &c);
      c.ok = true;
      return c;
    }
    c.tb = begin;
    c.te = d.end;
    Finish(d, &time_first, weekday, &c);
    return c;
  }
  // Only a bare year with no era or label: a date in Parse mode alone.
  if (d.has_y && !d.has_m && d.end == q + 1 && !loose) return c;

  // Dual date: "26 شوال 1436 هـ الموافق 11 أغسطس 2015 م", "(1428هـ 2007م)".
  size_t r = SkipSeps(d.end, U",،-–/|(");
  bool equivalent = false;
  if (Lex(r, Bit(WordKind::kEquivalent), &end)) {
    equivalent = true;
    r = SkipGlue(end);
    if (Lex(r, Bit(WordKind::kWeekday), &end)) r = SkipGlue(end);
  }
  DatePart d2 = MatchDate(r);
  if (d2.ok && d2.hijri != d.hijri) {
    size_t e2;
    const bool marked = Lex(d2.end - 1, Bit(WordKind::kEra), &e2) || d2.has_m;
    if (equivalent || (marked && !d2.numeric) || (d2.numeric && d.numeric)) {
      DatePart& greg = d.hijri ? d2 : d;
      DatePart& hij = d.hijri ? d : d2;
      // Check agreement.
      Candidate cg, ch;
      Finish(greg, nullptr, 0, &cg);
      Finish(hij, nullptr, 0, &ch);
      const size_t dual_end = std::max(d.end, d2.end);
      const int rank_g = greg.has_d ? 2 : greg.has_m ? 1 : 0;
      const int rank_h = hij.has_d ? 2 : hij.has_m ? 1 : 0;
      DatePart chosen = rank_h > rank_g ? hij : greg;
      if (cg.ok && ch.ok) {
        if (greg.has_d && hij.has_d) {
          const int64_t gd = internal::DaysFromCivil(greg.y, greg.m, greg.d);
          int y, m, dd;
          std::sscanf(ch.match.value.c_str(), "%d-%d-%d", &y, &m, &dd);
          const int64_t hd = internal::DaysFromCivil(y, m, dd);
          if (gd - hd > 1 || hd - gd > 1) {
            chosen.warnings.push_back(
                "dual date disagrees: the Hijri date is " + ch.match.value + " (" +
                (opt_.hijri == HijriVariant::kUmmAlQura ? "Umm al-Qura" : "civil") +
                "), the Gregorian date " + cg.match.value);
          }
        }
      } else if (!cg.ok && ch.ok) {
        chosen = hij;
      }
      d = chosen;
      d.end = dual_end;
    }
  }
  c.tb = begin;
  c.te = d.end;
  // Time after the date.
  TimePart tp = MatchTime(SkipGlue(d.end), /*after_date=*/true);
  if (tp.ok && d.has_d) {
    c.te = tp.end;
    Finish(d, &tp, weekday, &c);
  } else {
    Finish(d, nullptr, weekday, &c);
  }
  if (!c.ok && c.error.empty()) c.error = "not a date";
  return c;
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Can a date expression start at this token?
bool CanStart(const Token& t) {
  return t.type == Token::kNum || (t.type == Token::kWord && t.lex != nullptr);
}

void FillSpan(const std::vector<Token>& t, Candidate* c) {
  size_t te = c->te;
  while (te > c->tb + 1 && t[te - 1].type == Token::kPunct && t[te - 1].cp != ')') --te;
  c->match.begin = t[c->tb].cb;
  c->match.end = t[te - 1].ce;
  c->match.byte_begin = t[c->tb].bb;
  c->match.byte_end = t[te - 1].be;
}

std::vector<Candidate> Scan(std::string_view text, const DateOptions& options, bool loose) {
  const NameTable& names = internal::Names();
  thread_local std::vector<Token> tokens;
  Tokenize(text, names, &tokens);
  const int64_t ref = options.reference_unix_seconds.value_or(NowUnix());
  Matcher matcher(tokens, options, names, ref);
  std::vector<Candidate> out;
  size_t p = 0;
  while (p < tokens.size()) {
    if (!CanStart(tokens[p])) {
      ++p;
      continue;
    }
    Candidate c = matcher.MatchAt(p, loose);
    if ((c.ok || !c.error.empty()) && c.te > c.tb) {
      FillSpan(tokens, &c);
      const size_t next = c.te;
      out.push_back(std::move(c));
      p = next;
    } else {
      ++p;
    }
  }
  return out;
}

int Rank(const Candidate& c) {
  return static_cast<int>(c.match.granularity) * 4 + (c.relative ? 0 : 2) +
         (c.match.calendar == Calendar::kGregorian ? 1 : 0);
}

}  // namespace

DateParser::DateParser(DateOptions options) : options_(std::move(options)) {
  internal::Names();  // build the tables now rather than inside the first Parse
}

Result<DateMatch> DateParser::Parse(std::string_view text) const {
  if (text.size() > (1u << 20))
    return Status::InvalidArgument("text too long for a date (> 1 MiB)");
  std::vector<Candidate> all = Scan(text, options_, /*loose=*/true);
  const Candidate* best = nullptr;
  const Candidate* first_error = nullptr;
  for (const Candidate& c : all) {
    if (!c.ok) {
      if (first_error == nullptr) first_error = &c;
      continue;
    }
    if (best == nullptr || Rank(c) > Rank(*best)) best = &c;
  }
  if (best != nullptr) return best->match;
  if (first_error != nullptr) return Status::OutOfRange(first_error->error);
  return Status::InvalidArgument("no date found");
}

std::vector<DateMatch> DateParser::FindAll(std::string_view text) const {
  std::vector<DateMatch> out;
  for (Candidate& c : Scan(text, options_, /*loose=*/false)) {
    if (c.ok) out.push_back(std::move(c.match));
  }
  return out;
}

bool IsKnownTimeZone(std::string_view zone) { return internal::ZoneExists(zone); }

Result<int64_t> ParseReferenceTime(std::string_view iso, std::string_view tz) {
  DateOptions options;
  options.tz = std::string(tz);
  options.reference_unix_seconds = 0;
  DateParser parser(options);
  // Only ISO 8601 forms: YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM].
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') {
    return Status::InvalidArgument(
        "reference time must be ISO 8601 (YYYY-MM-DD[THH:MM[:SS]][±HH:MM])");
  }
  auto r = parser.Parse(iso);
  if (!r.ok()) return r.status();
  const DateMatch& m = *r;
  if (m.begin != 0 || m.end != utf8::CountCodePoints(iso) || m.calendar != Calendar::kGregorian) {
    return Status::InvalidArgument("reference time must be ISO 8601: " + std::string(iso));
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::sscanf(m.value.c_str(), "%d-%d-%d", &y, &mo, &d);
  if (m.value.size() >= 16) std::sscanf(m.value.c_str() + 11, "%d:%d", &h, &mi);
  if (m.value.size() >= 19 && m.value[16] == ':') std::sscanf(m.value.c_str() + 17, "%d", &s);
  int offset = 0;
  const size_t sign = m.value.find_first_of("+-", 11);
  if (m.value.size() > 11 && sign != std::string::npos) {
    int oh = 0, om = 0;
    std::sscanf(m.value.c_str() + sign + 1, "%d:%d", &oh, &om);
    offset = (oh * 3600 + om * 60) * (m.value[sign] == '-' ? -1 : 1);
  } else if (!tz.empty()) {
    const int64_t days = internal::DaysFromCivil(y, mo, d);
    offset = internal::ZoneOffsetAtLocal(tz, days, h * 3600 + mi * 60 + s).value_or(0);
  }
  return internal::DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
}

}  // namespace khabar::time

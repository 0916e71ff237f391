// Datelines and wire credits: "واشنطن /أ ش أ/", "القاهرة (رويترز) -", "(د ب أ)", "واس - جدة"...
#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "extract/scan.h"
#include "extract/tables.h"
#include "khabar/extract.h"

namespace khabar::extract {
namespace {

using scan::Token;
using scan::TokenKind;

constexpr size_t kMaxDatelineTokens = 40;
constexpr size_t kMaxPlaceWords = 4;
constexpr size_t kMaxPreWords = 6;
constexpr size_t kMaxWordsBeforeCredit = 18;

bool IsSeparator(TokenKind k) {
  return k == TokenKind::kDash || k == TokenKind::kColon || k == TokenKind::kComma ||
         k == TokenKind::kSlash;
}
bool IsOpener(TokenKind k) {
  return k == TokenKind::kOpen || k == TokenKind::kSlash || k == TokenKind::kQuote;
}
bool IsCloser(TokenKind k) {
  return k == TokenKind::kClose || k == TokenKind::kSlash || k == TokenKind::kQuote;
}

// Tokens of a text with the facts (match keys, table lookups) of its word tokens, looked up on
// first use (most lines are rejected after a few words). The tokens are scanned here or lent by
// the caller (DumpParser tokenizes each line once).
struct Scanned {
  std::span<const Token> tokens;

  void Scan(std::string_view s, size_t max_tokens) {
    scan::Tokenize(s, max_tokens, &own_);
    Use(own_);
  }
  void Use(std::span<const Token> t) {
    tokens = t;
    facts_.assign(t.size(), nullptr);
  }
  // nullptr for punctuation tokens.
  const WordFacts* facts(size_t i) const {
    if (facts_[i] == nullptr && scan::IsWordLike(tokens[i].kind)) {
      facts_[i] = &Facts(tokens[i].text);
    }
    return facts_[i];
  }
  // "" for punctuation tokens.
  std::string_view key(size_t i) const {
    const WordFacts* f = facts(i);
    return f ? std::string_view(f->key) : std::string_view();
  }

 private:
  std::vector<Token> own_;
  mutable std::vector<const WordFacts*> facts_;
};

struct CreditHit {
  uint32_t agency = 0;
  size_t begin = 0, end = 0;  // token range of the credit words (and periods between them)
  bool strict = false;
};

// The longest credit form starting at token `i`, if any. Periods and hyphens between the words of
// a form are skipped ("أ.ش.أ", "أ-ش-أ").
std::optional<CreditHit> CreditAt(const Scanned& s, size_t i) {
  if (i >= s.tokens.size() || !scan::IsWordLike(s.tokens[i].kind)) return std::nullopt;
  const std::vector<CreditForm>* forms = s.facts(i)->credit_forms;
  if (forms == nullptr) return std::nullopt;
  for (const CreditForm& form : *forms) {
    size_t j = i + 1;
    size_t matched = 1;
    while (matched < form.keys.size() && j < s.tokens.size()) {
      const TokenKind k = s.tokens[j].kind;
      if (k == TokenKind::kPeriod || k == TokenKind::kDash) {
        // Only inside abbreviations made of one-letter words.
        if (s.tokens[j].end - s.tokens[j].begin > 1 || j + 1 >= s.tokens.size()) break;
        ++j;
        continue;
      }
      if (!scan::IsWordLike(k) || s.key(j) != form.keys[matched]) break;
      ++matched;
      ++j;
    }
    if (matched == form.keys.size()) {
      // A trailing period that belongs to an abbreviation ("أ.ش.أ.") stays outside the credit.
      return CreditHit{form.agency, i, j, form.strict};
    }
  }
  return std::nullopt;
}

// Words of a date between place and credit ("26 شوال 1436 هـ الموافق"). Zone words are not: they
// are place names too ("القاهرة").
bool IsDateWord(const WordFacts& f) { return f.date_word && f.date_kind != DateWordKind::kZone; }

// Span of tokens [b, e) in the source text.
std::string_view Span(std::string_view text, const Scanned& s, size_t b, size_t e) {
  if (b >= e) return {};
  return text.substr(s.tokens[b].begin, s.tokens[e - 1].end - s.tokens[b].begin);
}

// Decides whether tokens [0, hit.begin) can stand before a credit as "place [date] [separator]".
// On success fills *place_end (token index just past the place words, 0 when no place).
bool ValidPrefix(const Scanned& s, const CreditHit& hit, size_t* place_end, bool* saw_date) {
  size_t words = 0;
  *saw_date = false;
  size_t place_words = 0;
  bool in_place = true;
  bool only_labels = true;
  *place_end = 0;
  for (size_t i = 0; i < hit.begin; ++i) {
    const TokenKind k = s.tokens[i].kind;
    if (k == TokenKind::kWord) {
      const bool date_word = IsDateWord(*s.facts(i));
      const bool label = s.facts(i)->credit_label;
      if (!label) only_labels = false;
      if (date_word) *saw_date = true;
      if (in_place && !date_word && !label) {
        ++place_words;
        *place_end = i + 1;
        if (place_words > kMaxPlaceWords) return false;
      } else {
        in_place = false;
        if (!date_word && !label && ++words > kMaxPreWords) return false;
      }
      continue;
    }
    if (k == TokenKind::kNumber) {
      in_place = false;
      only_labels = false;
      *saw_date = true;
      continue;
    }
    if (k == TokenKind::kPeriod || k == TokenKind::kStop) return false;
    if (place_words > 0) in_place = false;
  }
  if (only_labels) *place_end = 0;
  return true;
}

}  // namespace

std::optional<DatelineMatch> MatchDateline(std::string_view text) {
  FactsScope scope;
  thread_local std::vector<Token> tokens;
  scan::Tokenize(text, kMaxDatelineTokens, &tokens);
  return MatchDatelineTokens(text, tokens);
}

std::optional<DatelineMatch> MatchDatelineTokens(std::string_view text,
                                                 std::span<const scan::Token> tokens) {
  thread_local Scanned s;
  s.Use(tokens.first(std::min(tokens.size(), kMaxDatelineTokens)));
  const Tables& t = Tables::Get();
  const size_t n = s.tokens.size();
  size_t words = 0;
  for (size_t i = 0; i < n; ++i) {
    const TokenKind k = s.tokens[i].kind;
    if (k == TokenKind::kPeriod || k == TokenKind::kStop) break;  // past the first sentence
    // A credit after this many words is not in a dateline (place, a dual date, labels).
    if (scan::IsWordLike(k) && ++words > kMaxWordsBeforeCredit) break;
    std::optional<CreditHit> hit = CreditAt(s, i);
    if (!hit) continue;
    size_t place_end = 0;
    bool saw_date = false;
    if (!ValidPrefix(s, *hit, &place_end, &saw_date)) break;

    const bool open_before = hit->begin > 0 && IsOpener(s.tokens[hit->begin - 1].kind);
    const bool close_after = hit->end < n && IsCloser(s.tokens[hit->end].kind);
    // ")أ ش أ(": brackets reversed by a visual-order (RTL) copy of the text.
    const bool reversed = hit->begin > 0 && hit->end < n &&
                          s.tokens[hit->begin - 1].kind == TokenKind::kClose &&
                          s.tokens[hit->end].kind == TokenKind::kOpen;
    const bool delimited = (open_before && close_after) || reversed;
    const bool sep_before = hit->begin == 0 || IsSeparator(s.tokens[hit->begin - 1].kind);
    const bool has_place = place_end > 0;
    if (hit->strict && !delimited && !(sep_before && has_place)) continue;
    // "place credit" with nothing between is a dateline only with a date between them
    // ("الرياض 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس"), not "ترامب يهاجم رويترز".
    if (!delimited && !sep_before && !saw_date) continue;

    size_t j = hit->end + (delimited ? 1 : 0);
    // What follows the credit: the end, separators then the body, or (after a bracketed credit)
    // the body directly.
    bool saw_separator = false;
    while (j < n && (IsSeparator(s.tokens[j].kind) || s.tokens[j].kind == TokenKind::kPeriod ||
                     (delimited && !reversed && IsCloser(s.tokens[j].kind)))) {
      saw_separator = true;
      ++j;
    }
    const bool at_end = j >= n && n < kMaxDatelineTokens;
    if (!at_end && !saw_separator && !delimited) continue;  // a credit word inside a sentence

    DatelineMatch m;
    m.whole = at_end;
    m.end = at_end ? text.size() : s.tokens[j].begin;
    const size_t credit_b = delimited ? hit->begin - 1 : hit->begin;
    const size_t credit_e = delimited ? hit->end + 1 : hit->end;
    Agency agency = t.MakeAgency(hit->agency, Span(text, s, credit_b, credit_e));
    m.dateline.place = std::string(Span(text, s, 0, place_end));
    if (!has_place && hit->begin == 0 && !at_end) {
      // Agency first: "واس - جدة", "وكالات - عواصم". The place is a short remainder of the line.
      size_t words = 0, last = j;
      bool ok = true;
      for (size_t q = j; q < n; ++q) {
        if (s.tokens[q].kind == TokenKind::kWord) {
          if (++words > kMaxPlaceWords) {
            ok = false;
            break;
          }
          last = q + 1;
        } else if (!IsSeparator(s.tokens[q].kind) && s.tokens[q].kind != TokenKind::kPeriod) {
          ok = false;
          break;
        }
      }
      if (ok && words > 0 && n < kMaxDatelineTokens) {
        m.dateline.place = std::string(Span(text, s, j, last));
        m.whole = true;
        m.end = text.size();
      }
    }
    m.dateline.agency = std::move(agency);
    return m;
  }
  return std::nullopt;
}

std::optional<Dateline> FindDateline(std::string_view line_or_paragraph) {
  std::optional<DatelineMatch> m = MatchDateline(line_or_paragraph);
  if (!m) return std::nullopt;
  return std::move(m->dateline);
}

std::optional<Agency> FindTrailingCredit(std::string_view paragraph) {
  std::string_view text = scan::Trim(paragraph);
  // Only the tail matters; start the window on a code point boundary.
  constexpr size_t kWindow = 160;
  size_t start = text.size() > kWindow ? text.size() - kWindow : 0;
  while (start > 0 && start < text.size() &&
         (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    ++start;
  }
  std::string_view tail = text.substr(start);
  FactsScope scope;
  thread_local Scanned s;
  s.Scan(tail, 256);
  size_t n = s.tokens.size();
  while (n > 0 && s.tokens[n - 1].kind == TokenKind::kPeriod) --n;  // "(رويترز)."
  if (n == 0) return std::nullopt;
  const Tables& t = Tables::Get();
  // Try credits ending at token n (bracketed) or at n-1 ... within the last few tokens.
  const size_t lowest = n > 10 ? n - 10 : 0;
  for (size_t i = lowest; i < n; ++i) {
    std::optional<CreditHit> hit = CreditAt(s, i);
    if (!hit) continue;
    const bool open_before = hit->begin > 0 && IsOpener(s.tokens[hit->begin - 1].kind);
    const bool bracketed = open_before && hit->end + 1 == n && IsCloser(s.tokens[hit->end].kind);
    const bool dashed = hit->end == n && hit->begin > 0 &&
                        (s.tokens[hit->begin - 1].kind == TokenKind::kDash ||
                         s.tokens[hit->begin - 1].kind == TokenKind::kColon);
    const bool alone = hit->begin == 0 && hit->end == n && start == 0;
    const bool labelled = hit->end == n && hit->begin > 0 && s.facts(hit->begin - 1) &&
                          s.facts(hit->begin - 1)->credit_label;
    if (bracketed) {
      return t.MakeAgency(hit->agency, Span(tail, s, hit->begin - 1, hit->end + 1));
    }
    if ((dashed || labelled || alone) && !(hit->strict && !dashed)) {
      return t.MakeAgency(hit->agency, Span(tail, s, hit->begin, hit->end));
    }
  }
  return std::nullopt;
}

std::optional<Agency> LookupAgency(std::string_view credit) {
  FactsScope scope;
  thread_local Scanned s;
  s.Scan(credit, 32);
  size_t b = 0, e = s.tokens.size();
  while (b < e && !scan::IsWordLike(s.tokens[b].kind)) ++b;
  while (e > b && !scan::IsWordLike(s.tokens[e - 1].kind)) --e;
  std::optional<CreditHit> hit = CreditAt(s, b);
  if (!hit || hit->end != e) return std::nullopt;
  return Tables::Get().MakeAgency(hit->agency, scan::Trim(credit));
}

}  // namespace khabar::extract

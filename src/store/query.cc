// BuildFtsQuery: the user query language (docs/storage.md) -> an FTS5 MATCH expression in which
// every term is a quoted string. Quoting is what keeps user text from ever acting as FTS5 or SQL
// syntax. A prefix becomes an OR of the index terms its expander gives (store/vocabulary.h), each
// marked verbatim for the tokenizer (store/fts_tokenizer.h).
#include <string>
#include <vector>

#include "base/utf8.h"
#include "khabar/store.h"
#include "khabar/text.h"
#include "store/fts_tokenizer.h"
#include "store/vocabulary.h"

namespace khabar::store {
namespace {

constexpr size_t kMaxQueryBytes = 4000;  // about 1,000 Arabic characters
constexpr size_t kMaxItems = 64;
constexpr size_t kMinPrefixLetters = 3;
constexpr size_t kMaxPrefixes = 4;
// Index terms a prefix expands to at most (the most frequent word forms it covers; Lucene's
// prefix queries in Elasticsearch take 50 by default). Each is one more doclist in the query.
constexpr size_t kMaxPrefixTerms = 32;

struct Item {
  std::string text;  // a word or the inside of a phrase
  bool phrase = false;
  bool prefix = false;
  bool negated = false;
  bool or_before = false;               // joined to the previous item by OR
  std::vector<std::string> expansions;  // a prefix's index terms
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// True when the analyzer finds at least one indexed token (a word, number, Latin word...) in `s`.
bool HasSearchableToken(std::string_view s) {
  for (const text::Token& t : text::Tokenize(s)) {
    if (t.kind != text::TokenKind::kPunctuation && t.kind != text::TokenKind::kSymbol) return true;
  }
  return false;
}

std::string Render(const Item& item) {
  if (!item.prefix) return QuoteFtsString(item.text);
  return AnyOfIndexTerms(item.expansions);
}

}  // namespace

Result<std::string> BuildFtsQuery(std::string_view q, const PrefixExpander& expand_prefix) {
  if (q.size() > kMaxQueryBytes) {
    return Status::InvalidArgument("query too long (more than " + std::to_string(kMaxQueryBytes) +
                                   " bytes)");
  }
  if (!utf8::IsValid(q)) return Status::InvalidArgument("query is not valid UTF-8");
  for (char c : q) {
    if (static_cast<unsigned char>(c) < 0x20 && !IsSpace(c)) {
      return Status::InvalidArgument("query contains a control character");
    }
  }
  if (q.find(kVerbatimTermMarker) != std::string_view::npos) {
    return Status::InvalidArgument("query contains the private-use character U+E000");
  }
  std::vector<Item> items;
  size_t prefixes = 0;
  bool negate_next = false, or_next = false;
  size_t i = 0;
  while (i < q.size()) {
    if (IsSpace(q[i])) {
      ++i;
      continue;
    }
    Item item;
    if (q[i] == '"') {
      const size_t close = q.find('"', i + 1);
      if (close == std::string_view::npos)
        return Status::InvalidArgument("unbalanced quote in query");
      item.text = std::string(q.substr(i + 1, close - i - 1));
      item.phrase = true;
      i = close + 1;
      if (i < q.size() && q[i] == '*')
        return Status::InvalidArgument("a phrase cannot be a prefix");
    } else {
      bool minus = false;
      if (q[i] == '-') {
        minus = true;
        ++i;
        // -"a phrase": the phrase that follows is excluded, as after NOT.
        if (i < q.size() && q[i] == '"') {
          negate_next = true;
          continue;
        }
      }
      size_t end = i;
      while (end < q.size() && !IsSpace(q[end]) && q[end] != '"') ++end;
      std::string word(q.substr(i, end - i));
      i = end;
      if (!minus && (word == "OR" || word == "AND" || word == "NOT")) {
        if (word == "OR") {
          if (items.empty() || or_next || negate_next) {
            return Status::InvalidArgument("OR needs a search item on each side");
          }
          or_next = true;
        } else if (word == "NOT") {
          negate_next = true;
        }
        continue;
      }
      if (word.empty()) {
        if (minus) return Status::InvalidArgument("'-' must be followed by a word or phrase");
        continue;
      }
      while (!word.empty() && word.back() == '*') {
        item.prefix = true;
        word.pop_back();
      }
      if (word.find('*') != std::string::npos) {
        return Status::InvalidArgument("'*' may only end a word (prefix search)");
      }
      item.text = std::move(word);
      item.negated = minus;
    }
    item.negated = item.negated || negate_next;
    item.or_before = or_next;
    negate_next = or_next = false;
    if (!HasSearchableToken(item.text)) continue;  // punctuation alone: nothing to look for
    if (item.prefix) {
      // A short prefix expands to a large part of the vocabulary: refused, and so is a query of
      // many prefixes. The definite article does not count: الت* is most of the language.
      std::vector<text::AnalyzedToken> words;
      for (text::AnalyzedToken& t : text::Analyzer::Default().Analyze(item.text).tokens) {
        if (t.token.kind != text::TokenKind::kPunctuation &&
            t.token.kind != text::TokenKind::kSymbol && !t.key.empty()) {
          words.push_back(std::move(t));
        }
      }
      if (words.size() != 1) {
        return Status::InvalidArgument("'" + item.text + "*': a prefix search takes one word");
      }
      const std::string& key = words[0].key;
      const std::string_view article = DefiniteArticle(key);
      if (utf8::CountCodePoints(std::string_view(key).substr(article.size())) < kMinPrefixLetters) {
        return Status::InvalidArgument(
            "'" + item.text + "*': a prefix search needs at least three letters before '*'" +
            (article.empty() ? "" : " after the article '" + std::string(article) + "'"));
      }
      if (++prefixes > kMaxPrefixes) {
        return Status::InvalidArgument("too many prefix searches (at most " +
                                       std::to_string(kMaxPrefixes) + ")");
      }
      if (!expand_prefix) return Status::Unsupported("prefix search needs a corpus");
      Result<std::vector<std::string>> terms = expand_prefix(key, kMaxPrefixTerms);
      if (!terms.ok()) return terms.status();
      item.expansions = *std::move(terms);
      // No stored word starts with it: the word itself, which is not in the index either.
      if (item.expansions.empty()) item.expansions.push_back(key);
    }
    if (item.negated && item.or_before) {
      return Status::InvalidArgument("an excluded item cannot be joined with OR");
    }
    items.push_back(std::move(item));
    if (items.size() > kMaxItems) {
      return Status::InvalidArgument("too many search items (at most " + std::to_string(kMaxItems) +
                                     ")");
    }
  }
  if (or_next) return Status::InvalidArgument("OR needs a search item on each side");
  if (negate_next) return Status::InvalidArgument("NOT must be followed by a word or phrase");

  // Positive items: OR-chains grouped, groups joined by AND. Exclusions: one NOT group at the end.
  std::vector<std::string> groups, excluded;
  for (size_t k = 0; k < items.size(); ++k) {
    const Item& item = items[k];
    if (item.negated) {
      excluded.push_back(Render(item));
    } else if (item.or_before && !groups.empty()) {
      groups.back() += " OR " + Render(item);
    } else {
      groups.push_back(Render(item));
    }
  }
  if (groups.empty()) {
    return Status::InvalidArgument(
        excluded.empty() ? "query has no searchable words"
                         : "query needs at least one word to look for, not only exclusions");
  }
  std::string out;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (g > 0) out += " AND ";
    out += "(" + groups[g] + ")";
  }
  if (!excluded.empty()) {
    out = "(" + out + ") NOT (";
    for (size_t e = 0; e < excluded.size(); ++e) out += (e > 0 ? " OR " : "") + excluded[e];
    out += ")";
  }
  return out;
}

}  // namespace khabar::store

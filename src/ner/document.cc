// Document-level second pass of the NER tagger (document.h, docs/ner.md).
#include "ner/document.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "khabar/kb.h"
#include "khabar/text.h"
#include "ner/features.h"
#include "ner/forms.h"

namespace khabar::ner::internal {

namespace {

// The comparison form of a token: its clitic-stripped base, or its match key when the base is too
// short to be safe.
// Returns its hash; `length` gets its length in bytes and `stop` whether it is a function word.
uint64_t BaseOf(std::string_view token, size_t* length = nullptr, bool* stop = nullptr) {
  const WordForms& f = FormsOf(token);
  if (length) *length = f.compare().size();
  if (stop) {
    if (f.compare_stop < 0) f.compare_stop = text::Analyzer::Default().IsStopword(f.compare());
    *stop = f.compare_stop > 0;
  }
  return f.compare_hash;
}

constexpr double kPropagatedConfidence = 0.8;

// Words that join the next word into one name (عبد الله, سلمان بن عبد العزيز, أبو مازن): the word
// after them is no surname. Match keys.
bool IsCompoundNameWord(std::string_view key) {
  // The last ten are the particles of European names (دي لا هويا, فان جال, فون دير لاين).
  static constexpr std::string_view kWords[] = {"عبد", "بن",  "ابن", "ابو", "ابي", "ال", "ولد",
                                                "بنت", "ام",  "اب",  "بو",  "دي",  "دو", "دا",
                                                "فان", "فون", "لا",  "لو",  "سان"};
  for (std::string_view w : kWords)
    if (key == w) return true;
  return false;
}

bool IsDemonym(std::string_view key) {
  for (const kb::AliasHit& h : kb::KnowledgeBase::Default().LookupKey(key))
    if (h.kind == kb::AliasKind::kDemonym) return true;
  return false;
}

// ال + the word's base (العريفي), as family names are written; not a plural or dual (الشريفين
// of خادم الحرمين الشريفين), an ordinal (عبد الله الثاني) or a nationality (محمد المصري is as
// often "Muhammad the Egyptian" as a family name, and المصري alone is the adjective).
bool IsFamilyName(const WordForms& f) {
  const std::string_view key = f.key;
  if (key.size() != f.base.size() + 4 || key.substr(0, 4) != "ال" || key.substr(4) != f.base ||
      key.ends_with("ين") || key.ends_with("ون")) {
    return false;
  }
  static constexpr std::string_view kOrdinals[] = {
      "الاول",  "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
      "التاسع", "العاشر", "الاكبر", "الاصغر", "الابن",  "الاب",   "الاسبق", "السابق"};
  for (std::string_view o : kOrdinals)
    if (key == o) return false;
  return !IsDemonym(key);
}

// Whether a token is written with the article (والحربي, للحربي, الحربي): a family name found
// alone is, unlike the words its base also spells (أول for الأول).
bool HasArticle(std::string_view token) {
  const std::string_view key = FormsOf(token).key;
  for (size_t at : {size_t{0}, size_t{2}, size_t{4}})
    if (key.substr(at, 4) == "ال") return true;
  return key.substr(0, 4) == "لل";
}

// A family name written without the article (نادال, دريمر, فونييني): a word of 5 letters or more
// (the indefinite adjectives the tagger takes into a name are mostly shorter: زيد سابق, جديد)
// that the analyzer leaves whole (no proclitic, article or pronoun peeled off, so no inflected
// common word such as يرى under كيري), no function word, no nationality, no sound plural and
// not written with tanween (an indefinite noun or adverb). Found alone only as the word itself
// or after one proclitic (IsBareOccurrence).
bool IsBareFamilyName(std::string_view token, const WordForms& f) {
  const std::string_view key = f.key;
  if (key.size() < 10 || key != f.base || key.substr(0, 4) == "ال" || key.ends_with("ين") ||
      key.ends_with("ون") || key.ends_with("ات")) {
    return false;
  }
  for (std::string_view tanween : {"\u064B", "\u064C", "\u064D"})
    if (token.find(tanween) != std::string_view::npos) return false;
  if (text::Analyzer::Default().IsStopword(key)) return false;
  return !IsDemonym(key);
}

// Whether `token` is the bare family name `key` alone or after one proclitic (ونادال, لنادال).
bool IsBareOccurrence(std::string_view token, std::string_view key) {
  const std::string_view k = FormsOf(token).key;
  if (k == key) return true;
  if (k.size() != key.size() + 2 || !k.ends_with(key)) return false;
  for (std::string_view p : {"و", "ل", "ب", "ف"})
    if (k.starts_with(p)) return true;
  return false;
}

// Whether `token` is an Arabic given name of the names lexicon (class NAME) as written: not after
// a proclitic, and not a function word whose match key is a name's (على is علي's key).
bool IsGivenNameAsWritten(std::string_view token) {
  const std::string_view key = FormsOf(token).key;
  if (TriggerClassOf(key) != "NAME") return false;
  return !token.ends_with("ى") || !text::Analyzer::Default().IsStopword(key);
}

// A family name the tagger left out after a given name it tagged alone (عبدالعزيز | المسعد): the
// next word untagged, a family name with ال (IsFamilyName: not a plural, ordinal or nationality),
// not written with ة (a feminine noun or adjective: حسن النية, قوات صالح الانقلابية), no function
// word and no word of the trigger lists but a family name (الدكتور is a title). The given name
// must be one of the names lexicon's as written: with a proclitic (وحسن التنظيم, بحسن النية) it
// is as often an adjective in an idafa.
bool FamilyNameAfterGivenName(std::string_view given, std::string_view next) {
  if (!IsGivenNameAsWritten(given) || next.ends_with("ة")) return false;
  const WordForms& f = FormsOf(next);
  if (!IsFamilyName(f) || text::Analyzer::Default().IsStopword(f.key)) return false;
  const std::string_view cls = TriggerClassOf(f.key);
  return cls.empty() || cls == "FAMILY";
}

// Link words at a person span's edges (step 0): a name ends in no link word (إياد بن | أمين:
// بن, بنت, ابن, عبد, أبو, آل), so a span that does takes the next untagged word, and goes on
// while that is one too (بن | عبد | الله); not أم, which is also "or" after a name (X أم Y), and
// opens a name only (أم كلثوم). A European particle as written right before a span (دي | بروين,
// فان | جال, دا | سيلفا) opens it, as such a particle opens no other word.
void CompleteNameLinks(std::span<const std::string_view> words, std::vector<Tag>& tg,
                       std::vector<double>& confidence) {
  const Tag person = BeginTag(EntityType::kPerson), inside = InsideTag(EntityType::kPerson);
  auto key = [&](size_t k) -> std::string_view { return FormsOf(words[k]).key; };
  auto link = [&](std::string_view k) {
    for (std::string_view w : {"بن", "بنت", "ابن", "عبد", "ابو", "ال"})
      if (k == w) return true;
    return false;
  };
  // A word that may be a name's: letters, no function word.
  auto name_word = [&](size_t k) {
    const WordForms& f = FormsOf(words[k]);
    return f.key.size() >= 4 && static_cast<unsigned char>(f.key[0]) >= 0xD8 &&
           static_cast<unsigned char>(f.key[0]) <= 0xDB &&
           !text::Analyzer::Default().IsStopword(f.key);
  };
  for (size_t k = 0; k < tg.size(); ++k) {
    if (tg[k] != person) continue;
    size_t end = k + 1;
    while (end < tg.size() && tg[end] == inside) ++end;
    while (end < tg.size() && tg[end] == Tag::kO && link(key(end - 1)) && name_word(end)) {
      tg[end] = inside;
      confidence[end] = kPropagatedConfidence * confidence[end - 1];
      ++end;
    }
    if (k > 0 && tg[k - 1] == Tag::kO) {
      const std::string_view w = key(k - 1);
      for (std::string_view particle : {"دي", "دا", "فان", "فون", "ديل", "دو"}) {
        if (w != particle || words[k - 1] != w) continue;  // as written: not لدي, not دى
        tg[k - 1] = person;
        tg[k] = inside;
        confidence[k - 1] = kPropagatedConfidence * confidence[k];
        break;
      }
    }
    k = end - 1;
  }
}

struct Name {
  std::vector<uint64_t> words;
  EntityType type;
  size_t sentence;
  double confidence;
  bool family_name = false;  // the last word of a fuller person name, standing alone
  std::string bare_key;      // a family name without ال (IsBareFamilyName): its match key
};

}  // namespace

void DocumentPass(std::span<const std::vector<std::string_view>> sentences,
                  std::span<std::vector<Tag>> tags, std::span<std::vector<double>> confidence,
                  const DocumentPassOptions& options) {
  const size_t n = std::min({sentences.size(), tags.size(), confidence.size()});
  // 0. A person tagged by the given name alone takes the family name after it (FamilyNameAfter-
  // GivenName), which then counts as the person's family name below; a person span takes an
  // untagged given name right before it (مرتضى | منصور, عمر | إبراهيم: Arabic names are chains
  // of given names), one of the names lexicon's as written (not after a proclitic); link words
  // complete a span (CompleteNameLinks: إياد بن | أمين, دي | بروين).
  const Tag person = BeginTag(EntityType::kPerson);
  for (size_t s = 0; options.surnames && s < n; ++s) {
    std::vector<Tag>& tg = tags[s];
    if (tg.size() != sentences[s].size() || confidence[s].size() != tg.size()) continue;
    for (size_t k = 1; k < tg.size(); ++k) {
      if (tg[k] == person && tg[k - 1] == Tag::kO && IsGivenNameAsWritten(sentences[s][k - 1])) {
        tg[k - 1] = person;
        tg[k] = InsideTag(EntityType::kPerson);
        confidence[s][k - 1] = kPropagatedConfidence * confidence[s][k];
      }
    }
    for (size_t k = 0; k + 1 < tg.size(); ++k) {
      if (tg[k] != person || tg[k + 1] != Tag::kO ||
          !FamilyNameAfterGivenName(sentences[s][k], sentences[s][k + 1])) {
        continue;
      }
      tg[k + 1] = InsideTag(EntityType::kPerson);
      confidence[s][k + 1] = kPropagatedConfidence * confidence[s][k];
      ++k;
    }
    CompleteNameLinks(sentences[s], tg, confidence[s]);
  }
  // 1. Confident names, in document order; the first word's base indexes them.
  std::vector<Name> names;
  std::unordered_multimap<uint64_t, size_t> by_first;
  for (size_t s = 0; s < n; ++s) {
    if (tags[s].size() != sentences[s].size() || confidence[s].size() != sentences[s].size()) {
      continue;
    }
    for (const TokenSpan& sp : SpansFromTags(tags[s])) {
      double c = 1.0;
      for (size_t k = sp.begin; k < sp.end; ++k) c = std::min(c, confidence[s][k]);
      const bool confident = c >= options.min_confidence;
      if (!confident && (sp.type != EntityType::kPerson || sp.end - sp.begin < 2 ||
                         c < options.surname_min_confidence)) {
        continue;
      }
      Name name{{}, sp.type, s, c, false, {}};
      size_t length = 0;
      bool stop = false;
      for (size_t k = sp.begin; k < sp.end; ++k) {
        name.words.push_back(BaseOf(sentences[s][k], &length, &stop));
      }
      // A single short or function word is too weak a cue on its own.
      if (name.words.size() == 1 && (length < 6 || stop)) continue;
      const uint64_t last_word = name.words.back();
      if (confident) {  // else only its family name (below) counts
        by_first.emplace(name.words[0], names.size());
        names.push_back(std::move(name));
      }
      // A person named in full is named by the family name alone later (محمد العريفي ...
      // ليعاود العريفي): the last word when it is a family name with ال (not an adjective the
      // tagger took in, في وقت سابق) whose base is the word without ال (كيري's base يري would
      // meet يرى), or, from a confident name only, a family name without ال (IsBareFamilyName:
      // نادال); and does not complete a compound name (عبد الله, بن سلمان). A family name with
      // ال is written so by no common word the tagger would read as a name's last word, so a
      // less confident name (surname_min_confidence) gives it too: نواف العابد ... وكان العابد.
      if (options.surnames && sp.type == EntityType::kPerson && sp.end - sp.begin >= 2 &&
          length >= 6 && !stop && !IsCompoundNameWord(FormsOf(sentences[s][sp.end - 2]).key)) {
        const WordForms& last = FormsOf(sentences[s][sp.end - 1]);
        if (IsFamilyName(last)) {
          by_first.emplace(last_word, names.size());
          names.push_back(Name{{last_word}, sp.type, s, c, true, {}});
        } else if (confident && IsBareFamilyName(sentences[s][sp.end - 1], last)) {
          std::string key = last.key;
          by_first.emplace(last_word, names.size());
          names.push_back(Name{{last_word}, sp.type, s, c, true, std::move(key)});
        }
      }
    }
  }
  if (names.empty()) return;
  // Without a window, the names of one first word that have the same words (and family-name form)
  // match or fail together: the first of them in by_first's order stands for all (the loop below
  // keeps the first of the longest). A giant paragraph names one person thousands of times, and
  // each untagged word with that first word would have gone through every one of them.
  std::unordered_map<uint64_t, std::vector<const Name*>> firsts;  // first word -> one per group
  if (!options.window) {
    for (const Name& name : names) {
      auto [group, added] = firsts.try_emplace(name.words[0]);
      if (!added) continue;
      auto [lo, hi] = by_first.equal_range(name.words[0]);
      for (auto it = lo; it != hi; ++it) {
        const Name& nm = names[it->second];
        bool seen = false;
        for (const Name* g : group->second) {
          seen = seen || (g->words == nm.words && g->family_name == nm.family_name &&
                          g->bare_key == nm.bare_key);
        }
        if (!seen) group->second.push_back(&nm);
      }
    }
  }
  // 2. Untagged occurrences of those names become entities of the same type.
  std::vector<uint64_t> bases;
  std::vector<const Name*> candidates_buffer;
  for (size_t s = 0; s < n; ++s) {
    std::vector<Tag>& tg = tags[s];
    if (tg.size() != sentences[s].size()) continue;
    bases.assign(tg.size(), 0);
    const bool given = s < options.compare_hashes.size() &&
                       options.compare_hashes[s].size() == sentences[s].size();
    for (size_t k = 0; k < tg.size(); ++k) {
      if (tg[k] == Tag::kO) {
        bases[k] = given ? options.compare_hashes[s][k] : BaseOf(sentences[s][k]);
      }
    }
    for (size_t k = 0; k < tg.size(); ++k) {
      if (tg[k] != Tag::kO) continue;
      std::vector<const Name*>& candidates = candidates_buffer;
      candidates.clear();
      if (!options.window) {
        if (auto group = firsts.find(bases[k]); group != firsts.end()) candidates = group->second;
      } else {
        auto [lo, hi] = by_first.equal_range(bases[k]);
        for (auto it = lo; it != hi; ++it) candidates.push_back(&names[it->second]);
      }
      const Name* best = nullptr;
      for (const Name* candidate : candidates) {
        const Name& nm = *candidate;
        const size_t dist = nm.sentence > s ? nm.sentence - s : s - nm.sentence;
        if (options.window && dist > options.window) continue;
        const size_t len = nm.words.size();
        if (k + len > tg.size()) continue;
        bool ok = true;
        for (size_t m = 1; m < len && ok; ++m)
          ok = tg[k + m] == Tag::kO && bases[k + m] == nm.words[m];
        // Never split an entity the tagger found: the token after must not continue one.
        if (ok && k + len < tg.size() && IsInside(tg[k + len])) ok = false;
        if (ok && nm.family_name) {
          ok = nm.bare_key.empty() ? HasArticle(sentences[s][k])
                                   : IsBareOccurrence(sentences[s][k], nm.bare_key);
        }
        if (ok && (!best || len > best->words.size())) best = &nm;
      }
      if (!best) continue;
      // The evidence is the other occurrence, at one remove.
      const double c = kPropagatedConfidence * best->confidence;
      for (size_t m = 0; m < best->words.size(); ++m) {
        tg[k + m] = m == 0 ? BeginTag(best->type) : InsideTag(best->type);
        confidence[s][k + m] = c;
      }
      k += best->words.size() - 1;
    }
  }
}

}  // namespace khabar::ner::internal

// Test-only: outlet-style edits of an article, to build the near-duplicate test set of
// dedupe_eval_test.cc. Each edit mimics what an outlet does when it runs a wire story: cut the last
// paragraphs, rewrite the headline, add a byline/dateline/credit, swap synonyms, use Egyptian ى and
// bare-alef spellings, insert "اقرأ أيضا" furniture, reorder two sentences, add an intro sentence.
// Deterministic: the same article and seed give the same variant on every platform.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "khabar/status.h"

namespace khabar::dedupe::testing {

struct Article {
  std::string name;  // fixture file stem
  std::string headline;
  std::vector<std::string> paragraphs;

  // Headline, then paragraphs, one per line: the text a scraper would hand over.
  std::string Text() const;
};

// Reads a fixture: first line headline, every further non-empty line a paragraph.
Result<Article> LoadArticle(const std::string& path);
// Every *.txt fixture of `dir`, sorted by file name.
Result<std::vector<Article>> LoadArticles(const std::string& dir);

// Small deterministic generator (SplitMix64), independent of the standard library's distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  size_t Below(size_t n) { return n == 0 ? 0 : Next() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }

 private:
  uint64_t state_;
};

// The individual edits (each appends its name to *log when log is not null).
void CutLastParagraphs(Article* a, Rng* rng, std::vector<std::string>* log);  // 1-3, keeps >= 3
void ChangeHeadline(Article* a, Rng* rng, std::vector<std::string>* log);
void AddByline(Article* a, Rng* rng, std::vector<std::string>* log);
void SwapSynonyms(Article* a, Rng* rng, std::vector<std::string>* log);
void EgyptianSpelling(Article* a, Rng* rng, std::vector<std::string>* log);
void AddReadAlso(Article* a, Rng* rng, std::vector<std::string>* log);
void ReorderSentences(Article* a, Rng* rng, std::vector<std::string>* log);
void AddIntro(Article* a, Rng* rng, std::vector<std::string>* log);

// An outlet's version of `source`: a random mix of the edits above (at least three of them).
Article MakeVariant(const Article& source, uint64_t seed, std::vector<std::string>* log);
// The hardest variant: the last three paragraphs cut (at least three kept) and every other edit.
Article AllEditsVariant(const Article& source, uint64_t seed, std::vector<std::string>* log);

}  // namespace khabar::dedupe::testing

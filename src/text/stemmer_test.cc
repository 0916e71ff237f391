// Segmentation and stemming against the gold list (testdata/stem_gold.tsv, written by
// testdata/make_gold.py): prints every failure and requires at least 97% exact.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "khabar/text.h"

namespace khabar::text {
namespace {

struct GoldRow {
  std::string word, proclitics, base, enclitic, stem, category;
};

std::vector<GoldRow> ReadGold() {
  std::ifstream in("testdata/stem_gold.tsv");
  std::vector<GoldRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() < 6) continue;
    rows.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return rows;
}

std::string Show(const Segmentation& s) {
  return s.proclitics + "+" + s.base + "+" + s.enclitic + " -> " + s.stem;
}

TEST(StemmerGold, AtLeast97PercentExact) {
  const std::vector<GoldRow> rows = ReadGold();
  ASSERT_GE(rows.size(), 1000u) << "gold list missing or short (run from src/text)";
  const Analyzer& analyzer = Analyzer::Default();
  size_t exact = 0, stem_ok = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_category;  // exact, total
  std::ostringstream failures;
  for (const GoldRow& row : rows) {
    Segmentation want{MatchKey(row.proclitics), MatchKey(row.base), MatchKey(row.enclitic),
                      MatchKey(row.stem)};
    const Segmentation got = analyzer.Segment(row.word);
    const bool ok = got.proclitics == want.proclitics && got.base == want.base &&
                    got.enclitic == want.enclitic && got.stem == want.stem;
    const std::string category = row.category.substr(0, row.category.find('+'));
    by_category[category].second++;
    if (got.stem == want.stem) ++stem_ok;
    if (ok) {
      ++exact;
      by_category[category].first++;
    } else {
      failures << "  FAIL " << row.word << "\t[" << row.category << "]\twant " << Show(want)
               << "\tgot " << Show(got) << "\n";
    }
  }
  const double accuracy = 100.0 * exact / rows.size();
  std::cout << "gold failures:\n" << failures.str();
  std::cout << "by category (exact/total):\n";
  for (const auto& [category, counts] : by_category) {
    std::cout << "  " << category << " " << counts.first << "/" << counts.second << "\n";
  }
  std::cout << "gold: " << exact << "/" << rows.size() << " exact (" << accuracy << "%), stems "
            << stem_ok << "/" << rows.size() << "\n";
  EXPECT_GE(accuracy, 97.0);
}

TEST(StemmerGold, PartsConcatenateToTheKey) {
  const Analyzer& analyzer = Analyzer::Default();
  for (const GoldRow& row : ReadGold()) {
    const Segmentation s = analyzer.Segment(row.word);
    EXPECT_EQ(s.proclitics + s.base + s.enclitic, MatchKey(row.word)) << row.word;
    EXPECT_EQ(s.base.compare(0, s.stem.size(), s.stem), 0) << row.word << ": stem not in base";
  }
}

TEST(Analyzer, LongTextMatchesWordByWordSegmentation) {
  // Long texts use a per-call memo of segmentations; it must not change any answer.
  const Analyzer& analyzer = Analyzer::Default();
  std::string text;
  for (int round = 0; round < 2; ++round) {
    for (const GoldRow& row : ReadGold()) text += row.word + " ";
  }
  ASSERT_GT(text.size(), 16384u);
  size_t words = 0;
  analyzer.Analyze(text, [&](const TokenAnalysis& t) {
    if (t.token.kind != TokenKind::kWord) return;
    ++words;
    const Segmentation s = analyzer.Segment(t.token.surface);
    EXPECT_EQ(std::string(t.stem), s.stem) << t.token.surface;
    EXPECT_EQ(std::string(t.proclitics), s.proclitics) << t.token.surface;
    EXPECT_EQ(std::string(t.enclitic), s.enclitic) << t.token.surface;
    bool alone_stopword = false;  // the same word analyzed alone (no memo)
    analyzer.Analyze(t.token.surface, [&](const TokenAnalysis& a) { alone_stopword = a.stopword; });
    EXPECT_EQ(t.stopword, alone_stopword) << t.token.surface;
  });
  EXPECT_GT(words, 10000u);
}

TEST(Stemmer, IssueExamples) {
  const Analyzer& a = Analyzer::Default();
  for (const char* word : {"واشنطن", "بلينكن", "برلين", "ليبيا", "وليد", "كندا"}) {
    const Segmentation s = a.Segment(word);
    EXPECT_EQ(s.proclitics, "") << word;
    EXPECT_EQ(s.base, MatchKey(word)) << word;
    EXPECT_EQ(s.stem, MatchKey(word)) << word;
  }
  for (const char* word : {"الوزارة", "وزارة", "وزارتها", "والوزارات"}) {
    EXPECT_EQ(a.Stem(word), "وزار") << word;
  }
  const Segmentation s = a.Segment("والوزارات");
  EXPECT_EQ(s.proclitics, "وال");
  EXPECT_EQ(s.base, "وزارات");
  EXPECT_EQ(s.enclitic, "");
  EXPECT_EQ(s.stem, "وزار");
  EXPECT_EQ(a.Segment("وبالوزارة").proclitics, "وبال");
  EXPECT_EQ(a.Segment("فللوزير").proclitics, "فلل");
  EXPECT_EQ(a.Segment("وسيقول").proclitics, "وس");
}

TEST(Stemmer, NonArabicAndEdgeInput) {
  const Analyzer& a = Analyzer::Default();
  EXPECT_EQ(a.Stem("COVID"), "covid");
  EXPECT_EQ(a.Stem(""), "");
  EXPECT_EQ(a.Stem("\xFF\xFE"), MatchKey("\xFF\xFE"));
  const std::string long_word(400, 'x');
  EXPECT_EQ(a.Stem(long_word), long_word);
  std::string long_arabic;
  for (int i = 0; i < 100; ++i) long_arabic += "كتب";
  EXPECT_EQ(a.Stem(long_arabic), MatchKey(long_arabic));  // too long to segment: whole
}

TEST(Stemmer, Lexicons) {
  const Analyzer& a = Analyzer::Default();
  EXPECT_TRUE(a.IsStopword(MatchKey("في")));
  EXPECT_TRUE(a.IsStopword(MatchKey("إلى")));
  EXPECT_FALSE(a.IsStopword(MatchKey("وزارة")));
  EXPECT_TRUE(a.IsProtected(MatchKey("واشنطن")));
  EXPECT_FALSE(a.IsProtected(MatchKey("والوزارة")));
}

TEST(Analyzer, StreamsTokensWithAllLayers) {
  const std::string text = "وقال الوزيرُ إنّ الحكومة ستعقد ٣ اجتماعات في واشنطن.";
  std::vector<std::string> stems, kinds;
  bool saw_stopword = false;
  Analyzer::Default().Analyze(text, [&](const TokenAnalysis& t) {
    stems.emplace_back(t.stem);
    kinds.emplace_back(TokenKindName(t.token.kind));
    EXPECT_EQ(text.substr(t.token.byte_begin, t.token.byte_end - t.token.byte_begin),
              t.token.surface);
    if (t.stopword) saw_stopword = true;
  });
  const std::vector<std::string> want_stems = {"قال", "وزير",   "ان", "حكوم",   "تعقد",
                                               "3",   "اجتماع", "في", "واشنطن", "."};
  EXPECT_EQ(stems, want_stems);
  EXPECT_EQ(kinds.back(), "punctuation");
  EXPECT_EQ(kinds[5], "number");
  EXPECT_TRUE(saw_stopword);
  const AnalyzedText all = Analyzer::Default().Analyze(text);
  ASSERT_EQ(all.tokens.size(), 10u);
  EXPECT_EQ(all.tokens[1].clean, "الوزيرُ");
  EXPECT_EQ(all.tokens[1].key, "الوزير");
  EXPECT_EQ(all.tokens[1].proclitics, "ال");
  EXPECT_EQ(all.sentences.size(), 1u);
}

}  // namespace
}  // namespace khabar::text

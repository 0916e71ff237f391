// Segmentation and stemming against the gold list (testdata/stem_gold.tsv, written by
// testdata/make_gold.py): prints every failure and requires at least 97% exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
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

// Spelling variants of `word` with the same match key: final ة -> ه, final ي <-> ى, every أ إ آ
// -> ا, tatweel inside the word, a diacritic on every letter.
std::vector<std::string> SpellingVariants(const std::string& word) {
  auto replace_all = [](std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
      s.replace(pos, from.size(), to);
    }
    return s;
  };
  auto replace_final = [](std::string s, const std::string& from, const std::string& to) {
    if (s.size() >= from.size() && s.compare(s.size() - from.size(), from.size(), from) == 0) {
      s.replace(s.size() - from.size(), from.size(), to);
    }
    return s;
  };
  std::vector<std::string> out;
  out.push_back(replace_final(word, "ة", "ه"));
  out.push_back(replace_final(word, "ي", "ى"));
  out.push_back(replace_final(word, "ى", "ي"));
  out.push_back(replace_all(replace_all(replace_all(word, "أ", "ا"), "إ", "ا"), "آ", "ا"));
  // Tatweel after the first letter and a fatha after every Arabic letter (2-byte D8/D9 letters).
  std::string tatweel, marked;
  for (size_t i = 0; i < word.size(); ++i) {
    tatweel += word[i];
    marked += word[i];
    const unsigned char b = word[i];
    if ((b == 0xD8 || b == 0xD9) && i + 1 < word.size()) {
      tatweel += word[++i];
      marked += word[i];
      if (i == 1 && word.size() > 2) tatweel += "ـ";
      marked += "\xD9\x8E";  // fatha
    }
  }
  out.push_back(tatweel);
  out.push_back(marked);
  out.push_back(replace_final(marked, "ة\xD9\x8E", "ه"));
  return out;
}

TEST(StemmerProperty, SameKeySameSegmentationOverTheGoldList) {
  // Search, dedupe and NER compare words by key: every spelling of a word must segment alike.
  const Analyzer& analyzer = Analyzer::Default();
  size_t checked = 0;
  std::string text;
  for (const GoldRow& row : ReadGold()) {
    const Segmentation want = analyzer.Segment(row.word);
    for (const std::string& variant : SpellingVariants(row.word)) {
      ASSERT_EQ(MatchKey(variant), MatchKey(row.word)) << row.word << " / " << variant;
      const Segmentation got = analyzer.Segment(variant);
      EXPECT_EQ(Show(got), Show(want)) << row.word << " / " << variant;
      text += variant + " ";
      ++checked;
    }
  }
  EXPECT_GT(checked, 30000u);
  // The streaming analysis (with its memo over long texts) agrees too.
  analyzer.Analyze(text, [&](const TokenAnalysis& t) {
    if (t.token.kind != TokenKind::kWord) return;
    EXPECT_EQ(std::string(t.stem), analyzer.Stem(t.token.surface)) << t.token.surface;
  });
}

// Segmentations are memoized per thread across calls (short texts included): a word's analysis
// must not depend on what the thread analyzed before, in any order, by Analyze or Segment. The
// reference is each word's first analysis on a new thread (the memo holds no entry for its key
// yet, so it is computed); then every word is analyzed again as its own text and inside texts of
// 40 words, in shuffled orders, and segmented alone.
TEST(Analyzer, TheThreadsMemoChangesNoAnswer) {
  std::vector<std::string> words;
  for (const GoldRow& row : ReadGold()) {
    words.push_back(row.word);
    for (const std::string& variant : SpellingVariants(row.word)) words.push_back(variant);
  }
  ASSERT_GT(words.size(), 30000u);
  const Analyzer& analyzer = Analyzer::Default();
  struct Seen {
    std::string proclitics, base, enclitic, stem;
    bool stopword;
  };
  const auto analyze_alone = [&](const std::string& word) {
    Seen seen{};
    analyzer.Analyze(word, [&](const TokenAnalysis& t) {
      if (t.token.kind != TokenKind::kWord || t.token.surface != word) return;
      seen = {std::string(t.proclitics), std::string(t.base), std::string(t.enclitic),
              std::string(t.stem), t.stopword};
    });
    return seen;
  };
  std::map<std::string, Seen> reference;
  std::thread([&] {
    for (const std::string& w : words) {
      if (!reference.count(w)) reference[w] = analyze_alone(w);
    }
  }).join();
  std::mt19937 random(7);
  for (int round = 0; round < 2; ++round) {
    std::shuffle(words.begin(), words.end(), random);
    for (size_t i = 0; i < words.size(); i += 40) {
      std::string text;
      for (size_t j = i; j < std::min(words.size(), i + 40); ++j) text += words[j] + " ";
      analyzer.Analyze(text, [&](const TokenAnalysis& t) {
        if (t.token.kind != TokenKind::kWord) return;
        const auto it = reference.find(std::string(t.token.surface));
        if (it == reference.end()) return;  // a variant split into tokens: checked alone below
        EXPECT_EQ(std::string(t.stem), it->second.stem) << t.token.surface;
        EXPECT_EQ(std::string(t.proclitics), it->second.proclitics) << t.token.surface;
        EXPECT_EQ(std::string(t.enclitic), it->second.enclitic) << t.token.surface;
        EXPECT_EQ(t.stopword, it->second.stopword) << t.token.surface;
      });
    }
    for (size_t i = round; i < words.size(); i += 2) {
      const Seen alone = analyze_alone(words[i]);
      const Seen& want = reference[words[i]];
      EXPECT_EQ(alone.stem, want.stem) << words[i];
      EXPECT_EQ(alone.base, want.base) << words[i];
      const Segmentation seg = analyzer.Segment(words[i]);
      if (!want.base.empty()) {
        EXPECT_EQ(seg.stem, want.stem) << words[i];
        EXPECT_EQ(seg.proclitics, want.proclitics) << words[i];
      }
    }
  }
}

// The per-thread word memo (surface -> key and split) returns the analysis a word got the first
// time, whatever came between: 40,000 distinct generated words (more than its arena holds, so it
// is emptied on the way), analyzed in texts twice in shuffled orders, with another new word
// segmented inside every callback (a memo store while the caller reads its token), compared field
// by field with each word's analysis on a fresh thread.
TEST(Analyzer, TheWordMemoGivesTheFirstAnalysis) {
  const std::vector<std::string> letters = {"ا", "ب", "ت", "ة", "ج", "د", "ر", "س", "ع", "ف", "ق",
                                            "ك", "ل", "م", "ن", "ه", "و", "ي", "ى", "أ", "إ", "ئ"};
  const std::vector<std::string> prefixes = {"", "", "", "و", "ال", "وال", "بال", "لل", "ف"};
  const std::vector<std::string> suffixes = {"", "", "", "ها", "هم", "ات", "ين", "ون", "ة"};
  std::mt19937 random(5);
  std::set<std::string> distinct;
  while (distinct.size() < 40000) {
    std::string w = prefixes[random() % prefixes.size()];
    const size_t n = 2 + random() % 6;
    for (size_t i = 0; i < n; ++i) {
      w += letters[random() % letters.size()];
      if (random() % 23 == 0) w += "\u064e";  // a fatha: kept by the clean layer
      if (random() % 97 == 0) w += "\u0640";  // a tatweel: clean differs, not memoized
    }
    w += suffixes[random() % suffixes.size()];
    distinct.insert(w);
  }
  std::vector<std::string> words(distinct.begin(), distinct.end());
  struct Seen {
    std::string clean, key, proclitics, base, enclitic, stem;
    bool stopword = false;
    bool operator==(const Seen&) const = default;
  };
  const auto seen_of = [](const TokenAnalysis& t) {
    return Seen{std::string(t.clean),
                std::string(t.key),
                std::string(t.proclitics),
                std::string(t.base),
                std::string(t.enclitic),
                std::string(t.stem),
                t.stopword};
  };
  const Analyzer& analyzer = Analyzer::Default();
  std::map<std::string, Seen> reference;
  std::thread([&] {
    for (const std::string& w : words) {
      analyzer.Analyze(w, [&](const TokenAnalysis& t) {
        if (t.token.kind == TokenKind::kWord && t.token.surface == w) reference[w] = seen_of(t);
      });
    }
  }).join();
  ASSERT_GT(reference.size(), 39000u);
  std::thread([&] {
    size_t other = 0, checked = 0;
    for (int round = 0; round < 2; ++round) {
      std::shuffle(words.begin(), words.end(), random);
      for (size_t i = 0; i < words.size(); i += 40) {
        std::string text;
        for (size_t j = i; j < std::min(words.size(), i + 40); ++j) text += words[j] + " ";
        analyzer.Analyze(text, [&](const TokenAnalysis& t) {
          analyzer.Segment(words[(other += 7919) % words.size()] + "ك");
          const auto it = reference.find(std::string(t.token.surface));
          if (it == reference.end()) return;
          ++checked;
          EXPECT_EQ(seen_of(t), it->second) << t.token.surface;
        });
      }
    }
    EXPECT_GT(checked, 78000u);
  }).join();
}

TEST(Stemmer, TaMarbutaAndHaMeet) {
  const Analyzer& a = Analyzer::Default();
  auto same = [&](const char* x, const char* y) {
    EXPECT_EQ(Show(a.Segment(x)), Show(a.Segment(y))) << x << " / " << y;
  };
  same("الحكومة", "الحكومه");
  same("الدقيقة", "الدقيقه");
  same("الفني", "الفنى");
  same("المصري", "المصرى");
  same("أحمد", "احمد");
  EXPECT_EQ(a.Stem("الحكومه"), "حكوم");
  EXPECT_EQ(a.Stem("حكومه"), "حكوم");
  EXPECT_EQ(a.Segment("حكومه").enclitic, "");  // حكومة, not حكوم + ه
  EXPECT_EQ(a.Stem("الدقيقه"), "دقيق");
  EXPECT_EQ(a.Segment("الدقيقه").base, "دقيقه");
  EXPECT_EQ(a.Stem("قضيه"), "قضي");  // ة after ي
  // The article never takes a pronoun: ي/ني of a nisba adjective stays.
  for (const char* word : {"الفني", "المصري", "الأمريكي", "الدولي", "والفني"}) {
    const Segmentation s = a.Segment(word);
    EXPECT_EQ(s.enclitic, "") << word;
    EXPECT_NE(s.stem, "الف") << word;
    EXPECT_EQ(s.proclitics.substr(s.proclitics.size() - 4), "ال") << word;
  }
  EXPECT_EQ(a.Stem("الفني"), "فني");
  EXPECT_EQ(a.Stem("المصري"), "مصري");
  // A true pronoun ه on a word known as it is.
  for (const char* word : {"كتابه", "وزيره"}) {
    const Segmentation s = a.Segment(word);
    EXPECT_EQ(s.enclitic, "ه") << word;
    EXPECT_EQ(s.stem, s.base) << word;
  }
  EXPECT_EQ(a.Stem("كتابه"), "كتاب");
  EXPECT_EQ(a.Stem("وزيره"), "وزير");
  EXPECT_EQ(a.Stem("الوزيره"), "وزير");  // الوزيرة: no pronoun after the article
  EXPECT_EQ(a.Segment("الوزيره").enclitic, "");
  for (const char* word : {"الوزارة", "الوزاره", "وزارتها", "والوزارات", "وزارةها"}) {
    EXPECT_EQ(a.Stem(word), "وزار") << word;
  }
  // Root ه stays: اتجاه, مياه, توجيه.
  for (const char* word : {"الاتجاه", "اتجاه", "المياه", "توجيه", "التوجيه", "المشبوه"}) {
    const std::string stem = a.Stem(word);
    EXPECT_EQ(stem.substr(stem.size() - 2), "ه") << word;
  }
  // Protected names stay whole in every spelling.
  for (const char* word : {"واشنطن", "بلينكن", "ليبيا", "كندا", "وليد", "ألمانيا", "المانيا"}) {
    const Segmentation s = a.Segment(word);
    EXPECT_EQ(s.proclitics, "") << word;
    EXPECT_EQ(s.stem, MatchKey(word)) << word;
  }
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

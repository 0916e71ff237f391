#include "extract/scan.h"

#include <gtest/gtest.h>

namespace khabar::extract::scan {
namespace {

TEST(ScanTest, TrimRemovesSpaceVariantsAndMarks) {
  EXPECT_EQ(Trim("\xC2\xA0 \t خبر\xE2\x80\x8F\xC2\xA0"), "خبر");
  EXPECT_EQ(Trim("\xEF\xBB\xBF\xE2\x80\x89"), "");
  EXPECT_TRUE(IsBlank("\xC2\xA0"));
  EXPECT_TRUE(IsBlank(" \xE3\x80\x80 \xE2\x80\xAF"));
  EXPECT_FALSE(IsBlank("\xC2\xA0."));
  EXPECT_EQ(Trim("a"), "a");
}

TEST(ScanTest, SplitLinesHandlesEveryBreak) {
  auto lines = SplitLines(
      "a\r\nb\rc\nd\xE2\x80\xA8"
      "e\ff");
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[1], "b");
  EXPECT_EQ(lines[2], "c");
  EXPECT_EQ(lines[3], "d");
  EXPECT_EQ(lines[4], "e");
  EXPECT_EQ(lines[5], "f");
  EXPECT_EQ(SplitLines("a\n").size(), 1u);
  EXPECT_EQ(SplitLines("a\n\nb").size(), 3u);
}

TEST(ScanTest, FoldSpaces) {
  EXPECT_EQ(FoldSpaces("  أمريكا\xC2\xA0\xC2\xA0 واليابان\t "), "أمريكا واليابان");
}

TEST(ScanTest, TokenizeSeparatesPunctuation) {
  std::vector<Token> t;
  Tokenize("واشنطن /أ.ش.أ/ 06:20 «سبوتنيك» واس ـ جدة", 64, &t);
  std::vector<std::string> texts;
  std::vector<TokenKind> kinds;
  for (const Token& x : t) {
    texts.emplace_back(x.text);
    kinds.push_back(x.kind);
  }
  const std::vector<std::string> want = {"واشنطن",  "/", "أ",   ".", "ش",  ".",
                                         "أ",       "/", "06",  ":", "20", "«",
                                         "سبوتنيك", "»", "واس", "ـ", "جدة"};
  EXPECT_EQ(texts, want);
  EXPECT_EQ(kinds[0], TokenKind::kWord);
  EXPECT_EQ(kinds[1], TokenKind::kSlash);
  EXPECT_EQ(kinds[8], TokenKind::kNumber);
  EXPECT_EQ(kinds[11], TokenKind::kOpen);
  EXPECT_EQ(kinds[13], TokenKind::kClose);
  EXPECT_EQ(kinds[15], TokenKind::kDash);
}

TEST(ScanTest, TatweelInsideWordStaysInWord) {
  std::vector<Token> t;
  Tokenize("هـ الـمـصـريـة", 8, &t);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text, "هـ");
  EXPECT_EQ(t[1].kind, TokenKind::kWord);
}

TEST(ScanTest, TokenizeStopsAtLimit) {
  std::vector<Token> t;
  Tokenize("أ ب ج د ه و", 3, &t);
  EXPECT_EQ(t.size(), 3u);
}

TEST(ScanTest, ArabicIndicDigitsAreNumbers) {
  std::vector<Token> t;
  Tokenize("١١ ۲۰۲۲", 8, &t);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].kind, TokenKind::kNumber);
  EXPECT_EQ(t[1].kind, TokenKind::kNumber);
}

TEST(ScanTest, CountWordsAndSentences) {
  EXPECT_EQ(CountWords("واشنطن /أ ش أ/", 100), 4u);
  EXPECT_EQ(CountWords("a b c d e", 3), 3u);
  EXPECT_TRUE(EndsSentence("انتهى الاجتماع."));
  EXPECT_TRUE(EndsSentence("هل انتهى؟»"));
  EXPECT_FALSE(EndsSentence("عنوان بلا نقطة"));
  EXPECT_FALSE(HasLetterOrDigit(" *** — | "));
  EXPECT_TRUE(HasLetterOrDigit("— ١ —"));
}

TEST(ScanTest, TrimPunctuationAndFirstWords) {
  EXPECT_EQ(TrimPunctuation(" (صورة أرشيفية). "), "صورة أرشيفية");
  EXPECT_EQ(TrimPunctuation("// انتهى //"), "انتهى");
  EXPECT_EQ(FirstWords("أ ب ج د", 2), "أ ب");
  EXPECT_EQ(FirstWords("أ ب", 5), "أ ب");
}

}  // namespace
}  // namespace khabar::extract::scan

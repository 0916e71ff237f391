#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "khabar/text.h"
#include "text/tokenizer.h"

namespace khabar::text {
namespace {

struct Simple {
  std::string surface;
  std::string kind;
  bool operator==(const Simple&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Simple& s) {
  return os << "{" << s.surface << ", " << s.kind << "}";
}

std::vector<Simple> Tok(std::string_view text) {
  std::vector<Simple> out;
  for (const Token& t : Tokenize(text)) {
    out.push_back({std::string(t.surface), std::string(TokenKindName(t.kind))});
  }
  return out;
}

std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  for (const Sentence& s : SplitSentences(text)) {
    out.emplace_back(text.substr(s.byte_begin, s.byte_end - s.byte_begin));
  }
  return out;
}

TEST(Tokenize, ArabicWordsWithDiacriticsTatweelAndPunctuation) {
  const std::vector<Simple> want = {
      {"قالَ", "word"}, {"الوزيـــر", "word"}, {"،", "punctuation"}, {"«", "punctuation"},
      {"نعم", "word"}, {"»", "punctuation"},  {"؟", "punctuation"}, {"؛", "punctuation"}};
  EXPECT_EQ(Tok("قالَ الوزيـــر، «نعم»؟ ؛"), want);
}

TEST(Tokenize, Numbers) {
  const std::vector<Simple> want = {{"٣٫٥", "number"}, {"1,500", "number"}, {"45%", "number"},
                                    {"٤٥٪", "number"}, {"3.14", "number"},  {"2023", "number"},
                                    {"م", "word"}};
  EXPECT_EQ(Tok("٣٫٥ 1,500 45% ٤٥٪ 3.14 2023م"), want);
  const std::vector<Simple> list = {{"1", "number"}, {",", "punctuation"}, {"2", "number"}};
  EXPECT_EQ(Tok("1, 2"), list);
}

TEST(Tokenize, LatinUrlsEmailsHashtagsMentions) {
  const std::vector<Simple> want = {{"COVID", "latin"},
                                    {"-", "punctuation"},
                                    {"19", "number"},
                                    {"5G", "latin"},
                                    {"https://www.youm7.com/story/2023/1/5/خبر?id=1", "url"},
                                    {"،", "punctuation"},
                                    {"www.bbc.co.uk", "url"},
                                    {"youm7.com/News", "url"},
                                    {"info@sis.gov.eg", "email"},
                                    {"#مصر_اليوم", "hashtag"},
                                    {"#COVID19", "hashtag"},
                                    {"@Ahram_Online", "mention"},
                                    {"don't", "latin"}};
  EXPECT_EQ(Tok("COVID-19 5G https://www.youm7.com/story/2023/1/5/خبر?id=1، www.bbc.co.uk "
                "youm7.com/News info@sis.gov.eg #مصر_اليوم #COVID19 @Ahram_Online don't"),
            want);
}

TEST(Tokenize, EmojiSequences) {
  const std::vector<Simple> want = {{"👍🏽", "emoji"}, {"👨\u200D👩\u200D👧", "emoji"},
                                    {"🇪🇬", "emoji"},       {"1\uFE0F\u20E3", "emoji"},
                                    {"❤\uFE0F", "emoji"},  {"رائع", "word"}};
  EXPECT_EQ(Tok("👍🏽 👨\u200D👩\u200D👧 🇪🇬 1\uFE0F\u20E3 ❤\uFE0Fرائع"),
            want);
}

TEST(Tokenize, OffsetsIndexTheOriginal) {
  const std::string text = "\u200Fأ\u0651حمد 12 ok";
  const std::vector<Token> tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].byte_begin, 3u);  // after the RLM
  EXPECT_EQ(tokens[0].char_begin, 1u);
  EXPECT_EQ(tokens[0].char_end, 6u);  // أ ّ ح م د
  EXPECT_EQ(tokens[1].char_begin, 7u);
  EXPECT_EQ(tokens[2].char_begin, 10u);
  EXPECT_EQ(tokens[2].char_end, 12u);
  for (const Token& t : tokens) {
    EXPECT_EQ(text.substr(t.byte_begin, t.byte_end - t.byte_begin), t.surface);
  }
}

TEST(Tokenize, HostileInput) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize(" \n\t\u200F").empty());
  const std::vector<Token> bad = Tokenize("\xFF\xFE كلمة \xC3");
  ASSERT_GE(bad.size(), 1u);
  size_t words = 0;
  for (const Token& t : bad) words += t.kind == TokenKind::kWord;
  EXPECT_EQ(words, 1u);
  const std::string huge(1 << 20, 'a');
  const std::vector<Token> one = Tokenize(huge);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].byte_end, huge.size());
}

// The scanner's fast paths (the ASCII space, Arabic words of two-byte letters and harakat) give
// the tokens of its general path: random texts over the characters at their edges (letters,
// harakat, tatweel, joiners, Arabic punctuation and digits, presentation forms, Latin, spaces,
// ill-formed bytes), scanned both ways.
TEST(Tokenize, FastPathsGiveTheGeneralPathsTokens) {
  const std::vector<std::string> pieces = {
      "ا",    "ب",    "ة",    "ى",      "ي",      "ء",      "أ", "ؤ",  "ـ",  "َ",
      "ّ",     "ٰ",     "ٕ",     "\u200c", "\u200d", "\u200b", "،", "؛",  "؟",  "٣",
      "٫",    "ﻻ",    "ﷲ",    "ک",      "ی",      "پ",      "a", "Z",  "7",  ".",
      ",",    "#",    "@",    "/",      " ",      " ",      " ", "  ", "\t", "\n",
      "\r\n", "\xD8", "\xD9", "\x80",   "\xFF",   "\u00a0", "😀", "-"};
  std::mt19937 random(11);
  const auto scan = [](std::string_view text, bool fast) {
    std::vector<Token> tokens;
    internal::TokenScanner scanner(text, fast);
    Token t;
    while (scanner.Next(&t)) tokens.push_back(t);
    return tokens;
  };
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const size_t n = 1 + random() % 24;
    for (size_t i = 0; i < n; ++i) text += pieces[random() % pieces.size()];
    const std::vector<Token> fast = scan(text, true), general = scan(text, false);
    ASSERT_EQ(fast.size(), general.size()) << text;
    for (size_t i = 0; i < fast.size(); ++i) {
      EXPECT_EQ(fast[i].kind, general[i].kind) << text;
      EXPECT_EQ(fast[i].byte_begin, general[i].byte_begin) << text;
      EXPECT_EQ(fast[i].byte_end, general[i].byte_end) << text;
      EXPECT_EQ(fast[i].char_begin, general[i].char_begin) << text;
      EXPECT_EQ(fast[i].char_end, general[i].char_end) << text;
    }
  }
}

TEST(SplitSentences, TerminatorsAndParagraphs) {
  const std::vector<std::string> want = {"قال الوزير.", "هل انتهى؟!", "نعم!",   "أولا؛",
                                         "ثانيا…",      "فقرة جديدة", "سطر آخر"};
  EXPECT_EQ(Sentences("قال الوزير. هل انتهى؟! نعم! أولا؛ ثانيا… فقرة جديدة\n\nسطر آخر"), want);
}

TEST(SplitSentences, NoSplitInAbbreviationsDecimalsUrlsQuotes) {
  const std::vector<std::string> want = {
      "قال د. محمد و أ.د. علي إن النسبة 3.5 في youm7.com/a.b وفق م. سعيد.",
      "وأضاف: «هذا مهم. جدا» ثم غادر.", "Dr. Smith said \"Yes. No.\" today."};
  EXPECT_EQ(Sentences("قال د. محمد و أ.د. علي إن النسبة 3.5 في youm7.com/a.b وفق م. سعيد. "
                      "وأضاف: «هذا مهم. جدا» ثم غادر. Dr. Smith said \"Yes. No.\" today."),
            want);
}

TEST(SplitSentences, EraAfterNumberEndsSentence) {
  const std::vector<std::string> want = {"وقع ذلك عام 2020م.", "ثم عاد."};
  EXPECT_EQ(Sentences("وقع ذلك عام 2020م. ثم عاد."), want);
}

TEST(SplitSentences, ClosingQuoteJoinsTheSentence) {
  const std::vector<std::string> want = {"قال: «انتهى».", "ثم خرج"};
  EXPECT_EQ(Sentences("قال: «انتهى». ثم خرج"), want);
}

TEST(SplitSentences, OffsetsAreCodePoints) {
  const std::string text = " أب تم. جد";
  const std::vector<Sentence> s = SplitSentences(text);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].char_begin, 1u);
  EXPECT_EQ(s[0].char_end, 7u);
  EXPECT_EQ(s[1].char_begin, 8u);
  EXPECT_EQ(s[1].char_end, 10u);
}

}  // namespace
}  // namespace khabar::text

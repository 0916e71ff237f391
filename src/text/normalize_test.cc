#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "khabar/text.h"
#include "text/chars.h"

namespace khabar::text {
namespace {

TEST(Clean, RemovesTatweelZeroWidthAndBidiMarks) {
  EXPECT_EQ(Clean("الــــوزارة"), "الوزارة");
  EXPECT_EQ(Clean("مصر\u200Cالعربية"), "مصرالعربية");
  EXPECT_EQ(Clean("\u200Fالقاهرة\u200E \u202Bنص\u202C"), "القاهرة نص");
  EXPECT_EQ(Clean("\xEF\xBB\xBFبداية"), "بداية");  // BOM
}

TEST(Clean, FoldsPresentationFormsAndLigatures) {
  EXPECT_EQ(Clean("\uFEFB"), "لا");    // ﻻ
  EXPECT_EQ(Clean("\uFDF2"), "الله");  // ﷲ
  EXPECT_EQ(Clean("\uFE8D\uFEDF\uFEE4\uFEEE\uFEA9"), "المود");
  EXPECT_EQ(Clean("ＡＢＣ１２"), "ABC12");  // full-width forms
}

TEST(Clean, ComposesCombiningHamza) {
  EXPECT_EQ(Clean("\u0627\u0654حمد"), "أحمد");
  EXPECT_EQ(Clean("\u0627\u0655سلام"), "إسلام");
  EXPECT_EQ(Clean("\u0627\u0653خر"), "آخر");
}

TEST(Clean, NormalizesSpaces) {
  EXPECT_EQ(Clean("  كلمة \t\u00A0 كلمة  "), "كلمة كلمة");
  EXPECT_EQ(Clean("سطر\r\nسطر"), "سطر\nسطر");
  EXPECT_EQ(Clean("فقرة\n\n\n\n  فقرة"), "فقرة\n\nفقرة");
  EXPECT_EQ(Clean(""), "");
  EXPECT_EQ(Clean(" \n\t "), "");
}

TEST(Clean, DiacriticsKeptUnlessRemoved) {
  EXPECT_EQ(Clean("الوِزَارَةُ"), "الوِزَارَةُ");
  EXPECT_EQ(Clean("الوِزَارَةُ", {.remove_diacritics = true}), "الوزارة");
  EXPECT_EQ(Clean("مُحَمَّدٌ", {.remove_diacritics = true}), "محمد");
  EXPECT_EQ(Clean("هٰذا", {.remove_diacritics = true}), "هذا");
}

TEST(Clean, KeepsDigitsAndEmoji) {
  EXPECT_EQ(Clean("٣٫٥٪"), "٣٫٥٪");
  EXPECT_EQ(Clean("👨\u200D👩\u200D👧"), "👨\u200D👩\u200D👧");
}

TEST(Clean, InvalidUtf8BecomesReplacement) {
  EXPECT_EQ(Clean("a\xFF"
                  "b"),
            "a\uFFFD"
            "b");
  EXPECT_EQ(Clean("\xC3"), "\uFFFD");
}

TEST(Clean, MarkFloodIsCapped) {
  std::string flood = "ب";
  for (int i = 0; i < 1000; ++i) flood += "\u0651";
  EXPECT_LE(Clean(flood).size(), 2u + 8 * 2);
}

TEST(MatchKey, FoldsLetters) {
  EXPECT_EQ(MatchKey("أحمد إبراهيم آمال ٱلله"), "احمد ابراهيم امال الله");
  EXPECT_EQ(MatchKey("مستشفى"), "مستشفي");
  EXPECT_EQ(MatchKey("الوزارة"), "الوزاره");
  EXPECT_EQ(MatchKey("مسؤول"), "مسوول");
  EXPECT_EQ(MatchKey("رئيس"), "رييس");
  EXPECT_EQ(MatchKey("ی ک"), "ي ك");  // Persian yeh and keheh
}

TEST(MatchKey, SpellingsMeet) {
  EXPECT_EQ(MatchKey("الوِزَارَةُ"), MatchKey("الوزاره"));
  EXPECT_EQ(MatchKey("الــوزارة"), MatchKey("الوزارة"));
  EXPECT_EQ(MatchKey("فى"), MatchKey("في"));
  EXPECT_EQ(MatchKey("إلى"), MatchKey("الي"));
}

TEST(MatchKey, FoldsElongation) {
  EXPECT_EQ(MatchKey("جمييييل"), "جميل");
  EXPECT_EQ(MatchKey("جميـيـيـيل"), "جميل");
  EXPECT_EQ(MatchKey("ممكن"), "ممكن");  // two letters are a real double
  EXPECT_EQ(MatchKey("شدد"), "شدد");
  EXPECT_EQ(MatchKey("بيئي"), "بييي");  // three ي only after the hamza fold: not elongation
  EXPECT_EQ(MatchKey("www.example.com"), "www.example.com");
}

TEST(MatchKey, DigitsAndLatin) {
  EXPECT_EQ(MatchKey("٢٠٢٣"), "2023");
  EXPECT_EQ(MatchKey("۱۴۰۲"), "1402");
  EXPECT_EQ(MatchKey("٣٫٥٪"), "3.5%");
  EXPECT_EQ(MatchKey("١٬٥٠٠"), "1,500");
  EXPECT_EQ(MatchKey("COVID-19 Égypte"), "covid-19 égypte");
}

TEST(MatchKey, CollapsesWhitespace) {
  EXPECT_EQ(MatchKey("  وزير \n\n الخارجية\t"), "وزير الخارجيه");
  EXPECT_EQ(MatchKey("\uFDFA"), "صلي الله عليه وسلم");
}

// The layers' fast path for runs of Arabic letters and spaces (LayerWriter::Feed) writes what the
// code point at a time path writes: random texts over the characters where the two could part
// (repeated letters, hamza forms and their key folds, combining hamza and madda after a letter,
// tatweel, marks, spaces and newlines before and after letters, letters above U+0669, CR LF,
// presentation forms, digits, Latin, bytes that are not UTF-8), written whole and in pieces.
TEST(LayerWriter, ArabicRunsAsOneCodePointAtATime) {
  const std::vector<std::string> pieces = {
      "ا",  "ب",  "ب",  "ة",    "ه",        "أ",      "إ",      "آ",      "ى",      "ي",      "ئ",
      "ؤ",  "و",  "ء",  "ـ",    "ً",         "ّ",       "\u0654", "\u0653", "\u0655", "ٱ",      "ی",
      "ک",  "ە",  "٫",  "٣",    "ؠ",        "ػ",      "؟",      "،",      " ",      " ",      " ",
      "  ", "\n", "\r", "\r\n", "\t",       "\u00A0", "\u200C", "\u200D", "\uFEFB", "\uFE8D", "a",
      "Q",  "7",  ".",  "\xD8", "\xD9\x20", "\xD9",   "\x80",   "é",      "😀"};
  std::mt19937 rng(20261130);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < length; ++i) text += pieces[rng() % pieces.size()];
    for (const auto mode : {internal::LayerWriter::kClean, internal::LayerWriter::kAnalysis,
                            internal::LayerWriter::kKey}) {
      for (const bool remove_diacritics : {false, true}) {
        std::string fast = "x", reference = "x", split = "x";  // a writer may append to text
        internal::LayerWriter f(mode, remove_diacritics, &fast);
        f.Feed(text);
        f.Finish();
        internal::LayerWriter r(mode, remove_diacritics, &reference);
        r.FeedEachCodePoint(text);
        r.Finish();
        ASSERT_EQ(fast, reference) << "mode " << mode << " text '" << text << "'";
        // Fed in two pieces at a byte boundary (a run can end anywhere).
        internal::LayerWriter s(mode, remove_diacritics, &split);
        const size_t cut = rng() % (text.size() + 1);
        s.Feed(std::string_view(text).substr(0, cut));
        s.Feed(std::string_view(text).substr(cut));
        s.Finish();
        std::string split_reference = "x";
        internal::LayerWriter sr(mode, remove_diacritics, &split_reference);
        sr.FeedEachCodePoint(std::string_view(text).substr(0, cut));
        sr.FeedEachCodePoint(std::string_view(text).substr(cut));
        sr.Finish();
        ASSERT_EQ(split, split_reference)
            << "mode " << mode << " text '" << text << "' cut " << cut;
      }
    }
  }
  // A run longer than the writer's buffer.
  std::string words;
  for (int i = 0; i < 200; ++i) words += "وزير الخارجية ";
  std::string fast, reference;
  internal::LayerWriter f(internal::LayerWriter::kKey, true, &fast);
  f.Feed(words);
  f.Finish();
  internal::LayerWriter r(internal::LayerWriter::kKey, true, &reference);
  r.FeedEachCodePoint(words);
  r.Finish();
  EXPECT_EQ(fast, reference);
  EXPECT_EQ(fast.size(), 200 * std::string("وزير الخارجيه ").size() - 1);
}

}  // namespace
}  // namespace khabar::text

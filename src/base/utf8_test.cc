#include "base/utf8.h"

#include <gtest/gtest.h>

namespace khabar::utf8 {
namespace {

TEST(Utf8Test, ValidAndInvalid) {
  EXPECT_TRUE(IsValid("واشنطن"));
  EXPECT_TRUE(IsValid(""));
  EXPECT_FALSE(IsValid("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValid("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValid("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Utf8Test, NextDecodesAndAdvances) {
  std::string_view s = "aخ\xFF";
  size_t pos = 0;
  EXPECT_EQ(Next(s, &pos), U'a');
  EXPECT_EQ(Next(s, &pos), U'\u062E');
  EXPECT_EQ(pos, 3u);
  EXPECT_EQ(Next(s, &pos), kReplacement);
  EXPECT_EQ(pos, 4u);
}

// The inline cases of Next (ASCII, two-byte sequences) read every one- and two-byte input as
// NextSlow (ICU's U8_NEXT) does, and at the end of the text.
TEST(Utf8Test, InlineNextAgreesWithSlowPath) {
  for (int b0 = 0; b0 < 256; ++b0) {
    for (int b1 = -1; b1 < 256; ++b1) {
      std::string s(1, static_cast<char>(b0));
      if (b1 >= 0) s += static_cast<char>(b1);
      size_t fast_pos = 0, slow_pos = 0;
      const char32_t fast = Next(s, &fast_pos);
      const char32_t slow = NextSlow(s, &slow_pos);
      ASSERT_EQ(fast, slow) << b0 << " " << b1;
      ASSERT_EQ(fast_pos, slow_pos) << b0 << " " << b1;
    }
  }
}

TEST(Utf8Test, AppendRoundTrips) {
  std::string out;
  for (char32_t cp : {U'a', U'\u00E9', U'\u0627', U'\U0001F600'}) Append(cp, &out);
  EXPECT_EQ(out, "aéا😀");
  EXPECT_EQ(CountCodePoints(out), 4u);
}

TEST(Utf8Test, RepairCountsReplacements) {
  size_t n = 0;
  EXPECT_EQ(Repair("a\xFF"
                   "b\xC3",
                   &n),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(Repair("a\xEF\xBF\xBD", &n), "a\xEF\xBF\xBD");
  EXPECT_EQ(n, 0u);
}

// CountCodePoints counts the bytes of well-formed text that start a code point, eight at a time:
// it must give what decoding gives, for every length around the word size and with the
// continuation bytes at every position, and for ill-formed text (decoded).
TEST(Utf8Test, CountCodePointsEqualsDecoding) {
  auto decoded = [](std::string_view s) {
    size_t n = 0, pos = 0;
    while (pos < s.size()) {
      Next(s, &pos);
      ++n;
    }
    return n;
  };
  const std::string_view pieces[] = {"a", "é",  "ا",    "ل",    "€",        "😀",
                                     " ", "\n", "\xFF", "\xC3", "\xE2\x82", "\x80"};
  uint64_t state = 12345;
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const size_t length = (state >> 33) % 40;
    const bool well_formed = round % 3 != 0;  // else ill-formed pieces may come in
    for (size_t k = 0; k < length; ++k) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      s += pieces[(state >> 33) % (well_formed ? 8 : std::size(pieces))];
    }
    ASSERT_EQ(CountCodePoints(s), decoded(s)) << s;
  }
  EXPECT_EQ(CountCodePoints("وزير الخارجية الأمريكي أنتوني بلينكن"), 36u);
  EXPECT_EQ(CountCodePoints(std::string(100, 'x') + "\xFF"), 101u);
}

// Control characters become one space each (code-point offsets kept); TAB, LF, CR and every
// other character, ill-formed bytes included, stay.
TEST(Utf8Test, ReplaceControlsGivesOneSpaceEach) {
  std::string s(
      "a\0b\x01\x1f\x7f"
      "c\t\n\r\xC2\x80\xC2\x9F"
      "d\xC2\xA0\xD8\xA7\xFF",
      std::string::size_type{20});
  const size_t before = CountCodePoints(s);
  EXPECT_EQ(ReplaceControls(&s), 6u);
  EXPECT_EQ(s, "a b   c\t\n\r  d\xC2\xA0\xD8\xA7\xFF");
  EXPECT_EQ(CountCodePoints(s), before);
  std::string clean = "قال محمد بن سلمان";
  EXPECT_EQ(ReplaceControls(&clean), 0u);
  EXPECT_EQ(clean, "قال محمد بن سلمان");
}

}  // namespace
}  // namespace khabar::utf8

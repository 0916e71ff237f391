#include "base/inline_string.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar {
namespace {

// Short and long strings, and an entry reused for a string of the other kind, read back as given.
TEST(InlineStringTest, KeepsShortAndLongStrings) {
  const std::string exact(InlineString::kInline, 'a'), longer(InlineString::kInline + 1, 'a');
  InlineString s;
  EXPECT_EQ(s.view(), "");
  EXPECT_TRUE(s == "");
  for (const std::string& text : {std::string("وزارة"), longer, exact, std::string(""), longer,
                                  std::string("كوالالمبوريتشستانيفيلدزبرغبت")}) {
    s.assign(text);
    EXPECT_EQ(s.view(), text);
    EXPECT_TRUE(s == text);
    EXPECT_FALSE(s == text + "x");
    if (!text.empty()) EXPECT_FALSE(s == text.substr(0, text.size() - 1) + "b");
  }
  s.assign(longer);
  EXPECT_FALSE(s == exact);  // a shared prefix is not equality
}

}  // namespace
}  // namespace khabar

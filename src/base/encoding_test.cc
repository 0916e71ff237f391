#include "khabar/encoding.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

// "خبر عاجل" (urgent news) in Windows-1256: خ=0xCE ب=0xC8 ر=0xD1 space ع=0xDA ا=0xC7 ج=0xCC ل=0xE1.
constexpr std::string_view kCp1256 = "\xCE\xC8\xD1 \xDA\xC7\xCC\xE1";

TEST(EncodingTest, PlainUtf8PassesThrough) {
  auto r = DecodeToUtf8("خبر عاجل");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->utf8, "خبر عاجل");
  EXPECT_EQ(r->encoding, "UTF-8");
  EXPECT_TRUE(r->warnings.empty());
}

TEST(EncodingTest, Utf8BomIsRemoved) {
  auto r = DecodeToUtf8("\xEF\xBB\xBFخبر");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->utf8, "خبر");
  EXPECT_EQ(r->encoding, "UTF-8 (BOM)");
}

TEST(EncodingTest, Utf16WithBom) {
  // BOM, then خ (U+062E) ب (U+0628) in little- and big-endian order.
  auto le = DecodeToUtf8(std::string_view("\xFF\xFE\x2E\x06\x28\x06", 6));
  ASSERT_TRUE(le.ok());
  EXPECT_EQ(le->utf8, "خب");
  EXPECT_EQ(le->encoding, "UTF-16LE");
  auto be = DecodeToUtf8(std::string_view("\xFE\xFF\x06\x2E\x06\x28", 6));
  ASSERT_TRUE(be.ok());
  EXPECT_EQ(be->utf8, "خب");
}

TEST(EncodingTest, Utf16WithoutBom) {
  std::string le;
  for (char16_t c : std::u16string(u"خبر عاجل من القاهرة")) {
    le.push_back(static_cast<char>(c & 0xFF));
    le.push_back(static_cast<char>(c >> 8));
  }
  auto r = DecodeToUtf8(le);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->utf8, "خبر عاجل من القاهرة");
}

TEST(EncodingTest, Windows1256IsDetected) {
  auto r = DecodeToUtf8(kCp1256);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->utf8, "خبر عاجل");
  EXPECT_EQ(r->encoding, "windows-1256");
}

TEST(EncodingTest, ExplicitEncodingSkipsDetection) {
  auto r = DecodeToUtf8(kCp1256, {.encoding = "windows-1256"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->utf8, "خبر عاجل");
  EXPECT_EQ(DecodeToUtf8("x", {.encoding = "no-such-charset"}).status().code(),
            Status::Code::kInvalidArgument);
}

TEST(EncodingTest, FewBrokenBytesAreRepairedWithWarning) {
  std::string text = "خبر عاجل من القاهرة اليوم عن الاقتصاد";
  text += "\xC3";  // a truncated two-byte sequence at the end
  auto r = DecodeToUtf8(text);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->encoding, "UTF-8");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->utf8.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(EncodingTest, BinaryIsRefused) {
  constexpr char kPng[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10";
  const std::string png(kPng, sizeof kPng - 1);
  EXPECT_EQ(DecodeToUtf8(png).status().code(), Status::Code::kUnsupported);
  std::string controls(200, '\x01');
  EXPECT_EQ(DecodeToUtf8(controls).status().code(), Status::Code::kUnsupported);
}

TEST(EncodingTest, UnknownEightBitIsRefused) {
  // Latin-1 accented letters that are neither valid UTF-8 nor Arabic in Windows-1256.
  EXPECT_EQ(DecodeToUtf8("caf\xE9 cr\xE8me br\xFBl\xE9" "e \xE0 la fran\xE7" "aise").status().code(),
            Status::Code::kUnsupported);
}

TEST(EncodingTest, EmptyInputIsEmptyText) {
  auto r = DecodeToUtf8("");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->utf8.empty());
}

}  // namespace
}  // namespace khabar

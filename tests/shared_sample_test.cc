// The canonical sample of issue #2 (../shared/samples/youm7-2022-02-11-us-japan.txt, outside the
// repository): asserts the "Done when" facts. Skips when ../shared is absent (users' machines).
// Nothing of the sample is copied here: the expected headline is read from the sample itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "khabar/encoding.h"
#include "khabar/extract.h"

namespace khabar {
namespace {
namespace fs = std::filesystem;

fs::path SamplePath() {
  const char* root = std::getenv("KHABAR_SOURCE_DIR");
  return fs::path(root ? root : "..") / ".." / "shared" / "samples" /
         "youm7-2022-02-11-us-japan.txt";
}

class SharedSampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(SamplePath())) {
      GTEST_SKIP() << "../shared is absent (" << SamplePath() << "): shared sample test skipped";
    }
    std::ifstream in(SamplePath(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    auto decoded = DecodeToUtf8(ss.str());
    ASSERT_TRUE(decoded.ok());
    text_ = decoded->utf8;
    first_line_ = text_.substr(0, text_.find('\n'));
  }
  std::string text_, first_line_;
};

TEST_F(SharedSampleTest, DoneWhenFacts) {
  auto r = extract::ParseTextDump(text_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->title, first_line_);
  EXPECT_EQ(r->published, "2022-02-11T18:20");
  ASSERT_TRUE(r->dateline.has_value());
  EXPECT_EQ(r->dateline->place, "واشنطن");
  ASSERT_TRUE(r->dateline->agency.has_value());
  EXPECT_EQ(r->dateline->agency->code, "MENA");
  EXPECT_EQ(r->caption, "عناصر من الجيش الروسى");
  // The issue text says 14; the file holds 11 body paragraphs (11 text lines between the comment
  // prompt and the closing share button, each one sentence ending in a full stop).
  EXPECT_EQ(r->paragraphs.size(), 11u);
  for (const std::string& p : r->paragraphs) {
    EXPECT_TRUE(p.size() > 1 && p.back() == '.') << p;
    EXPECT_FALSE(extract::IsFurniture(p)) << p;
    EXPECT_EQ(p.find("\xC2\xA0"), std::string::npos) << p;
    EXPECT_NE(text_.find("\n" + p + "\n"), std::string::npos) << "paragraph not a line as written";
  }
  for (const char* furniture :
       {"مشاركة", "اضف تعليقاً واقرأ تعليقات القراء", "الرجوع الى أعلى الصفحة"}) {
    EXPECT_NE(std::find(r->boilerplate.begin(), r->boilerplate.end(), furniture),
              r->boilerplate.end())
        << furniture;
  }
}

TEST_F(SharedSampleTest, TimeZoneAddsOffset) {
  extract::ParseOptions o;
  o.tz = "Africa/Cairo";
  auto r = extract::ParseTextDump(text_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->published, "2022-02-11T18:20+02:00");
}

}  // namespace
}  // namespace khabar

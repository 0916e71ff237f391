#include "khabar/input.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace khabar {
namespace {
namespace fs = std::filesystem;

class InputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("khabar_input_test_" + std::to_string(::getpid()));
    fs::create_directories(root_ / "b" / "c");
    fs::create_directories(root_ / ".hidden");
    Write(root_ / "b" / "c" / "z.txt", "z");
    Write(root_ / "b" / "a.txt", "خبر");
    Write(root_ / ".hidden" / "x.txt", "x");
    Write(root_ / "top.txt", "t");
  }
  void TearDown() override { fs::remove_all(root_); }
  static void Write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
  fs::path root_;
};

TEST_F(InputTest, DirectoriesExpandRecursivelySortedWithoutHidden) {
  auto files = ExpandInputs({root_.string()});
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0], (root_ / "b" / "a.txt").string());
  EXPECT_EQ((*files)[1], (root_ / "b" / "c" / "z.txt").string());
  EXPECT_EQ((*files)[2], (root_ / "top.txt").string());
}

TEST_F(InputTest, MissingPathIsNotFound) {
  auto files = ExpandInputs({(root_ / "nope").string()});
  EXPECT_EQ(files.status().code(), Status::Code::kNotFound);
}

TEST_F(InputTest, ReadsBytesAndBoundsSize) {
  auto bytes = ReadInput((root_ / "b" / "a.txt").string());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "خبر");
  EXPECT_EQ(ReadInput((root_ / "b" / "a.txt").string(), 2).status().code(),
            Status::Code::kUnsupported);
  EXPECT_EQ(ReadInput((root_ / "none").string()).status().code(), Status::Code::kIoError);
}

}  // namespace
}  // namespace khabar

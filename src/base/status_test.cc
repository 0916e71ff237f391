#include "khabar/status.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status s = Status::Corrupt("truncated gzip at offset 42");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kCorrupt);
  EXPECT_EQ(s.ToString(), "corrupt: truncated gzip at offset 42");
}

Status FailsThenNot(bool fail) {
  KHABAR_RETURN_IF_ERROR(fail ? Status::InvalidArgument("no") : Status::Ok());
  return Status::NotFound("reached the end");
}

TEST(StatusTest, ReturnIfErrorStopsEarly) {
  EXPECT_EQ(FailsThenNot(true).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(FailsThenNot(false).code(), Status::Code::kNotFound);
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<std::string> good = std::string("خبر");
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, "خبر");
  EXPECT_TRUE(good.status().ok());
  Result<std::string> bad = Status::OutOfRange("31 February");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kOutOfRange);
}

TEST(ResultTest, MovesValueOut) {
  Result<std::string> r = std::string(1000, 'x');
  std::string taken = *std::move(r);
  EXPECT_EQ(taken.size(), 1000u);
}

}  // namespace
}  // namespace khabar

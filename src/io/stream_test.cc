#include "io/stream.h"

#include <gtest/gtest.h>

#include "io/test_util.h"

namespace khabar::io {
namespace {

using testing::GzipMember;

std::string Drain(ByteStream* s, std::vector<Status>* faults) {
  std::string out;
  char buf[7];  // small reads exercise member boundaries inside a read
  for (int guard = 0; guard < 100000; ++guard) {
    Result<size_t> got = s->Read(buf, sizeof buf);
    if (!got.ok()) {
      faults->push_back(got.status());
      continue;
    }
    if (*got == 0) break;
    out.append(buf, *got);
  }
  return out;
}

TEST(GzipStreamTest, ReadsMultipleMembersAndRemembersTheirOffsets) {
  const std::string a = GzipMember("أول عضو\n"), b = GzipMember("second member\n");
  const std::string data = a + b;
  GzipStream gz(std::make_unique<MemoryStream>(data));
  std::vector<Status> faults;
  EXPECT_EQ(Drain(&gz, &faults), "أول عضو\nsecond member\n");
  EXPECT_TRUE(faults.empty());
  EXPECT_EQ(gz.members(), 2u);
  EXPECT_EQ(gz.MemberStartingAt(0), std::optional<uint64_t>(0));
  EXPECT_EQ(gz.MemberStartingAt(std::string("أول عضو\n").size()),
            std::optional<uint64_t>(a.size()));
  EXPECT_FALSE(gz.MemberStartingAt(3).has_value());
}

TEST(GzipStreamTest, TruncatedMemberIsReportedWithItsOffset) {
  const std::string a = GzipMember("complete\n"), b = GzipMember(std::string(5000, 'x'));
  const std::string data = a + b.substr(0, b.size() / 2);
  GzipStream gz(std::make_unique<MemoryStream>(data));
  std::vector<Status> faults;
  const std::string out = Drain(&gz, &faults);
  EXPECT_EQ(out.substr(0, 9), "complete\n");
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_EQ(faults[0].code(), Status::Code::kCorrupt);
  EXPECT_NE(faults[0].message().find("truncated gzip member at offset " + std::to_string(a.size())),
            std::string::npos)
      << faults[0].ToString();
}

TEST(GzipStreamTest, CorruptMemberIsSkippedAndTheNextOneRead) {
  std::string bad = GzipMember(std::string(3000, 'b') + "tail");
  for (size_t i = 12; i < bad.size() - 10; ++i) bad[i] = static_cast<char>(0xA5 ^ i);
  const std::string data = GzipMember("one\n") + bad + GzipMember("three\n");
  GzipStream gz(std::make_unique<MemoryStream>(data));
  std::vector<Status> faults;
  const std::string out = Drain(&gz, &faults);
  EXPECT_EQ(out.substr(0, 4), "one\n");
  EXPECT_EQ(out.substr(out.size() - 6), "three\n");
  ASSERT_GE(faults.size(), 1u);
  EXPECT_EQ(faults[0].code(), Status::Code::kCorrupt);
}

TEST(GzipStreamTest, NotGzipIsCorrupt) {
  GzipStream gz(std::make_unique<MemoryStream>("plain text, not compressed"));
  std::vector<Status> faults;
  EXPECT_EQ(Drain(&gz, &faults), "");
  ASSERT_FALSE(faults.empty());
  EXPECT_EQ(faults[0].code(), Status::Code::kCorrupt);
}

TEST(BufferedReaderTest, LinesCrLfAndBoundedLength) {
  const std::string data = "first\r\n" + std::string(300, 'z') + "\nthird\nlast";
  MemoryStream m(data);
  BufferedReader r(&m);
  std::string line;
  ASSERT_TRUE(*r.ReadLine(&line, 100));
  EXPECT_EQ(line, "first");
  Result<bool> long_line = r.ReadLine(&line, 100);
  EXPECT_EQ(long_line.status().code(), Status::Code::kOutOfRange);
  ASSERT_TRUE(*r.ReadLine(&line, 100));
  EXPECT_EQ(line, "third");
  ASSERT_TRUE(*r.ReadLine(&line, 100));
  EXPECT_EQ(line, "last");
  EXPECT_FALSE(*r.ReadLine(&line, 100));
  EXPECT_EQ(r.offset(), data.size());
}

TEST(BufferedReaderTest, PeekThenExactAndSkip) {
  std::string data(200000, 'a');
  data[150000] = 'b';
  MemoryStream m(data);
  BufferedReader r(&m);
  EXPECT_EQ(r.Peek(10)->size(), 10u);
  EXPECT_EQ(*r.Skip(150000), 150000u);
  std::string out;
  EXPECT_EQ(*r.ReadExact(3, &out), 3u);
  EXPECT_EQ(out, "baa");
  EXPECT_EQ(*r.Skip(1000000), 200000u - 150003u);
  EXPECT_TRUE(r.eof());
}

TEST(InflateBytesTest, GzipZlibAndRaw) {
  EXPECT_EQ(*InflateBytes(GzipMember("payload"), 100), "payload");
  EXPECT_EQ(InflateBytes(GzipMember(std::string(1000, 'x')), 100).status().code(),
            Status::Code::kUnsupported);
  EXPECT_FALSE(InflateBytes("\x1f\x8b\x08garbage", 100).ok());
}

}  // namespace
}  // namespace khabar::io

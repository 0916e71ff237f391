// Golden tests of `parse`: every dump in golden/dumps/ (written by the team in the styles of
// Egyptian, Gulf, Levantine and Maghrebi outlets) is parsed and compared field by field with
// golden/expected/<name>.json. To regenerate after an intended change, run the test with
// KHABAR_UPDATE_GOLDEN=1 and review the diff of golden/expected/ line by line.
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "khabar/encoding.h"
#include "khabar/extract.h"
#include "khabar/record.h"

namespace khabar {
namespace {
namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> Dumps() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator("golden/dumps")) {
    if (e.path().extension() == ".txt") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ArticleRecord Parse(const fs::path& dump) {
  extract::ParseOptions o;
  o.source.path = "golden/dumps/" + dump.filename().string();
  auto r = extract::ParseTextDump(ReadFile(dump), o);
  EXPECT_TRUE(r.ok()) << dump << ": " << r.status().ToString();
  return r.ok() ? *r : ArticleRecord{};
}

std::string Trimmed(std::string s) {
  const char* ws = " \t\r";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  // NBSP-only lines count as blank.
  if (s == "\xC2\xA0") s.clear();
  return s;
}

TEST(GoldenTest, AtLeastEightDumpsFromFourRegions) {
  const auto dumps = Dumps();
  EXPECT_GE(dumps.size(), 8u);
  for (const char* region : {"egypt-", "gulf-", "levant-", "maghreb-"}) {
    EXPECT_TRUE(std::any_of(dumps.begin(), dumps.end(), [&](const fs::path& p) {
      return p.filename().string().rfind(region, 0) == 0;
    })) << region;
  }
}

TEST(GoldenTest, RecordsMatchExpectedFieldByField) {
  const bool update = std::getenv("KHABAR_UPDATE_GOLDEN") != nullptr;
  for (const fs::path& dump : Dumps()) {
    SCOPED_TRACE(dump.filename().string());
    const ArticleRecord got = Parse(dump);
    const fs::path expected_path = fs::path("golden/expected") / (dump.stem().string() + ".json");
    if (update) {
      fs::create_directories(expected_path.parent_path());
      std::ofstream(expected_path) << RecordToJson(got, true) << "\n";
      continue;
    }
    auto want = RecordFromJson(ReadFile(expected_path));
    ASSERT_TRUE(want.ok()) << expected_path << ": " << want.status().ToString();
    EXPECT_EQ(got.source.path, want->source.path);
    EXPECT_EQ(got.title, want->title);
    EXPECT_EQ(got.published, want->published);
    EXPECT_EQ(got.published_text, want->published_text);
    EXPECT_EQ(got.modified, want->modified);
    EXPECT_EQ(got.author, want->author);
    ASSERT_EQ(got.dateline.has_value(), want->dateline.has_value());
    if (got.dateline) {
      EXPECT_EQ(got.dateline->place, want->dateline->place);
      ASSERT_EQ(got.dateline->agency.has_value(), want->dateline->agency.has_value());
      if (got.dateline->agency) {
        EXPECT_EQ(got.dateline->agency->code, want->dateline->agency->code);
        EXPECT_EQ(got.dateline->agency->text, want->dateline->agency->text);
        EXPECT_EQ(got.dateline->agency->name_ar, want->dateline->agency->name_ar);
      }
    }
    EXPECT_EQ(got.caption, want->caption);
    ASSERT_EQ(got.paragraphs.size(), want->paragraphs.size());
    for (size_t i = 0; i < got.paragraphs.size(); ++i) {
      EXPECT_EQ(got.paragraphs[i], want->paragraphs[i]) << "paragraph " << i;
    }
    EXPECT_EQ(got.boilerplate, want->boilerplate);
    EXPECT_EQ(got.id.size(), 32u);
    EXPECT_EQ(got.id.find_first_not_of("0123456789abcdef"), std::string::npos);
  }
}

// Nothing disappears: every non-blank line of a dump ends up in some field of its record.
TEST(GoldenTest, EveryLineIsAccountedFor) {
  for (const fs::path& dump : Dumps()) {
    SCOPED_TRACE(dump.filename().string());
    const ArticleRecord r = Parse(dump);
    std::vector<std::string> fields = {r.title, r.caption, r.published_text, r.author};
    if (r.dateline) {
      fields.push_back(r.dateline->place);
      if (r.dateline->agency) fields.push_back(r.dateline->agency->text);
    }
    fields.insert(fields.end(), r.paragraphs.begin(), r.paragraphs.end());
    fields.insert(fields.end(), r.boilerplate.begin(), r.boilerplate.end());
    std::istringstream in(ReadFile(dump));
    for (std::string line; std::getline(in, line);) {
      line = Trimmed(line);
      if (line.empty()) continue;
      const bool found = std::any_of(fields.begin(), fields.end(), [&](const std::string& f) {
        return !f.empty() &&
               (f.find(line) != std::string::npos || line.find(f) != std::string::npos);
      });
      EXPECT_TRUE(found) << "line lost: " << line;
    }
  }
}

// The same dump in Windows-1256 and in UTF-16LE with a BOM gives the same record.
std::string Encode(const std::string& utf8, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &err);
  EXPECT_TRUE(U_SUCCESS(err)) << u_errorName(err);
  out.resize(n);
  return out;
}

TEST(GoldenTest, LegacyEncodingsGiveTheSameRecord) {
  const std::string utf8 = ReadFile("golden/dumps/egypt-youm7.txt");
  const auto base = extract::ParseTextDump(utf8);
  ASSERT_TRUE(base.ok());
  const std::string utf16 = "\xFF\xFE" + Encode(utf8, "UTF-16LE");
  for (const std::string& bytes : {Encode(utf8, "windows-1256"), utf16, "\xEF\xBB\xBF" + utf8}) {
    auto decoded = DecodeToUtf8(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    auto r = extract::ParseTextDump(decoded->utf8);
    ASSERT_TRUE(r.ok()) << decoded->encoding;
    EXPECT_EQ(r->id, base->id) << decoded->encoding;
    EXPECT_EQ(r->title, base->title) << decoded->encoding;
    EXPECT_EQ(r->caption, base->caption) << decoded->encoding;
    EXPECT_EQ(r->paragraphs, base->paragraphs) << decoded->encoding;
  }
}

}  // namespace
}  // namespace khabar

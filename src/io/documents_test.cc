#include "khabar/documents.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/test_util.h"

namespace khabar {
namespace {

using io::testing::GzipMember;
using io::testing::HttpResponse;
using io::testing::WarcRecord;

const char kPage[] =
    "<!DOCTYPE html><html dir=\"rtl\"><head><title>خبر</title></head><body><p>نص</p></body></html>";

std::vector<InputDocument> ReadAllDocs(std::string_view data, ReaderStats* stats = nullptr,
                                       ReaderOptions options = {}, std::string path = "mem") {
  auto reader = DocumentReader::FromMemory(path, data, options);
  std::vector<InputDocument> docs;
  InputDocument d;
  while (reader->Next(&d)) docs.push_back(d);
  if (stats != nullptr) *stats = reader->stats();
  return docs;
}

TEST(DetectFormatTest, ByContent) {
  EXPECT_EQ(DetectFormat("WARC/1.1\r\nWARC-Type: warcinfo\r\n"), InputFormat::kWarc);
  EXPECT_EQ(DetectFormat("{\"title\": \"x\"}\n{\"title\": \"y\"}\n"), InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat("\xEF\xBB\xBF  {\"a\":1}"), InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat(kPage), InputFormat::kHtml);
  EXPECT_EQ(DetectFormat("  <div class=\"x\"><p>a</p></div>"), InputFormat::kHtml);
  EXPECT_EQ(DetectFormat("<p>فقرة</p>\n<p>ثانية</p><br><span>x</span>"), InputFormat::kHtml);
  EXPECT_EQ(DetectFormat("القاهرة - أ ش أ\nنص الخبر"), InputFormat::kText);
  EXPECT_EQ(DetectFormat("{ title } is not json but a text line\nmore"), InputFormat::kText);
  EXPECT_EQ(DetectFormat("نص <b>فيه</b> وسم"), InputFormat::kText);
  // The name only breaks ties.
  EXPECT_EQ(DetectFormat("<b>a</b> <i>b</i>", "page.html"), InputFormat::kHtml);
  EXPECT_EQ(DetectFormat("plain", "page.html"), InputFormat::kText);
}

TEST(DetectFormatTest, FormatNames) {
  EXPECT_EQ(*ParseInputFormat("WARC"), InputFormat::kWarc);
  EXPECT_EQ(*ParseInputFormat("ndjson"), InputFormat::kJsonl);
  EXPECT_EQ(InputFormatName(InputFormat::kHtml), "html");
  EXPECT_FALSE(ParseInputFormat("pdf").ok());
}

TEST(DocumentReaderTest, WholeTextAndHtmlFiles) {
  auto docs = ReadAllDocs("سطر أول\nسطر ثان\n");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].format, InputFormat::kText);
  EXPECT_EQ(docs[0].bytes, "سطر أول\nسطر ثان\n");
  EXPECT_EQ(docs[0].locator, "");
  docs = ReadAllDocs(kPage);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].format, InputFormat::kHtml);
  EXPECT_EQ(docs[0].bytes, kPage);
}

TEST(DocumentReaderTest, GzipCompressedHtmlAndBigFiles) {
  std::string big = std::string(kPage) + std::string(300000, ' ');
  const std::string gz = GzipMember(big);
  ReaderStats stats;
  auto docs = ReadAllDocs(gz, &stats);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_TRUE(stats.gzip);
  EXPECT_EQ(docs[0].format, InputFormat::kHtml);
  EXPECT_EQ(docs[0].bytes, big);
  ReaderOptions small;
  small.max_document_bytes = 1000;
  docs = ReadAllDocs(gz, nullptr, small);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].error.code(), Status::Code::kUnsupported);
}

TEST(DocumentReaderTest, JsonLinesWithBlankAndOverlongLines) {
  const std::string data =
      "{\"title\": \"a\"}\n\n{\"title\": \"" + std::string(500, 'x') + "\"}\r\n{\"title\": \"c\"}";
  ReaderOptions options;
  options.max_line_bytes = 100;
  ReaderStats stats;
  auto docs = ReadAllDocs(data, &stats, options);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].locator, "line 1");
  EXPECT_EQ(docs[0].format, InputFormat::kJsonl);
  EXPECT_EQ(docs[0].bytes, "{\"title\": \"a\"}");
  EXPECT_EQ(docs[1].locator, "line 3");
  EXPECT_EQ(docs[1].error.code(), Status::Code::kOutOfRange);
  EXPECT_EQ(docs[2].locator, "line 4");
  EXPECT_EQ(docs[2].bytes, "{\"title\": \"c\"}");
  EXPECT_EQ(stats.blank_lines, 1u);
}

// JSON that is not one object per line: a JSON array (an export, on one line or pretty-printed)
// and pretty-printed objects (`khabar parse --pretty` read back) give one document per object,
// located at the line it starts on; braces and brackets inside strings do not count; an array or
// object left open is an error document there. They were read as a text dump (session 14).
TEST(DocumentReaderTest, JsonArraysAndPrettyPrintedObjects) {
  EXPECT_EQ(DetectFormat("[{\"title\": \"x\"}]"), InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat("\xEF\xBB\xBF[\n  {\n    \"title\": \"x\"\n  }\n]\n"),
            InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat("[]"), InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat("{\n  \"title\": \"x\"\n}\n"), InputFormat::kJsonl);
  EXPECT_EQ(DetectFormat("{\nنص\n}"), InputFormat::kText);
  EXPECT_EQ(DetectFormat("[صورة] نص الخبر"), InputFormat::kText);
  auto docs = ReadAllDocs("[{\"title\": \"a }]\"}, {\"title\": \"b\\\"{\", \"x\": [1, {}]}]");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].bytes, "{\"title\": \"a }]\"}");
  EXPECT_EQ(docs[0].locator, "line 1");
  EXPECT_EQ(docs[1].bytes, "{\"title\": \"b\\\"{\", \"x\": [1, {}]}");
  EXPECT_EQ(docs[1].format, InputFormat::kJsonl);
  docs = ReadAllDocs("\n[\n  {\n    \"title\": \"a\"\n  },\n  {\n    \"title\": \"b\"\n  }\n]\n");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].locator, "line 3");
  EXPECT_EQ(docs[1].locator, "line 6");
  EXPECT_EQ(docs[1].bytes, "{\n    \"title\": \"b\"\n  }");
  docs = ReadAllDocs("{\n  \"title\": \"a\"\n}\n{\n  \"title\": \"b\"\n}\n");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].locator, "line 4");
  EXPECT_TRUE(docs[1].error.ok());
  docs = ReadAllDocs("[{\"title\": \"a\"},\n {\"title\": \"b\"");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs[0].error.ok());
  EXPECT_EQ(docs[1].locator, "line 2");
  EXPECT_EQ(docs[1].error.message(), "malformed JSON: the object is not closed");
  docs = ReadAllDocs("[{\"title\": \"a\"}] trailing");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].error.message(), "malformed JSON: text after the array");
  EXPECT_TRUE(ReadAllDocs("[ ]").empty());
}

// A line over the default bound (100 MiB): one error document with its line number, the lines
// around it read, and the long line never held whole.
TEST(DocumentReaderTest, HundredMegabyteJsonLineIsRefused) {
  std::string data = "{\"title\": \"a\"}\n{\"text\": \"";
  data.append((size_t{100} << 20) + 16, 'x');
  data += "\"}\n{\"title\": \"c\"}\n";
  auto docs = ReadAllDocs(data);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_TRUE(docs[0].error.ok());
  EXPECT_EQ(docs[1].locator, "line 2");
  EXPECT_EQ(docs[1].error.code(), Status::Code::kOutOfRange);
  EXPECT_TRUE(docs[1].bytes.empty());
  EXPECT_EQ(docs[2].bytes, "{\"title\": \"c\"}");
}

// gzip files cut short (an interrupted download): a clear error, never a crash or a hang.
TEST(DocumentReaderTest, TruncatedGzipHtmlAndJsonLines) {
  const std::string page = std::string(kPage) + std::string(5000, ' ') + "<p>نهاية</p>";
  for (size_t keep : {size_t{5}, size_t{12}, size_t{40}}) {
    const std::string gz = GzipMember(page);
    auto docs = ReadAllDocs(gz.substr(0, std::min(keep, gz.size() - 1)), nullptr, {}, "a.html.gz");
    ASSERT_FALSE(docs.empty()) << keep;
    EXPECT_FALSE(docs.back().error.ok()) << keep;
  }
  std::string lines;
  for (int i = 0; i < 200; ++i) lines += "{\"title\": \"خبر رقم " + std::to_string(i) + "\"}\n";
  const std::string gz = GzipMember(lines);
  auto docs = ReadAllDocs(gz.substr(0, gz.size() * 2 / 3), nullptr, {}, "a.jsonl.gz");
  ASSERT_GE(docs.size(), 2u);
  EXPECT_TRUE(docs.front().error.ok());
  EXPECT_FALSE(docs.back().error.ok());
  EXPECT_NE(docs.back().error.message().find("truncated"), std::string::npos)
      << docs.back().error.ToString();
}

std::string SampleWarc(std::vector<size_t>* offsets, bool gzip) {
  std::vector<std::string> records = {
      WarcRecord("warcinfo", "", "software: test\r\n", "WARC/1.1", "application/warc-fields"),
      WarcRecord("request", "https://www.youm7.com/story/1", "GET /story/1 HTTP/1.1\r\n\r\n"),
      WarcRecord("response", "https://www.youm7.com/story/1", HttpResponse(kPage)),
      WarcRecord("response", "https://www.youm7.com/logo.png",
                 HttpResponse("\x89PNG", "image/png")),
      WarcRecord("response", "https://www.youm7.com/old",
                 HttpResponse("", "text/html", "301 Moved")),
      WarcRecord("metadata", "https://www.youm7.com/story/1", "fetchTimeMs: 12\r\n"),
      WarcRecord("resource", "<https://www.alarabiya.net/a.html>", kPage, "WARC/1.1", "text/html"),
  };
  std::string out;
  for (const std::string& r : records) {
    offsets->push_back(out.size());
    out += gzip ? GzipMember(r) : r;
  }
  return out;
}

void ExpectSampleDocs(const std::vector<InputDocument>& docs, const ReaderStats& stats,
                      const std::vector<size_t>& offsets) {
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs[0].error.ok());
  EXPECT_EQ(docs[0].url, "https://www.youm7.com/story/1");
  EXPECT_EQ(docs[0].fetched_at, "2024-03-05T10:20:30Z");
  EXPECT_EQ(docs[0].content_type, "text/html; charset=utf-8");
  EXPECT_EQ(docs[0].format, InputFormat::kHtml);
  EXPECT_EQ(docs[0].bytes, kPage);
  EXPECT_EQ(docs[0].locator, "offset " + std::to_string(offsets[2]));
  EXPECT_EQ(docs[1].url, "https://www.alarabiya.net/a.html");
  EXPECT_EQ(docs[1].bytes, kPage);
  EXPECT_EQ(docs[1].locator, "offset " + std::to_string(offsets[6]));
  EXPECT_EQ(stats.skipped_records, 3u);   // warcinfo, request, metadata
  EXPECT_EQ(stats.skipped_payloads, 2u);  // image, redirect
  EXPECT_EQ(stats.format, InputFormat::kWarc);
}

TEST(WarcTest, PlainWarcRecordsWithOffsets) {
  std::vector<size_t> offsets;
  const std::string warc = SampleWarc(&offsets, false);
  ReaderStats stats;
  auto docs = ReadAllDocs(warc, &stats);
  ExpectSampleDocs(docs, stats, offsets);
  EXPECT_FALSE(stats.gzip);
}

TEST(WarcTest, GzipPerRecordOffsetsAreCompressedOffsets) {
  std::vector<size_t> offsets;
  const std::string warc = SampleWarc(&offsets, true);
  ReaderStats stats;
  auto docs = ReadAllDocs(warc, &stats);
  ExpectSampleDocs(docs, stats, offsets);
  EXPECT_TRUE(stats.gzip);
}

TEST(WarcTest, ChunkedAndGzipEncodedPayloads) {
  const std::string chunked =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked"
      "\r\n\r\n5\r\n<html\r\n3\r\n><b\r\n0\r\n\r\n";
  const std::string zipped =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip"
      "\r\n\r\n" +
      GzipMember(kPage);
  const std::string warc =
      WarcRecord("response", "http://a/1", chunked) + WarcRecord("response", "http://a/2", zipped);
  auto docs = ReadAllDocs(warc);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].bytes, "<html><b");
  EXPECT_EQ(docs[1].bytes, kPage);
}

TEST(WarcTest, CorruptRecordIsReportedAndTheRestRead) {
  std::string good1 = WarcRecord("response", "http://a/1", HttpResponse(kPage));
  std::string bad = WarcRecord("response", "http://a/2", HttpResponse(kPage));
  bad.replace(bad.find("Content-Length: ") + 16, 1, "x");  // unparsable length
  std::string good2 = WarcRecord("response", "http://a/3", HttpResponse(kPage));
  auto docs = ReadAllDocs(good1 + bad + good2);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_TRUE(docs[0].error.ok());
  EXPECT_EQ(docs[1].error.code(), Status::Code::kCorrupt);
  EXPECT_EQ(docs[1].locator, "offset " + std::to_string(good1.size()));
  EXPECT_EQ(docs[2].url, "http://a/3");
  EXPECT_TRUE(docs[2].error.ok());
}

TEST(WarcTest, GarbageBetweenRecordsIsReported) {
  std::string good1 = WarcRecord("response", "http://a/1", HttpResponse(kPage));
  std::string good2 = WarcRecord("response", "http://a/3", HttpResponse(kPage));
  auto docs = ReadAllDocs(good1 + "junk line\r\nmore junk\r\n" + good2);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[1].error.code(), Status::Code::kCorrupt);
  EXPECT_EQ(docs[2].url, "http://a/3");
}

TEST(WarcTest, TruncatedPlainAndGzipFiles) {
  std::string good = WarcRecord("response", "http://a/1", HttpResponse(kPage));
  std::string last = WarcRecord("response", "http://a/2", HttpResponse(kPage));
  auto docs = ReadAllDocs(good + last.substr(0, last.size() - 40));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs[0].error.ok());
  EXPECT_EQ(docs[1].error.code(), Status::Code::kCorrupt);
  EXPECT_EQ(docs[1].locator, "offset " + std::to_string(good.size()));
  EXPECT_NE(docs[1].error.message().find("truncated"), std::string::npos);

  const std::string g1 = GzipMember(good), g2 = GzipMember(last);
  docs = ReadAllDocs(g1 + g2.substr(0, g2.size() / 2));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_TRUE(docs[0].error.ok());
  EXPECT_EQ(docs[1].error.code(), Status::Code::kCorrupt);
  EXPECT_NE(docs[1].error.message().find("offset " + std::to_string(g1.size())), std::string::npos)
      << docs[1].error.ToString();
}

TEST(WarcTest, CorruptGzipMemberInTheMiddle) {
  const std::string r1 = WarcRecord("response", "http://a/1", HttpResponse(kPage));
  const std::string r2 = WarcRecord("response", "http://a/2",
                                    HttpResponse(std::string(kPage) + std::string(4000, 'q')));
  const std::string r3 = WarcRecord("response", "http://a/3", HttpResponse(kPage));
  std::string g2 = GzipMember(r2);
  for (size_t i = 40; i < g2.size() - 8; i += 3) g2[i] = static_cast<char>(g2[i] ^ 0x5A);
  auto docs = ReadAllDocs(GzipMember(r1) + g2 + GzipMember(r3));
  ASSERT_GE(docs.size(), 3u);
  EXPECT_EQ(docs.front().url, "http://a/1");
  EXPECT_EQ(docs.back().url, "http://a/3");
  EXPECT_TRUE(docs.back().error.ok());
  size_t errors = 0;
  for (const auto& d : docs) errors += !d.error.ok();
  EXPECT_GE(errors, 1u);
}

TEST(DocumentReaderTest, MissingFileIsOneErrorDocument) {
  DocumentReader reader("/nonexistent/khabar/file.warc", {});
  InputDocument d;
  ASSERT_TRUE(reader.Next(&d));
  EXPECT_EQ(d.error.code(), Status::Code::kIoError);
  EXPECT_FALSE(reader.Next(&d));
}

TEST(DocumentReaderTest, ReadsFromFile) {
  namespace fs = std::filesystem;
  const fs::path p =
      fs::temp_directory_path() / ("khabar_docs_" + std::to_string(::getpid()) + ".jsonl.gz");
  std::ofstream(p, std::ios::binary) << GzipMember("{\"a\": 1}\n{\"a\": 2}\n");
  DocumentReader reader(p.string(), {});
  InputDocument d;
  int n = 0;
  while (reader.Next(&d)) {
    EXPECT_TRUE(d.error.ok());
    ++n;
  }
  EXPECT_EQ(n, 2);
  EXPECT_EQ(reader.stats().format, InputFormat::kJsonl);
  fs::remove(p);
}

}  // namespace
}  // namespace khabar

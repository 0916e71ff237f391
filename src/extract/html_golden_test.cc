// The HTML golden set (tests/golden/html/): pages in the layouts of Arab news outlets, written for
// khabar, with expected title, publication time and body in expected.jsonl. Asserts the issue's
// figures: title and date exactly right on at least 95% of pages, body token F1 at least 0.90.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "extract/html_eval.h"
#include "khabar/html.h"

namespace khabar::extract {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(HtmlGoldenTest, TitleDateAndBodyFigures) {
  const char* root = std::getenv("KHABAR_SOURCE_DIR");
  const std::string dir = std::string(root != nullptr ? root : "../..") + "/tests/golden/html/";
  std::ifstream expected(dir + "expected.jsonl");
  ASSERT_TRUE(expected.good()) << "missing " << dir << "expected.jsonl";
  std::string line;
  size_t pages = 0, titles = 0, dates = 0;
  double f1_sum = 0;
  while (std::getline(expected, line)) {
    if (line.empty()) continue;
    const nlohmann::json e = nlohmann::json::parse(line);
    const std::string html = ReadFile(dir + e["file"].get<std::string>());
    ASSERT_FALSE(html.empty()) << e["file"];
    HtmlOptions options;
    options.source.path = e["file"].get<std::string>();
    options.source.url = e["url"].get<std::string>();
    Result<ArticleRecord> r = ExtractHtml(html, options);
    ++pages;
    ASSERT_TRUE(r.ok()) << e["file"] << ": " << r.status().ToString();
    std::string want_body;
    for (const auto& p : e["body"]) want_body += p.get<std::string>() + "\n";
    std::string got_body;
    for (const std::string& p : r->paragraphs) got_body += p + "\n";
    const double f1 = html_eval::TokenF1(got_body, want_body);
    f1_sum += f1;
    const bool title_ok = r->title == e["title"].get<std::string>();
    const bool date_ok = r->published == e["published"].get<std::string>();
    titles += title_ok;
    dates += date_ok;
    if (!title_ok) ADD_FAILURE() << e["file"] << " title: got [" << r->title << "]";
    if (!date_ok) {
      ADD_FAILURE() << e["file"] << " published: got [" << r->published << "] from ["
                    << r->published_text << "] want [" << e["published"].get<std::string>() << "]";
    }
    if (f1 < 0.9) ADD_FAILURE() << e["file"] << " body F1 " << f1 << "\n" << got_body;
  }
  ASSERT_GE(pages, 30u);
  const double title_rate = static_cast<double>(titles) / pages;
  const double date_rate = static_cast<double>(dates) / pages;
  const double f1 = f1_sum / pages;
  std::cout << "html golden: " << pages << " pages, title exact " << title_rate << ", date exact "
            << date_rate << ", body token F1 " << f1 << "\n";
  EXPECT_GE(title_rate, 0.95);
  EXPECT_GE(date_rate, 0.95);
  EXPECT_GE(f1, 0.90);
}

}  // namespace
}  // namespace khabar::extract

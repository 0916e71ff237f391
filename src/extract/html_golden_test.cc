// The HTML golden set (tests/golden/html/): pages in the layouts of Arab news outlets, written for
// khabar, with expected title, publication time and body in expected.jsonl; full/ holds the same
// articles in the same layouts as full-size pages (150-200 KB of real-site chrome: mega-menus,
// tickers, today's date, most-read and related lists with their own dates, read-also boxes and
// ads inside the body, comments, scripts, footers). Asserts the figures on both sets:
// title and date exactly right on at least 95% of pages, body token F1 at least 0.90.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "extract/html_dom.h"
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

std::string GoldenDir(const std::string& sub) {
  const char* root = std::getenv("KHABAR_SOURCE_DIR");
  return std::string(root != nullptr ? root : "../..") + "/tests/golden/html/" + sub;
}

class HtmlGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HtmlGoldenTest, TitleDateAndBodyFigures) {
  const std::string dir = GoldenDir(GetParam());
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
  ASSERT_GE(pages, 35u);
  const double title_rate = static_cast<double>(titles) / pages;
  const double date_rate = static_cast<double>(dates) / pages;
  const double f1 = f1_sum / pages;
  std::cout << "html golden " << dir << ": " << pages << " pages, title exact " << title_rate
            << ", date exact " << date_rate << ", body token F1 " << f1 << "\n";
  EXPECT_GE(title_rate, 0.95);
  EXPECT_GE(date_rate, 0.95);
  EXPECT_GE(f1, 0.90);
}

// The pre-pass (html::CutInvisibleContent: scripts, styles, comments, SVG, unread attributes,
// big nav/aside/footer content) exists for speed only: every page must analyse the same with and
// without it.
TEST_P(HtmlGoldenTest, PrePassChangesNothing) {
  const std::string dir = GoldenDir(GetParam());
  std::ifstream expected(dir + "expected.jsonl");
  ASSERT_TRUE(expected.good());
  std::string line;
  size_t pages = 0;
  while (std::getline(expected, line)) {
    if (line.empty()) continue;
    const std::string file = nlohmann::json::parse(line)["file"].get<std::string>();
    const std::string page = ReadFile(dir + file);
    html::DomOptions with, without;
    without.cut_invisible = false;
    Result<html::PageContent> a = html::AnalyzePage(page, with);
    Result<html::PageContent> b = html::AnalyzePage(page, without);
    ASSERT_TRUE(a.ok() && b.ok()) << file;
    EXPECT_EQ(a->title_jsonld, b->title_jsonld) << file;
    EXPECT_EQ(a->title_og, b->title_og) << file;
    EXPECT_EQ(a->title_h1, b->title_h1) << file;
    EXPECT_EQ(a->title_tag, b->title_tag) << file;
    EXPECT_EQ(a->subheadings, b->subheadings) << file;
    EXPECT_EQ(a->site_name, b->site_name) << file;
    ASSERT_EQ(a->published.size(), b->published.size()) << file;
    for (size_t i = 0; i < a->published.size(); ++i) {
      EXPECT_EQ(a->published[i].value, b->published[i].value) << file;
    }
    EXPECT_EQ(a->date_texts, b->date_texts) << file;
    EXPECT_EQ(a->far_date_texts, b->far_date_texts) << file;
    EXPECT_EQ(a->author_meta, b->author_meta) << file;
    EXPECT_EQ(a->byline_texts, b->byline_texts) << file;
    EXPECT_EQ(a->canonical_url, b->canonical_url) << file;
    EXPECT_EQ(a->caption, b->caption) << file;
    EXPECT_EQ(a->page_caption, b->page_caption) << file;
    EXPECT_EQ(a->jsonld_caption, b->jsonld_caption) << file;
    EXPECT_EQ(a->jsonld_body, b->jsonld_body) << file;
    EXPECT_EQ(a->paragraphs, b->paragraphs) << file;
    EXPECT_EQ(a->boilerplate, b->boilerplate) << file;
    ++pages;
  }
  EXPECT_GE(pages, 35u);
}

INSTANTIATE_TEST_SUITE_P(SmallAndFullSize, HtmlGoldenTest, ::testing::Values("", "full/"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param.empty() ? std::string("small") : std::string("full");
                         });

}  // namespace
}  // namespace khabar::extract

// khabar's HTML extractor vs readability-lxml on the HTML golden set (tests/golden/html/), side by
// side: body token F1 of both (same tokenizer, src/extract/html_eval.h), title/date exact rates of
// khabar, and seconds per page. Run by benchmarks/html_vs_readability.sh, which supplies the
// baseline's output.  Usage: html_bench GOLDEN_DIR READABILITY_JSON ROUNDS
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "extract/html_dom.h"
#include "extract/html_eval.h"
#include "khabar/html.h"

namespace {
std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: html_bench GOLDEN_DIR READABILITY_JSON ROUNDS\n";
    return 2;
  }
  const std::string dir = std::string(argv[1]) + "/";
  const nlohmann::json baseline = nlohmann::json::parse(ReadFile(argv[2]));
  const int rounds = std::max(1, std::atoi(argv[3]));
  struct Page {
    std::string file, url, title, published, body, html;
  };
  std::vector<Page> pages;
  std::ifstream expected(dir + "expected.jsonl");
  std::string line;
  while (std::getline(expected, line)) {
    if (line.empty()) continue;
    const nlohmann::json e = nlohmann::json::parse(line);
    Page p{e["file"], e["url"], e["title"], e["published"], "", ""};
    for (const auto& b : e["body"]) p.body += b.get<std::string>() + "\n";
    p.html = ReadFile(dir + p.file);
    pages.push_back(std::move(p));
  }
  double khabar_f1 = 0, baseline_f1 = 0;
  size_t titles = 0, dates = 0;
  for (const Page& p : pages) {
    khabar::extract::HtmlOptions options;
    options.source.url = p.url;
    auto r = khabar::extract::ExtractHtml(p.html, options);
    std::string body;
    if (r.ok()) {
      for (const std::string& para : r->paragraphs) body += para + "\n";
      titles += r->title == p.title;
      dates += r->published == p.published;
    }
    khabar_f1 += khabar::extract::html_eval::TokenF1(body, p.body);
    const auto it = baseline["texts"].find(p.file);
    baseline_f1 += khabar::extract::html_eval::TokenF1(
        it != baseline["texts"].end() ? it->get<std::string>() : "", p.body);
  }
  // The parse pre-pass must not change what is read (checked here on every page of the set).
  size_t prepass_same = 0, bytes_in = 0, bytes_parsed = 0;
  for (const Page& p : pages) {
    khabar::extract::html::DomOptions with, without;
    without.cut_invisible = false;
    auto a = khabar::extract::html::AnalyzePage(p.html, with);
    auto b = khabar::extract::html::AnalyzePage(p.html, without);
    prepass_same += a.ok() && b.ok() && a->paragraphs == b->paragraphs &&
                    a->boilerplate == b->boilerplate && a->title_h1 == b->title_h1 &&
                    a->title_jsonld == b->title_jsonld && a->date_texts == b->date_texts &&
                    a->far_date_texts == b->far_date_texts &&
                    a->published.size() == b->published.size() && a->caption == b->caption &&
                    a->byline_texts == b->byline_texts && a->author_meta == b->author_meta;
    std::string cut;
    khabar::extract::html::TextStash stash;
    bytes_in += p.html.size();
    bytes_parsed += khabar::extract::html::CutInvisibleContent(p.html, &cut, &stash)
                        ? cut.size()
                        : p.html.size();
  }
  double best = 1e30;
  for (int round = 0; round < rounds; ++round) {
    const auto start = std::chrono::steady_clock::now();
    for (const Page& p : pages) {
      khabar::extract::HtmlOptions options;
      options.source.url = p.url;
      auto r = khabar::extract::ExtractHtml(p.html, options);
      if (!r.ok()) std::cerr << p.file << ": " << r.status().ToString() << "\n";
    }
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  const double n = static_cast<double>(pages.size());
  const double khabar_spp = best / n, baseline_spp = baseline["seconds_per_page"].get<double>();
  std::printf("%zu pages (%s), %.0f KB on average, %.1f KB of it left to gumbo by the pre-pass\n",
              pages.size(), argv[1], bytes_in / n / 1024, bytes_parsed / n / 1024);
  std::printf("pre-pass changes nothing on %zu/%zu pages\n", prepass_same, pages.size());
  std::printf(
      "%-18s body token F1 %.3f   %9.1f us/page   (title exact %.0f%%, date exact %.0f%%)\n",
      "khabar", khabar_f1 / n, khabar_spp * 1e6, 100.0 * titles / n, 100.0 * dates / n);
  std::printf("%-18s body token F1 %.3f   %9.1f us/page\n", "readability-lxml", baseline_f1 / n,
              baseline_spp * 1e6);
  std::printf("speed ratio (readability time / khabar time): %.1fx\n", baseline_spp / khabar_spp);
  return 0;
}

// The dedupe figure on real news (docs/dedupe.md, section 12): the 500 SaudiNewsNet development
// articles of ../shared (not in the repository; the test skips without them), each with the
// outlet-style variants of src/dedupe/edits.h, mapped to records exactly as `khabar ingest` maps
// JSON Lines (pipeline::MapJsonRecord: paragraphs split at line breaks, furniture removed), signed
// on dedupe::ArticleText and paired through the corpus's path (src/store/corpus.cc): the first
// kStoredBands band keys as 32-bit values, at most 128 earlier members per band, the 64 candidates
// sharing the most bands, verified with IsDuplicate on compact signatures.
//
// Truth: two documents are duplicates when they come from the same original. Real originals can
// themselves be copies of one story (an SPA dispatch run by two papers) or share a template; the
// pairs of originals the system joins were read and judged (kJudged below, by line number in the
// development file: a label, no text): the strict figure counts every pair between two originals
// as false, the judged figure counts a pair right when its two originals are the same story.
//
// KHABAR_DEDUPE_EVAL_OUT=DIR also writes DIR/variants.jsonl (the documents, in insertion order, for
// `khabar ingest --map title=title,text=content,date=date_extracted`) and DIR/predicted.tsv (the
// pairs predicted here, by url, the earlier inserted first) to compare with the corpus end to end
// (docs/dedupe.md, section 12).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dedupe/edits.h"
#include "khabar/dedupe.h"
#include "khabar/pipeline.h"

namespace khabar::dedupe {
namespace {

namespace fs = std::filesystem;
using testing::Article;

constexpr int kVariantsPerArticle = 7;  // as dedupe_eval_test: v0 every edit, v1-v6 a random mix

// Pairs of originals (1-based line numbers of saudinewsnet-dev.jsonl) that the duplicate rule joins
// or that a variant of one joins to the other, read by a person. kSameStory: one dispatch in two
// outlets (a right answer); kTemplate: a different item on the same template; kWrong: different
// stories.
enum class Verdict { kSameStory, kTemplate, kWrong };
struct Judged {
  int line_a, line_b;
  Verdict verdict;
};
constexpr Judged kJudged[] = {
    // One customs seizure (an SPA dispatch) in two papers, nearly word for word.
    {375, 485, Verdict::kSameStory},
    // The daily weather forecast of the meteorology authority on two days; SPA's daily greeting
    // that opens its service on two days.
    {9, 140, Verdict::kTemplate},
    {178, 474, Verdict::kTemplate},
    // Two stories on one event (an announcement, then a directive about it) sharing a list of
    // names.
    {366, 381, Verdict::kWrong},
    // Items whose body is a photo caption of 1-8 words (a name, two names): their variants match
    // because the outlet's added intro or byline is most of their text.
    {45, 97, Verdict::kWrong},
    {45, 128, Verdict::kWrong},
    {45, 206, Verdict::kWrong},
    {45, 213, Verdict::kWrong},
    {45, 329, Verdict::kWrong},
    {45, 340, Verdict::kWrong},
    {97, 128, Verdict::kWrong},
    {97, 206, Verdict::kWrong},
    {97, 213, Verdict::kWrong},
    {97, 340, Verdict::kWrong},
    {128, 206, Verdict::kWrong},
    {128, 340, Verdict::kWrong},
    {206, 212, Verdict::kWrong},
    {206, 213, Verdict::kWrong},
    {206, 329, Verdict::kWrong},
    {206, 340, Verdict::kWrong},
    {212, 213, Verdict::kWrong},
    {212, 329, Verdict::kWrong},
    {212, 340, Verdict::kWrong},
    {213, 329, Verdict::kWrong},
    {213, 340, Verdict::kWrong},
    {285, 329, Verdict::kWrong},
    {285, 340, Verdict::kWrong},
    {329, 340, Verdict::kWrong},
};

std::string SharedPath() {
  const char* root = std::getenv("KHABAR_SOURCE_DIR");
  return (fs::path(root ? root : "..") / ".." / "shared" / "data" / "news-dev" /
          "saudinewsnet-dev.jsonl")
      .string();
}

struct Original {
  int line = 0;  // 1-based
  nlohmann::json json;
  Article article;
  size_t words = 0;  // of the original's compared text (ArticleText of its record)
  size_t doc = 0;    // index of the original's own document
};

struct Doc {
  size_t original;  // index into originals
  int variant;      // -1: the original itself
  std::string label, url, json_line;
  Signature compact;
  std::vector<uint32_t> keys;  // the stored band keys (32-bit)
};

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    std::string line = s.substr(start, nl - start);
    const size_t b = line.find_first_not_of(" \t\r");
    const size_t e = line.find_last_not_of(" \t\r");
    if (b != std::string::npos) out.push_back(line.substr(b, e - b + 1));
    start = nl + 1;
  }
  return out;
}

size_t WordCount(const std::string& s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    n += !space && !in;
    in = !space;
  }
  return n;
}

struct Confusion {
  size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn); }
};

constexpr size_t kBucketWords[] = {10, 50, 100, 200, 400, SIZE_MAX};
const char* const kBucketNames[] = {"< 10 words", "10-49", "50-99", "100-199", "200-399", ">= 400"};
size_t BucketOf(size_t words) {
  size_t b = 0;
  while (words >= kBucketWords[b]) ++b;
  return b;
}

class DedupeRealEvalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(SharedPath());
    if (!in) return;
    pipeline::PipelineOptions options;
    options.fields = *pipeline::ParseFieldMap("title=title,text=content,date=date_extracted");
    auto* originals = new std::vector<Original>();
    auto* docs = new std::vector<Doc>();
    int line_number = 0;
    size_t no_body = 0;
    const auto make_doc = [&](size_t original, int variant, const Article& a,
                              const std::string& label) {
      const nlohmann::json& j = (*originals)[original].json;
      nlohmann::json out = j;  // every field of the line (the author field can hold a dateline)
      const std::string url =
          j.value("url", "") + (variant < 0 ? "" : "#khabar-variant-" + std::to_string(variant));
      out["url"] = url;
      out["title"] = a.headline;
      std::string content;
      for (const std::string& p : a.paragraphs) content += (content.empty() ? "" : "\n") + p;
      out["content"] = content;
      Doc d{original, variant, label, url, out.dump(), {}, {}};
      Result<ArticleRecord> record = pipeline::MapJsonRecord(d.json_line, {}, options);
      const std::string text = record.ok() ? ArticleText(*record) : std::string();
      if (variant < 0) (*originals)[original].words = WordCount(text);
      const Signature sig = MinHasher::Default().Sign(text);
      d.compact = Compact(sig);
      std::vector<uint64_t> keys = BandKeys(sig);
      if (keys.size() > static_cast<size_t>(kStoredBands)) keys.resize(kStoredBands);
      for (uint64_t k : keys) d.keys.push_back(static_cast<uint32_t>(k));
      docs->push_back(std::move(d));
    };
    for (std::string line; std::getline(in, line);) {
      ++line_number;
      nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object()) continue;
      // The original is the line as it is; its variants edit the story as the pipeline gives it
      // (the record's paragraphs: the outlet's page furniture already removed), as another outlet
      // would edit it, and then go through the pipeline again.
      Result<ArticleRecord> record = pipeline::MapJsonRecord(line, {}, options);
      if (!record.ok() || record->paragraphs.empty() || record->title.empty()) {
        ++no_body;  // variants edit the body: an item without one (a headline alone) is left out
        continue;
      }
      Original o;
      o.line = line_number;
      o.article.name = std::to_string(line_number);
      o.article.headline = record->title;
      o.article.paragraphs = record->paragraphs;
      o.json = std::move(j);
      originals->push_back(std::move(o));
      const size_t i = originals->size() - 1;
      (*originals)[i].doc = docs->size();
      Article raw;
      raw.headline = (*originals)[i].json.value("title", "");
      raw.paragraphs = SplitLines((*originals)[i].json.value("content", ""));
      make_doc(i, -1, raw, (*originals)[i].article.name + "/original");
      const Article& source = (*originals)[i].article;
      for (int v = 0; v < kVariantsPerArticle; ++v) {
        std::vector<std::string> log;
        const uint64_t seed = 1000 * static_cast<uint64_t>(line_number) + v;
        const Article variant = v == 0 ? testing::AllEditsVariant(source, seed, &log)
                                       : testing::MakeVariant(source, seed, &log);
        std::string label = source.name + "/v" + std::to_string(v);
        for (const std::string& edit : log) label += " " + edit;
        make_doc(i, v, variant, label);
      }
    }
    originals_ = originals;
    docs_ = docs;
    skipped_no_body_ = no_body;
  }
  static void TearDownTestSuite() {
    delete originals_;
    delete docs_;
    originals_ = nullptr;
    docs_ = nullptr;
  }
  void SetUp() override {
    if (originals_ == nullptr) {
      GTEST_SKIP() << "../shared is absent (" << SharedPath() << "): real-news dedupe eval skipped";
    }
    ASSERT_GE(originals_->size(), 400u);
  }

  static std::vector<Original>* originals_;
  static std::vector<Doc>* docs_;
  static size_t skipped_no_body_;
};
std::vector<Original>* DedupeRealEvalTest::originals_ = nullptr;
std::vector<Doc>* DedupeRealEvalTest::docs_ = nullptr;
size_t DedupeRealEvalTest::skipped_no_body_ = 0;

// The corpus's candidate and verification rule (FindDuplicates in src/store/corpus.cc), with
// documents added in `order`. Returns the predicted pairs (smaller doc index first).
std::set<std::pair<size_t, size_t>> StorePath(const std::vector<Doc>& docs,
                                              const std::vector<size_t>& order) {
  constexpr size_t kMembers = 128, kMaxVerified = 64;
  std::unordered_map<uint32_t, std::vector<size_t>> bands;  // key -> positions in `order`
  std::set<std::pair<size_t, size_t>> predicted;
  for (size_t pos = 0; pos < order.size(); ++pos) {
    const Doc& d = docs[order[pos]];
    std::map<size_t, int> hits;  // earlier position -> shared band lookups
    for (uint32_t key : d.keys) {
      auto it = bands.find(key);
      if (it == bands.end()) continue;
      for (size_t m = 0; m < it->second.size() && m < kMembers; ++m) ++hits[it->second[m]];
    }
    std::vector<std::pair<int, size_t>> by_hits;
    for (const auto& [p, n] : hits) by_hits.emplace_back(-n, p);
    std::sort(by_hits.begin(), by_hits.end());
    if (by_hits.size() > kMaxVerified) by_hits.resize(kMaxVerified);
    for (const auto& [n, p] : by_hits) {
      if (IsDuplicate(Similarity(d.compact, docs[order[p]].compact))) {
        predicted.insert({std::min(order[pos], order[p]), std::max(order[pos], order[p])});
      }
    }
    std::set<uint32_t> distinct(d.keys.begin(), d.keys.end());
    for (uint32_t key : distinct) bands[key].push_back(pos);
  }
  return predicted;
}

std::vector<size_t> ShuffledOrder(size_t n) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  testing::Rng rng(7);
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.Below(i)]);
  return order;
}

TEST_F(DedupeRealEvalTest, PrecisionAndRecallOnRealNews) {
  const std::vector<Doc>& docs = *docs_;
  const std::vector<Original>& originals = *originals_;
  const size_t n = docs.size();
  const std::vector<size_t> order = ShuffledOrder(n);
  const std::set<std::pair<size_t, size_t>> lsh = StorePath(docs, order);

  std::map<std::pair<int, int>, Verdict> judged;
  for (const Judged& j : kJudged) {
    judged[{std::min(j.line_a, j.line_b), std::max(j.line_a, j.line_b)}] = j.verdict;
  }
  const auto verdict_of = [&](size_t a, size_t b) -> const Verdict* {
    const int la = originals[docs[a].original].line, lb = originals[docs[b].original].line;
    auto it = judged.find({std::min(la, lb), std::max(la, lb)});
    return it == judged.end() ? nullptr : &it->second;
  };

  // Strict: only the same original is right. Judged: a pair of originals judged the same story
  // is right too (and, when missed, a false negative: only pairs judged here can be).
  Confusion strict_all, strict_lsh, judged_all, judged_lsh;
  Confusion bucket[std::size(kBucketWords)];
  size_t bucket_originals[std::size(kBucketWords)] = {};
  for (const Original& o : originals) ++bucket_originals[BucketOf(o.words)];
  // Pairs between two originals' documents, by pair of originals: (all-pairs rule, LSH) counts.
  std::map<std::pair<size_t, size_t>, std::pair<size_t, size_t>> cross;
  std::vector<std::string> misses;
  size_t misses_all_edits = 0;
  struct Near {
    SimilarityEstimate sim;
    bool truth;
  };
  std::vector<Near> near;
  const auto count = [](Confusion& c, bool truth, bool predicted) {
    if (truth && predicted) ++c.tp;
    if (truth && !predicted) ++c.fn;
    if (!truth && predicted) ++c.fp;
  };
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = a + 1; b < n; ++b) {
      const size_t oa = docs[a].original, ob = docs[b].original;
      const bool same = oa == ob;
      const SimilarityEstimate sim = Similarity(docs[a].compact, docs[b].compact);
      const bool dup = IsDuplicate(sim);
      const bool found = lsh.count({a, b}) > 0;
      const Verdict* v = same ? nullptr : verdict_of(a, b);
      const bool same_story = same || (v != nullptr && *v == Verdict::kSameStory);
      // Every pair any rule of the grid could call a duplicate (J >= 0.1), or a true pair.
      if (same_story || sim.jaccard >= 0.1) near.push_back({sim, same_story});
      if (!same && !dup && !found && !same_story) continue;
      count(strict_all, same, dup);
      count(strict_lsh, same, found);
      count(judged_all, same_story, dup);
      count(judged_lsh, same_story, found);
      count(bucket[BucketOf(std::min(originals[oa].words, originals[ob].words))], same_story,
            found);
      if (!same && (dup || found)) {
        if (std::getenv("KHABAR_DEDUPE_EVAL_PAIRS") != nullptr) {
          const SimilarityEstimate s = Similarity(docs[a].compact, docs[b].compact);
          std::printf("  joined: %s | %s J=%.3f C=%.3f min shingles %u%s\n", docs[a].label.c_str(),
                      docs[b].label.c_str(), s.jaccard, s.containment, s.min_shingles,
                      found ? "" : " (not through LSH)");
        }
        auto& c = cross[{std::min(oa, ob), std::max(oa, ob)}];
        c.first += dup;
        c.second += found;
      }
      if (same && !found) {
        misses_all_edits += docs[a].variant == 0 || docs[b].variant == 0;
        const SimilarityEstimate s = Similarity(docs[a].compact, docs[b].compact);
        char buf[96];
        std::snprintf(buf, sizeof(buf), " J=%.3f C=%.3f min shingles %u", s.jaccard, s.containment,
                      s.min_shingles);
        misses.push_back(docs[a].label + " | " + docs[b].label + buf);
      }
    }
  }
  const size_t positives = strict_all.tp + strict_all.fn;
  std::printf(
      "real news: %zu originals (%zu items without a body left out), %zu documents, %zu pairs, "
      "%zu same-original pairs\n",
      originals.size(), skipped_no_body_, n, n * (n - 1) / 2, positives);
  const auto line = [](const char* name, const Confusion& c) {
    std::printf("%-22s TP=%zu FP=%zu FN=%zu precision=%.4f recall=%.4f\n", name, c.tp, c.fp, c.fn,
                c.precision(), c.recall());
  };
  line("strict, all pairs", strict_all);
  line("strict, store LSH", strict_lsh);
  line("judged, all pairs", judged_all);
  line("judged, store LSH", judged_lsh);
  std::printf("by the shorter original's length (judged, store LSH):\n");
  for (size_t b = 0; b < std::size(kBucketWords); ++b) {
    std::printf("  %-10s %3zu originals  TP=%zu FP=%zu FN=%zu precision=%.4f recall=%.4f\n",
                kBucketNames[b], bucket_originals[b], bucket[b].tp, bucket[b].fp, bucket[b].fn,
                bucket[b].precision(), bucket[b].recall());
  }
  // Articles of at least 50 words: where MinHash has enough shingles to estimate containment.
  Confusion long_articles;
  for (size_t b = 2; b < std::size(kBucketWords); ++b) {
    long_articles.tp += bucket[b].tp;
    long_articles.fp += bucket[b].fp;
    long_articles.fn += bucket[b].fn;
  }
  line(">= 50 words, LSH", long_articles);
  std::printf("misses through LSH: %zu (%zu involve the all-edits variant v0)\n", misses.size(),
              misses_all_edits);
  const bool verbose = std::getenv("KHABAR_DEDUPE_EVAL_VERBOSE") != nullptr;
  for (size_t i = 0; i < misses.size() && (verbose || i < 20); ++i) {
    std::printf("  missed: %s\n", misses[i].c_str());
  }
  size_t unjudged = 0;
  std::printf("pairs of originals joined (all-pairs / LSH document pairs):\n");
  for (const auto& [pair, c] : cross) {
    const Original& x = originals[pair.first];
    const Original& y = originals[pair.second];
    const SimilarityEstimate s = Similarity(docs[x.doc].compact, docs[y.doc].compact);
    auto it = judged.find({std::min(x.line, y.line), std::max(x.line, y.line)});
    const char* verdict = it == judged.end()                  ? "UNJUDGED"
                          : it->second == Verdict::kSameStory ? "same story"
                          : it->second == Verdict::kTemplate  ? "template"
                                                              : "wrong";
    unjudged += it == judged.end();
    std::printf("  lines %d ~ %d: %s, %zu / %zu pairs, originals J=%.2f C=%.2f, %zu / %zu words\n",
                x.line, y.line, verdict, c.first, c.second, s.jaccard, s.containment, x.words,
                y.words);
    if (verbose) {
      std::printf("      %s | %s | %s\n      %s | %s | %s\n", x.json.value("source", "").c_str(),
                  x.json.value("date_extracted", "").c_str(), x.article.headline.c_str(),
                  y.json.value("source", "").c_str(), y.json.value("date_extracted", "").c_str(),
                  y.article.headline.c_str());
    }
  }

  // Tuning aid (KHABAR_DEDUPE_GRID=1): the judged all-pairs figure under other duplicate rules.
  if (std::getenv("KHABAR_DEDUPE_GRID") != nullptr) {
    for (uint32_t min_shingles : {10u, 15u, 20u, 25u, 30u}) {
      for (double containment : {0.55, 0.6, 0.65, 0.7}) {
        DedupeOptions o = kDefaultOptions;
        o.min_shingles_for_containment = min_shingles;
        o.containment_threshold = containment;
        Confusion c;
        for (const Near& p : near) count(c, p.truth, IsDuplicate(p.sim, o));
        std::printf("grid: min shingles %2u, C >= %.2f: TP=%zu FP=%zu FN=%zu P=%.4f R=%.4f\n",
                    min_shingles, containment, c.tp, c.fp, c.fn, c.precision(), c.recall());
      }
    }
  }

  if (const char* dir = std::getenv("KHABAR_DEDUPE_EVAL_OUT")) {
    std::ofstream jsonl(fs::path(dir) / "variants.jsonl", std::ios::binary);
    for (size_t i : order) jsonl << docs[i].json_line << "\n";
    std::ofstream tsv(fs::path(dir) / "predicted.tsv", std::ios::binary);
    // As the corpus's rows: the earlier inserted article first.
    std::vector<size_t> position(n);
    for (size_t p = 0; p < n; ++p) position[order[p]] = p;
    for (auto [a, b] : lsh) {
      if (position[a] > position[b]) std::swap(a, b);
      tsv << docs[a].url << "\t" << docs[b].url << "\n";
    }
    std::printf("wrote %s/variants.jsonl and %s/predicted.tsv\n", dir, dir);
  }

  EXPECT_EQ(unjudged, 0u) << "pairs of originals to read and judge in kJudged";
  EXPECT_GE(judged_lsh.precision(), 0.95);
  EXPECT_GE(judged_lsh.recall(), 0.95);
  EXPECT_GE(judged_all.precision(), 0.95);
  EXPECT_GE(judged_all.recall(), 0.95);
  EXPECT_GE(long_articles.precision(), 0.99);
  EXPECT_GE(long_articles.recall(), 0.99);
}

}  // namespace
}  // namespace khabar::dedupe

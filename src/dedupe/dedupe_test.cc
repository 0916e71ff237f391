#include "khabar/dedupe.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <xxhash.h>

#include "dedupe/minhash.h"
#include "khabar/text.h"

namespace khabar::dedupe {
namespace {

constexpr char kText[] =
    "أعلنت وزارة الصحة اليوم إطلاق حملة التطعيم ضد الإنفلونزا الموسمية في جميع المناطق. "
    "وأوضح المتحدث الرسمي أن اللقاح متاح مجانا في المراكز الصحية والصيدليات المعتمدة.";

// Deterministic pseudo-random shingle hashes.
std::vector<uint64_t> RandomShingles(uint64_t seed, size_t n) {
  std::vector<uint64_t> out;
  uint64_t x = seed;
  for (size_t i = 0; i < n; ++i) {
    x += 0x9e3779b97f4a7c15ULL;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    out.push_back(z ^ (z >> 31));
  }
  return out;
}

TEST(MinHasherTest, SignatureIsDeterministic) {
  const MinHasher& hasher = MinHasher::Default();
  Signature a = hasher.Sign(kText);
  Signature b = MinHasher(kDefaultOptions).Sign(kText);
  EXPECT_EQ(a.mins, b.mins);
  EXPECT_EQ(a.scheme, b.scheme);
  EXPECT_EQ(a.shingle_count, b.shingle_count);
  EXPECT_EQ(SerializeSignature(a), SerializeSignature(b));
  EXPECT_EQ(a.mins.size(), static_cast<size_t>(kDefaultOptions.num_hashes()));
  EXPECT_GT(a.shingle_count, 10u);
  const SimilarityEstimate self = Similarity(a, b);
  EXPECT_DOUBLE_EQ(self.jaccard, 1.0);
  EXPECT_DOUBLE_EQ(self.containment, 1.0);
}

TEST(MinHasherTest, ThreadsGetTheSameSignatures) {
  const MinHasher& hasher = MinHasher::Default();
  const std::string texts[] = {kText, "الأهلي يفوز على الزمالك بهدفين مقابل هدف في قمة الدوري",
                               "توقعت الهيئة العامة للأرصاد الجوية سقوط أمطار على الإسكندرية"};
  std::vector<std::string> serial;
  for (const std::string& t : texts) serial.push_back(SerializeSignature(hasher.Sign(t)));
  std::vector<std::vector<std::string>> parallel(4);
  std::vector<std::thread> threads;
  for (auto& out : parallel) {
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        for (const std::string& t : texts) out.push_back(SerializeSignature(hasher.Sign(t)));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& out : parallel) {
    ASSERT_EQ(out.size(), 60u);
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], serial[i % 3]);
  }
}

TEST(MinHasherTest, SpellingVariantsAndPunctuationDoNotChangeShingles) {
  const MinHasher& hasher = MinHasher::Default();
  // Hamza, ى/ي, ة/ه, tatweel, diacritics and punctuation are the same text to dedupe.
  EXPECT_EQ(hasher.Shingles("أعلنت وزارة الصحة في القاهرة إطلاق الحملة"),
            hasher.Shingles("اعلنت وزاره الصحـــة فى القاهرة، «إطلاق» الحملة!"));
  EXPECT_NE(hasher.Shingles("أعلنت وزارة الصحة إطلاق الحملة"),
            hasher.Shingles("أعلنت وزارة المالية إطلاق الحملة"));
}

TEST(MinHasherTest, ShortAndEmptyTexts) {
  const MinHasher& hasher = MinHasher::Default();
  EXPECT_TRUE(hasher.Shingles("").empty());
  EXPECT_TRUE(hasher.Shingles("... ، ؟ !").empty());
  EXPECT_EQ(hasher.Shingles("القاهرة").size(), 1u);
  Signature empty = hasher.Sign("");
  EXPECT_EQ(empty.shingle_count, 0u);
  EXPECT_TRUE(BandKeys(empty).empty());
  const SimilarityEstimate s = Similarity(empty, empty);
  EXPECT_EQ(s.jaccard, 0);
  EXPECT_FALSE(IsDuplicate(s));
  // Ill-formed UTF-8 is text too, never a crash.
  EXPECT_NO_FATAL_FAILURE(hasher.Sign(std::string("\xff\xfe\xd9 وزارة \xc0", 14)));
}

TEST(MinHasherTest, WordOrderMatters) {
  const MinHasher& hasher = MinHasher::Default();
  EXPECT_NE(hasher.Shingles("وزير الخارجية يلتقي نظيره الأردني في عمان"),
            hasher.Shingles("نظيره الأردني يلتقي وزير الخارجية في عمان"));
}

TEST(SimilarityTest, EstimatesTrackExactJaccard) {
  const MinHasher& hasher = MinHasher::Default();
  double total_error = 0;
  int trials = 0;
  for (int shared = 0; shared <= 300; shared += 30) {
    for (uint64_t trial = 0; trial < 8; ++trial) {
      // A = S ∪ X, B = S ∪ Y with |X| = |Y| = 300 - shared: J = shared / (600 - shared).
      std::vector<uint64_t> s = RandomShingles(trial * 1000 + shared, shared);
      std::vector<uint64_t> a = s, b = s;
      std::vector<uint64_t> x = RandomShingles(trial * 1000 + shared + 1'000'000, 300 - shared);
      std::vector<uint64_t> y = RandomShingles(trial * 1000 + shared + 2'000'000, 300 - shared);
      a.insert(a.end(), x.begin(), x.end());
      b.insert(b.end(), y.begin(), y.end());
      const double exact = static_cast<double>(shared) / (600 - shared);
      const SimilarityEstimate e = Similarity(hasher.SignShingles(a), hasher.SignShingles(b));
      // 4 standard deviations of a K-sample binomial proportion.
      const double sigma = std::sqrt(exact * (1 - exact) / kDefaultOptions.num_hashes());
      EXPECT_NEAR(e.jaccard, exact, 4 * sigma + 1e-9) << "shared=" << shared;
      total_error += e.jaccard - exact;
      ++trials;
    }
  }
  EXPECT_LT(std::fabs(total_error / trials), 0.01) << "biased estimator";
}

TEST(SimilarityTest, CompactSignaturesEstimateLikeFullOnes) {
  const MinHasher& hasher = MinHasher::Default();
  std::vector<uint64_t> full = RandomShingles(7, 400);
  for (size_t kept : {400, 300, 200, 100}) {
    std::vector<uint64_t> cut(full.begin(), full.begin() + kept);
    const Signature a = hasher.SignShingles(full), b = hasher.SignShingles(cut);
    const SimilarityEstimate exact = Similarity(a, b);
    auto ca = DeserializeCompactSignature(SerializeCompactSignature(a));
    auto cb = DeserializeCompactSignature(SerializeCompactSignature(b));
    ASSERT_TRUE(ca.ok() && cb.ok());
    EXPECT_EQ(SerializeCompactSignature(a).size(), 16u + kDefaultOptions.num_hashes());
    const SimilarityEstimate compact = Similarity(*ca, *cb);
    // Chance agreements of 8-bit values add (1 - J) / 256 on average; allow a few of them.
    EXPECT_GE(compact.jaccard, exact.jaccard);
    EXPECT_NEAR(compact.jaccard, exact.jaccard, 4.0 / kDefaultOptions.num_hashes());
    EXPECT_EQ(IsDuplicate(compact), IsDuplicate(exact)) << "kept " << kept;
  }
  const SimilarityEstimate unrelated = Similarity(
      Compact(hasher.SignShingles(full)), Compact(hasher.SignShingles(RandomShingles(8, 400))));
  EXPECT_FALSE(IsDuplicate(unrelated));
  EXPECT_EQ(DeserializeCompactSignature("KDS8 broken").status().code(), Status::Code::kCorrupt);
}

TEST(SimilarityTest, ContainmentOfATruncatedCopy) {
  const MinHasher& hasher = MinHasher::Default();
  std::vector<uint64_t> full = RandomShingles(42, 400);
  for (size_t kept : {400, 300, 200, 160}) {
    std::vector<uint64_t> cut(full.begin(), full.begin() + kept);
    const SimilarityEstimate e = Similarity(hasher.SignShingles(full), hasher.SignShingles(cut));
    EXPECT_EQ(e.min_shingles, kept);
    EXPECT_NEAR(e.jaccard, kept / 400.0, 0.15);
    EXPECT_GT(e.containment, 0.8) << "kept " << kept;
    EXPECT_TRUE(IsDuplicate(e)) << "kept " << kept;
  }
  // Unrelated sets.
  const SimilarityEstimate none =
      Similarity(hasher.SignShingles(full), hasher.SignShingles(RandomShingles(43, 400)));
  EXPECT_LT(none.containment, 0.1);
  EXPECT_FALSE(IsDuplicate(none));
}

TEST(SimilarityTest, DifferentSchemesAreNotComparable) {
  DedupeOptions other = kDefaultOptions;
  other.seed = 12345;
  Signature a = MinHasher::Default().Sign(kText);
  Signature b = MinHasher(other).Sign(kText);
  EXPECT_NE(a.scheme, b.scheme);
  EXPECT_EQ(Similarity(a, b).jaccard, 0);
  other = kDefaultOptions;
  other.shingle_words = 4;
  EXPECT_NE(MinHasher(other).Sign(kText).scheme, a.scheme);
}

TEST(SimilarityTest, ContainmentNeedsEnoughShinglesAndAJaccardFloor) {
  const DedupeOptions& o = kDefaultOptions;
  SimilarityEstimate s{/*jaccard=*/0.2, /*containment=*/0.95, /*min_shingles=*/5};
  EXPECT_FALSE(IsDuplicate(s));  // a short text: containment is too easy
  s.min_shingles = o.min_shingles_for_containment;
  EXPECT_TRUE(IsDuplicate(s));
  s.jaccard = o.min_jaccard_for_containment / 2;  // sizes too different to trust the estimate
  EXPECT_FALSE(IsDuplicate(s));
  s = {o.jaccard_threshold, o.jaccard_threshold, 3};  // Jaccard alone decides for short texts
  EXPECT_TRUE(IsDuplicate(s));
  s = {0.3, o.containment_threshold - 0.01, 500};
  EXPECT_FALSE(IsDuplicate(s));
}

TEST(BandKeysTest, OneKeyPerBandAndLocalChanges) {
  Signature a = MinHasher::Default().Sign(kText);
  std::vector<uint64_t> keys = BandKeys(a);
  ASSERT_EQ(keys.size(), static_cast<size_t>(kDefaultOptions.bands));
  EXPECT_EQ(std::set<uint64_t>(keys.begin(), keys.end()).size(), keys.size());
  EXPECT_EQ(BandKeys(a), keys);
  // Changing one value changes exactly the key of its band.
  Signature b = a;
  const int row = kDefaultOptions.rows * 5 + 1;
  b.mins[row] ^= 1;
  std::vector<uint64_t> changed = BandKeys(b);
  for (int band = 0; band < kDefaultOptions.bands; ++band) {
    EXPECT_EQ(changed[band] == keys[band], band != 5) << band;
  }
  // Band keys of one band never collide with another band's keys for the same values.
  Signature same_values = a;
  std::fill(same_values.mins.begin(), same_values.mins.end(), 7u);
  std::vector<uint64_t> flat = BandKeys(same_values);
  EXPECT_EQ(std::set<uint64_t>(flat.begin(), flat.end()).size(), flat.size());
  // A signature of the wrong length has no keys.
  b.mins.pop_back();
  EXPECT_TRUE(BandKeys(b).empty());
}

TEST(BandKeysTest, CandidateProbabilityIsAnSCurve) {
  EXPECT_DOUBLE_EQ(CandidateProbability(0), 0);
  EXPECT_DOUBLE_EQ(CandidateProbability(1), 1);
  double previous = 0;
  for (double j = 0.05; j <= 1.0; j += 0.05) {
    const double p = CandidateProbability(j);
    EXPECT_GE(p, previous);
    previous = p;
  }
  // Pairs at the containment threshold of a half-cut copy are found; unrelated ones are not.
  EXPECT_GT(CandidateProbability(0.35), 0.9);
  EXPECT_LT(CandidateProbability(0.05), 0.2);
  EXPECT_LT(CandidateProbability(0.01), 0.01);
  DedupeOptions two_hits = kDefaultOptions;
  two_hits.min_band_hits = 2;
  EXPECT_LT(CandidateProbability(0.3, two_hits), CandidateProbability(0.3));
}

TEST(SerializationTest, RoundTripAndCorruption) {
  Signature a = MinHasher::Default().Sign(kText);
  std::string bytes = SerializeSignature(a);
  EXPECT_EQ(bytes.size(), 16 + 4 * a.mins.size());
  Result<Signature> back = DeserializeSignature(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->mins, a.mins);
  EXPECT_EQ(back->scheme, a.scheme);
  EXPECT_EQ(back->shingle_count, a.shingle_count);
  EXPECT_EQ(DeserializeSignature("").status().code(), Status::Code::kCorrupt);
  EXPECT_EQ(DeserializeSignature(bytes.substr(0, bytes.size() - 1)).status().code(),
            Status::Code::kCorrupt);
  std::string bad = bytes;
  bad[0] = 'X';
  EXPECT_EQ(DeserializeSignature(bad).status().code(), Status::Code::kCorrupt);
  bad = bytes;
  bad[12] = '\x7f';  // claims more values than present
  EXPECT_EQ(DeserializeSignature(bad).status().code(), Status::Code::kCorrupt);
}

TEST(MinHasherTest, OutOfRangeOptionsFallBackToDefaults) {
  DedupeOptions bad;
  bad.shingle_words = 0;
  EXPECT_EQ(MinHasher(bad).options().shingle_words, kDefaultOptions.shingle_words);
  bad = kDefaultOptions;
  bad.bands = 100000;
  EXPECT_EQ(MinHasher(bad).Sign(kText).mins.size(),
            static_cast<size_t>(kDefaultOptions.num_hashes()));
  EXPECT_TRUE(BandKeys(MinHasher::Default().Sign(kText), bad).empty());
  EXPECT_EQ(CandidateProbability(0.5, bad), 0);
}

TEST(LshIndexTest, FindsDuplicatesAndReplaces) {
  const MinHasher& hasher = MinHasher::Default();
  std::vector<uint64_t> base = RandomShingles(1, 300);
  std::vector<uint64_t> edited = base;
  edited.resize(250);  // cut
  std::vector<uint64_t> extra = RandomShingles(2, 20);
  edited.insert(edited.end(), extra.begin(), extra.end());

  LshIndex index;
  EXPECT_TRUE(index.Add(10, hasher.SignShingles(base)).empty());
  EXPECT_TRUE(index.Add(11, hasher.SignShingles(RandomShingles(3, 300))).empty());
  std::vector<Match> found = index.Add(12, hasher.SignShingles(edited));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].doc_id, 10u);
  EXPECT_GT(found[0].similarity.containment, 0.8);
  EXPECT_EQ(index.size(), 3u);
  ASSERT_NE(index.Find(10), nullptr);
  EXPECT_EQ(index.Find(99), nullptr);
  EXPECT_EQ(index.Candidates(hasher.SignShingles(base)), (std::vector<uint64_t>{10, 12}));
  ASSERT_EQ(index.DuplicatesOf(10).size(), 1u);
  EXPECT_EQ(index.DuplicatesOf(10)[0].doc_id, 12u);

  // Replacing doc 10 by unrelated content removes its old band keys.
  index.Add(10, hasher.SignShingles(RandomShingles(4, 300)));
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.Candidates(hasher.SignShingles(base)), (std::vector<uint64_t>{12}));
  EXPECT_TRUE(index.DuplicatesOf(10).empty());
  EXPECT_TRUE(index.DuplicatesOf(12).empty());  // its original was replaced
  EXPECT_TRUE(index.DuplicatesOf(404).empty());
  // Query does not insert.
  EXPECT_EQ(index.Query(hasher.SignShingles(base)).size(), 1u);
  EXPECT_EQ(index.size(), 3u);
}

TEST(StoryClustererTest, EarliestArticleRepresentsTheStory) {
  StoryClusterer c;
  c.AddArticle(1, "2026-01-02T10:00:00Z", "youm7");
  c.AddArticle(2, "2026-01-01T09:00:00Z", "mena");
  c.AddArticle(3, "", "masrawy");  // unknown time sorts last
  c.AddArticle(4, "2026-01-03T08:00:00Z", "youm7");
  c.AddArticle(5, "2026-01-01T00:00:00Z", "alone");
  c.AddDuplicate(1, 3);
  c.AddDuplicate(4, 1);
  c.AddDuplicate(3, 2);
  EXPECT_EQ(c.StoryOf(3), 2u);
  EXPECT_EQ(c.StoryOf(5), 5u);
  EXPECT_EQ(c.StoryOf(77), 77u);
  std::vector<Story> stories = c.Stories();
  ASSERT_EQ(stories.size(), 1u);
  EXPECT_EQ(stories[0].representative, 2u);
  EXPECT_EQ(stories[0].articles, (std::vector<uint64_t>{2, 1, 4, 3}));
  EXPECT_EQ(stories[0].outlets, (std::vector<std::string>{"mena", "youm7", "masrawy"}));
  EXPECT_EQ(stories[0].first_published, "2026-01-01T09:00:00Z");
  EXPECT_EQ(stories[0].last_published, "2026-01-03T08:00:00Z");
  EXPECT_EQ(c.Stories(1).size(), 2u);
  EXPECT_EQ(c.article_count(), 5u);
}

TEST(StoryClustererTest, OrderIndependent) {
  const std::vector<std::pair<uint64_t, uint64_t>> pairs = {{1, 2}, {3, 4}, {2, 5}, {6, 7}, {4, 6}};
  auto build = [&](bool reversed) {
    StoryClusterer c;
    std::vector<uint64_t> ids = {1, 2, 3, 4, 5, 6, 7, 8};
    if (reversed) std::reverse(ids.begin(), ids.end());
    for (uint64_t id : ids) c.AddArticle(id, "2026-01-0" + std::to_string(9 - id), "o");
    std::vector<std::pair<uint64_t, uint64_t>> p = pairs;
    if (reversed) std::reverse(p.begin(), p.end());
    for (auto [a, b] : p) c.AddDuplicate(a, b);
    std::vector<std::vector<uint64_t>> out;
    for (const Story& s : c.Stories()) out.push_back(s.articles);
    return out;
  };
  EXPECT_EQ(build(false), build(true));
  EXPECT_EQ(build(false), (std::vector<std::vector<uint64_t>>{{7, 6, 4, 3}, {5, 2, 1}}));
}

}  // namespace
}  // namespace khabar::dedupe

namespace khabar::dedupe {
namespace {

TEST(ShingleBuilderTest, ShinglesHashTheWindowsOfTermHashesOldestFirst) {
  // Number tokens: the term is the token itself. Each shingle is XXH3 of the n consecutive term
  // hashes, oldest first (the ring buffer must give them in that order at every position).
  std::string text;
  std::vector<std::string> terms;
  for (int i = 0; i < 45; ++i) {
    terms.push_back(std::to_string(1000 + i * 7));
    text += terms.back() + " ";
  }
  for (const int n : {1, 2, 3, 4, 7, 16}) {
    const MinHasher hasher({.shingle_words = n});
    ASSERT_EQ(hasher.options().shingle_words, n);
    std::vector<uint64_t> want;
    for (size_t i = 0; i + n <= terms.size(); ++i) {
      std::vector<uint64_t> window;
      for (size_t j = i; j < i + n; ++j)
        window.push_back(XXH3_64bits(terms[j].data(), terms[j].size()));
      want.push_back(XXH3_64bits(window.data(), window.size() * sizeof(uint64_t)));
    }
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    EXPECT_EQ(hasher.Shingles(text), want) << n;
  }
}

TEST(ShingleBuilderTest, FedByTheAnalysisItGivesTheShinglesOfTheText) {
  const MinHasher unigrams_without_stopwords({.shingle_words = 1, .skip_stopwords = true});
  for (const MinHasher* hasher : {&MinHasher::Default(), &unigrams_without_stopwords}) {
    for (std::string text : {std::string(kText), std::string(""), std::string("القاهرة"),
                             std::string("وزارة الصحة"), std::string("... ، ؟ !"),
                             std::string("اعلنت وزاره الصحـــة فى القاهرة، «إطلاق» 2024 COVID"),
                             std::string("\xff\xfe\xd9 وزارة \xc0", 14)}) {
      ShingleBuilder builder(*hasher);
      text::Analyzer::Default().Analyze(text,
                                        [&](const text::TokenAnalysis& t) { builder.Add(t); });
      EXPECT_EQ(builder.Finish(), hasher->Shingles(text)) << text;
    }
  }
}

TEST(ArticleTextTest, BodyWithoutHeadlineOrTitleWhenBodyless) {
  ArticleRecord record;
  record.title = "عنوان الخبر";
  record.paragraphs = {"الفقرة الأولى.", "الفقرة الثانية."};
  EXPECT_EQ(ArticleText(record), "الفقرة الأولى.\nالفقرة الثانية.");
  record.paragraphs.clear();
  EXPECT_EQ(ArticleText(record), "عنوان الخبر");
}

}  // namespace
// The vectorized MinHash loop (chosen when the CPU has AVX2) gives the plain loop's bits: random
// multipliers, addends and hashes, including the extremes, for permutation counts that do and do
// not fill its 8-wide blocks.
TEST(MinHasherTest, ChosenMinHashesAreThePortableOnes) {
  std::mt19937_64 rng(20261130);
  for (const int k : {1, 7, 8, 9, 16, 61, 128, 131}) {
    for (const size_t n : {size_t{0}, size_t{1}, size_t{5}, size_t{300}}) {
      std::vector<uint64_t> a(k), b(k), hashes(n);
      for (int i = 0; i < k; ++i) {
        a[i] = rng() | 1;
        b[i] = rng();
      }
      for (uint64_t& h : hashes) h = rng();
      if (n > 1) {
        hashes[0] = ~uint64_t{0};
        hashes[1] = 0;
      }
      if (k > 2) {
        a[0] = ~uint64_t{0};
        b[0] = ~uint64_t{0};
        b[1] = 0;
      }
      std::vector<uint32_t> portable(k), chosen(k);
      for (int i = 0; i < k; ++i) portable[i] = chosen[i] = static_cast<uint32_t>(rng());
      internal::MinHashesPortable(a.data(), b.data(), k, hashes, portable.data());
      internal::MinHashesChosen(a.data(), b.data(), k, hashes, chosen.data());
      ASSERT_EQ(portable, chosen) << "k " << k << " n " << n;
    }
  }
}

}  // namespace khabar::dedupe

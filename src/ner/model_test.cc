// Features, Viterbi, the model format and training on a tiny hand-made corpus.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <unordered_map>

#include "embedded/NerModel.h"
#include "khabar/ner.h"
#include "ner/features.h"
#include "ner/forms.h"
#include "ner/model.h"

namespace khabar::ner {
namespace {

using internal::TokenAtoms;

TEST(FeaturesTest, TemplatesHaveUniqueNames) {
  auto t = internal::Templates();
  ASSERT_GT(t.size(), 20u);
  for (size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(internal::TemplateIndex(t[i].name), static_cast<int>(i)) << t[i].name;
  }
  EXPECT_EQ(internal::TemplateIndex("no-such-template"), -1);
}

TEST(FeaturesTest, DescriptionsRoundTripToKeys) {
  std::vector<std::string_view> tokens = {"قال", "وزير", "الخارجية", "أنتوني", "بلينكن", "."};
  std::vector<TokenAtoms> atoms;
  internal::ComputeAtoms(tokens, &atoms);
  std::span<const TokenAtoms> sa(atoms.data(), tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::vector<uint64_t> keys, plain_keys;
    std::vector<internal::FeatureDescription> desc;
    internal::TokenFeatures(sa, i, &keys, &desc);
    internal::TokenFeatures(sa, i, &plain_keys);
    EXPECT_EQ(keys, plain_keys);
    ASSERT_EQ(keys.size(), desc.size());
    ASSERT_GE(keys.size(), internal::Templates().size());
    for (size_t k = 0; k < keys.size(); ++k) {
      const char* name = internal::Templates()[desc[k].template_index].name;
      uint64_t key = 0;
      ASSERT_TRUE(internal::KeyFromDescription(name, desc[k].value, &key))
          << name << " " << desc[k].value;
      EXPECT_EQ(key, keys[k]) << name << " " << desc[k].value;
    }
  }
}

TEST(FeaturesTest, AtomsOfAWord) {
  std::vector<std::string_view> tokens = {"الرئيس", "Biden", "2022", ","};
  std::vector<TokenAtoms> atoms;
  internal::ComputeAtoms(tokens, &atoms);
  EXPECT_EQ(atoms[0].text[internal::kTrigger], "TITLE");
  EXPECT_EQ(atoms[0].text[internal::kShape], "A7");
  EXPECT_EQ(atoms[1].text[internal::kShape], "U");
  EXPECT_EQ(atoms[2].text[internal::kShape], "D");
  EXPECT_EQ(atoms[3].text[internal::kShape], "P,");
  EXPECT_EQ(atoms[0].text[internal::kPrefix2], "ال");
  EXPECT_EQ(atoms[0].text[internal::kSuffix1], "س");
  // Spaces inside a token never reach an atom (the model file separates values with spaces).
  std::vector<std::string_view> spaced = {"a b"};
  internal::ComputeAtoms(spaced, &atoms);
  EXPECT_EQ(atoms[0].text[internal::kRaw].find(' '), std::string::npos);
}

// The clitic atom: the analyzer's proclitics as the match key spells them, "+" for an enclitic
// pronoun, "-" for neither (revision 10).
TEST(FeaturesTest, CliticAtoms) {
  std::vector<std::string_view> tokens = {"وبالمدينة", "كتابه", "مدينة", "للرئيس", "،"};
  std::vector<TokenAtoms> atoms;
  internal::ComputeAtoms(tokens, &atoms);
  EXPECT_EQ(atoms[0].text[internal::kClitic], "وبال");
  EXPECT_EQ(atoms[1].text[internal::kClitic], "+");
  EXPECT_EQ(atoms[2].text[internal::kClitic], "-");
  EXPECT_EQ(atoms[3].text[internal::kClitic], "لل");
  EXPECT_EQ(atoms[4].text[internal::kClitic], "-");
}

// The position atom: what comes before the token, then what encloses it (revision 10).
TEST(FeaturesTest, PositionAtoms) {
  std::vector<std::string_view> tokens = {"قال",  ":",     "\"", "مدينة", "الشام", "\"",
                                          "(",    "سوريا", ")",  ".",     "ثم",    "«",
                                          "كتاب", "»",     "و",  "\"",    "لبنان"};
  const std::vector<std::string_view> expected = {"F-", "--", "C", "Qq", "-q", "-",  "-", "Qb", "-",
                                                  "--", "F-", "-", "Qq", "-",  "--", "-", "Qq"};
  std::vector<TokenAtoms> atoms;
  internal::ComputeAtoms(tokens, &atoms);
  internal::PositionState state;
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(atoms[i].text[internal::kPosition], expected[i]) << i;
    EXPECT_EQ(internal::PositionAtom(tokens, i, &state), expected[i]) << i;
  }
  // A word's position is the sentence's, not the word's: the same word elsewhere differs, on the
  // cached (hash-only) path too.
  std::vector<std::string_view> first = {"سوريا", "و"}, later = {"و", "سوريا"};
  std::vector<TokenAtoms> a, b;
  internal::ComputeAtoms(first, &a, /*with_text=*/false);
  internal::ComputeAtoms(later, &b, /*with_text=*/false);
  EXPECT_EQ(a[0].hash[internal::kPosition], internal::HashAtom("F-"));
  EXPECT_EQ(b[1].hash[internal::kPosition], internal::HashAtom("--"));
}

// data/ner/names.tsv feeds the same trigger atom: given names (Arabic and foreign) and surnames,
// found through clitics and spelling variants; a word also in triggers.tsv keeps its trigger class.
TEST(FeaturesTest, NamesLexiconClasses) {
  std::vector<std::string_view> tokens = {"عزام",     "وجيرالد", "ويليامز", "إيفانز",
                                          "القحطاني", "أمين",    "مفاوضات", "ستيفن"};
  std::vector<TokenAtoms> atoms;
  internal::ComputeAtoms(tokens, &atoms);
  EXPECT_EQ(atoms[0].text[internal::kTrigger], "NAME");
  EXPECT_EQ(atoms[1].text[internal::kTrigger], "FNAME");  // و + جيرالد
  EXPECT_EQ(atoms[2].text[internal::kTrigger], "FAMILY");
  EXPECT_EQ(atoms[3].text[internal::kTrigger], "FAMILY");  // listed as ايفانز and إيفانز
  EXPECT_EQ(atoms[4].text[internal::kTrigger], "FAMILY");
  EXPECT_EQ(atoms[5].text[internal::kTrigger], "TITLE");  // triggers.tsv first
  EXPECT_EQ(atoms[6].text[internal::kTrigger], "-");
  EXPECT_EQ(atoms[7].text[internal::kTrigger], "NAME");  // triggers.tsv's given names stay
}

// Session 15's words, one per class, and words left out because a common word of news has the
// same match key: الآن "now" (the key of آلان, Alan), أنا "I" (آنا, Anna), يشار "is referred"
// (Yaşar), ستون "sixty" (Stone).
TEST(FeaturesTest, NamesLexiconSession15) {
  std::vector<std::string_view> tokens = {"أدهم", "بولنت", "كوفاليوف", "البقمي",
                                          "الآن", "أنا",   "يشار",     "ستون"};
  std::vector<TokenAtoms> atoms;
  internal::ComputeAtoms(tokens, &atoms);
  EXPECT_EQ(atoms[0].text[internal::kTrigger], "NAME");
  EXPECT_EQ(atoms[1].text[internal::kTrigger], "FNAME");
  EXPECT_EQ(atoms[2].text[internal::kTrigger], "FAMILY");
  EXPECT_EQ(atoms[3].text[internal::kTrigger], "FAMILY");
  for (size_t i = 4; i < tokens.size(); ++i) {
    EXPECT_EQ(atoms[i].text[internal::kTrigger], "-") << tokens[i];
  }
}

TEST(FeaturesTest, CachedHashesEqualTextHashes) {
  // The tagger's fast path (hashes only, per-thread cache) must give the keys training saw.
  // Two long tokens that share their first 52 bytes (a cache entry keeps up to 44 bytes inside)
  // and one slot of the per-thread token cache (features.cc: 1 << 16 slots).
  std::string long_a, long_b;
  {
    static constexpr std::string_view kLetters[] = {"ب", "ت", "س", "ك", "ل", "م", "ن", "ه"};
    std::unordered_map<uint64_t, std::string> seen;
    for (int x = 8; long_a.empty(); ++x) {
      std::string w = "كوالالمبوريتشستانيفيلدزبرغ";
      for (int y = x; y > 0; y /= 8) w += kLetters[y % 8];
      auto [it, inserted] = seen.emplace(internal::HashAtom(w) & ((1 << 16) - 1), w);
      if (!inserted) {
        long_a = it->second;
        long_b = w;
      }
    }
  }
  std::vector<std::string_view> tokens = {"والسويد", "و",        "الولايات", "المتحدة",
                                          "،",       "وبواشنطن", "الرئيس",   "جو",
                                          "بايدن",   "Biden",    long_a,     long_b};
  for (int round = 0; round < 2; ++round) {  // the second round hits the cache
    std::vector<TokenAtoms> slow, fast;
    internal::ComputeAtoms(tokens, &slow, /*with_text=*/true);
    internal::ComputeAtoms(tokens, &fast, /*with_text=*/false);
    for (size_t i = 0; i < tokens.size(); ++i) {
      for (int a = 0; a < internal::kNumAtoms; ++a) {
        EXPECT_EQ(slow[i].hash[a], internal::HashAtom(slow[i].text[a])) << i << " " << a;
        EXPECT_EQ(slow[i].hash[a], fast[i].hash[a]) << i << " " << a;
      }
    }
    // A country with proclitics and a multi-word country are gazetteer hits.
    EXPECT_EQ(slow[0].text[internal::kGazetteer], "B-LOC");
    EXPECT_EQ(slow[2].text[internal::kGazetteer], "B-LOC");
    EXPECT_EQ(slow[3].text[internal::kGazetteer], "I-LOC");
    EXPECT_EQ(slow[5].text[internal::kGazetteer], "B-LOC");
    EXPECT_EQ(slow[7].text[internal::kGazetteer], "B-PERS");
    EXPECT_EQ(slow[1].text[internal::kGazetteer], "-");
    EXPECT_NE(slow[8].text[internal::kGazWord], "-");
  }
}

// The gazetteer's answers for single words kept with each token (TokenAtoms::gaz_first) give the
// codes the table gives: multi-word aliases, proclitics (base and "ال" + base), non-words, cold
// and warm tokens.
TEST(FeaturesTest, CachedGazetteerAnswersEqualTheTable) {
  const std::vector<std::vector<std::string_view>> sentences = {
      {"والسويد", "و", "الولايات", "المتحدة", "،", "وبواشنطن", "الرئيس", "جو", "بايدن"},
      {"بالسعودية", "وزير", "الخارجية", "الأمريكي", "أنتوني", "بلينكن", "في", "طوكيو", "2022"},
      {"للولايات", "المتحدة", "وللأمم", "المتحدة", "مجلس", "الأمن", "الدولي", "zqxj", "."},
  };
  for (int round = 0; round < 2; ++round) {
    for (const auto& tokens : sentences) {
      std::vector<TokenAtoms> cached;
      internal::ComputeAtoms(tokens, &cached, /*with_text=*/false);
      std::vector<TokenAtoms> plain(cached.begin(), cached.begin() + tokens.size());
      for (TokenAtoms& a : plain) {
        a.gaz_first.fill(internal::kGazUnknown);
        a.hash[internal::kGazetteer] = 0;
      }
      internal::GazetteerCodes(plain, /*with_text=*/true);
      size_t hits = 0;
      for (size_t i = 0; i < tokens.size(); ++i) {
        EXPECT_EQ(cached[i].hash[internal::kGazetteer], plain[i].hash[internal::kGazetteer])
            << tokens[i] << " (" << plain[i].text[internal::kGazetteer] << ")";
        hits += plain[i].text[internal::kGazetteer] != "-";
      }
      EXPECT_GE(hits, 4u);
    }
  }
  // Word classes by the key, by the base, and by "ال" + base.
  EXPECT_NE(internal::GazetteerWordClass("بايدن", "بايدن").find('P'), std::string_view::npos);
  EXPECT_EQ(internal::GazetteerWordClass("وبايدن", "بايدن"),
            internal::GazetteerWordClass("بايدن", "بايدن"));
  EXPECT_NE(internal::GazetteerWordClass("بالسعوديه", "سعوديه").find('L'), std::string_view::npos);
  EXPECT_EQ(internal::GazetteerWordClass("zqxj", "zqxj"), "-");
  EXPECT_EQ(internal::GazetteerWordClass("من", "من"), "-");  // stopwords are never classed
}

// The document pass takes each token's comparison hash from the tagger's atoms (cached per token)
// instead of FormsOf: both must agree, cold and warm, for a short base (compared by key), a token
// with a space (its atoms see "_", the document pass the token as given) and non-words.
TEST(FeaturesTest, CompareHashesEqualFormsOf) {
  const std::vector<std::string_view> tokens = {"والراية", "الراية", "بها", "في",  "a b",
                                                "Biden",   "2022",   "،",   "لهم", "والراية"};
  for (int round = 0; round < 2; ++round) {
    for (bool with_text : {false, true}) {
      std::vector<TokenAtoms> atoms;
      internal::ComputeAtoms(tokens, &atoms, with_text);
      for (size_t i = 0; i < tokens.size(); ++i) {
        const internal::WordForms& f = internal::FormsOf(tokens[i]);
        EXPECT_EQ(atoms[i].compare_hash, f.compare_hash) << tokens[i];
        EXPECT_EQ(f.compare_hash, internal::HashAtom(f.compare())) << tokens[i];
        EXPECT_EQ(f.compare(), f.base.size() >= 4 ? f.base : f.key) << tokens[i];
      }
    }
  }
  EXPECT_EQ(internal::FormsOf("والراية").compare_hash, internal::FormsOf("الراية").compare_hash);
}

TEST(ViterbiTest, RespectsBioConstraints) {
  // Emissions prefer I-PERS at token 0 and I-LOC at token 1, which IOB2 forbids there.
  std::vector<float> emit(2 * kNumTags, 0.0f);
  emit[static_cast<int>(Tag::kIPers)] = 5;
  emit[static_cast<int>(Tag::kBPers)] = 1;
  emit[kNumTags + static_cast<int>(Tag::kILoc)] = 5;
  emit[kNumTags + static_cast<int>(Tag::kIPers)] = 2;
  Transitions trans;
  Tag out[2];
  double conf[2];
  Viterbi(emit.data(), 2, trans, out, conf);
  // I-PERS cannot start a sentence; the best allowed path is B-LOC I-LOC (0 + 5) over
  // B-PERS I-PERS (1 + 2).
  EXPECT_EQ(out[0], Tag::kBLoc);
  EXPECT_EQ(out[1], Tag::kILoc);
  EXPECT_GT(conf[0], 0.5);
  EXPECT_LE(conf[0], 1.0);
}

TEST(ViterbiTest, TransitionsDecideTies) {
  std::vector<float> emit(2 * kNumTags, 0.0f);
  emit[static_cast<int>(Tag::kBLoc)] = 1;
  emit[kNumTags + static_cast<int>(Tag::kILoc)] = 0.5;
  emit[kNumTags + static_cast<int>(Tag::kO)] = 1;
  Transitions trans;
  trans.score[static_cast<int>(Tag::kBLoc)][static_cast<int>(Tag::kILoc)] = 1;
  Tag out[2];
  Viterbi(emit.data(), 2, trans, out);
  EXPECT_EQ(out[0], Tag::kBLoc);
  EXPECT_EQ(out[1], Tag::kILoc);  // 1 + 1 + 0.5 beats 1 + 0 + 1
}

// The lane-wise Viterbi takes the same float steps as the plain loops: same tags (ties included:
// small integer scores tie often), same confidences bit for bit, with and without confidences.
TEST(ViterbiTest, LanesEqualPlain) {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    const bool ties = round % 2 == 0;
    auto score = [&] {
      return ties ? static_cast<float>(static_cast<int>(rng() % 5) - 2)
                  : std::uniform_real_distribution<float>(-3, 3)(rng);
    };
    Transitions trans;
    for (int p = 0; p <= kNumTags; ++p) {
      for (int t = 0; t < kNumTags; ++t) trans.score[p][t] = score();
    }
    const size_t n = 1 + rng() % 40;
    std::vector<float> emit(n * kNumTags);
    for (float& e : emit) e = score();
    std::vector<Tag> lanes(n), plain(n);
    std::vector<double> lanes_conf(n), plain_conf(n);
    Viterbi(emit.data(), n, trans, lanes.data(), lanes_conf.data(), 1.7);
    ViterbiPlain(emit.data(), n, trans, plain.data(), plain_conf.data(), 1.7);
    ASSERT_EQ(lanes, plain) << "round " << round;
    EXPECT_EQ(std::memcmp(lanes_conf.data(), plain_conf.data(), n * sizeof(double)), 0)
        << "round " << round;
    Viterbi(emit.data(), n, trans, lanes.data());
    ASSERT_EQ(lanes, plain) << "round " << round;
    // A transition matrix per position (edge features), ties included.
    std::vector<float> position(n * kPositionTransFloats);
    for (size_t i = 0; i < n; ++i) {
      float m[kNumTags * kNumTags];
      for (float& x : m) x = score();
      MaskPositionTransitions(m, &position[i * kPositionTransFloats]);
    }
    Viterbi(emit.data(), n, trans, lanes.data(), lanes_conf.data(), 1.7, position.data());
    ViterbiPlain(emit.data(), n, trans, plain.data(), plain_conf.data(), 1.7, position.data());
    ASSERT_EQ(lanes, plain) << "round " << round;
    EXPECT_EQ(std::memcmp(lanes_conf.data(), plain_conf.data(), n * sizeof(double)), 0)
        << "round " << round;
    Viterbi(emit.data(), n, trans, lanes.data(), nullptr, 1.0, position.data());
    ASSERT_EQ(lanes, plain) << "round " << round;
  }
}

// Per-position transitions: the model's matrix at every position decodes as the matrix itself (bit
// for bit); a larger score for one transition at one position changes that position alone.
TEST(ViterbiTest, PositionTransitionsReplaceTheMatrix) {
  std::mt19937 rng(11);
  constexpr int kPairs = kNumTags * kNumTags;
  for (int round = 0; round < 100; ++round) {
    Transitions trans;
    for (int p = 0; p <= kNumTags; ++p) {
      for (int t = 0; t < kNumTags; ++t) {
        trans.score[p][t] = std::uniform_real_distribution<float>(-3, 3)(rng);
      }
    }
    const size_t n = 1 + rng() % 30;
    std::vector<float> emit(n * kNumTags);
    for (float& e : emit) e = std::uniform_real_distribution<float>(-3, 3)(rng);
    std::vector<float> position(n * kPositionTransFloats);
    for (size_t i = 0; i < n; ++i) {
      MaskPositionTransitions(&trans.score[0][0], &position[i * kPositionTransFloats]);
    }
    std::vector<Tag> a(n), b(n);
    std::vector<double> ca(n), cb(n);
    ViterbiPlain(emit.data(), n, trans, a.data(), ca.data(), 1.3);
    ViterbiPlain(emit.data(), n, trans, b.data(), cb.data(), 1.3, position.data());
    ASSERT_EQ(a, b) << "round " << round;
    EXPECT_EQ(std::memcmp(ca.data(), cb.data(), n * sizeof(double)), 0) << "round " << round;
  }
  // Two tokens: B-PERS then O by emissions; a large B-PERS -> I-PERS score into token 1 makes it
  // I-PERS, and leaves the matrix of the other positions alone.
  std::vector<float> emit(3 * kNumTags, 0.0f);
  emit[static_cast<int>(Tag::kBPers)] = 2;
  emit[kNumTags + static_cast<int>(Tag::kO)] = 1;
  emit[2 * kNumTags + static_cast<int>(Tag::kO)] = 1;
  Transitions trans;
  std::vector<float> position(3 * kPositionTransFloats);
  float m[kPairs] = {};
  m[static_cast<int>(Tag::kBPers) * kNumTags + static_cast<int>(Tag::kIPers)] = 3;
  for (size_t i = 0; i < 3; ++i) {
    MaskPositionTransitions(i == 1 ? m : &trans.score[0][0], &position[i * kPositionTransFloats]);
  }
  Tag out[3];
  ViterbiPlain(emit.data(), 3, trans, out);
  EXPECT_EQ(out[1], Tag::kO);
  ViterbiPlain(emit.data(), 3, trans, out, nullptr, 1.0, position.data());
  EXPECT_EQ(out[0], Tag::kBPers);
  EXPECT_EQ(out[1], Tag::kIPers);
  EXPECT_EQ(out[2], Tag::kO);
}

TEST(ModelTest, ParsesAndRejects) {
  auto ok = Tagger::FromModelText(
      "khabar-ner-model\t1\n# comment\nunit\t0.001\nconfidence_scale\t2\n"
      "trans\tSTART\tO=100\nw0\tبلينكن\tB-PERS=5000 O=-1000\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->num_features(), 1u);
  std::vector<std::string_view> toks = {"قال", "بلينكن"};
  std::vector<Tag> tags = ok->TagTokens(toks);
  EXPECT_EQ(tags[0], Tag::kO);
  EXPECT_EQ(tags[1], Tag::kBPers);
  EXPECT_FALSE(Tagger::FromModelText("").ok());
  EXPECT_FALSE(Tagger::FromModelText("something else\t1\n").ok());
  EXPECT_FALSE(Tagger::FromModelText("khabar-ner-model\t1\nw0\tx\tB-FOO=1\n").ok());
  EXPECT_FALSE(Tagger::FromModelText("khabar-ner-model\t1\nnope\tx\tO=1\n").ok());
  EXPECT_FALSE(Tagger::FromModelText("khabar-ner-model\t1\ntrans\tX\tO=1\n").ok());
  EXPECT_FALSE(Tagger::FromModelText("khabar-ner-model\t1\nw-1|w0\tnospace\tO=1\n").ok());
  EXPECT_TRUE(ok->TagTokens(std::vector<std::string_view>{}).empty());
}

// `edge` lines: the weights of transitions into a token that has the edge feature. Here "بن" after
// a name continues it only through its edge weight.
TEST(ModelTest, EdgeLinesConditionTransitions) {
  const std::string head =
      "khabar-ner-model\t1\nunit\t0.001\nconfidence_scale\t2\n"
      "w0\tمحمد\tB-PERS=5000\nw0\tبن\tO=1000\nw0\tسلمان\tI-PERS=3000 B-PERS=2000\n";
  auto plain = Tagger::FromModelText(head);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  std::vector<std::string_view> toks = {"محمد", "بن", "سلمان"};
  EXPECT_EQ(plain->TagTokens(toks), (std::vector<Tag>{Tag::kBPers, Tag::kO, Tag::kBPers}));
  auto edged = Tagger::FromModelText(head +
                                     "edge\tw0\tبن\tB-PERS\tI-PERS=2000 O=-500\n"
                                     "edge\ttrig-1|w0\t- سلمان\tI-PERS\tI-PERS=10\n");
  ASSERT_TRUE(edged.ok()) << edged.status().ToString();
  std::vector<double> confidence;
  EXPECT_EQ(edged->TagTokens(toks, &confidence),
            (std::vector<Tag>{Tag::kBPers, Tag::kIPers, Tag::kIPers}));
  EXPECT_EQ(edged->ToModelText().find("edge\tw0"), head.size());
  // The rows are memoized per thread by model and atoms: another model's weights for the same
  // tokens are its own, and the first model's answer is unchanged after it.
  auto against = Tagger::FromModelText(head + "edge\tw0\tبن\tB-PERS\tI-PERS=-2000\n");
  ASSERT_TRUE(against.ok()) << against.status().ToString();
  EXPECT_EQ(against->TagTokens(toks), (std::vector<Tag>{Tag::kBPers, Tag::kO, Tag::kBPers}));
  std::vector<double> again;
  EXPECT_EQ(edged->TagTokens(toks, &again),
            (std::vector<Tag>{Tag::kBPers, Tag::kIPers, Tag::kIPers}));
  EXPECT_EQ(again, confidence);
  for (const char* bad : {
           "edge\tnope\tx\tO\tO=1\n",          // unknown edge template
           "edge\tw0\tx\tSTART\tO=1\n",        // no start row
           "edge\tw0\tx\tO\tO=1.5\n",          // not a whole number of units
           "edge\tw-1|w0\tnospace\tO\tO=1\n",  // a pair without its two values
           "edge\tw0\tx\tO\tB-FOO=1\n",        // unknown tag
       }) {
    EXPECT_FALSE(Tagger::FromModelText(head + bad).ok()) << bad;
  }
  EXPECT_FALSE(
      Tagger::FromModelText("khabar-ner-model\t1\nedge\tw0\tx\tO\tO=1\nunit\t0.01\n").ok());
}

// Weights are read digit by digit when they are integers of at most 15 digits, else by
// std::from_chars: every form loads the number from_chars gives, and what from_chars rejects is
// rejected. A feature weight must be a whole number of units up to 2^24 (the emissions are integer
// sums). Tag names as TagName writes them or as ParseTag accepts them (B-PER).
TEST(ModelTest, WeightNumbersAreReadAsFromChars) {
  std::vector<std::string_view> tokens = {"بلينكن"};
  std::vector<TokenAtoms> atoms;
  internal::ComputeAtoms(tokens, &atoms);
  const std::string word = atoms[0].text[internal::kWord];
  auto emissions = [&](const std::string& weights, std::vector<float>* emit) {
    auto model =
        Model::Parse("khabar-ner-model\t1\nunit\t0.001\nw0\t" + word + "\t" + weights + "\n");
    if (!model.ok()) return false;
    (*model)->EmissionsKeyByKey(std::span<const TokenAtoms>(atoms.data(), 1), emit);
    return true;
  };
  for (const char* v : {"12", "-1031", "007", "-0", "0", "16777216", "-16777216", "1e3", "2.5e1",
                        "-000000000000000012", "12.0"}) {
    const std::string_view sv(v);
    double d = 0;
    auto [p, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), d);
    ASSERT_TRUE(ec == std::errc() && p == sv.data() + sv.size()) << v;
    const float expected = static_cast<float>(d * 0.001) + 0.0f;  // an integer sum: never -0
    for (const std::string& weights :
         {"O=" + std::string(v) + " B-PERS=" + v, " O=" + std::string(v) + "  B-PER=" + v + " "}) {
      std::vector<float> emit;
      ASSERT_TRUE(emissions(weights, &emit)) << weights;
      EXPECT_EQ(std::memcmp(&emit[0], &expected, sizeof(float)), 0) << weights;
      EXPECT_EQ(std::memcmp(&emit[static_cast<int>(Tag::kBPers)], &expected, sizeof(float)), 0)
          << weights;
    }
  }
  std::vector<float> emit;
  for (const char* bad : {"O=", "O=-", "O=+5", "O=5x", "O=--5", "O=1=2", "O=12 B-PERS", "O5",
                          "B-PERSX=1", "X-PERS=1", "B-FOO=1", "=1", "O=1234567890123456x"}) {
    EXPECT_FALSE(emissions(bad, &emit)) << bad;
  }
  // Numbers, but not whole numbers of units up to 2^24.
  for (const char* bad : {"O=2.5", "O=-0.001", "O=1E-2", "O=16777217", "O=-999999999999999",
                          "O=123456789012345.5", "O=nan", "O=inf"}) {
    EXPECT_FALSE(emissions(bad, &emit)) << bad;
  }
  // Two lines of one feature add up, within 2^24 units; transitions may take any number; one unit
  // for the whole file.
  const std::string head = "khabar-ner-model\t1\nunit\t0.001\n";
  EXPECT_TRUE(Model::Parse(head + "w0\tx\tO=16777215\nw0\tx\tO=1\n").ok());
  EXPECT_FALSE(Model::Parse(head + "w0\tx\tO=16777215\nw0\tx\tO=2\n").ok());
  EXPECT_TRUE(Model::Parse(head + "trans\tSTART\tO=2.5 B-PERS=1e30\n").ok());
  EXPECT_FALSE(Model::Parse(head + "w0\tx\tO=1\nunit\t1\n").ok());
}

// The compact weight table (model.h) gives the sums of the dense weights: zero weights left out,
// every tag of a feature with many weights, two descriptions of one key added up, the sum times
// the unit, then the entity bias.
TEST(ModelTest, EmissionsAreTheDenseSums) {
  auto model = Model::Parse(
      "khabar-ner-model\t1\nunit\t0.25\nentity_bias\t0.5\n"
      "bias\t\tO=5 B-PERS=-8 I-PERS=12 B-LOC=16 I-LOC=20 B-ORG=24 I-ORG=28 B-MISC=32 I-MISC=38\n"
      "w0\tقال\tO=0 B-LOC=3\n"
      "w0\tبلينكن\tB-PERS=20\n"
      "w0\tبلينكن\tB-PERS=2 O=-4\n"
      "w0\tغائب\tO=0\n");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ((*model)->num_features(), 4u);
  std::vector<std::string_view> tokens = {"قال", "بلينكن", "أمس"};
  std::vector<TokenAtoms> atoms;
  internal::ComputeAtoms(tokens, &atoms, /*with_text=*/false);
  std::vector<float> emit;
  (*model)->Emissions(std::span<const TokenAtoms>(atoms.data(), tokens.size()), &emit);
  ASSERT_EQ(emit.size(), 3u * kNumTags);
  const float bias[kNumTags] = {1.25f, -2, 3, 4, 5, 6, 7, 8, 9.5f};
  float w0[3][kNumTags] = {};
  w0[0][static_cast<int>(Tag::kBLoc)] = 0.75f;
  w0[1][static_cast<int>(Tag::kBPers)] = 5.0f;
  w0[1][static_cast<int>(Tag::kBPers)] += 0.5f;
  w0[1][static_cast<int>(Tag::kO)] = -1.0f;
  for (int i = 0; i < 3; ++i) {
    for (int t = 0; t < kNumTags; ++t) {
      // Quarters: every value here is exact in float.
      const float e = bias[t] + w0[i][t] + (t == 0 ? 0.0f : 0.5f);
      EXPECT_EQ(emit[i * kNumTags + t], e) << "token " << i << " tag " << t;
    }
  }
}

// The filter in front of the table (Model::MayContain) never rules out a feature the model has
// (else an emission would lose its weights), and rules out most of those it lacks.
TEST(ModelTest, FilterKeepsEveryStoredKey) {
  const std::string text = Tagger::Default().ToModelText();
  auto model = Model::Parse(text);
  ASSERT_TRUE(model.ok());
  size_t stored = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    const std::string_view line = std::string_view(text).substr(pos, nl - pos);
    pos = nl + 1;
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) continue;
    uint64_t key;
    if (!internal::KeyFromDescription(line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), &key)) {
      continue;  // header, unit, trans...
    }
    ++stored;
    EXPECT_TRUE((*model)->MayContain(key ? key : 1)) << line.substr(0, t2);
  }
  EXPECT_GT(stored, 100000u);
  std::mt19937_64 rng(7);
  size_t passed = 0;
  constexpr size_t kTries = 100000;
  for (size_t i = 0; i < kTries; ++i) passed += (*model)->MayContain(rng() | 1);
  EXPECT_LT(passed, kTries / 20);  // ~2% expected
  // A model of a few features: the smallest filter.
  auto tiny = Model::Parse("khabar-ner-model\t1\nw0\tقال\tO=1\n");
  ASSERT_TRUE(tiny.ok());
  uint64_t key;
  ASSERT_TRUE(internal::KeyFromDescription("w0", "قال", &key));
  EXPECT_TRUE((*tiny)->MayContain(key ? key : 1));
}

// The fast path (cached per-offset sums of the local weights, memo, table) gives the emissions of
// the plain way, bit for bit (integer sums), with the shipped model: cold and warm tokens, a token
// repeated within a sentence, one- and two-token sentences (every feature reaching past both ends),
// and a second model in between (the per-thread caches must tell the models apart).
TEST(ModelTest, FastEmissionsEqualKeyByKey) {
  auto shipped = Model::Parse(Tagger::Default().ToModelText());
  ASSERT_TRUE(shipped.ok());
  // Revision 10's templates: the table (w+3, base-3), local (cl0, cl0|gw0) and memo kinds; each
  // feature occurs in the sentences below (checked at the end).
  const std::vector<std::string> revision10 = {
      "w+3\tبلينكن\tB-LOC=3",    "base-3\tوزير\tI-PERS=2 O=1",
      "cl0\tو\tB-ORG=4 O=-1",    "cl0|gw0\tال -\tB-MISC=2",
      "cl-1|cl0\tو -\tI-LOC=3",  "cl0|cl+1\t- -\tO=1",
      "pos0\tF-\tB-PERS=6",      "pos0|shape0\tQq A5\tB-MISC=3 O=-2",
      "pos0|gw0\tQb LO\tB-LOC=5"};
  std::string other_text =
      "khabar-ner-model\t1\nunit\t0.5\nentity_bias\t0.25\n"
      "w0\tبلينكن\tB-PERS=10 O=-2\nw-1\tالوزير\tB-PERS=4\nsuf1\tن\tI-LOC=1\n"
      "w+2\tبلينكن\tO=3 B-LOC=-7\nbase-2\tوزير\tI-PERS=5\n";
  for (const std::string& line : revision10) other_text += line + "\n";
  auto other = Model::Parse(other_text);
  ASSERT_TRUE(other.ok());
  std::set<std::string> seen;  // "template<TAB>value" of every feature of the sentences
  const std::vector<std::vector<std::string_view>> sentences = {
      {"قال", "وزير", "الخارجية", "الأمريكي", "أنتوني", "بلينكن", "في", "واشنطن", "."},
      {"بلينكن"},
      {"الوزير", "بلينكن"},
      {"وصل", "الرئيس", "جو", "بايدن", "إلى", "بروكسل", "،", "وقال", "بايدن", "إن", "بايدن", "."},
      {"والسويد", "و", "الولايات", "المتحدة", "،", "وبواشنطن", "Biden", "2022", "zqxj", "zqxj"},
      {"قال", "بلينكن", ":", "«", "الوطن", "»", "(", "سوريا", ")", "وأضاف", "."},
  };
  // Two tokens that share a slot of the per-thread token cache (features.cc: 1 << 16 slots) in one
  // sentence: the second must not take the first one's weights away.
  std::vector<std::string> colliding;
  {
    std::unordered_map<uint64_t, std::string> seen;
    for (int k = 0; colliding.empty(); ++k) {
      // Made-up Arabic words: their affixes are features the model knows, so two of them weigh
      // differently.
      static constexpr std::string_view kLetters[] = {"ب", "ت", "س", "ك", "ل", "م", "ن", "ه"};
      std::string tok = "ال";
      for (int x = k + 8; x > 0; x /= 8) tok += kLetters[x % 8];
      auto [it, inserted] = seen.emplace(internal::HashAtom(tok) & ((1 << 16) - 1), tok);
      if (!inserted) colliding = {it->second, tok};
    }
  }
  auto with_collision = sentences;
  with_collision.push_back({colliding[0], "في", colliding[1], colliding[0], "بلينكن"});
  for (int round = 0; round < 3; ++round) {
    for (const auto& tokens : with_collision) {
      for (const auto* model : {&*shipped, &*other}) {
        for (bool with_text : {false, true}) {
          std::vector<TokenAtoms> atoms;
          internal::ComputeAtoms(tokens, &atoms, with_text);
          std::span<const TokenAtoms> sa(atoms.data(), tokens.size());
          if (with_text) {
            for (size_t i = 0; i < tokens.size(); ++i) {
              std::vector<uint64_t> keys;
              std::vector<internal::FeatureDescription> desc;
              internal::TokenFeatures(sa, i, &keys, &desc);
              for (const auto& d : desc) {
                seen.insert(std::string(internal::Templates()[d.template_index].name) + "\t" +
                            d.value);
              }
            }
          }
          std::vector<float> fast, plain;
          (*model)->Emissions(sa, &fast);
          (*model)->EmissionsKeyByKey(sa, &plain);
          ASSERT_EQ(fast.size(), plain.size());
          for (size_t k = 0; k < fast.size(); ++k) {
            // Bitwise: the same integer sum, converted the same way.
            EXPECT_EQ(std::memcmp(&fast[k], &plain[k], sizeof(float)), 0)
                << tokens[k / kNumTags] << " tag " << k % kNumTags << ": " << fast[k]
                << " != " << plain[k];
          }
        }
      }
    }
  }
  for (const std::string& line : revision10) {
    EXPECT_TRUE(seen.count(line.substr(0, line.rfind('\t')))) << line;
  }
}

// The compiled model the build embeds (tools/ner_compile.cc) loads to the tables parsing the text
// gives, byte for byte, and compiling the text again writes the same blob (the compiler is
// deterministic, and the embedded blob is the one of the embedded text).
TEST(CompiledModelTest, ShippedBlobIsTheParsedText) {
  const std::string text = Tagger::Default().ToModelText();
  auto parsed = Model::Parse(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const std::string_view blob = embedded::NerModel("ner_model.bin");
  ASSERT_FALSE(blob.empty());
  EXPECT_TRUE((*parsed)->Compile() == blob);
  auto compiled = Model::FromCompiled(blob, text);
  ASSERT_TRUE(compiled.ok()) << compiled.status().ToString();
  EXPECT_TRUE((*compiled)->SameTables(**parsed));
  EXPECT_EQ((*compiled)->num_features(), (*parsed)->num_features());
  EXPECT_EQ((*compiled)->text(), text);
  EXPECT_NE((*compiled)->id(), (*parsed)->id());  // the per-thread caches tell them apart
  // The shipped tagger is the compiled one: it tags as the parsed text does.
  auto from_text = Tagger::FromModelText(text);
  ASSERT_TRUE(from_text.ok());
  const std::vector<std::string_view> tokens = {"قال",    "وزير",   "الخارجية", "الأمريكي",
                                                "أنتوني", "بلينكن", "في",       "واشنطن",
                                                "إن",     "حركة",   "حماس",     "."};
  std::vector<double> c1, c2;
  EXPECT_EQ(Tagger::Default().TagTokens(tokens, &c1), from_text->TagTokens(tokens, &c2));
  EXPECT_EQ(c1, c2);
}

// Compile then FromCompiled on small models (sparse and dense records, two lines of one key,
// scalars and transitions) gives the parsed tables; a model that differs is told apart.
TEST(CompiledModelTest, RoundTripsSmallModels) {
  const std::string a =
      "khabar-ner-model\t1\nunit\t0.25\nconfidence_scale\t3.5\nentity_bias\t-0.75\n"
      "trans\tSTART\tO=2.5 B-PERS=-1\ntrans\tB-PERS\tI-PERS=7\n"
      "bias\t\tO=5 B-PERS=-8 I-PERS=12 B-LOC=16 I-LOC=20 B-ORG=24 I-ORG=28 B-MISC=32 I-MISC=38\n"
      "w0\tقال\tO=0 B-LOC=3\nw0\tبلينكن\tB-PERS=20\nw0\tبلينكن\tB-PERS=2 O=-4\n"
      "w-1|w0\tوزير الخارجية\tB-ORG=-16777216 I-MISC=16777216\nw0\tغائب\tO=0\n";
  const std::string edges =
      "edge\tgaz0\tB-PERS\tO\tB-PERS=3\n"
      "edge\tw-1|w0\tبن سلمان\tB-PERS\tI-PERS=-7 O=2\n"
      "edge\tgaz0\tB-PERS\tI-PERS\tO=16777216\n";
  for (const std::string& text : {a, a + edges, std::string("khabar-ner-model\t1\n"),
                                  std::string("khabar-ner-model\t1\nw0\tx\tO=1\n"),
                                  std::string("khabar-ner-model\t1\n") + edges}) {
    auto parsed = Model::Parse(text);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    const std::string blob = (*parsed)->Compile();
    auto compiled = Model::FromCompiled(blob, text);
    ASSERT_TRUE(compiled.ok()) << compiled.status().ToString();
    EXPECT_TRUE((*compiled)->SameTables(**parsed)) << text;
    EXPECT_EQ((*compiled)->Compile(), blob);
    EXPECT_EQ((*compiled)->confidence_scale(), (*parsed)->confidence_scale());
    EXPECT_EQ((*compiled)->entity_bias(), (*parsed)->entity_bias());
    EXPECT_EQ(
        std::memcmp(&(*compiled)->transitions(), &(*parsed)->transitions(), sizeof(Transitions)),
        0);
  }
  auto one = Model::Parse(a);
  auto other = Model::Parse(a + "w0\tواشنطن\tB-LOC=1\n");
  auto rescaled = Model::Parse(std::string(a).replace(a.find("0.25"), 4, "0.5"));
  auto edged = Model::Parse(a + edges);
  auto edged_other = Model::Parse(a + edges + "edge\tgaz0\tB-PERS\tO\tO=1\n");
  ASSERT_TRUE(one.ok() && other.ok() && rescaled.ok() && edged.ok() && edged_other.ok());
  EXPECT_FALSE((*one)->SameTables(**other));
  EXPECT_FALSE((*one)->SameTables(**rescaled));
  EXPECT_FALSE((*one)->SameTables(**edged));
  EXPECT_FALSE((*edged)->SameTables(**edged_other));
}

// A blob that is truncated, of another format, or holds an invalid record is kCorrupt, never a
// crash (every prefix, and every byte of the header and the first records flipped).
TEST(CompiledModelTest, RejectsBadBlobs) {
  auto parsed = Model::Parse(
      "khabar-ner-model\t1\nunit\t0.5\nw0\tقال\tO=3 B-LOC=-2\n"
      "bias\t\tO=1 B-PERS=2 I-PERS=3 B-LOC=4 I-LOC=5 B-ORG=6 I-ORG=7 B-MISC=8 I-MISC=9\n");
  ASSERT_TRUE(parsed.ok());
  const std::string blob = (*parsed)->Compile();
  ASSERT_TRUE(Model::FromCompiled(blob, "").ok());
  for (size_t n = 0; n < blob.size(); ++n) {
    auto r = Model::FromCompiled(std::string_view(blob).substr(0, n), "");
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  }
  EXPECT_FALSE(Model::FromCompiled(blob + "x", "").ok());
  // The records start after the header; the second one is dense (all nine tags, in order).
  const size_t records = blob.size() - (9 + 5 * 2) - (9 + 5 * 9);
  auto with = [&](size_t at, unsigned char v) {
    std::string b = blob;
    b[at] = static_cast<char>(v);
    return Model::FromCompiled(b, "");
  };
  EXPECT_FALSE(with(0, 'K').ok());                     // magic
  EXPECT_FALSE(with(records + 8, 3).ok());             // the weight count
  EXPECT_FALSE(with(records + 8, 10).ok());            // more weights than tags
  EXPECT_FALSE(with(records + 9, 9).ok());             // a tag past the last
  EXPECT_FALSE(with(records + 10, 0).ok());            // tags out of order
  EXPECT_FALSE(with(records + 9 + 2 + 3, 0x7f).ok());  // a weight past 2^24 units
  EXPECT_FALSE(with(records + 19 + 9 + 4, 3).ok());    // the dense record's tags out of order
  // Every single-byte change loads or is rejected; none crashes (the sanitizers watch).
  for (size_t at = 0; at < blob.size(); ++at) {
    for (const unsigned char v : {0x00, 0x01, 0x09, 0x80, 0xff}) (void)with(at, v);
  }
}

// Four tagged sentences (one with a tab between token and tag) the trainer must fit.
constexpr char kTinyCorpus[] =
    "قال O\nالرئيس O\nسمير B-PERS\nنادر I-PERS\nفي O\nالقاهرة B-LOC\n.\tO\n\n"
    "وصل O\nالرئيس O\nكريم B-PERS\nفؤاد I-PERS\nإلى O\nدمشق B-LOC\n. O\n\n"
    "أعلنت O\nوزارة B-ORG\nالصحة I-ORG\nفي O\nعمان B-LOC\n. O\n\n"
    "قال O\nالرئيس O\nهادي B-PERS\nمراد I-PERS\nفي O\nبيروت B-LOC\n. O\n";

// A tiny corpus the perceptron must fit, and a held-out sentence it must generalize to through the
// context features.
TEST(TrainTest, LearnsTinyCorpusAndSavesLosslessly) {
  auto data = ReadConll(kTinyCorpus, {true});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  TrainOptions opt;
  opt.epochs = 10;
  auto tagger = Train(*data, opt);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  Evaluation train_eval;
  auto pred = TagSentences(*tagger, *data);
  for (size_t i = 0; i < data->size(); ++i) train_eval.Add((*data)[i].tags, pred[i]);
  EXPECT_DOUBLE_EQ(train_eval.overall.F1(), 1.0) << train_eval.ToString();
  // Same model after a round trip through its text.
  auto again = Tagger::FromModelText(tagger->ToModelText());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(TagSentences(*again, *data), pred);
  EXPECT_EQ(again->ToModelText(), tagger->ToModelText());
  // Errors.
  std::vector<ConllSentence> untagged(1);
  untagged[0].tokens = {"x"};
  EXPECT_FALSE(Train(untagged, opt).ok());
  EXPECT_FALSE(Train(std::vector<ConllSentence>{}, opt).ok());
  // No entity to learn from: an error, not a model that tags every token B-PERS.
  auto no_entities = ReadConll("قال O\nالرئيس O\n\nفي O\nالقاهرة O\n", {true});
  ASSERT_TRUE(no_entities.ok());
  auto none = Train(*no_entities, opt);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("no entity tags"), std::string::npos);
}

// Gazetteer dropout: a model that still fits the tiny corpus, the same model from the same seed,
// and not the model trained without it.
TEST(TrainTest, GazetteerDropoutStillLearns) {
  auto data = ReadConll(kTinyCorpus, {true});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  TrainOptions plain;
  plain.epochs = 10;
  plain.runs = 2;
  plain.gazetteer_dropout = 0;
  auto plain_tagger = Train(*data, plain);
  ASSERT_TRUE(plain_tagger.ok());
  TrainOptions opt = plain;
  opt.gazetteer_dropout = 0.3;
  auto tagger = Train(*data, opt);
  ASSERT_TRUE(tagger.ok());
  Evaluation eval;
  auto pred = TagSentences(*tagger, *data);
  for (size_t i = 0; i < data->size(); ++i) eval.Add((*data)[i].tags, pred[i]);
  EXPECT_DOUBLE_EQ(eval.overall.F1(), 1.0) << eval.ToString();
  auto again = Train(*data, opt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToModelText(), tagger->ToModelText());
  // The gazetteer codes and word classes of these cities and names are in the KB: hidden now and
  // then, their features learn other weights.
  EXPECT_NE(tagger->ToModelText(), plain_tagger->ToModelText());
}

// Edge templates: the trainer writes `edge` lines that load back to the same model, the tiny corpus
// is still fitted, and an unknown template name is an error.
TEST(TrainTest, EdgeTemplatesLearnAndRoundTrip) {
  auto data = ReadConll(kTinyCorpus, {true});
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  TrainOptions opt;
  opt.epochs = 10;
  opt.runs = 2;
  opt.edge_templates = {"w0", "trig0", "w-1|w0"};
  auto tagger = Train(*data, opt);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  const std::string text = tagger->ToModelText();
  EXPECT_NE(text.find("\nedge\tw0\t"), std::string::npos);
  Evaluation eval;
  auto pred = TagSentences(*tagger, *data);
  for (size_t i = 0; i < data->size(); ++i) eval.Add((*data)[i].tags, pred[i]);
  EXPECT_DOUBLE_EQ(eval.overall.F1(), 1.0) << eval.ToString();
  auto again = Tagger::FromModelText(text);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(TagSentences(*again, *data), pred);
  EXPECT_EQ(again->ToModelText(), text);
  TrainOptions none = opt;
  none.edge_templates.clear();
  auto plain = Train(*data, none);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->ToModelText().find("\nedge\t"), std::string::npos);
  opt.edge_templates = {"w0", "w7"};
  EXPECT_FALSE(Train(*data, opt).ok());
}

// The document pass of `khabar ner --conll` shares names between neighbouring sentences of one
// document, never across a -DOCSTART- line: tagging a file with two documents equals tagging
// each alone. The example (the shipped model's output) shows the pass at work: a club tagged in
// one sentence is copied to the next when they are one document.
TEST(TagSentencesTest, DocumentPassStopsAtDocstart) {
  auto split = [](std::string_view text) {
    ConllSentence s;
    for (size_t b = 0; b < text.size();) {
      size_t e = text.find(' ', b);
      if (e == std::string_view::npos) e = text.size();
      s.tokens.emplace_back(text.substr(b, e - b));
      b = e + 1;
    }
    return s;
  };
  const std::vector<ConllSentence> sentences = {split("وذكر نادي الوحدة في بيان أن المدرب سيبقى ."),
                                                split("وقال مسؤول إن الوحدة ستلعب غدا .")};
  const Tagger& tagger = Tagger::Default();
  const std::vector<std::vector<Tag>> together = TagSentences(tagger, sentences);
  const std::vector<ConllDocStart> starts = {{0, "-DOCSTART- O"}, {1, "-DOCSTART- O"}};
  const std::vector<std::vector<Tag>> apart = TagSentences(tagger, sentences, starts);
  const std::vector<std::vector<Tag>> first =
      TagSentences(tagger, std::span<const ConllSentence>(sentences).first(1));
  const std::vector<std::vector<Tag>> second =
      TagSentences(tagger, std::span<const ConllSentence>(sentences).last(1));
  ASSERT_EQ(apart.size(), 2u);
  EXPECT_EQ(apart[0], first[0]);
  EXPECT_EQ(apart[1], second[0]);
  ASSERT_EQ(together[1].size(), 7u);
  EXPECT_EQ(together[1][3], Tag::kBOrg) << "the example no longer exercises the document pass";
  EXPECT_EQ(apart[1][3], Tag::kO);
}

// Options Train refuses are known before any data is read (`khabar train ner` checks them first).
TEST(TrainTest, CheckTrainOptionsRefusesWhatTrainWould) {
  TrainOptions opt;
  EXPECT_TRUE(CheckTrainOptions(opt).ok());
  opt.edge_templates = {"w0", "nope"};
  EXPECT_EQ(CheckTrainOptions(opt).message(), "unknown edge template: nope");
  opt.edge_templates.clear();
  for (double bias : {1e300, -1e4, std::nan("")}) {
    opt.entity_bias = bias;
    EXPECT_FALSE(CheckTrainOptions(opt).ok()) << bias;
  }
  opt.entity_bias = -1000;
  EXPECT_TRUE(CheckTrainOptions(opt).ok());
}

}  // namespace
}  // namespace khabar::ner

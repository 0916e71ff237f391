#include <gtest/gtest.h>

#include "khabar/ner.h"

namespace khabar::ner {
namespace {

std::vector<Tag> Tags(std::initializer_list<const char*> names) {
  std::vector<Tag> out;
  for (const char* n : names) {
    Tag t;
    EXPECT_TRUE(ParseTag(n, &t)) << n;
    out.push_back(t);
  }
  return out;
}

TEST(TagTest, NamesRoundTrip) {
  for (int i = 0; i < kNumTags; ++i) {
    Tag t;
    ASSERT_TRUE(ParseTag(TagName(static_cast<Tag>(i)), &t));
    EXPECT_EQ(static_cast<int>(t), i);
  }
  Tag t;
  EXPECT_TRUE(ParseTag("B-PER", &t));
  EXPECT_EQ(t, Tag::kBPers);
  EXPECT_FALSE(ParseTag("B-", &t));
  EXPECT_FALSE(ParseTag("X-LOC", &t));
  EXPECT_FALSE(ParseTag("B-FOO", &t));
  EXPECT_EQ(TypeOf(Tag::kIOrg), EntityType::kOrganization);
  EXPECT_EQ(BeginTag(EntityType::kMisc), Tag::kBMisc);
}

TEST(SpansTest, ConllevalChunking) {
  // B-PERS I-PERS O I-LOC I-LOC B-LOC I-ORG
  auto spans = SpansFromTags(Tags({"B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"}));
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0], (TokenSpan{0, 2, EntityType::kPerson}));
  EXPECT_EQ(spans[1], (TokenSpan{3, 5, EntityType::kLocation}));
  EXPECT_EQ(spans[2], (TokenSpan{5, 6, EntityType::kLocation}));
  EXPECT_EQ(spans[3], (TokenSpan{6, 7, EntityType::kOrganization}));
}

TEST(SpansTest, RepairBioKeepsChunks) {
  auto tags = Tags({"I-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-LOC"});
  auto before = SpansFromTags(tags);
  RepairBio(tags);
  EXPECT_EQ(tags, Tags({"B-PERS", "I-PERS", "O", "B-LOC", "B-ORG", "B-LOC"}));
  EXPECT_EQ(SpansFromTags(tags), before);
}

TEST(ConllTest, ReadsTaggedSentences) {
  auto r = ReadConll("\xEF\xBB\xBFواشنطن B-LOC\r\n(أ ش أ) O\n\n\nقال O\nبلينكن B-PERS\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].tokens, (std::vector<std::string>{"واشنطن", "(أ ش أ)"}));
  EXPECT_EQ((*r)[0].tags, Tags({"B-LOC", "O"}));
  EXPECT_EQ((*r)[1].tags, Tags({"O", "B-PERS"}));
}

TEST(ConllTest, ReadsUntaggedAndDocstart) {
  auto r = ReadConll("-DOCSTART- O\n\nقال\nبلينكن\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].tokens.size(), 2u);
  EXPECT_TRUE((*r)[0].tags.empty());
}

// CoNLL 2003-style files: each -DOCSTART- line is kept as written (its tag too, CR and blanks
// around it dropped) with the sentence it precedes, and echoed by WriteConll, so that the output
// has the input's lines (one at the end of the file and two in a row included).
TEST(ConllTest, DocstartLinesAreKeptAndEchoed) {
  std::vector<ConllDocStart> starts;
  auto r = ReadConll(
      "-DOCSTART- -X- -X- O\r\n\r\nقال O\nبلينكن B-PERS\n\n-DOCSTART- O\n\n"
      "في O\nطوكيو B-LOC\n\n -DOCSTART-\t\n\n-DOCSTART- O\n\nوقال O\n\n-DOCSTART- O\n",
      {}, &starts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].tokens, (std::vector<std::string>{"قال", "بلينكن"}));
  EXPECT_EQ((*r)[0].line, 3u);
  ASSERT_EQ(starts.size(), 5u);
  EXPECT_EQ(starts[0].before, 0u);
  EXPECT_EQ(starts[0].line, "-DOCSTART- -X- -X- O");
  EXPECT_EQ(starts[1].before, 1u);
  EXPECT_EQ(starts[1].line, "-DOCSTART- O");
  EXPECT_EQ(starts[2].before, 2u);
  EXPECT_EQ(starts[2].line, "-DOCSTART-");
  EXPECT_EQ(starts[3].before, 2u);
  EXPECT_EQ(starts[4].before, 3u);  // nothing follows it
  std::vector<std::vector<Tag>> tags = {(*r)[0].tags, (*r)[1].tags, (*r)[2].tags};
  EXPECT_EQ(WriteConll(*r, tags, starts),
            "-DOCSTART- -X- -X- O\n\nقال O\nبلينكن B-PERS\n\n-DOCSTART- O\n\nفي O\nطوكيو B-LOC\n\n"
            "-DOCSTART-\n\n-DOCSTART- O\n\nوقال O\n\n-DOCSTART- O\n\n");
  EXPECT_EQ(WriteConll(*r, tags), "قال O\nبلينكن B-PERS\n\nفي O\nطوكيو B-LOC\n\nوقال O\n\n");
  // Training and scoring read the same file without the lines (no sentence, no token).
  auto strict = ReadConll("-DOCSTART- -X- O\n\nقال O\n", {true});
  ASSERT_TRUE(strict.ok()) << strict.status().ToString();
  ASSERT_EQ(strict->size(), 1u);
  EXPECT_EQ((*strict)[0].tokens.size(), 1u);
}

TEST(ConllTest, Errors) {
  EXPECT_FALSE(ReadConll("قال\nبلينكن B-PERS\n").ok());  // mixed
  EXPECT_FALSE(ReadConll("a \xff O\n").ok());            // invalid UTF-8
  ConllReadOptions strict;
  strict.require_tags = true;
  auto r = ReadConll("a O\nb B-FOO\n", strict);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ReadConll(std::string(70000, 'a'), strict).ok());
  EXPECT_TRUE(ReadConll("").ok());
}

TEST(ConllTest, TagsOfAnotherSchemeAreDroppedNotGluedToTheToken) {
  // --conll ignores gold tags: one of another type set or scheme is no part of the token.
  auto r = ReadConll("بوتين B-GPE\nفي O\n\nموسكو S-LOC\n\n(أ ش أ)\nCOVID-19\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].tokens, (std::vector<std::string>{"بوتين", "في"}));
  EXPECT_TRUE((*r)[0].tags.empty());
  EXPECT_EQ((*r)[1].tokens, (std::vector<std::string>{"موسكو"}));
  EXPECT_EQ((*r)[2].tokens, (std::vector<std::string>{"(أ ش أ)", "COVID-19"}));
  ConllReadOptions strict;
  strict.require_tags = true;
  auto e = ReadConll("بوتين B-GPE\n", strict);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("line 1: unknown tag 'B-GPE'"), std::string::npos)
      << e.status().message();
}

TEST(ConllTest, VerticalTabAndFormFeedSeparateAndLinesAreKept) {
  auto r = ReadConll("\n\nقال\vO\nموسكو\fB-LOC\n\n\nمصر B-LOC\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].tokens, (std::vector<std::string>{"قال", "موسكو"}));
  EXPECT_EQ((*r)[0].tags, Tags({"O", "B-LOC"}));
  EXPECT_EQ((*r)[0].line, 3u);
  EXPECT_EQ((*r)[1].line, 7u);
}

TEST(ConllTest, WriteRoundTrip) {
  auto r = ReadConll("في O\nواشنطن B-LOC\n\nبلينكن B-PERS\n");
  ASSERT_TRUE(r.ok());
  std::vector<std::vector<Tag>> tags = {(*r)[0].tags, (*r)[1].tags};
  EXPECT_EQ(WriteConll(*r, tags), "في O\nواشنطن B-LOC\n\nبلينكن B-PERS\n\n");
}

TEST(EvalTest, KnownPrecisionRecall) {
  // Gold: PERS[0,2) LOC[3,4) ORG[5,7). Prediction: PERS[0,2) (right), LOC[3,5) (wrong span),
  // ORG[5,7) typed MISC (wrong type), LOC[8,9) (spurious).
  Evaluation e;
  e.Add(Tags({"B-PERS", "I-PERS", "O", "B-LOC", "O", "B-ORG", "I-ORG", "O", "O"}),
        Tags({"B-PERS", "I-PERS", "O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "O", "B-LOC"}));
  EXPECT_EQ(e.overall.gold, 3u);
  EXPECT_EQ(e.overall.predicted, 4u);
  EXPECT_EQ(e.overall.correct, 1u);
  EXPECT_DOUBLE_EQ(e.overall.Precision(), 0.25);
  EXPECT_DOUBLE_EQ(e.overall.Recall(), 1.0 / 3);
  EXPECT_NEAR(e.overall.F1(), 2 * 0.25 * (1.0 / 3) / (0.25 + 1.0 / 3), 1e-12);
  EXPECT_EQ(e.per_type[0].correct, 1u);
  EXPECT_DOUBLE_EQ(e.per_type[0].F1(), 1.0);
  EXPECT_EQ(e.per_type[1].predicted, 2u);
  EXPECT_EQ(e.per_type[1].correct, 0u);
  EXPECT_EQ(e.per_type[3].predicted, 1u);
  EXPECT_EQ(e.per_type[2].gold, 1u);
  EXPECT_EQ(e.token_correct, 5u);
  EXPECT_NE(e.ToString().find("overall"), std::string::npos);
}

TEST(EvalTest, EvaluateConllChecksAlignment) {
  auto g = ReadConll("a B-LOC\nb O\n");
  auto p = ReadConll("a B-LOC\nc O\n");
  ASSERT_TRUE(g.ok() && p.ok());
  EXPECT_FALSE(EvaluateConll(*g, *p).ok());
  auto p2 = ReadConll("a B-LOC\nb B-LOC\n");
  auto e = EvaluateConll(*g, *p2);
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(e->overall.Precision(), 0.5);
  EXPECT_DOUBLE_EQ(e->overall.Recall(), 1.0);
}

TEST(EvalTest, EvaluateConllNamesTheMismatchAndRefusesAnEmptyGold) {
  auto g = ReadConll("a O\nb B-LOC\n\nc O\n");
  auto merged = ReadConll("a O\nb B-LOC\nc O\n");
  ASSERT_TRUE(g.ok() && merged.ok());
  auto e = EvaluateConll(*g, *merged);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("sentence 1 (gold line 1, prediction line 1): gold has 2 "
                                      "tokens, prediction 3"),
            std::string::npos)
      << e.status().message();
  auto shorter = ReadConll("a O\nb B-LOC\n");
  e = EvaluateConll(*g, *shorter);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("sentence 2 (gold line 4, prediction line end of file)"),
            std::string::npos)
      << e.status().message();
  auto empty = ReadConll("\n\n");
  ASSERT_TRUE(empty.ok());
  e = EvaluateConll(*empty, *empty);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("no tokens"), std::string::npos);
}

}  // namespace
}  // namespace khabar::ner

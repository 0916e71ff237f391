#include <gtest/gtest.h>

#include "khabar/store.h"

namespace khabar::store {
namespace {

// A vocabulary in which every prefix covers two terms: itself + "ة" and itself + "ات".
Result<std::vector<std::string>> TwoTerms(std::string_view prefix, size_t max_terms) {
  EXPECT_GT(max_terms, 2u);
  return std::vector<std::string>{std::string(prefix) + "ة", std::string(prefix) + "ات"};
}

std::string Fts(std::string_view q) {
  auto r = BuildFtsQuery(q, TwoTerms);
  EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
  return r.ok() ? *r : "";
}

Status::Code Error(std::string_view q) { return BuildFtsQuery(q, TwoTerms).status().code(); }

TEST(BuildFtsQueryTest, WordsAreQuotedAndJoinedByAnd) {
  EXPECT_EQ(Fts("الوزارة  مصر"), "(\"الوزارة\") AND (\"مصر\")");
}

TEST(BuildFtsQueryTest, PhrasesPrefixesOrAndNot) {
  EXPECT_EQ(Fts("\"مجلس الأمن\""), "(\"مجلس الأمن\")");
  // A prefix: the OR of its terms, each marked verbatim (U+E000) for the tokenizer.
  EXPECT_EQ(Fts("وزار*"), "((\"\uE000وزارة\" OR \"\uE000وزارات\"))");
  EXPECT_EQ(Fts("الوزار*"), "((\"\uE000الوزارة\" OR \"\uE000الوزارات\"))");
  EXPECT_EQ(Fts("غزة OR رفح مصر"), "(\"غزة\" OR \"رفح\") AND (\"مصر\")");
  EXPECT_EQ(Fts("مصر -ليبيا NOT \"قناة السويس\""),
            "((\"مصر\")) NOT (\"ليبيا\" OR \"قناة السويس\")");
  // -"a phrase" excludes the phrase (it was refused: "'-' must be followed by a word or phrase").
  EXPECT_EQ(Fts("مصر -\"قناة السويس\""), "((\"مصر\")) NOT (\"قناة السويس\")");
  EXPECT_EQ(Fts("-\"قناة السويس\" مصر"), "((\"مصر\")) NOT (\"قناة السويس\")");
  EXPECT_EQ(Error("مصر -\"قناة"), Status::Code::kInvalidArgument);       // unbalanced
  EXPECT_EQ(Error("-\"قناة السويس\""), Status::Code::kInvalidArgument);  // exclusion only
}

TEST(BuildFtsQueryTest, HostileTextStaysInsideQuotes) {
  // FTS5 syntax and SQL in user text are just characters inside a quoted term.
  EXPECT_EQ(Fts("a\"b\""), "(\"a\") AND (\"b\")");
  EXPECT_EQ(Error("a\"b"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Fts("x'); DROP TABLE articles; --"),
            "(\"x');\") AND (\"DROP\") AND (\"TABLE\") AND (\"articles;\")");
  EXPECT_EQ(Fts("NEAR(a b) title:x {c}"),
            "(\"NEAR(a\") AND (\"b)\") AND (\"title:x\") AND (\"{c}\")");
}

TEST(BuildFtsQueryTest, MalformedQueriesAreRefusedWithAMessage) {
  EXPECT_EQ(Error(""), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("   ، . ؟ "), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("-مصر"), Status::Code::kInvalidArgument);  // exclusions only: a full scan
  EXPECT_EQ(Error("\"مجلس الأمن"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("OR مصر"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("مصر OR"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("مصر NOT"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("و*زارة"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error(std::string(5000, 'a')), Status::Code::kInvalidArgument);
  std::string many;
  for (int i = 0; i < 70; ++i) many += "كلمة" + std::to_string(i) + " ";
  EXPECT_EQ(Error(many), Status::Code::kInvalidArgument);
  // Prefixes that expand to much of the vocabulary, and many prefixes at once.
  EXPECT_EQ(Error("ا*"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("مص*"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("الت*"), Status::Code::kInvalidArgument);  // the article is not a prefix
  EXPECT_EQ(Error("والم*"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("للو*"), Status::Code::kInvalidArgument);
  EXPECT_FALSE(Fts("التعل*").empty());
  EXPECT_FALSE(Fts("فلس*").empty());
  EXPECT_EQ(Error("مصر أ*"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("وزا* OR سفي* OR قال* OR رئي* OR حكو*"), Status::Code::kInvalidArgument);
  EXPECT_FALSE(Fts("وزا* OR سفي* OR قال* OR رئي*").empty());
  // Bytes that are not text.
  EXPECT_EQ(Error(std::string("مصر\0قطر", 13)), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("مصر \x01"), Status::Code::kInvalidArgument);
  EXPECT_EQ(Error("\xff\xfe"), Status::Code::kInvalidArgument);
  auto r = BuildFtsQuery("\"غير مغلق");
  EXPECT_NE(r.status().message().find("quote"), std::string::npos);
}

}  // namespace
}  // namespace khabar::store

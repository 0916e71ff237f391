#include "pipeline/json_fields.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace khabar::pipeline {
namespace {

// The fast reader and the reference agree: same verdict, same error, same text for every field.
void ExpectSame(std::string_view json, const FieldMap& map = FieldMap::Default()) {
  Result<JsonFields> fast = ReadJsonFields(json, map);
  Result<JsonFields> reference = ReadJsonFieldsReference(json, map);
  ASSERT_EQ(fast.ok(), reference.ok()) << json;
  if (!fast.ok()) {
    EXPECT_EQ(fast.status().ToString(), reference.status().ToString()) << json;
    return;
  }
  EXPECT_EQ(fast->url, reference->url) << json;
  EXPECT_EQ(fast->site, reference->site) << json;
  EXPECT_EQ(fast->fetched, reference->fetched) << json;
  EXPECT_EQ(fast->title, reference->title) << json;
  EXPECT_EQ(fast->text, reference->text) << json;
  EXPECT_EQ(fast->date, reference->date) << json;
  EXPECT_EQ(fast->modified, reference->modified) << json;
  EXPECT_EQ(fast->author, reference->author) << json;
  EXPECT_EQ(fast->caption, reference->caption) << json;
}

TEST(JsonFieldsTest, ReadsTheMappedFields) {
  Result<JsonFields> f = ReadJsonFields(
      R"({"url":"https://a.example/x","headline":"عنوان","content":["فقرة 1","","فقرة 2"],)"
      R"("author":{"name":"الرياض : واس"},"date":"2020-01-02","caption":null,"meta":{"x":1}})",
      FieldMap::Default());
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->url, "https://a.example/x");
  EXPECT_EQ(f->title, "عنوان");
  EXPECT_EQ(f->text, "فقرة 1\nفقرة 2");
  EXPECT_EQ(f->author, "الرياض : واس");
  EXPECT_EQ(f->date, "2020-01-02");
  EXPECT_EQ(f->caption, "");
  EXPECT_EQ(ReadJsonFields("[1]", FieldMap::Default()).status().message(),
            "JSON value is not an object");
  EXPECT_EQ(ReadJsonFields("{\"title\":", FieldMap::Default()).status().message(),
            "malformed JSON");
}

TEST(JsonFieldsTest, AgreesWithTheReferenceOnEdgeCases) {
  const char* cases[] = {
      // values of every type, in mapped fields and around them
      R"({"title":"t","text":"b"})",
      R"({"title":123,"text":-45,"date":18446744073709551615,"author":9223372036854775807})",
      R"({"title":1.5,"text":"b"})",
      R"({"title":1e5,"text":1.0,"date":-0.0,"author":-0})",
      R"({"title":true,"headline":"h","text":false,"content":null,"body":"b"})",
      R"({"title":[1,"a",[2,["b"]],{"name":"n"},{"x":1},null,true,""],"text":[]})",
      R"({"title":{"name":{"name":"deep"}},"text":{"name":[3,"x"]}})",
      R"({"title":{"name":2.5},"text":"b"})",
      R"({"title":[1.25],"text":"b"})",
      // duplicate keys: the last wins
      R"({"title":"first","title":"second","text":"a","text":""})",
      R"({"author":{"name":"a","name":"b"},"text":"x"})",
      // empty values fall through to the next key
      R"({"title":"","headline":"  ","name":"n","text":"","content":[""],"body":"b"})",
      // dotted keys: the whole key first, then the path
      R"({"meta.title":"whole","meta":{"title":"path"}})",
      R"({"meta":{"title":"path","published":"2020-01-01"}})",
      R"({"meta":{"meta":{"title":1}},"meta.title":""})",
      // escapes, NUL, surrogate pairs, Arabic
      R"({"title":"a\"b\\c\/d\u0000e\n\t","text":"\u0627\u0644\u062E\u0628\u0631 \ud83d\ude00"})",
      // malformed or not objects
      "",
      " ",
      "{",
      "}",
      "[]",
      "\"s\"",
      "1",
      "null",
      "{\"title\":\"t\"} x",
      "{\"title\":\"t\",}",
      "{\"title\" \"t\"}",
      "{'title':'t'}",
      "{\"title\":01}",
      "{\"title\":1.}",
      "{\"title\":.5}",
      "{\"title\":-}",
      "{\"title\":1e400}",
      "{\"title\":1e-400}",
      "{\"title\":18446744073709551616}",
      "{\"title\":-9223372036854775809}",
      "{\"title\":\"\\ud800\"}",
      "{\"title\":\"\\udc00\"}",
      "{\"title\":\"\\ud800\\u0041\"}",
      "{\"title\":\"\\ud800\\udbff\"}",
      "{\"title\":\"\\x41\"}",
      "{\"title\":\"\\u00G0\"}",
      "{\"title\":\"a\tb\"}",
      "{\"title\":\"a\x01\"}",
      "{\"title\":\"\xff\"}",
      "{\"title\":\"\xC0\xAF\"}",
      "{\"title\":\"\xED\xA0\x80\"}",
      "\xEF\xBB\xBF{\"title\":\"t\"}",
      "{\"title\":\"t\"}\r",
      "{\"title\":\"t\"}\t ",
      "\t{\"title\" : \"t\" }",
      "{\"title\":tru}",
      "{\"title\":NaN}",
      "{\"title\":Infinity}",
      "{\"title\":\"t\"}{}",
      "[[[[[[[[[[]]]]]]]]]]",
  };
  for (const char* c : cases) ExpectSame(c);
  std::string deep(2000, '[');
  deep += std::string(2000, ']');
  ExpectSame(deep);
  std::string deep_object =
      "{\"title\":" + std::string(1500, '[') + "\"x\"" + std::string(1500, ']') + "}";
  ExpectSame(deep_object);
  Result<FieldMap> custom = ParseFieldMap("title=a.b.c|a..b|.x|y.,text=n.0|list");
  ASSERT_TRUE(custom.ok());
  for (const char* c : {R"({"a":{"b":{"c":"abc"}},"list":["l"]})", R"({"a":{"":{"b":"e"}}})",
                        R"({"":{"x":"dot"},"y":{"":"tail"}})", R"({"n":{"0":"zero"}})",
                        R"({"n":["zero"]})", R"({"a.b.c":"whole","a":{"b":{"c":"path"}}})"}) {
    ExpectSame(c, *custom);
  }
}

// Random mutations of a typical line (bytes replaced, dropped, inserted): the same verdicts.
TEST(JsonFieldsTest, AgreesWithTheReferenceOnMutatedLines) {
  const std::string line =
      R"({"url":"https://a.example/2023/x","title":"الوزير يلتقي نظيره","published":)"
      R"("2023-06-07T02:35:00+02:00","text":"القاهرة في 28 ديسمبر /أ ش أ/ - نص.\nفقرة \u0627 ثانية.",)"
      R"("author":["أ",{"name":"ب"}],"n":[1,-2,3.5e1,true,null],"meta":{"site":"x.example"}})";
  std::mt19937 rng(7);
  const std::string alphabet = "{}[]\":,\\u0123456789.eE-+ tfnal\x01\xd8\xa7\xff";
  for (int i = 0; i < 3000; ++i) {
    std::string m = line;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !m.empty(); ++e) {
      const size_t at = rng() % m.size();
      switch (rng() % 3) {
        case 0:
          m[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          m.erase(at, 1);
          break;
        default:
          m.insert(at, 1, alphabet[rng() % alphabet.size()]);
      }
    }
    ExpectSame(m);
  }
}

}  // namespace
}  // namespace khabar::pipeline

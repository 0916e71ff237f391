#include "store/fts_functions.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "khabar/text.h"
#include "store/fts_tokenizer.h"

namespace khabar::store {
namespace {

// Texts with what tokenizers trip on: diacritics, tatweel, clitics, Latin, numbers, URLs,
// hashtags, emoji, punctuation runs, stray marks and several lines.
const std::vector<std::string> kTexts = {
    "أعلنت الوزارة، في بيان لها، أن وزارتها والوزارات الأخرى ستعمل 24 ساعة.",
    "القاهرة (أ ش أ) - قالَ الرئيـــس إنّ COVID-19 و5G... «مهمّان» جداً!!\nسطر ثانٍ: www.youm7.com/x",
    "#مصر_اليوم @user 😀👍🏽 $100 + 3.5% ـ ، ؟\n\n\nنهاية\u200f "
    "النص\u200d "
    "هنا "
    "ـــ "
    "ً",
    "",
    "\n\nكلمة\n",
};

TEST(PositionedTokensTest, AgreesWithTheTokenizersPositions) {
  for (const std::string& text : kTexts) {
    std::vector<std::pair<int, int>> expected;
    for (const PretokenizedText::Token& t : Pretokenize(text).tokens) {
      expected.emplace_back(t.begin, t.end);
    }
    std::vector<std::pair<int, int>> got;
    for (const TokenSpan& s : PositionedTokens(text, 0)) {
      got.emplace_back(static_cast<int>(s.begin), static_cast<int>(s.end));
    }
    EXPECT_EQ(got, expected) << text;
    if (expected.size() > 2) {
      EXPECT_EQ(PositionedTokens(text, 2).size(), 2u);
    }
  }
}

// PositionedTokens skips text::MatchKey for a token that starts with an Arabic letter or an ASCII
// letter or digit, taking its key as not empty: true for each such letter alone and followed by
// what may follow it inside a word (marks, tatweel, joiners, combining hamza and madda).
TEST(PositionedTokensTest, KeyedTokenShortcutAgreesWithMatchKey) {
  std::vector<std::string> firsts;
  for (char32_t cp = 0x0621; cp <= 0x064A; ++cp) {
    if (cp == 0x0640) continue;  // tatweel: not in the shortcut
    std::string s;
    utf8::Append(cp, &s);
    firsts.push_back(s);
  }
  for (char c = '0'; c <= '9'; ++c) firsts.emplace_back(1, c);
  for (char c = 'a'; c <= 'z'; ++c) firsts.emplace_back(1, c);
  for (char c = 'A'; c <= 'Z'; ++c) firsts.emplace_back(1, c);
  size_t checked = 0;
  for (const std::string& first : firsts) {
    for (char32_t next : {0x0, 0x064B, 0x0650, 0x0651, 0x0652, 0x0640, 0x0653, 0x0654, 0x0655,
                          0x0670, 0x200C, 0x200D, 0x0621}) {
      std::string word = first;
      if (next != 0) utf8::Append(next, &word);
      std::vector<std::pair<int, int>> expected;
      for (const PretokenizedText::Token& t : Pretokenize(word).tokens) {
        expected.emplace_back(t.begin, t.end);
      }
      std::vector<std::pair<int, int>> got;
      for (const TokenSpan& span : PositionedTokens(word, 0)) {
        got.emplace_back(static_cast<int>(span.begin), static_cast<int>(span.end));
        EXPECT_FALSE(text::MatchKey(word.substr(span.begin, span.end - span.begin)).empty())
            << word;
      }
      EXPECT_EQ(got, expected) << word;
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000u);
}

// What PositionedTokens means, the slow way: text::Tokenize over each line, keeping the tokens the
// khabar tokenizer gives a position (not punctuation or symbols, a non-empty match key).
std::vector<std::pair<size_t, size_t>> SlowPositionedTokens(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t line_begin = 0;
  while (line_begin <= text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    for (const text::Token& t : text::Tokenize(text.substr(line_begin, line_end - line_begin))) {
      if (t.kind == text::TokenKind::kPunctuation || t.kind == text::TokenKind::kSymbol) continue;
      if (text::MatchKey(t.surface).empty()) continue;
      out.emplace_back(line_begin + t.byte_begin, line_begin + t.byte_end);
    }
    line_begin = line_end + 1;
  }
  return out;
}

// PositionedTokens takes plain Arabic words without text::Tokenize (a fast path) and stops inside
// a line: the same spans as the slow way on random texts made of what sits next to Arabic words
// (marks, tatweel, joiners, digits, Latin, punctuation, URLs, odd spaces, emoji), on every prefix
// (cut inside UTF-8 sequences too, as a body inflated in parts is) and for any max_tokens.
TEST(PositionedTokensTest, FastPathAgreesWithTokenize) {
  // clang-format off
  const std::vector<std::string> pieces = {
      "ا", "ء", "غ", "ف", "ي", "ى", "ة", "أ", "إ", "آ", "ؤ", "ئ", "ػ", "ؿ", "ـ", "َ", "ّ", "ٔ",
      "ٟ", "ٰ", "١", "٢", "\u200c", "\u200d", "\u200f", " ", " ", " ", " ", "  ", "\t", "\u00a0",
      "\n", "،", ".", ",", "؛", ":", "«", "»", "(", ")", "-", "/", "#", "@", "_", "'", "\"", "!",
      "؟", "a", "Z", "5", "0", "http://", "www.", ".com", "x@y.org", "😀", "👍🏽", "$", "%",
      "\xD8", "\xD9\xA1", "ﻻ", "ی", "ک", "پ", "\u0660", "\u0610", "\u0615", "\u061a", "\u060d",
      "\u066b", "\u066c", "٪", "_", "[", "]", "'", "…", ";", "?", "!!", "...", "?!", "#مصر", "@x"};
  // clang-format on
  uint32_t seed = 12345;
  auto next = [&seed](uint32_t n) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
  };
  size_t compared = 0, fast_words = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    const int length = 1 + static_cast<int>(next(40));
    for (int i = 0; i < length; ++i) {
      // Mostly plain words of letters (the fast path), between the other pieces.
      if (next(3) != 0) {
        const int letters = 1 + static_cast<int>(next(6));
        for (int j = 0; j < letters; ++j) text += pieces[next(12)];
        text += next(4) == 0 ? pieces[12 + next(static_cast<uint32_t>(pieces.size()) - 12)] : " ";
      } else {
        text += pieces[next(static_cast<uint32_t>(pieces.size()))];
      }
    }
    for (size_t cut :
         {text.size(), static_cast<size_t>(next(static_cast<uint32_t>(text.size()) + 1))}) {
      const std::string_view prefix = std::string_view(text).substr(0, cut);
      const auto expected = SlowPositionedTokens(prefix);
      std::vector<std::pair<size_t, size_t>> got;
      for (const TokenSpan& span : PositionedTokens(prefix, 0))
        got.emplace_back(span.begin, span.end);
      ASSERT_EQ(got, expected) << prefix;
      const size_t max_tokens = 1 + next(static_cast<uint32_t>(expected.size()) + 2);
      got.clear();
      for (const TokenSpan& span : PositionedTokens(prefix, max_tokens)) {
        got.emplace_back(span.begin, span.end);
      }
      ASSERT_EQ(got.size(), std::min(max_tokens, expected.size())) << prefix;
      ASSERT_TRUE(std::equal(got.begin(), got.end(), expected.begin())) << prefix;
      ++compared;
    }
    for (const auto& [begin, end] : SlowPositionedTokens(text)) {
      fast_words += text[begin] != '\xD8' && text[begin] != '\xD9' ? 0 : 1;
    }
  }
  EXPECT_EQ(compared, 3000u);
  EXPECT_GT(fast_words, 10000u);  // the texts did exercise the fast path
}

// The fast path's word loop steps four characters at a time (8 bytes) where it can: every byte
// pair at every one of those four places, after and before plain letters (so each pair is read by
// the 8-byte step and by the 2-byte one), gives the slow way's spans.
TEST(PositionedTokensTest, FourCharacterStepAgreesWithTokenize) {
  const std::string letter = "\xD8\xA8";  // U+0628
  size_t compared = 0;
  for (int lead : {0xD8, 0xD9, 0xD7, 0xDA, 0xDB, 0x99, 0x58, 0x59, 0x20, 0x00}) {
    for (int second = 0; second < 256; ++second) {
      const std::string pair{static_cast<char>(lead), static_cast<char>(second)};
      for (int before = 1; before <= 6; ++before) {
        std::string text;
        for (int i = 0; i < before; ++i) text += letter;
        text += pair;
        for (int i = 0; i < 5; ++i) text += letter;
        text += " " + letter + letter;
        std::vector<std::pair<size_t, size_t>> got;
        for (const TokenSpan& span : PositionedTokens(text, 0)) {
          got.emplace_back(span.begin, span.end);
        }
        ASSERT_EQ(got, SlowPositionedTokens(text)) << lead << " " << second << " " << before;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 10u * 256 * 6);
}

class Db {
 public:
  explicit Db(const std::string& path = ":memory:") {
    sqlite3_open(path.c_str(), &db_);
    EXPECT_TRUE(RegisterKhabarTokenizer(db_).ok());
    EXPECT_TRUE(RegisterFtsFunctions(db_).ok());
    Exec("CREATE VIRTUAL TABLE IF NOT EXISTS t USING fts5(title, body, tokenize='khabar')");
  }
  ~Db() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
  }
  void Insert(const std::string& title, const std::string& body) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, "INSERT INTO t(title, body) VALUES (?1, ?2)", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, title.data(), static_cast<int>(title.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  sqlite3* get() const { return db_; }
  // Column 0 of `sql` with ?1 = match for every row, in rowid order.
  std::vector<std::string> Column(const std::string& sql, const std::string& match) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    sqlite3_bind_text(st, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* v = sqlite3_column_text(st, 0);
      out.emplace_back(v ? reinterpret_cast<const char*>(v) : "");
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST(KhabarBm25Test, EqualsFts5Bm25) {
  Db db;
  db.Insert("الوزارة تعلن خطة", "قالت الوزارة إن الخطة تبدأ غدا. والوزارات الأخرى تتابع.");
  db.Insert("مباراة كرة القدم", "انتهت المباراة بفوز الفريق، وقالت وزارة الرياضة إنها راضية.");
  db.Insert("خبر ثالث",
            "لا علاقة له بالموضوع سوى كلمة الخطة مرة واحدة في نص أطول بكثير من غيره "
            "حتى يختلف طول المستند عن المتوسط كما ينبغي في اختبار كهذا.");
  int search_id = 0;  // new for every search (fts_functions.h)
  for (const std::string match :
       {"\"وزاره\"", "\"خطه\"", "\"وزاره\" AND \"خطه\"", "\"وزاره\" OR \"مباراه\""}) {
    const auto fts5 = db.Column("SELECT bm25(t, 3.0, 1.0) FROM t WHERE t MATCH ?1", match);
    const auto ours = db.Column("SELECT khabar_bm25(t, " + std::to_string(++search_id) +
                                    ", 3.0, 1.0) FROM t WHERE t MATCH ?1",
                                match);
    ASSERT_EQ(ours.size(), fts5.size()) << match;
    ASSERT_FALSE(ours.empty()) << match;
    for (size_t i = 0; i < ours.size(); ++i) {
      EXPECT_NEAR(std::stod(ours[i]), std::stod(fts5[i]), 1e-9) << match;
    }
  }
}

// khabar_bm25 keeps the documents' token counts between searches (DocSizeCache): a document whose
// length changed, by this connection or by another one, must be scored with its new length.
TEST(KhabarBm25Test, DocumentSizesFollowChanges) {
  const std::string path = ::testing::TempDir() + "khabar_fts_functions_test_" +
                           std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                           ".db";
  std::remove(path.c_str());
  Db db(path), other(path);
  db.Insert("الوزارة تعلن خطة", "قالت الوزارة إن الخطة تبدأ غدا.");
  db.Insert("وزارة أخرى", "الوزارة وحدها هنا");
  db.Insert("خبر ثالث", "لا شيء يخص الموضوع هنا أبدا");
  int search_id = 0;
  auto expect_equal_to_fts5 = [&](Db& on, const std::string& where) {
    const std::string match = "\"وزاره\"";
    const auto fts5 = on.Column("SELECT bm25(t, 3.0, 1.0) FROM t WHERE t MATCH ?1", match);
    const auto ours = on.Column("SELECT khabar_bm25(t, " + std::to_string(++search_id) +
                                    ", 3.0, 1.0) FROM t WHERE t MATCH ?1",
                                match);
    ASSERT_EQ(ours.size(), fts5.size()) << where;
    for (size_t i = 0; i < ours.size(); ++i) {
      EXPECT_NEAR(std::stod(ours[i]), std::stod(fts5[i]), 1e-9) << where << " row " << i;
    }
  };
  expect_equal_to_fts5(db, "first search");
  expect_equal_to_fts5(db, "cached sizes");
  db.Exec("UPDATE t SET body = body || ' ' || body || ' نص أطول بكثير من قبل' WHERE rowid = 1");
  expect_equal_to_fts5(db, "after this connection's update");
  other.Exec("UPDATE t SET body = 'الوزارة' WHERE rowid = 2");
  expect_equal_to_fts5(db, "after another connection's update");
  other.Exec("DELETE FROM t WHERE rowid = 1");
  other.Insert("الوزارة", "الوزارة الوزارة الوزارة في نص جديد تماما وأطول من سابقه بكثير جدا");
  expect_equal_to_fts5(db, "after another connection's delete and insert");
  std::remove(path.c_str());
}

TEST(KhabarMarkTest, MarksTheMatchesAsWrittenAndCutsAWindow) {
  Db db;
  std::string body = "بداية النص ";
  for (int i = 0; i < 60; ++i) body += "كلمة ";
  body += "ثم أعلنت الوزارة خطتها الجديدة.\nوفي سطر آخر كلام كثير لا يهم هنا أبدا ولا يعني شيئا";
  for (int i = 0; i < 60; ++i) body += " ذيل";
  db.Insert("الوزارة تعلن خطة جديدة", body);
  const auto title = db.Column("SELECT khabar_mark(t, 0, 0) FROM t WHERE t MATCH ?1", "\"وزاره\"");
  ASSERT_EQ(title.size(), 1u);
  EXPECT_EQ(title[0], "\x02الوزارة\x03 تعلن خطة جديدة");
  const auto snippet =
      db.Column("SELECT khabar_mark(t, 1, 12) FROM t WHERE t MATCH ?1", "\"وزاره\" \"خطه\"");
  ASSERT_EQ(snippet.size(), 1u);
  // Four words of context before the first match, both phrases marked, cut at both ends, the line
  // break inside the window a space.
  EXPECT_EQ(snippet[0],
            "…كلمة كلمة ثم أعلنت \x02الوزارة\x03 \x02خطتها\x03 الجديدة. وفي سطر آخر كلام كثير…");
  // A phrase is marked as a whole; no match in the body: its start.
  const auto phrase =
      db.Column("SELECT khabar_mark(t, 1, 6) FROM t WHERE t MATCH ?1", "\"وزاره\" + \"خطه\"");
  ASSERT_EQ(phrase.size(), 1u);
  EXPECT_NE(phrase[0].find("\x02الوزارة خطتها\x03"), std::string::npos) << phrase[0];
  const auto none = db.Column("SELECT khabar_mark(t, 1, 3) FROM t WHERE t MATCH ?1", "title:تعلن");
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0], "بداية النص كلمة…");
}

// The matches khabar_bm25 captures for a search's rows mark the title and the snippet exactly as
// khabar_mark does on the same rows (search.cc marks its page from them).
// A prefix of the column marks like the whole column whenever MarkColumn says it is enough, and it
// says so once the prefix reaches a little past the window.
TEST(KhabarMarkTest, PrefixesMarkLikeTheWholeColumn) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += (i % 17 == 0 ? "\n" : "") + std::string(i % 3 ? "قالت الوزارة " : "في 2024 ") +
            std::to_string(i * 31) + (i % 5 ? " " : "، ");
  }
  int decided = 0;
  for (int first : {0, 40, 150, 2000}) {
    const std::vector<PhraseMatch> matches = {{0, first, first}, {1, first + 2, first + 3}};
    std::vector<PhraseMatch> all = matches;
    const std::string whole = MarkColumn(text, &all, 32);
    bool enough_seen = false;
    for (size_t n = 0; n <= text.size(); ++n) {  // every cut, inside words and UTF-8 sequences
      std::vector<PhraseMatch> m = matches;
      bool enough = false;
      const std::string marked = MarkColumn(text.substr(0, n), &m, 32, &enough);
      if (enough) {
        EXPECT_EQ(marked, whole) << first << " " << n;
        ++decided;
        enough_seen = true;
      } else {
        EXPECT_FALSE(enough_seen) << "a longer prefix stopped being enough: " << n;
      }
    }
  }
  EXPECT_GT(decided, 100);
}

// A growing text's snippet is MarkColumn's: decided at the first prefix MarkColumn finds enough,
// or at the whole text; the incremental tokenizer agrees with PositionedTokens on every prefix.
TEST(KhabarMarkTest, GrowingSnippetsMarkLikeMarkColumn) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += (i % 17 == 0 ? "\n" : "") + std::string(i % 3 ? "قالت الوزارة " : "في 2024 ") +
            std::to_string(i * 31) + (i % 5 ? " " : "، ");
  }
  for (const std::string& t : kTexts) text += "\n" + t;
  for (int first : {0, 40, 150, 2000}) {
    // Two phrases at one position (their order decides the mark), and a two-word phrase.
    const std::vector<PhraseMatch> matches = {
        {0, first, first}, {1, first + 2, first + 3}, {2, first + 2, first + 2}};
    for (size_t step : {size_t{1}, size_t{13}, size_t{200}}) {
      GrowingSnippet snippet(matches, 32);
      PositionedTokenizer tokenizer;
      bool decided = false;
      for (size_t n = 0; !decided; n = std::min(n + step, text.size())) {
        const std::string_view prefix = std::string_view(text).substr(0, std::min(n, text.size()));
        tokenizer.Extend(prefix, 40);
        const std::vector<TokenSpan> expected = PositionedTokens(prefix, 40);
        ASSERT_EQ(tokenizer.spans().size(), expected.size()) << n;
        for (size_t i = 0; i < expected.size(); ++i) {
          EXPECT_EQ(tokenizer.spans()[i].begin, expected[i].begin);
          EXPECT_EQ(tokenizer.spans()[i].end, expected[i].end);
        }
        std::vector<PhraseMatch> m = matches;
        bool enough = false;
        const bool complete = n >= text.size();
        const std::string marked = MarkColumn(prefix, &m, 32, complete ? nullptr : &enough);
        decided = snippet.Update(prefix, complete);
        EXPECT_EQ(decided, complete || enough) << first << " " << n;
        if (decided) {
          EXPECT_EQ(snippet.Take(), marked) << first << " " << n;
        }
      }
      EXPECT_TRUE(decided);
    }
  }
}

TEST(KhabarMarkTest, CapturedMatchesMarkAsKhabarMark) {
  Db db;
  std::string long_body = "بداية النص ";
  for (int i = 0; i < 50; ++i) long_body += "كلمة ";
  long_body += "ثم أعلنت الوزارة خطتها.\nوقالت الوزارة إن الخطة الجديدة تبدأ غدا، والوزارات تتابع.";
  db.Insert("الوزارة تعلن خطة جديدة", long_body);
  db.Insert("خطة الوزارة", "الوزارة (أ ش أ) - قالت الوزارة: «الخطة» 2024... خطة ثانية للوزارة");
  db.Insert("لا شيء", "لا علاقة لهذا النص بالموضوع سوى الخطة");
  db.Insert("", "");
  int64_t search_id = 100;
  size_t compared = 0;
  for (const std::string match : {"\"وزاره\"", "\"وزاره\" \"خطه\"", "\"وزاره\" + \"خطه\"",
                                  "\"خطه\" OR \"نص\"", "title:\"خطه\""}) {
    for (const int64_t id : {++search_id, -(++search_id)}) {  // a negative id captures too
      sqlite3_stmt* st = nullptr;
      ASSERT_EQ(
          sqlite3_prepare_v2(db.get(),
                             ("SELECT rowid, title, body, khabar_bm25(t, " + std::to_string(id) +
                              ", 3.0, 1.0), khabar_mark(t, 0, 0), khabar_mark(t, 1, 12)"
                              " FROM t WHERE t MATCH ?1 ORDER BY rowid DESC")
                                 .c_str(),
                             -1, &st, nullptr),
          SQLITE_OK);
      sqlite3_bind_text(st, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
      struct Row {
        int64_t rowid;
        std::string title, body, title_mark, body_mark;
      };
      std::vector<Row> rows;
      auto text = [&](int i) {
        const unsigned char* v = sqlite3_column_text(st, i);
        return std::string(v ? reinterpret_cast<const char*>(v) : "");
      };
      while (sqlite3_step(st) == SQLITE_ROW) {
        rows.push_back({sqlite3_column_int64(st, 0), text(1), text(2), text(4), text(5)});
      }
      sqlite3_finalize(st);
      ASSERT_FALSE(rows.empty()) << match;
      for (const Row& row : rows) {
        std::vector<PhraseMatch> title, body;
        ASSERT_TRUE(CapturedMatches(id, row.rowid, 0, &title)) << match;
        ASSERT_TRUE(CapturedMatches(-id, row.rowid, 1, &body)) << match;
        EXPECT_EQ(MarkColumn(row.title, &title, 0), row.title_mark) << match;
        EXPECT_EQ(MarkColumn(row.body, &body, 12), row.body_mark) << match;
        ++compared;
      }
      std::vector<PhraseMatch> none;
      EXPECT_FALSE(CapturedMatches(id, 999, 1, &none));  // a row the search did not score
      EXPECT_FALSE(CapturedMatches(id + 1000, rows[0].rowid, 1, &none));  // another search
    }
  }
  EXPECT_GT(compared, 10u);
  // A new search drops the previous one's matches.
  db.Column("SELECT khabar_bm25(t, 7777, 3.0, 1.0) FROM t WHERE t MATCH ?1", "\"خطه\"");
  std::vector<PhraseMatch> stale;
  EXPECT_FALSE(CapturedMatches(search_id, 1, 1, &stale));
  EXPECT_TRUE(CapturedMatches(7777, 1, 1, &stale));
}

// FTS5's instance list of the current row as "phrase:column:offset ..." (test_inst(t)).
void InstFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int,
                  sqlite3_value**) {
  int count = 0;
  api->xInstCount(fts, &count);
  std::string out;
  for (int i = 0; i < count; ++i) {
    int phrase = 0, column = 0, offset = 0;
    api->xInst(fts, i, &phrase, &column, &offset);
    out +=
        std::to_string(phrase) + ":" + std::to_string(column) + ":" + std::to_string(offset) + " ";
  }
  sqlite3_result_text(ctx, out.c_str(), -1, SQLITE_TRANSIENT);
}

// khabar_bm25 reads each phrase's positions (xPhraseFirst) instead of FTS5's instance list (xInst):
// its scores are FTS5's bm25() (to rounding: FTS5 orders the arithmetic differently), and
// CapturedMatches
// gives a column's matches in the instance list's order, phrases at the same offset included
// (their order decides which one a mark takes).
TEST(KhabarBm25Test, PhrasePositionsGiveTheInstanceList) {
  Db db;
  fts5_api* fts5 = GetFts5Api(db.get());
  ASSERT_NE(fts5, nullptr);
  ASSERT_EQ(fts5->xCreateFunction(fts5, "test_inst", nullptr, InstFunction, nullptr), SQLITE_OK);
  db.Insert("الوزارة تعلن خطة الوزارة", "قالت الوزارة إن خطة الوزارة تبدأ.\nوالوزارات تتابع الخطة");
  db.Insert("خطة", "الوزارة الوزارة الوزارة خطة خطة");
  db.Insert("لا شيء", "نص آخر عن الوزير");
  int64_t search_id = 5000;
  size_t compared = 0;
  for (const std::string match : {"\"وزاره\"", "\"وزاره\" OR \"وزار\" *", "\"وزار\" * OR \"وزاره\"",
                                  "\"خطه\" \"وزاره\"", "\"وزاره\" OR \"خطه\" OR \"وزاره\"",
                                  "\"وزاره خطه\" OR \"خطه\"", "body:\"وزاره\" OR \"خطه\""}) {
    ++search_id;
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.get(),
                                 ("SELECT rowid, khabar_bm25(t, " + std::to_string(search_id) +
                                  ", 3.0, 1.0), bm25(t, 3.0, 1.0), test_inst(t) FROM t"
                                  " WHERE t MATCH ?1 ORDER BY rowid DESC")
                                     .c_str(),
                                 -1, &st, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db.get());
    sqlite3_bind_text(st, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      ++rows;
      const int64_t rowid = sqlite3_column_int64(st, 0);
      EXPECT_DOUBLE_EQ(sqlite3_column_double(st, 1), sqlite3_column_double(st, 2)) << match;
      std::string captured;
      for (int column : {0, 1}) {
        std::vector<PhraseMatch> matches;
        ASSERT_TRUE(CapturedMatches(search_id, rowid, column, &matches)) << match;
        for (const PhraseMatch& m : matches) {
          captured += std::to_string(m.phrase) + ":" + std::to_string(column) + ":" +
                      std::to_string(m.first) + " ";
        }
      }
      EXPECT_EQ(captured, reinterpret_cast<const char*>(sqlite3_column_text(st, 3))) << match;
      ++compared;
    }
    sqlite3_finalize(st);
    EXPECT_GT(rows, 0) << match;
  }
  EXPECT_GT(compared, 12u);
}

// A connection whose document-size lookups reach a sixteenth of the rows loads every size from the
// docsize table at once (LoadDocumentSizes); the loaded sizes score like FTS5's own, for the rows
// the first searches never looked up too, and are dropped when the table changes.
TEST(KhabarBm25Test, LoadedDocumentSizesScoreLikeFts5) {
  Db db;
  db.Exec("BEGIN");
  for (int i = 0; i < 300; ++i) {
    std::string body = i % 2 == 0 ? "الوزارة " : "المباراة ";
    for (int w = 0; w < (i * 7) % 200; ++w) body += "كلمة" + std::to_string(w % 13) + " ";
    db.Insert(i % 3 == 0 ? "خبر عن الوزارة" : "خبر", body);
  }
  db.Exec("COMMIT");
  int search_id = 500;
  auto expect_fts5_scores = [&](const std::string& match, const std::string& where) {
    const auto fts5 = db.Column("SELECT bm25(t, 3.0, 1.0) FROM t WHERE t MATCH ?1", match);
    const auto ours = db.Column("SELECT khabar_bm25(t, " + std::to_string(++search_id) +
                                    ", 3.0, 1.0) FROM t WHERE t MATCH ?1",
                                match);
    ASSERT_EQ(ours.size(), fts5.size()) << where;
    ASSERT_FALSE(ours.empty()) << where;
    for (size_t i = 0; i < ours.size(); ++i) {
      EXPECT_NEAR(std::stod(ours[i]), std::stod(fts5[i]), 1e-9) << where << " row " << i;
    }
  };
  db.Exec("BEGIN");                                         // one read snapshot, as in a search
  expect_fts5_scores("\"وزاره\"", "looked up one by one");  // 150 lookups: over 300 / 16
  EXPECT_FALSE(DocumentSizesLoaded(db.get()));
  ASSERT_TRUE(LoadDocumentSizes(db.get(), "t").ok());
  EXPECT_TRUE(DocumentSizesLoaded(db.get()));
  db.Exec("COMMIT");
  expect_fts5_scores("\"مباراه\"", "loaded, rows never looked up");
  expect_fts5_scores("\"خبر\"", "loaded, every row");
  db.Exec("UPDATE t SET body = body || ' ' || body WHERE rowid % 5 = 0");
  expect_fts5_scores("\"خبر\"", "after a change");
  EXPECT_FALSE(DocumentSizesLoaded(db.get()));
}

// Every (column, offset) step of a phrase's positions through xPhraseNext and through
// NextPhrasePosition, as "column:offset ..." (test_steps(t, use_ours)).
void StepsFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int,
                   sqlite3_value** argv) {
  const bool ours = sqlite3_value_int(argv[0]) != 0;
  std::string out;
  for (int phrase = 0; phrase < api->xPhraseCount(fts); ++phrase) {
    Fts5PhraseIter it;
    int column = 0, offset = 0;
    api->xPhraseFirst(fts, phrase, &it, &column, &offset);
    for (; column >= 0; ours ? NextPhrasePosition(&it, &column, &offset)
                             : api->xPhraseNext(fts, &it, &column, &offset)) {
      out += std::to_string(column) + ":" + std::to_string(offset) + " ";
    }
    out += "| ";
  }
  sqlite3_result_text(ctx, out.c_str(), -1, SQLITE_TRANSIENT);
}

// khabar_bm25 steps through position lists itself (NextPhrasePosition): the steps must be
// xPhraseNext's, for offsets of one to three varint bytes (past 127 and 16,383 words), matches in
// both columns and several phrases.
TEST(KhabarBm25Test, NextPhrasePositionStepsLikeXPhraseNext) {
  Db db;
  fts5_api* fts5 = GetFts5Api(db.get());
  ASSERT_NE(fts5, nullptr);
  ASSERT_EQ(fts5->xCreateFunction(fts5, "test_steps", nullptr, StepsFunction, nullptr), SQLITE_OK);
  db.Exec("BEGIN");
  for (int i = 0; i < 40; ++i) {
    std::string body;
    const int words = i < 4 ? 17000 + i * 1000 : 30 + (i * 37) % 400;
    for (int w = 0; w < words; ++w) {
      // A rare word at 5, 300 and past 16,383 words: position deltas of one, two and three bytes.
      body += i < 4 && (w == 5 || w == 300 || w == 16900 + i) ? "السفارة "
              : (w * 31 + i) % 97 == 0                        ? "الوزارة "
              : (w * 17 + i) % 53 == 0                        ? "خطة "
                                                              : "كلمة ";
      if (w % 60 == 59) body += "\n";
    }
    db.Insert(i % 3 == 0 ? "الوزارة تعلن خطة الوزارة" : "خبر عن خطة", body);
  }
  db.Exec("COMMIT");
  size_t rows = 0;
  for (const std::string match :
       {"\"وزاره\"", "\"خطه\"", "\"وزاره\" OR \"خطه\"", "\"وزاره\" AND \"خطه\"", "\"وزاره كلمه\"",
        "\"سفاره\"", "\"سفاره\" OR \"وزاره\""}) {
    const auto theirs = db.Column("SELECT test_steps(t, 0) FROM t WHERE t MATCH ?1", match);
    const auto ours = db.Column("SELECT test_steps(t, 1) FROM t WHERE t MATCH ?1", match);
    ASSERT_FALSE(theirs.empty()) << match;
    EXPECT_EQ(ours, theirs) << match;
    rows += theirs.size();
  }
  EXPECT_GT(rows, 100u);
  // The rare word's steps (one, two and three varint bytes) were among them.
  const auto rare = db.Column("SELECT test_steps(t, 1) FROM t WHERE t MATCH ?1", "\"سفاره\"");
  ASSERT_EQ(rare.size(), 4u);
  EXPECT_EQ(rare[3], "1:5 1:300 1:16903 | ");
}

// khabar_bm25_rows keeps each row's rowid and score (ScoredRowsOf): the rows and scores
// khabar_bm25 returns, in the walk's order, whichever way the index is walked, and the window
// statement that returns no row keeps the same.
TEST(KhabarBm25Test, ScoredRowsAreWhatKhabarBm25Returns) {
  Db db;
  db.Exec("BEGIN");
  for (int i = 0; i < 120; ++i) {
    std::string body = i % 2 == 0 ? "قالت الوزارة " : "المباراة ";
    for (int w = 0; w < (i * 7) % 90; ++w) body += (w % 9 == 0 ? "خطة " : "كلمة ");
    db.Insert(i % 3 == 0 ? "خبر عن الوزارة" : "خبر", body);
  }
  db.Exec("COMMIT");
  int64_t search_id = 7000;
  for (const std::string match : {"\"وزاره\"", "\"وزاره\" AND \"خطه\"", "\"خطه\" OR \"مباراه\""}) {
    for (const std::string order : {"DESC", "ASC"}) {
      for (int64_t sign : {1, -1}) {
        const int64_t id = sign * ++search_id;
        sqlite3_stmt* st = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(
                      db.get(),
                      ("SELECT rowid, khabar_bm25(t, " + std::to_string(id) +
                       ", 3.0, 1.0) FROM t WHERE t MATCH ?1 ORDER BY rowid " + order + " LIMIT 50")
                          .c_str(),
                      -1, &st, nullptr),
                  SQLITE_OK);
        sqlite3_bind_text(st, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
        std::vector<std::pair<int64_t, double>> expected;
        while (sqlite3_step(st) == SQLITE_ROW) {
          expected.emplace_back(sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1));
        }
        sqlite3_finalize(st);
        ASSERT_FALSE(expected.empty()) << match;
        const int64_t rows_id = sign * ++search_id;
        const auto none =
            db.Column("SELECT 1 FROM (SELECT khabar_bm25_rows(t, " + std::to_string(rows_id) +
                          ", 3.0, 1.0) AS s FROM t WHERE t MATCH ?1 ORDER BY rowid " + order +
                          " LIMIT 50) WHERE s IS NULL",
                      match);
        EXPECT_TRUE(none.empty());
        const std::vector<ScoredRow>* kept = ScoredRowsOf(rows_id);
        ASSERT_NE(kept, nullptr) << match;
        ASSERT_EQ(kept->size(), expected.size()) << match << " " << order;
        for (size_t i = 0; i < expected.size(); ++i) {
          EXPECT_EQ((*kept)[i].rowid, expected[i].first) << match << " " << order;
          EXPECT_EQ((*kept)[i].score, expected[i].second) << match << " " << order;
        }
        EXPECT_EQ(ScoredRowsOf(rows_id + sign), nullptr);  // another search's rows: none
        // The page's matches are captured for rows walked upwards too.
        std::vector<PhraseMatch> matches;
        for (const auto& [rowid, score] : expected) {
          EXPECT_TRUE(CapturedMatches(rows_id, rowid, 1, &matches)) << match << " " << order;
        }
      }
    }
  }
}

}  // namespace
}  // namespace khabar::store

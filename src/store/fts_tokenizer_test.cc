#include "store/fts_tokenizer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "khabar/dedupe.h"
#include "khabar/store.h"
#include "store/vocabulary.h"

namespace khabar::store {
namespace {

// An in-memory database with the khabar tokenizer and one FTS5 table plus its vocabulary.
class Db {
 public:
  Db() {
    sqlite3_open(":memory:", &db_);
    EXPECT_TRUE(RegisterKhabarTokenizer(db_).ok());
    Exec(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='khabar');"
        "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');");
  }
  ~Db() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
  }
  void Insert(const std::string& text) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, "INSERT INTO t(body) VALUES (?1)", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  // Every indexed (term, offset) as "term@offset".
  std::vector<std::string> Instances() {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, "SELECT term, offset FROM v ORDER BY doc, offset, term", -1, &st,
                       nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      out.push_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) + "@" +
                    std::to_string(sqlite3_column_int(st, 1)));
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

const std::string kText = "أعلنت الوزارة، في بيان لها، أن وزارتها والوزارات الأخرى ستعمل 24 ساعة.";

TEST(PretokenizedTest, ReplayIndexesExactlyWhatAnalysisIndexes) {
  Db analyzed, replayed;
  analyzed.Insert(kText);
  const PretokenizedText prepared = Pretokenize(kText);
  ASSERT_FALSE(prepared.tokens.empty());
  {
    ScopedPretokenized scope(&prepared, nullptr);
    replayed.Insert(kText);
  }
  EXPECT_EQ(analyzed.Instances(), replayed.Instances());
  EXPECT_GT(analyzed.Instances().size(), 10u);
}

TEST(PretokenizedTest, ReplaysOnlyTheTextItWasMadeFrom) {
  PretokenizedText marked = Pretokenize(kText);
  marked.terms.replace(marked.tokens[0].term_begin, marked.tokens[0].term_size,
                       std::string(marked.tokens[0].term_size, 'x'));
  const std::string marker(marked.tokens[0].term_size, 'x');
  Db db;
  {
    ScopedPretokenized scope(&marked, nullptr);
    db.Insert(kText);             // replayed: the marker term is indexed
    db.Insert(kText + " إضافة");  // another text: analyzed, no marker
  }
  db.Insert(kText);  // out of scope: analyzed
  int markers = 0;
  for (const std::string& i : db.Instances()) markers += i.rfind(marker + "@", 0) == 0;
  EXPECT_EQ(markers, 1);
}

TEST(PretokenizedTest, PreparedPutSearchesLikePlainPut) {
  ArticleRecord r;
  r.id = "id-1";
  r.source.path = "a.txt";
  r.title = "الوزارة تعلن خطة";
  r.paragraphs = {kText, "فقرة ثانية عن أمريكا."};
  char dir[] = "/tmp/fts_tokenizer_testXXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::vector<std::string> found[2];
  for (int prepared = 0; prepared < 2; ++prepared) {
    const std::string path = std::string(dir) + "/c" + std::to_string(prepared) + ".db";
    auto c = Corpus::Open(path);
    ASSERT_TRUE(c.ok());
    auto p = Corpus::Prepare(r);
    ASSERT_EQ(*(*c)->Put(r, prepared ? p.get() : nullptr), PutOutcome::kInserted);
    for (const char* q : {"وزارة", "امريكا", "\"في بيان\"", "وزار*"}) {
      auto res = (*c)->Search({.text = q});
      ASSERT_TRUE(res.ok()) << q;
      found[prepared].push_back(std::to_string(res->total) +
                                (res->hits.empty() ? "" : res->hits[0].snippet));
    }
    std::remove(path.c_str());
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
  }
  rmdir(dir);
  EXPECT_EQ(found[0], found[1]);
  EXPECT_EQ(found[0][0].substr(0, 1), "1");
}

TEST(PretokenizeTest, TheSameAnalysisGivesTheShingles) {
  const dedupe::MinHasher& hasher = dedupe::MinHasher::Default();
  for (const std::string& text : {kText, std::string(), std::string("24 ساعة."),
                                  std::string("#وسم @حساب https://example.com/x وزارة")}) {
    dedupe::ShingleBuilder shingles(hasher);
    const PretokenizedText with = Pretokenize(text, &shingles);
    const PretokenizedText without = Pretokenize(text);
    EXPECT_EQ(with.terms, without.terms);
    ASSERT_EQ(with.tokens.size(), without.tokens.size());
    for (size_t i = 0; i < with.tokens.size(); ++i) {
      EXPECT_EQ(with.tokens[i].begin, without.tokens[i].begin);
      EXPECT_EQ(with.tokens[i].end, without.tokens[i].end);
    }
    EXPECT_EQ(shingles.Finish(), hasher.Shingles(text)) << text;
  }
}

TEST(PretokenizeTest, DistinctTermSetHoldsTheDistinctTermsInFirstSeenOrder) {
  const PretokenizedText title = Pretokenize("الوزارة تعلن"), body = Pretokenize(kText);
  const TermSet set = DistinctTermSet({&title, &body});
  std::vector<std::string> terms, first_seen;
  std::set<std::string> seen;
  for (const PretokenizedText* text : {&title, &body}) {
    for (const PretokenizedText::Token& t : text->tokens) {
      std::string term = text->terms.substr(t.term_begin, t.term_size);
      if (seen.insert(term).second) first_seen.push_back(term);
    }
  }
  for (size_t i = 0; i < set.size(); ++i) {
    terms.emplace_back(set.term(i));
    EXPECT_EQ(set.hash(i), TermHash(set.term(i)));
  }
  EXPECT_EQ(terms, first_seen);
  std::sort(terms.begin(), terms.end());
  EXPECT_EQ(terms, DistinctTerms({&title, &body}));
  const PretokenizedText empty = Pretokenize("");
  EXPECT_TRUE(DistinctTermSet({&empty}).empty());
}

// The writer's counts are exact: more terms than one upsert statement takes, articles sharing
// terms, terms already stored, and a dropped batch.
TEST(VocabularyWriterTest, CountsEveryTermOfEveryArticle) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, kVocabularySchema, nullptr, nullptr, nullptr), SQLITE_OK);
  Result<std::unique_ptr<VocabularyWriter>> writer = VocabularyWriter::Create(db);
  ASSERT_TRUE(writer.ok());
  std::map<std::string, int64_t> expected;
  auto add = [&](int first, int count, bool with_hashes) {
    std::vector<std::string> terms;
    std::vector<uint64_t> hashes;
    for (int i = first; i < first + count; ++i) {
      terms.push_back("كلمة" + std::to_string(i));
      hashes.push_back(TermHash(terms.back()));
      ++expected[terms.back()];
    }
    if (first % 3 == 0) {  // every third article as a TermSet
      TermSet set;
      for (size_t i = 0; i < terms.size(); ++i) set.Append(terms[i], hashes[i]);
      (*writer)->Add(set);
    } else {
      (*writer)->Add(terms, with_hashes ? &hashes : nullptr);
    }
  };
  add(99999, 5000, true);  // first, as one TermSet: the table grows several times before it
  for (int article = 0; article < 300; ++article) add(article * 7, 100, article % 2 == 0);
  ASSERT_TRUE((*writer)->Flush().ok());
  add(5, 3 * VocabularyWriter::kUpsertRows + 5, true);  // already stored, and new ones
  ASSERT_TRUE((*writer)->Flush().ok());
  (*writer)->Add({"كلمة1", "غائبة"});
  (*writer)->Drop();
  ASSERT_TRUE((*writer)->Flush().ok());
  std::map<std::string, int64_t> stored;
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT term, articles FROM vocabulary", -1, &st, nullptr),
            SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) {
    stored[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  writer->reset();
  sqlite3_close(db);
  EXPECT_EQ(stored, expected);
}

}  // namespace
}  // namespace khabar::store

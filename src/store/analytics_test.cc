#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "khabar/dedupe.h"
#include "khabar/store.h"
#include "khabar/text.h"
#include "store/entity_index.h"
#include "store/fts_tokenizer.h"
#include "store/record_codec.h"
#include "store/schema_test_util.h"

namespace khabar::store {
namespace {

namespace fs = std::filesystem;

EntityMention M(size_t paragraph, std::string text, std::string type, std::string id) {
  EntityMention m;
  m.paragraph = paragraph;
  m.begin = 0;
  m.end = 3;
  m.text = std::move(text);
  m.type = std::move(type);
  m.id = std::move(id);
  m.label_en = m.id == "NIL" ? "" : "Label " + m.id;
  m.qid = m.id == "NIL" ? "" : "Q" + std::to_string(m.id.size());
  m.confidence = 0.9;
  m.source = "model";
  return m;
}

ArticleRecord Article(std::string path, std::string site, std::string published,
                      std::vector<EntityMention> mentions) {
  ArticleRecord r;
  r.source.path = path;
  r.source.site = std::move(site);
  r.id = "id-" + path;
  r.title = "عنوان " + path;
  r.published = std::move(published);
  r.paragraphs = {"فقرة أولى عن الموضوع " + path, "فقرة ثانية فيها تفاصيل أخرى"};
  r.entities = std::move(mentions);
  for (const EntityMention& m : r.entities) {
    auto it = std::find_if(r.entity_counts.begin(), r.entity_counts.end(),
                           [&](const EntityCount& c) { return c.id == m.id && c.text == m.text; });
    if (it == r.entity_counts.end()) {
      r.entity_counts.push_back({m.id, m.text, m.type, m.label_en, m.qid, 1});
    } else {
      ++it->count;
    }
  }
  return r;
}

class AnalyticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("khabar_analytics_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "corpus.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Corpus> Open(OpenOptions options = {}) {
    auto c = Corpus::Open(path_, options);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(*c) : nullptr;
  }

  // Six articles: Egypt in 5, Sisi in 3 (always with Egypt), Cairo in 2, one NIL person written two
  // ways, one article without entities.
  void Fill(Corpus& c) {
    ASSERT_TRUE(c.BeginBatch().ok());
    const ArticleRecord records[] = {
        Article(
            "a", "ahram.org.eg", "2022-02-11T18:20+02:00",
            {M(0, "مصر", "LOC", "EG"), M(1, "السيسي", "PERS", "sisi"), M(1, "مصر", "LOC", "EG")}),
        Article("b", "ahram.org.eg", "2022-02-12T09:00",
                {M(0, "مصر", "LOC", "EG"), M(0, "السيسي", "PERS", "sisi"),
                 M(1, "القاهرة", "LOC", "cairo")}),
        Article("c", "youm7.com", "2022-02-20",
                {M(1, "مصر", "LOC", "EG"), M(1, "السيسي", "PERS", "sisi"),
                 M(0, "أحمد الفلاني", "PERS", "NIL")}),
        Article("d", "youm7.com", "2022-03-05T10:00",
                {M(0, "مصر", "LOC", "EG"), M(0, "القاهرة", "LOC", "cairo"),
                 M(1, "احمد الفلانى", "PERS", "NIL")}),
        Article("e", "alarabiya.net", "2022-03-06", {M(0, "مصر", "LOC", "EG")}),
        Article("f", "alarabiya.net", "2022-04", {}),
    };
    for (const ArticleRecord& r : records) {
      auto outcome = c.Put(r);
      ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
      EXPECT_EQ(*outcome, PutOutcome::kInserted);
    }
    ASSERT_TRUE(c.CommitBatch().ok());
  }

  fs::path dir_;
  std::string path_;
};

const EntityStat* Find(const std::vector<EntityStat>& v, std::string_view id) {
  for (const EntityStat& e : v) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

TEST_F(AnalyticsTest, TopEntitiesWholeCorpusAndFiltered) {
  auto c = Open();
  Fill(*c);
  auto top = c->TopEntities({});
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  ASSERT_EQ(top->size(), 4u);
  EXPECT_EQ((*top)[0].id, "EG");
  EXPECT_EQ((*top)[0].articles, 5);
  EXPECT_EQ((*top)[0].mentions, 6);
  EXPECT_EQ((*top)[0].type, "LOC");
  EXPECT_EQ((*top)[0].label_en, "Label EG");
  EXPECT_EQ((*top)[1].id, "sisi");
  EXPECT_EQ((*top)[1].articles, 3);
  // The NIL person written two ways (hamza, final ya) is one entity under a stable key.
  const EntityStat* nil = Find(*top, "NIL:PERS:احمد الفلاني");
  ASSERT_NE(nil, nullptr);
  EXPECT_EQ(nil->articles, 2);
  EXPECT_EQ(nil->name_ar, "أحمد الفلاني");
  // Ties (2 articles each, of different types): the newest entity first, as an index scan gave.
  EXPECT_EQ((*top)[2].id, "NIL:PERS:احمد الفلاني");
  EXPECT_EQ((*top)[3].id, "cairo");
  StatsQuery three;
  three.limit = 3;
  top = c->TopEntities(three);
  ASSERT_TRUE(top.ok());
  ASSERT_EQ(top->size(), 3u);
  EXPECT_EQ((*top)[2].id, "NIL:PERS:احمد الفلاني");

  StatsQuery people;
  people.type = "PERS";
  top = c->TopEntities(people);
  ASSERT_TRUE(top.ok());
  ASSERT_EQ(top->size(), 2u);
  EXPECT_EQ((*top)[0].id, "sisi");

  StatsQuery march;
  march.from = "2022-03";
  march.to = "2022-03";
  top = c->TopEntities(march);
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  ASSERT_FALSE(top->empty());
  EXPECT_EQ((*top)[0].id, "EG");
  EXPECT_EQ((*top)[0].articles, 2);
  EXPECT_EQ(Find(*top, "sisi"), nullptr);

  StatsQuery youm7;
  youm7.sources = {"youm7.com"};
  top = c->TopEntities(youm7);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(Find(*top, "EG")->articles, 2);
  EXPECT_EQ(Find(*top, "cairo")->articles, 1);

  StatsQuery bad;
  bad.type = "PLANET";
  EXPECT_EQ(c->TopEntities(bad).status().code(), Status::Code::kInvalidArgument);
  bad = {};
  bad.limit = 0;
  EXPECT_EQ(c->TopEntities(bad).status().code(), Status::Code::kInvalidArgument);
  bad = {};
  bad.entity = "nobody";
  EXPECT_EQ(c->TopEntities(bad).status().code(), Status::Code::kNotFound);
}

TEST_F(AnalyticsTest, CountsTimelinesAndSources) {
  auto c = Open();
  Fill(*c);
  StatsQuery q;
  q.granularity = Granularity::kMonth;
  auto months = c->ArticleCounts(q);
  ASSERT_TRUE(months.ok()) << months.status().ToString();
  ASSERT_EQ(months->size(), 3u);
  EXPECT_EQ((*months)[0].period, "2022-02");
  EXPECT_EQ((*months)[0].count, 3);
  EXPECT_EQ((*months)[1].period, "2022-03");
  EXPECT_EQ((*months)[2].period, "2022-04");  // month-precision date counts by month
  q.granularity = Granularity::kDay;
  auto days = c->ArticleCounts(q);
  ASSERT_TRUE(days.ok());
  ASSERT_EQ(days->size(), 5u);  // "2022-04" is not a day
  EXPECT_EQ(days->front().period, "2022-02-11");
  q.limit = 2;  // the most recent periods
  days = c->ArticleCounts(q);
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[0].period, "2022-03-05");
  EXPECT_EQ((*days)[1].period, "2022-03-06");
  q = {};
  q.granularity = Granularity::kWeek;  // Monday-based: 11 and 12 Feb 2022 fall in the week of 7 Feb
  auto weeks = c->ArticleCounts(q);
  ASSERT_TRUE(weeks.ok());
  ASSERT_FALSE(weeks->empty());
  EXPECT_EQ((*weeks)[0].period, "2022-02-07");
  EXPECT_EQ((*weeks)[0].count, 2);

  q = {};
  q.granularity = Granularity::kMonth;
  auto sisi = c->EntityTimeline("sisi", q);
  ASSERT_TRUE(sisi.ok());
  ASSERT_EQ(sisi->size(), 1u);
  EXPECT_EQ((*sisi)[0].count, 3);
  q.entity = "cairo";  // ArticleCounts with an entity = its timeline
  auto cairo = c->ArticleCounts(q);
  ASSERT_TRUE(cairo.ok());
  ASSERT_EQ(cairo->size(), 2u);
  EXPECT_EQ(c->EntityTimeline("nobody", {}).status().code(), Status::Code::kNotFound);

  auto sources = c->SourceCounts({});
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 3u);
  EXPECT_EQ((*sources)[0].count, 2);
  StatsQuery eg;
  eg.entity = "sisi";
  sources = c->SourceCounts(eg);
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0].site, "ahram.org.eg");
  EXPECT_EQ((*sources)[0].count, 2);
  StatsQuery feb;
  feb.from = "2022-02-12";
  feb.to = "2022-02-28";
  sources = c->SourceCounts(feb);
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0].count + (*sources)[1].count, 2);

  auto profile = c->Entity("EG");
  ASSERT_TRUE(profile.ok());
  EXPECT_EQ(profile->entity.articles, 5);
  EXPECT_EQ(profile->first_seen, "2022-02-11");
  EXPECT_EQ(profile->last_seen, "2022-03-06");
  EXPECT_EQ(c->Entity("nobody").status().code(), Status::Code::kNotFound);
}

TEST_F(AnalyticsTest, CoMentionedWithPmi) {
  auto c = Open();
  Fill(*c);
  auto co = c->CoMentioned("sisi", {});
  ASSERT_TRUE(co.ok()) << co.status().ToString();
  ASSERT_FALSE(co->empty());
  EXPECT_EQ((*co)[0].entity.id, "EG");
  EXPECT_EQ((*co)[0].count, 3);
  // log2((3/3) / (5/5)): 5 articles have entities, Egypt is in all of them.
  EXPECT_NEAR((*co)[0].pmi, std::log2((3.0 / 3) / (5.0 / 5)), 1e-9);
  bool nil = false;
  for (const CoMention& m : *co) {
    if (m.entity.id == "NIL:PERS:احمد الفلاني") {
      nil = true;
      EXPECT_EQ(m.count, 1);
      EXPECT_NEAR(m.pmi, std::log2((1.0 / 3) / (2.0 / 5)), 1e-9);
    }
  }
  EXPECT_TRUE(nil);
  StatsQuery q;
  q.min_count = 2;
  co = c->CoMentioned("sisi", q);
  ASSERT_TRUE(co.ok());
  ASSERT_EQ(co->size(), 1u);
  q = {};
  q.rank_by_pmi = true;
  co = c->CoMentioned("cairo", q);
  ASSERT_TRUE(co.ok());
  ASSERT_GE(co->size(), 2u);
  EXPECT_GE((*co)[0].pmi, (*co)[1].pmi);
  EXPECT_EQ(c->CoMentioned("nobody", {}).status().code(), Status::Code::kNotFound);
}

TEST_F(AnalyticsTest, ReplacingAnArticleMovesItsCounts) {
  auto c = Open();
  Fill(*c);
  ArticleRecord again = Article("e", "alarabiya.net", "2022-03-06", {M(0, "مصر", "LOC", "EG")});
  EXPECT_EQ(*c->Put(again), PutOutcome::kUnchanged);
  ArticleRecord changed =
      Article("e", "alarabiya.net", "2022-03-06", {M(0, "القاهرة", "LOC", "cairo")});
  changed.id = "id-e-2";
  EXPECT_EQ(*c->Put(changed), PutOutcome::kUpdated);
  EXPECT_EQ(c->Entity("EG")->entity.articles, 4);
  EXPECT_EQ(c->Entity("cairo")->entity.articles, 3);
  // Get returns the stored entities.
  auto got = c->Get("id-e-2");
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->entities.size(), 1u);
  EXPECT_EQ(got->entities[0].id, "cairo");
  ASSERT_EQ(got->entity_counts.size(), 1u);
  // Stored again without entities (--no-entities): its mentions go.
  ArticleRecord bare = changed;
  bare.id = "id-e-3";
  bare.entities.clear();
  bare.entity_counts.clear();
  EXPECT_EQ(*c->Put(bare), PutOutcome::kUpdated);
  EXPECT_EQ(c->Entity("cairo")->entity.articles, 2);
  auto top = c->TopEntities({});
  EXPECT_EQ(Find(*top, "cairo")->articles, 2);
}

TEST_F(AnalyticsTest, NilEntitiesFollowTheDocumentsCounts) {
  auto c = Open();
  // The recognizer joined the partial name to the full one: one count row, written in full.
  ArticleRecord r = Article("p", "example.com", "2022-05-01",
                            {M(0, "ديديه ياكونان", "PERS", "NIL"), M(1, "ياكونان", "PERS", "NIL")});
  r.entity_counts = {{"NIL", "ديديه ياكونان", "PERS", "", "", 2}};
  ASSERT_TRUE(c->Put(r).ok());
  auto top = c->TopEntities({});
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  ASSERT_EQ(top->size(), 1u);
  EXPECT_EQ((*top)[0].id, "NIL:PERS:" + text::MatchKey("ديديه ياكونان"));
  EXPECT_EQ((*top)[0].mentions, 2);
  // Without counts (records from elsewhere), mentions group by their text.
  ArticleRecord bare =
      Article("q", "example.com", "2022-05-02",
              {M(0, "ديديه ياكونان", "PERS", "NIL"), M(1, "ياكونان", "PERS", "NIL")});
  bare.entity_counts.clear();
  ASSERT_TRUE(c->Put(bare).ok());
  top = c->TopEntities({});
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->size(), 2u);
}

// The headline's mentions (ArticleRecord::title_entities) count as the article's: in the totals,
// the facets and search by entity, from the record's counts or, without counts, from the mentions.
TEST_F(AnalyticsTest, HeadlineMentionsAreCounted) {
  auto c = Open();
  ArticleRecord r = Article("t", "example.com", "2022-05-01", {M(0, "مصر", "LOC", "EG")});
  r.title_entities = {M(0, "بوتين", "PERS", "putin")};
  r.entity_counts = {{"EG", "مصر", "LOC", "Label EG", "Q2", 1},
                     {"putin", "بوتين", "PERS", "Label putin", "Q5", 1}};
  ArticleRecord bare = Article("u", "example.com", "2022-05-02", {M(1, "مصر", "LOC", "EG")});
  bare.title_entities = {M(0, "بوتين", "PERS", "putin"), M(0, "كريم", "PERS", "NIL")};
  bare.entity_counts.clear();
  ASSERT_TRUE(c->Put(r).ok());
  ASSERT_TRUE(c->Put(bare).ok());
  auto top = c->TopEntities({});
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  ASSERT_NE(Find(*top, "putin"), nullptr);
  EXPECT_EQ(Find(*top, "putin")->articles, 2);
  EXPECT_EQ(Find(*top, "putin")->mentions, 2);
  ASSERT_NE(Find(*top, "NIL:PERS:" + text::MatchKey("كريم")), nullptr);
  SearchQuery q;
  q.entities = {"putin"};
  q.facets = true;
  auto found = c->Search(q);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->total, 2u);
  ASSERT_NE(Find(found->top_entities, "putin"), nullptr);
  EXPECT_EQ(Find(found->top_entities, "putin")->articles, 2);
  // Get returns them.
  auto back = c->Get("id-t");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->title_entities.size(), 1u);
  EXPECT_EQ(back->title_entities[0].id, "putin");
}

// Search by an entity the article names only in its headline marks it there (the snippet, the
// first paragraph, has nothing to mark); a NIL entity's shorter headline form counts as it.
TEST_F(AnalyticsTest, SearchByEntityMarksTheHeadline) {
  auto c = Open();
  ArticleRecord r = Article("h", "example.com", "2022-05-01", {M(1, "مصر", "LOC", "EG")});
  r.title = "بوتين يلتقي الزهراني في موسكو";
  EntityMention putin = M(0, "بوتين", "PERS", "putin");
  putin.begin = 0;
  putin.end = 5;
  EntityMention partial = M(0, "الزهراني", "PERS", "NIL");
  partial.begin = 12;
  partial.end = 20;
  r.title_entities = {putin, partial};
  EntityMention full = M(1, "كريم الزهراني", "PERS", "NIL");
  full.begin = 11;
  full.end = 24;
  r.paragraphs[1] = "فقرة ثانية كريم الزهراني يتحدث";
  r.entities.push_back(full);
  r.entity_counts = {{"EG", "مصر", "LOC", "Label EG", "Q2", 1},
                     {"putin", "بوتين", "PERS", "Label putin", "Q5", 1},
                     {"NIL", "كريم الزهراني", "PERS", "", "", 2}};
  ASSERT_TRUE(c->Put(r).ok());
  const std::string b(kHighlightBegin), e(kHighlightEnd);
  SearchQuery q;
  q.entities = {"putin"};
  auto found = c->Search(q);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].title, b + "بوتين" + e + " يلتقي الزهراني في موسكو");
  EXPECT_EQ(found->hits[0].snippet, r.paragraphs[0]);  // nothing to mark in the body
  q.entities = {"NIL:PERS:" + text::MatchKey("كريم الزهراني")};
  found = c->Search(q);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].title, "بوتين يلتقي " + b + "الزهراني" + e + " في موسكو");
  EXPECT_EQ(found->hits[0].snippet, "فقرة ثانية " + b + "كريم الزهراني" + e + " يتحدث");
  q.entities = {"EG"};  // a body entity: the headline as it is
  found = c->Search(q);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].title, r.title);
}

// A NIL entity's shorter mentions count as it (a headline's family name), but the body's snippet
// is around its full name where the body writes it: a word it shares with another NIL person
// (كريم, a friend) named earlier is no mention of it.
TEST_F(AnalyticsTest, SearchByNilEntityPrefersItsFullName) {
  auto c = Open();
  ArticleRecord r = Article("k", "example.com", "2022-05-01", {M(1, "مصر", "LOC", "EG")});
  r.paragraphs[1] = "التقى كريم بصديقه كريم الزهراني أمس";
  EntityMention friend_of = M(1, "كريم", "PERS", "NIL");
  friend_of.begin = 6;
  friend_of.end = 10;
  EntityMention full = M(1, "كريم الزهراني", "PERS", "NIL");
  full.begin = 18;
  full.end = 31;
  r.entities.push_back(friend_of);
  r.entities.push_back(full);
  r.entity_counts = {{"EG", "مصر", "LOC", "Label EG", "Q2", 1},
                     {"NIL", "كريم", "PERS", "", "", 1},
                     {"NIL", "كريم الزهراني", "PERS", "", "", 1}};
  ASSERT_TRUE(c->Put(r).ok());
  const std::string b(kHighlightBegin), e(kHighlightEnd);
  SearchQuery q;
  q.entities = {"NIL:PERS:" + text::MatchKey("كريم الزهراني")};
  auto found = c->Search(q);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].snippet, "التقى كريم بصديقه " + b + "كريم الزهراني" + e + " أمس");
}

TEST_F(AnalyticsTest, SearchByEntityAndFacets) {
  auto c = Open();
  Fill(*c);
  SearchQuery q;
  q.text = "فقرة";
  q.entities = {"sisi"};
  q.facets = true;
  auto r = c->Search(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 3u);
  EXPECT_EQ(r->facet_sample, 3u);
  ASSERT_FALSE(r->top_entities.empty());
  EXPECT_EQ(r->top_entities[0].id, "EG");
  EXPECT_EQ(r->top_entities[0].articles, 3);
  ASSERT_EQ(r->top_sources.size(), 2u);
  EXPECT_EQ(r->top_sources[0].site, "ahram.org.eg");
  q.entities = {"sisi", "cairo"};  // all must be mentioned
  r = c->Search(q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, "id-b");
  q.entities = {"nobody"};
  r = c->Search(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 0u);

  // No words: the articles mentioning the entity, newest first, with a marked snippet.
  SearchQuery by_entity;
  by_entity.entities = {"cairo"};
  by_entity.facets = true;
  r = c->Search(by_entity);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->hits.size(), 2u);
  EXPECT_EQ(r->total, 2u);
  EXPECT_EQ(r->hits[0].id, "id-d");
  EXPECT_EQ(r->hits[1].id, "id-b");
  EXPECT_NE(r->hits[0].snippet.find(kHighlightBegin), std::string::npos) << r->hits[0].snippet;
  ASSERT_NE(Find(r->top_entities, "cairo"), nullptr);
  EXPECT_EQ(Find(r->top_entities, "cairo")->articles, 2);
  by_entity.from = "2022-03-01";
  r = c->Search(by_entity);
  ASSERT_EQ(r->hits.size(), 1u);
  by_entity.from = "";
  by_entity.sources = {"ahram.org.eg"};
  r = c->Search(by_entity);
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].id, "id-b");
}

// A database made by schema version 1 (the tables as version 1 left them) upgrades in place, and
// ingesting the same articles again with entities fills the new tables.
TEST_F(AnalyticsTest, MigratesVersion1) {
  {
    auto c = Open();
    ASSERT_TRUE(c->BeginBatch().ok());
    ArticleRecord plain = Article("a", "ahram.org.eg", "2022-02-11", {});
    ASSERT_TRUE(c->Put(plain).ok());
    ASSERT_TRUE(c->CommitBatch().ok());
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    test_util::DowngradeToVersion4(db);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE entities; DROP TABLE mentions; DROP TABLE counters;"
                           " DROP TABLE article_entities;"
                           " DROP INDEX articles_published_site;"
                           " CREATE INDEX articles_published ON articles(published);"
                           " DROP TABLE vocabulary; PRAGMA user_version=1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto ro = Corpus::Open(path_, {.read_only = true});
  EXPECT_EQ(ro.status().code(), Status::Code::kUnsupported);
  auto c = Open();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->schema_version(), kSchemaVersion);
  EXPECT_EQ(*c->CountArticles(), 1);
  EXPECT_TRUE(c->TopEntities({})->empty());
  ArticleRecord with_entities =
      Article("a", "ahram.org.eg", "2022-02-11", {M(0, "مصر", "LOC", "EG")});
  EXPECT_EQ(*c->Put(with_entities), PutOutcome::kUpdated);  // same text, entities added
  EXPECT_EQ(*c->Put(with_entities), PutOutcome::kUnchanged);
  EXPECT_EQ(c->Entity("EG")->entity.articles, 1);
  EXPECT_EQ(c->Get("id-a")->entities.size(), 1u);
  SearchQuery q;
  q.text = "فقرة";
  EXPECT_EQ(c->Search(q)->total, 1u);  // the full-text index followed the rewrite
}

namespace v2 {
// Schema version 2 as released, for the migration test: the tables version 3 replaced.
constexpr char kDowngrade[] = R"sql(
CREATE TABLE mentions_v2(
  entity INTEGER NOT NULL, day TEXT NOT NULL, article INTEGER NOT NULL, count INTEGER NOT NULL,
  first_paragraph INTEGER NOT NULL, PRIMARY KEY (entity, day, article)) WITHOUT ROWID;
CREATE TABLE bands_v2(
  band_key INTEGER NOT NULL, article_rowid INTEGER NOT NULL,
  PRIMARY KEY (band_key, article_rowid)) WITHOUT ROWID;
INSERT INTO bands_v2 SELECT band_key & 4294967295, article_rowid FROM lsh_bands;
DROP TABLE lsh_bands;
ALTER TABLE bands_v2 RENAME TO lsh_bands;
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, body)
    VALUES (new.rowid, new.title, khabar_body(new.record));
END;
DROP TRIGGER articles_au;
CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.rowid, old.title, khabar_body(old.record));
  INSERT INTO articles_fts(rowid, title, body)
    VALUES (new.rowid, new.title, khabar_body(new.record));
END;
)sql";
}  // namespace v2

// A database as schema version 2 wrote it (records with their JSON entities, text days, two
// mentions b-trees, unsigned band keys, the insert trigger) upgrades to version 3 keeping every
// article, entity and count, and goes on working (new articles, replacements, near-duplicates).
TEST_F(AnalyticsTest, MigratesVersion2) {
  std::vector<std::string> before;  // every record as Get returned it, as JSON
  {
    auto c = Open();
    Fill(*c);
    for (const char* id : {"id-a", "id-b", "id-c", "id-d", "id-e", "id-f"}) {
      before.push_back(RecordToJson(*c->Get(id)));
    }
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    test_util::DowngradeToVersion4(db);
    ASSERT_TRUE(RegisterKhabarTokenizer(db).ok());
    ASSERT_TRUE(RegisterRecordFunctions(db).ok());
    ASSERT_EQ(sqlite3_exec(db, "BEGIN; PRAGMA user_version=2; DROP TABLE vocabulary;", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, v2::kDowngrade, nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    // mentions in the version 2 layout, from article_entities; records in the version 2 layout.
    sqlite3_stmt* read = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT article, day, entities FROM article_entities", -1,
                                 &read, nullptr),
              SQLITE_OK);
    sqlite3_stmt* write = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT INTO mentions_v2 VALUES (?1, ?2, ?3, ?4, 0)", -1,
                                 &write, nullptr),
              SQLITE_OK);
    while (sqlite3_step(read) == SQLITE_ROW) {
      const std::string blob(static_cast<const char*>(sqlite3_column_blob(read, 2)),
                             sqlite3_column_bytes(read, 2));
      const auto entities = DecodeEntityList(blob);
      ASSERT_TRUE(entities.ok());
      for (const auto& [entity, count] : *entities) {
        sqlite3_reset(write);
        sqlite3_bind_int64(write, 1, entity);
        const std::string day = DayText(sqlite3_column_int64(read, 1));
        sqlite3_bind_text(write, 2, day.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(write, 3, sqlite3_column_int64(read, 0));
        sqlite3_bind_int64(write, 4, count);
        ASSERT_EQ(sqlite3_step(write), SQLITE_DONE) << sqlite3_errmsg(db);
      }
    }
    sqlite3_finalize(read);
    sqlite3_finalize(write);
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT rowid, record FROM articles", -1, &read, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE articles SET record = ?2 WHERE rowid = ?1", -1, &write,
                                 nullptr),
              SQLITE_OK);
    while (sqlite3_step(read) == SQLITE_ROW) {
      const std::string blob(static_cast<const char*>(sqlite3_column_blob(read, 1)),
                             sqlite3_column_bytes(read, 1));
      const std::string old = PackRecordV1(*UnpackRecord(blob));
      sqlite3_reset(write);
      sqlite3_bind_int64(write, 1, sqlite3_column_int64(read, 0));
      sqlite3_bind_blob(write, 2, old.data(), static_cast<int>(old.size()), SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(write), SQLITE_DONE) << sqlite3_errmsg(db);
    }
    sqlite3_finalize(read);
    sqlite3_finalize(write);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE mentions; ALTER TABLE mentions_v2 RENAME TO mentions;"
                           " CREATE INDEX mentions_article ON mentions(article, entity, count);"
                           " DROP TABLE article_entities; COMMIT;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto ro = Corpus::Open(path_, {.read_only = true});
  EXPECT_EQ(ro.status().code(), Status::Code::kUnsupported);
  auto c = Open();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->schema_version(), kSchemaVersion);
  EXPECT_EQ(*c->CountArticles(), 6);
  size_t i = 0;
  for (const char* id : {"id-a", "id-b", "id-c", "id-d", "id-e", "id-f"}) {
    EXPECT_EQ(RecordToJson(*c->Get(id)), before[i++]) << id;
  }
  // Totals, timelines, first and last days, co-mentions and entity search as before.
  auto top = c->TopEntities({});
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(Find(*top, "EG")->articles, 5);
  EXPECT_EQ(Find(*top, "sisi")->mentions, 3);
  EXPECT_EQ(c->Entity("EG")->first_seen, "2022-02-11");
  EXPECT_EQ(c->Entity("EG")->last_seen, "2022-03-06");
  StatsQuery march;
  march.from = "2022-03";
  march.to = "2022-03";
  EXPECT_EQ(Find(*c->TopEntities(march), "EG")->articles, 2);
  EXPECT_EQ(c->CoMentioned("sisi", {})->front().count, 3);
  SearchQuery by_entity;
  by_entity.entities = {"cairo"};
  EXPECT_EQ(c->Search(by_entity)->hits.size(), 2u);
  SearchQuery words;
  words.text = "فقرة";
  words.entities = {"sisi"};
  EXPECT_EQ(c->Search(words)->total, 3u);
  // Replacing an article stored by version 2 moves its counts; new articles are indexed.
  ArticleRecord changed =
      Article("e", "alarabiya.net", "2022-03-06", {M(0, "القاهرة", "LOC", "cairo")});
  changed.id = "id-e-2";
  EXPECT_EQ(*c->Put(changed), PutOutcome::kUpdated);
  EXPECT_EQ(c->Entity("EG")->entity.articles, 4);
  EXPECT_EQ(c->Entity("cairo")->entity.articles, 3);
  ArticleRecord copy = Article("g", "youm7.com", "2022-05-01", {M(0, "مصر", "LOC", "EG")});
  copy.paragraphs = {"فقرة جديدة تماما عن موضوع آخر يكتب لأول مرة في هذا الاختبار"};
  EXPECT_EQ(*c->Put(copy), PutOutcome::kInserted);
  words.entities = {};
  words.text = "الاختبار";
  EXPECT_EQ(c->Search(words)->total, 1u);
  EXPECT_EQ(c->Entity("EG")->entity.articles, 5);
}

// One integer from `sql` on a separate connection (the corpus keeps its handle private).
int64_t Count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    n = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// The rows of the entity tables, as text, from a separate connection.
std::string EntityTables(const std::string& path) {
  return test_util::QueryRowsAsText(
      path, {"SELECT rowid, id, type, label_en, qid, name_ar, articles, mentions FROM entities"
             " ORDER BY rowid",
             "SELECT entity, day, article FROM mentions ORDER BY 1, 2, 3",
             "SELECT article, day, hex(entities) FROM article_entities ORDER BY 1",
             "SELECT name, value FROM counters ORDER BY 1"});
}

// The writer keeps a batch's new entity rows, its totals and its mentions in memory until
// CommitBatch (EntityIndex::Flush). The same articles stored one Put per transaction, in one batch
// and in two give the same rows: articles replaced inside the batch (their first mentions never
// reach the table), entities first seen without a label that a later mention fills in, an entity
// only the replaced version mentioned (its totals go back to zero), and stored entities next to
// new ones.
TEST_F(AnalyticsTest, BatchedEntityRowsEqualUnbatchedOnes) {
  const auto articles = [] {
    std::vector<ArticleRecord> v;
    v.push_back(Article("a", "ahram.org.eg", "2022-02-11",
                        {M(0, "مصر", "LOC", "EG"), M(1, "أحمد الفلاني", "PERS", "NIL")}));
    v.push_back(Article("b", "youm7.com", "2022-02-12",
                        {M(0, "القاهرة", "LOC", "cairo"), M(0, "مصر", "LOC", "EG")}));
    ArticleRecord unlabelled =
        Article("c", "youm7.com", "2022-02-13", {M(0, "السيسي", "PERS", "sisi")});
    unlabelled.entities[0].label_en.clear();
    unlabelled.entity_counts[0].label_en.clear();
    v.push_back(unlabelled);
    v.push_back(Article("d", "youm7.com", "2022-02-14", {M(0, "السيسي", "PERS", "sisi")}));
    ArticleRecord a2 = Article("a", "ahram.org.eg", "2022-03-01",
                               {M(0, "مصر", "LOC", "EG"), M(1, "بيروت", "LOC", "beirut")});
    a2.id = "id-a-2";
    v.push_back(a2);
    ArticleRecord b2 = Article("b", "youm7.com", "2022-02-12", {M(0, "مصر", "LOC", "EG")});
    b2.id = "id-b-2";
    v.push_back(b2);
    ArticleRecord a3 =
        Article("a", "ahram.org.eg", "2022-03-02", {M(0, "دمشق", "LOC", "damascus")});
    a3.id = "id-a-3";
    v.push_back(a3);
    v.push_back(Article("e", "alarabiya.net", "2022-04-01",
                        {M(0, "مصر", "LOC", "EG"), M(0, "القاهرة", "LOC", "cairo"),
                         M(1, "السيسي", "PERS", "sisi"), M(1, "بيروت", "LOC", "beirut")}));
    return v;
  }();
  // Two stored articles first (their own transaction), then the rest.
  const auto store = [&](const std::string& path, size_t batch) {
    auto c = Corpus::Open(path);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE((*c)->Put(Article("z", "x.com", "2021-01-01", {M(0, "مصر", "LOC", "EG")})).ok());
    ASSERT_TRUE(
        (*c)->Put(Article("y", "x.com", "2021-01-02", {M(0, "دمشق", "LOC", "damascus")})).ok());
    size_t in_batch = 0;
    for (const ArticleRecord& r : articles) {
      if (batch > 0 && in_batch == 0) ASSERT_TRUE((*c)->BeginBatch().ok());
      auto outcome = (*c)->Put(r);
      ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
      if (batch > 0 && ++in_batch == batch) {
        ASSERT_TRUE((*c)->CommitBatch().ok());
        in_batch = 0;
      }
    }
    if (in_batch > 0) ASSERT_TRUE((*c)->CommitBatch().ok());
  };
  const std::string unbatched = (dir_ / "unbatched.db").string();
  store(unbatched, 0);
  const std::string expected = EntityTables(unbatched);
  for (size_t batch : {articles.size(), size_t{5}}) {
    const std::string path = (dir_ / ("batch" + std::to_string(batch) + ".db")).string();
    store(path, batch);
    EXPECT_EQ(EntityTables(path), expected) << "batches of " << batch;
  }
  // And the rows are the ones the articles ask for.
  auto c = Corpus::Open(unbatched);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->Entity("EG")->entity.articles, 3);  // z, a2 -> a3 (no), b2, e
  EXPECT_EQ((*c)->Entity("cairo")->entity.articles, 1);
  EXPECT_EQ((*c)->Entity("beirut")->entity.articles, 1);
  EXPECT_EQ((*c)->Entity("damascus")->entity.articles, 2);
  EXPECT_EQ((*c)->Entity("sisi")->entity.articles, 3);
  EXPECT_EQ((*c)->Entity("sisi")->entity.label_en, "Label sisi");  // filled in by a later mention
  EXPECT_EQ((*c)->Entity("NIL:PERS:" + text::MatchKey("أحمد الفلاني"))->entity.articles, 0);
  EXPECT_EQ(Count(unbatched, "SELECT count(*) FROM mentions"), 10);
}

// A database as schema version 3 wrote it (records in the KR2 layout without the preset
// dictionary, 64 band keys per article, no vocabulary) upgrades to version 4 keeping every record
// and answer; its articles are still found as near-duplicates, and replacing one forgets all 64 of
// its keys (new articles store dedupe::kStoredBands).
TEST_F(AnalyticsTest, MigratesVersion3) {
  const char* const ids[] = {"id-a", "id-b", "id-c", "id-d", "id-e", "id-f", "id-g"};
  std::vector<std::string> before;   // every record as Get returned it, as JSON
  std::vector<std::string> answers;  // analytics answers, printed
  auto print = [](const std::vector<EntityStat>& v) {
    std::string out;
    for (const EntityStat& e : v) {
      out += e.id + "/" + e.type + "/" + e.label_en + "/" + e.qid + "/" + e.name_ar + "/" +
             std::to_string(e.articles) + "/" + std::to_string(e.mentions) + ";";
    }
    return out;
  };
  auto ask = [&](Corpus& c) {
    std::vector<std::string> out;
    StatsQuery march;
    march.from = "2022-03";
    march.to = "2022-03";
    auto top = c.TopEntities({});
    auto top_march = c.TopEntities(march);
    auto co = c.CoMentioned("EG", {});
    auto timeline = c.EntityTimeline("EG", {});
    EXPECT_TRUE(top.ok() && top_march.ok() && co.ok() && timeline.ok());
    if (!top.ok() || !top_march.ok() || !co.ok() || !timeline.ok()) return out;
    out.push_back(print(*top));
    out.push_back(print(*top_march));
    for (const CoMention& m : *co) {
      out.push_back(m.entity.id + " " + std::to_string(m.count) + " " + std::to_string(m.pmi));
    }
    for (const TimeBucket& b : *timeline) out.push_back(b.period + " " + std::to_string(b.count));
    SearchQuery words;
    words.text = "تفاصيل";
    words.entities = {"EG"};
    auto found = c.Search(words);
    EXPECT_TRUE(found.ok());
    if (found.ok()) {
      for (const SearchHit& h : found->hits) out.push_back(h.id + " " + h.snippet);
    }
    const Result<EntityProfile> p = c.Entity("NIL:PERS:احمد الفلاني");
    out.push_back(p.ok() ? p->entity.name_ar + " " + p->first_seen + " " + p->last_seen
                         : p.status().ToString());
    return out;
  };
  // An article long enough for near-duplicate detection, and a copy of it for later.
  const std::string text =
      "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المحافظات الجنوبية تشمل قروضا ميسرة "
      "وبذورا محسنة وتدريبا على أساليب الري الحديثة التي توفر المياه وتزيد الإنتاج خلال الموسم "
      "المقبل بحسب بيان رسمي صدر عن الوزارة بعد اجتماع مطول مع ممثلي الجمعيات الزراعية";
  ArticleRecord original = Article("g", "ahram.org.eg", "2022-02-12", {M(0, "مصر", "LOC", "EG")});
  original.paragraphs = {text, text + " وأضاف البيان أن التنفيذ يبدأ الشهر المقبل"};
  ArticleRecord copy = Article("g-copy", "youm7.com", "2022-02-13", {});
  copy.paragraphs = original.paragraphs;
  {
    auto c = Open();
    Fill(*c);
    ASSERT_EQ(*c->Put(original), PutOutcome::kInserted);
    for (const char* id : ids) before.push_back(RecordToJson(*c->Get(id)));
    answers = ask(*c);
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    test_util::DowngradeToVersion4(db);
    ASSERT_TRUE(RegisterKhabarTokenizer(db).ok());
    ASSERT_TRUE(RegisterRecordFunctions(db).ok());
    ASSERT_EQ(sqlite3_exec(db,
                           "BEGIN; PRAGMA user_version=3; DROP TABLE vocabulary;"
                           " CREATE INDEX entities_top ON entities(articles);",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_stmt* read = nullptr;
    sqlite3_stmt* write = nullptr;
    sqlite3_stmt* band = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT rowid, record FROM articles", -1, &read, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE articles SET record = ?2 WHERE rowid = ?1", -1, &write,
                                 nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO lsh_bands VALUES (?1, ?2)", -1, &band,
                                 nullptr),
              SQLITE_OK);
    while (sqlite3_step(read) == SQLITE_ROW) {
      const std::string blob(static_cast<const char*>(sqlite3_column_blob(read, 1)),
                             sqlite3_column_bytes(read, 1));
      const Result<ArticleRecord> record = UnpackRecord(blob);
      ASSERT_TRUE(record.ok());
      const std::string old = PackRecordV2(*record);
      sqlite3_reset(write);
      sqlite3_bind_int64(write, 1, sqlite3_column_int64(read, 0));
      sqlite3_bind_blob(write, 2, old.data(), static_cast<int>(old.size()), SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(write), SQLITE_DONE) << sqlite3_errmsg(db);
      // Version 3 stored every band key (as signed 32-bit values).
      const std::vector<uint64_t> keys =
          dedupe::BandKeys(dedupe::MinHasher::Default().Sign(dedupe::ArticleText(*record)));
      for (uint64_t key : keys) {
        sqlite3_reset(band);
        sqlite3_bind_int64(band, 1, static_cast<int32_t>(static_cast<uint32_t>(key)));
        sqlite3_bind_int64(band, 2, sqlite3_column_int64(read, 0));
        ASSERT_EQ(sqlite3_step(band), SQLITE_DONE) << sqlite3_errmsg(db);
      }
    }
    sqlite3_finalize(read);
    sqlite3_finalize(write);
    sqlite3_finalize(band);
    ASSERT_EQ(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  const int64_t bands = dedupe::kDefaultOptions.bands;
  ASSERT_EQ(Count(path_, "SELECT count(*) FROM lsh_bands"), 7 * bands);
  // zlib headers: 78 5E level 5 without a dictionary (version 3), 78 7D level 4 with one.
  ASSERT_EQ(Count(path_, "SELECT count(*) FROM articles WHERE hex(substr(record, 1, 2)) = '785E'"),
            7);
  auto ro = Corpus::Open(path_, {.read_only = true});
  EXPECT_EQ(ro.status().code(), Status::Code::kUnsupported);
  auto c = Open();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->schema_version(), kSchemaVersion);
  for (size_t i = 0; i < std::size(ids); ++i) {
    EXPECT_EQ(RecordToJson(*c->Get(ids[i])), before[i]) << ids[i];
  }
  EXPECT_EQ(ask(*c), answers);
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM lsh_bands"), 7 * bands);  // nothing lost
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM sqlite_master WHERE name = 'entities_top'"), 0);

  // A copy of an article stored by version 3 is found, and stores kStoredBands keys.
  ASSERT_EQ(*c->Put(copy), PutOutcome::kInserted);
  auto dupes = c->Duplicates("id-g-copy");
  ASSERT_TRUE(dupes.ok());
  ASSERT_EQ(dupes->size(), 1u);
  EXPECT_EQ((*dupes)[0].id, "id-g");
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM lsh_bands"), 7 * bands + dedupe::kStoredBands);
  // The new article's record is a zstd frame (version 6), the others' still zlib streams.
  EXPECT_EQ(Count(path_,
                  "SELECT count(*) FROM articles WHERE hex(substr(record, 1, 4)) = "
                  "'28B52FFD'"),
            1);

  // Replacing an article stored by version 3 forgets all 64 of its keys.
  const std::string g =
      std::to_string(Count(path_, "SELECT rowid FROM articles WHERE doc_key = 'g'"));
  ASSERT_EQ(Count(path_, "SELECT count(*) FROM lsh_bands WHERE article_rowid = " + g), bands);
  ArticleRecord changed = original;
  changed.id = "id-g-2";
  changed.paragraphs = {"نص مختلف تماما عن موضوع آخر كتب لهذا الاختبار وحده دون غيره"};
  EXPECT_EQ(*c->Put(changed), PutOutcome::kUpdated);
  EXPECT_EQ(Count(path_, "SELECT count(*) FROM lsh_bands WHERE article_rowid = " + g),
            dedupe::kStoredBands);
  EXPECT_EQ(c->Entity("EG")->entity.articles, 6);
}

}  // namespace
}  // namespace khabar::store

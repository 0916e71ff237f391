#include "kb/builder.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "khabar/kb.h"

namespace khabar::kb {
namespace {

using internal::KbBuilder;
using internal::KbData;

bool HasAlias(const Entity& e, std::string_view a) {
  return std::find(e.aliases_ar.begin(), e.aliases_ar.end(), a) != e.aliases_ar.end();
}

const Entity* FindIn(const KbData& d, std::string_view id) {
  for (const Entity& e : d.entities)
    if (e.id == id) return &e;
  return nullptr;
}

TEST(ParseKbDateTest, Forms) {
  EXPECT_EQ(*ParseKbDate("2022-02-11"), 20220211);
  EXPECT_EQ(*ParseKbDate("2022-02"), 20220201);
  EXPECT_EQ(*ParseKbDate("2022"), 20220101);
  EXPECT_FALSE(ParseKbDate("22-02-11").ok());
  EXPECT_FALSE(ParseKbDate("2022-13").ok());
  EXPECT_FALSE(ParseKbDate("2022-02-32").ok());
  EXPECT_FALSE(ParseKbDate("yesterday").ok());
  EXPECT_FALSE(ParseKbDate("").ok());
}

TEST(KbBuilderTest, PersonsWithRoles) {
  KbBuilder b;
  b.AddCountry("US", "United States", "country");
  b.AddCountryAlias("US", "بلد US", AliasKind::kName);
  ASSERT_TRUE(b.AddTsv("persons",
                       "# comment\nid\tlabel_en\tqid\tcountry\taliases_ar\tshort_ar\troles\n"
                       "antony_blinken\tAntony Blinken\t\tUS\tأنتوني بلينكن\tبلينكن\t"
                       "foreign_minister@US:2021-01-26:2025-01-20\n",
                       "p.tsv")
                  .ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  const Entity* e = FindIn(d, "antony_blinken");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->type, EntityType::kPer);
  EXPECT_EQ(e->label_ar, "أنتوني بلينكن");
  ASSERT_EQ(e->roles.size(), 1u);
  EXPECT_EQ(e->roles[0].start, 20210126);
  EXPECT_EQ(e->roles[0].end, 20250120);
  EXPECT_TRUE(e->roles[0].Covers(20220211));
  EXPECT_FALSE(e->roles[0].Covers(20250121));
}

TEST(KbBuilderTest, RejectsBadRows) {
  const std::string header = "id\tlabel_en\tqid\tcountry\taliases_ar\troles\n";
  struct Case {
    const char* row;
    const char* want;  // part of the error message
  } cases[] = {
      {"bad id!\tX\t\t\tاسم\t\n", "bad id"},
      {"x\t\t\t\tاسم\t\n", "empty label_en"},
      {"x\tX\tP31\t\tاسم\t\n", "bad qid"},
      {"x\tX\t\t\t\t\n", "no aliases"},
      {"x\tX\t\t\tاسم\thead_of_state\n", "lacks @OF"},
      {"x\tX\t\t\tاسم\thead_of_state@US:2020-01-01:2019-01-01\n", "ends before start"},
      {"x\tX\t\t\tاسم\thead_of_state@US:2020-15-01:\n", "bad date"},
      {"x\tX\t\t\tاسم\t\ty\n", "fields"},
  };
  for (const Case& c : cases) {
    KbBuilder b;
    b.AddCountry("US", "United States", "country");
    b.AddCountryAlias("US", "بلد US", AliasKind::kName);
    Status st = b.AddTsv("persons", header + c.row, "p.tsv");
    ASSERT_FALSE(st.ok()) << c.row;
    EXPECT_NE(st.message().find(c.want), std::string::npos) << st.message();
    EXPECT_NE(st.message().find("p.tsv:2"), std::string::npos) << st.message();
  }
}

TEST(KbBuilderTest, MiscFileDefaultsToMiscAndKeepsAGivenType) {
  // data/kb/misc.tsv: events, awards, currencies... are MISC unless the row says otherwise.
  KbBuilder b;
  ASSERT_TRUE(b.AddTsv("misc",
                       "id\ttype\tsubtype\tlabel_en\taliases_ar\n"
                       "cup\t\ttournament\tA Cup\tكأس المثال\n"
                       "site\tLOC\t\tA Site\tجبل المثال\n",
                       "m.tsv")
                  .ok());
  KbData d;
  ASSERT_TRUE(b.Finish(&d).ok());
  ASSERT_EQ(d.entities.size(), 2u);
  EXPECT_EQ(d.entities[0].type, EntityType::kMisc);
  EXPECT_EQ(d.entities[0].subtype, "tournament");
  EXPECT_EQ(d.entities[1].type, EntityType::kLoc);
  EXPECT_EQ(d.entities[1].subtype, "other");
}

TEST(KbBuilderTest, DuplicatesAndReferencesAreErrors) {
  {
    KbBuilder b;
    Status st = b.AddTsv("orgs", "id\tlabel_en\taliases_ar\nx\tX\tأ ب\nx\tY\tج د\n", "o.tsv");
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find("duplicate id"), std::string::npos);
  }
  {
    KbBuilder b;
    ASSERT_TRUE(
        b.AddTsv("orgs", "id\tlabel_en\tpart_of\taliases_ar\nx\tX\tnowhere\tأ ب\n", "o.tsv").ok());
    KbData d;
    Status st = b.Finish(&d);
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find("nowhere"), std::string::npos);
  }
}

// A misspelt or repeated column is an error at the header's line, not facts dropped in silence;
// blanks around a column name (an editor's) are no part of it.
TEST(KbBuilderTest, UnknownOrRepeatedColumnsAreErrors) {
  {
    KbBuilder b;
    Status st = b.AddTsv("entities",
                         "# my list\nid\ttype\tlabel_en\taliases_ar\trole\n"
                         "w1\tPER\tW One\tيحيى الفلاني\tgovernor@EG:2024:\n",
                         "w.tsv");
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.message().substr(0, 33), "w.tsv:2: unknown column 'role' (c") << st.message();
  }
  {
    KbBuilder b;
    Status st = b.AddTsv(
        "entities", "id\ttype\tlabel_en\taliases_ar\taliases_ar\nw1\tPER\tW\tأ ب\tج د\n", "w.tsv");
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.message(), "w.tsv:1: column 'aliases_ar' twice");
  }
  {
    KbBuilder b;
    ASSERT_TRUE(
        b.AddTsv("entities", "id \ttype\t label_en\taliases_ar \nw1\tPER\tW\tأ ب\n", "w.tsv").ok());
    KbData d;
    ASSERT_TRUE(b.Finish(&d).ok());
    ASSERT_EQ(d.entities.size(), 1u);
    EXPECT_EQ(d.entities[0].label_en, "W");
  }
}

TEST(KbBuilderTest, UserFilesWithBomOrInAnotherEncoding) {
  // A BOM (as Windows editors save UTF-8) is no part of the first column's name.
  {
    KbBuilder b;
    ASSERT_TRUE(
        b.AddTsv("entities",
                 "\xEF\xBB\xBFid\ttype\tlabel_en\taliases_ar\nw1\tPER\tW One\tيحيى الفلاني\n",
                 "bom.tsv")
            .ok());
    KbData d;
    ASSERT_TRUE(b.Finish(&d).ok());
    ASSERT_NE(FindIn(d, "w1"), nullptr);
    EXPECT_TRUE(HasAlias(*FindIn(d, "w1"), "يحيى الفلاني"));
  }
  // Windows-1256 bytes (يحيى) would load as aliases that match nothing: an error at the row.
  {
    KbBuilder b;
    Status st = b.AddTsv(
        "entities", "id\ttype\tlabel_en\taliases_ar\nw1\tPER\tW One\t\xED\xCD\xED\xEC\n", "cp.tsv");
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("cp.tsv:2: not UTF-8"), std::string::npos) << st.message();
  }
}

TEST(KbBuilderTest, ErrorsFoundAtTheEndNameTheRow) {
  {
    KbBuilder b;
    ASSERT_TRUE(b.AddTsv("entities",
                         "id\ttype\tlabel_en\tcountry\taliases_ar\n\nw1\tPER\tW\tZZ\tأ ب\n",
                         "w.tsv")
                    .ok());
    KbData d;
    Status st = b.Finish(&d);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("w.tsv:3: entity 'w1': country 'ZZ'"), std::string::npos)
        << st.message();
  }
  {
    KbBuilder b;
    ASSERT_TRUE(
        b.AddTsv("orgs", "id\tlabel_en\tqid\taliases_ar\nx\tX\tQ5\tأ ب\ny\tY\tQ5\tج د\n", "o.tsv")
            .ok());
    KbData d;
    Status st = b.Finish(&d);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("o.tsv:3: QID Q5"), std::string::npos) << st.message();
  }
}

TEST(KbBuilderTest, DemonymsAreInflected) {
  KbBuilder b;
  b.AddCountry("RU", "Russia", "country");
  b.AddCountryAlias("RU", "بلد RU", AliasKind::kName);
  b.AddCountry("KP", "North Korea", "country");
  b.AddCountryAlias("KP", "بلد KP", AliasKind::kName);
  ASSERT_TRUE(
      b.AddTsv("demonyms", "cc\tmasc\tbroken_plural\nRU\tروسي\tروس\nKP\tكوري شمالي\t\n", "d.tsv")
          .ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  const Entity* ru = FindIn(d, "RU");
  for (const char* form :
       {"روسي", "الروسي", "روسية", "الروسية", "الروسيون", "الروسيين", "روسيات", "الروس"}) {
    EXPECT_TRUE(HasAlias(*ru, form)) << form;
  }
  const Entity* kp = FindIn(d, "KP");
  EXPECT_TRUE(HasAlias(*kp, "الكورية الشمالية"));
  EXPECT_TRUE(HasAlias(*kp, "الكوري الشمالي"));
}

TEST(KbBuilderTest, CommonWordsAreLeftOut) {
  KbBuilder b;
  b.AddCountry("ML", "Mali", "country");
  b.AddCountryAlias("ML", "مالي", AliasKind::kName);
  b.AddCountry("TR", "Turkey", "country");
  b.AddCountryAlias("TR", "تركيا", AliasKind::kName);
  ASSERT_TRUE(
      b.AddTsv("countries", "cc\taliases_ar\tdrop_aliases\nML\tجمهورية مالي\tمالي\n", "c.tsv")
          .ok());
  ASSERT_TRUE(
      b.AddTsv("demonyms", "cc\tmasc\tbroken_plural\tskip\nTR\tتركي\tأتراك\tتركي\n", "d.tsv").ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  EXPECT_FALSE(HasAlias(*FindIn(d, "ML"), "مالي"));  // "financial"
  EXPECT_TRUE(HasAlias(*FindIn(d, "ML"), "جمهورية مالي"));
  EXPECT_FALSE(HasAlias(*FindIn(d, "TR"), "تركي"));  // a given name
  EXPECT_TRUE(HasAlias(*FindIn(d, "TR"), "التركي"));
  EXPECT_TRUE(HasAlias(*FindIn(d, "TR"), "الأتراك"));
}

TEST(KbBuilderTest, CountryNamesThatAreWordsAreTagged) {
  // tagged_ar: an ICU name that is also a word (مالي "financial") stays, as kind kTagged.
  KbBuilder b;
  b.AddCountry("ML", "Mali", "country");
  b.AddCountryAlias("ML", "مالي", AliasKind::kName);
  ASSERT_TRUE(b.AddTsv("countries", "cc\taliases_ar\ttagged_ar\nML\tجمهورية مالي\tمالي|دولة مالي\n",
                       "c.tsv")
                  .ok());
  KbData d;
  ASSERT_TRUE(b.Finish(&d).ok());
  const Entity& ml = *FindIn(d, "ML");
  auto kind_of = [&](std::string_view a) {
    for (size_t i = 0; i < ml.aliases_ar.size(); ++i)
      if (ml.aliases_ar[i] == a) return static_cast<int>(ml.alias_kinds[i]);
    return -1;
  };
  EXPECT_EQ(kind_of("مالي"), static_cast<int>(AliasKind::kTagged));
  EXPECT_EQ(kind_of("دولة مالي"), static_cast<int>(AliasKind::kTagged));
  EXPECT_EQ(kind_of("جمهورية مالي"), static_cast<int>(AliasKind::kName));
}

TEST(KbBuilderTest, VariantRules) {
  KbBuilder b;
  b.AddCountry("US", "United States", "country");
  b.AddCountryAlias("US", "بلد US", AliasKind::kName);
  b.AddCountry("EG", "Egypt", "country");
  b.AddCountryAlias("EG", "بلد EG", AliasKind::kName);
  ASSERT_TRUE(b.AddTsv("countries", "cc\tarab_league\nEG\t1\nUS\t\n", "c.tsv").ok());
  ASSERT_TRUE(b.AddTsv("variants",
                       "from\tto\tscope\tsymmetric\nترامب\tترمب\tforeign\tyes\n"
                       "غ\tج\tforeign_names\tyes\nڤ\tف\tall\tno\n",
                       "v.tsv")
                  .ok());
  ASSERT_TRUE(b.AddTsv("persons",
                       "id\tlabel_en\tcountry\taliases_ar\n"
                       "donald_trump\tDonald Trump\tUS\tدونالد ترمب\n"
                       "x\tX\tUS\tغاري ڤان\n"
                       "y\tY\tEG\tغادة\n",
                       "p.tsv")
                  .ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  EXPECT_TRUE(HasAlias(*FindIn(d, "donald_trump"), "دونالد ترامب"));  // symmetric pair
  EXPECT_TRUE(HasAlias(*FindIn(d, "x"), "جاري ڤان"));
  EXPECT_TRUE(HasAlias(*FindIn(d, "x"), "غاري فان"));
  EXPECT_FALSE(HasAlias(*FindIn(d, "y"), "جادة"));  // Arab country: no transliteration rules
}

// A one-letter rule (غ/ج) leaves the Arabic words of a foreign name as they are: a word of an Arab
// state's entity (جمهورية, غرب) is Arabic (session 15: 574 forms such as غمهورية, جرب أوروبا).
TEST(KbBuilderTest, LetterRulesLeaveArabicWordsAlone) {
  KbBuilder b;
  b.AddCountry("GH", "Ghana", "country");
  b.AddCountryAlias("GH", "جمهورية غانا", AliasKind::kName);
  b.AddCountry("EG", "Egypt", "country");
  b.AddCountryAlias("EG", "جمهورية مصر العربية", AliasKind::kName);
  ASSERT_TRUE(b.AddTsv("countries", "cc\tarab_league\nEG\t1\nGH\t\n", "c.tsv").ok());
  ASSERT_TRUE(
      b.AddTsv("variants", "from\tto\tscope\tsymmetric\nغ\tج\tforeign_names\tyes\n", "v.tsv").ok());
  ASSERT_TRUE(b.AddTsv("regions",
                       "id\tcountry\tlabel_en\taliases_ar\tcapital\tcapital_en\tcapital_ar\n"
                       "eg_west\tEG\tWest\tغرب مصر\t\t\t\n",
                       "r.tsv")
                  .ok());
  ASSERT_TRUE(b.AddTsv("places",
                       "id\ttype\tsubtype\tlabel_en\tcountry\taliases_ar\n"
                       "west_europe\tLOC\tregion\tWestern Europe\t\tغرب أوروبا\n",
                       "p.tsv")
                  .ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  const Entity& gh = *FindIn(d, "GH");
  EXPECT_TRUE(HasAlias(gh, "جمهورية جانا"));
  EXPECT_FALSE(HasAlias(gh, "غمهورية غانا"));
  EXPECT_FALSE(HasAlias(gh, "غمهورية جانا"));
  EXPECT_FALSE(HasAlias(*FindIn(d, "west_europe"), "جرب أوروبا"));
}

TEST(KbBuilderTest, VariantRulesReplaceEachOccurrenceAloneToo) {
  KbBuilder b;
  b.AddCountry("SA", "Saudi Arabia", "country");
  b.AddCountryAlias("SA", "بلد SA", AliasKind::kName);
  ASSERT_TRUE(b.AddTsv("countries", "cc\tarab_league\nSA\t1\n", "c.tsv").ok());
  ASSERT_TRUE(
      b.AddTsv("variants", "from\tto\tscope\tsymmetric\nعبد ال\tعبدال\tall\tyes\n", "v.tsv").ok());
  ASSERT_TRUE(b.AddTsv("persons",
                       "id\tlabel_en\tcountry\taliases_ar\n"
                       "k\tK\tSA\tعبد الله بن عبد العزيز\n",
                       "p.tsv")
                  .ok());
  KbData d;
  ASSERT_TRUE(b.Finish(&d).ok());
  const Entity& k = *FindIn(d, "k");
  EXPECT_TRUE(HasAlias(k, "عبدالله بن عبدالعزيز"));   // every occurrence
  EXPECT_TRUE(HasAlias(k, "عبد الله بن عبدالعزيز"));  // news mixes the spellings
  EXPECT_TRUE(HasAlias(k, "عبدالله بن عبد العزيز"));
}

TEST(KbBuilderTest, MinistriesFromPortfolio) {
  KbBuilder b;
  b.AddCountry("US", "United States", "country");
  b.AddCountryAlias("US", "بلد US", AliasKind::kName);
  b.AddCountryAlias("US", "الولايات المتحدة", AliasKind::kName);
  ASSERT_TRUE(b.AddTsv("demonyms", "cc\tmasc\nUS\tأمريكي\n", "d.tsv").ok());
  ASSERT_TRUE(b.AddTsv("orgs",
                       "id\tsubtype\tlabel_en\tcountry\tportfolio_ar\taliases_ar\n"
                       "us_state\tministry\tUS Department of State\tUS\tالخارجية\t\n",
                       "o.tsv")
                  .ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  const Entity* e = FindIn(d, "us_state");
  EXPECT_TRUE(HasAlias(*e, "وزارة الخارجية الأمريكية"));
  EXPECT_TRUE(HasAlias(*e, "الخارجية الأمريكية"));
  EXPECT_TRUE(HasAlias(*e, "وزارة خارجية الولايات المتحدة"));
}

TEST(KbBuilderTest, RegionCapitalsAreCreated) {
  KbBuilder b;
  b.AddCountry("EG", "Egypt", "country");
  b.AddCountryAlias("EG", "بلد EG", AliasKind::kName);
  ASSERT_TRUE(b.AddTsv("regions",
                       "id\tcountry\tlabel_en\taliases_ar\tcapital\tcapital_en\tcapital_ar\n"
                       "eg_dakahlia\tEG\tDakahlia\tمحافظة الدقهلية\tmansoura\tMansoura\tالمنصورة\n",
                       "r.tsv")
                  .ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  const Entity* city = FindIn(d, "mansoura");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->part_of, "eg_dakahlia");
  EXPECT_EQ(city->country, "EG");
  EXPECT_EQ(FindIn(d, "eg_dakahlia")->capital, "mansoura");
}

// Rows added to a base KB are a user's only when the builder is told so: kb_compile's GeoNames
// step extends the team's KB with rows that must not win aliases over it (Entity::from_user).
TEST(KbBuilderTest, RowsOnABaseAreTheUsersOnlyWhenSaid) {
  KbBuilder b;
  b.AddCountry("EG", "Egypt", "country");
  b.AddCountryAlias("EG", "بلد EG", AliasKind::kName);
  KbData base;
  ASSERT_TRUE(b.Finish(&base).ok());
  constexpr std::string_view kRow =
      "id\tsubtype\tlabel_en\tcountry\taliases_ar\nmansoura\tcity\tMansoura\tEG\tالمنصورة\n";
  for (const bool from_user : {false, true}) {
    KbBuilder more(base, /*allow_override=*/false, /*rows_from_user=*/from_user);
    ASSERT_TRUE(more.AddTsv("places", kRow, "p.tsv").ok());
    KbData d;
    Status st = more.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_NE(FindIn(d, "mansoura"), nullptr);
    EXPECT_EQ(FindIn(d, "mansoura")->from_user, from_user);
    EXPECT_FALSE(FindIn(d, "EG")->from_user);
  }
}

TEST(KbBuilderTest, RegionCapitalQidGoesToTheCreatedCapitalOnly) {
  KbBuilder b;
  b.AddCountry("EG", "Egypt", "country");
  b.AddCountryAlias("EG", "بلد EG", AliasKind::kName);
  const std::string header =
      "id\tcountry\tlabel_en\taliases_ar\tcapital\tcapital_en\tcapital_ar\tqid\tcapital_qid\n";
  ASSERT_TRUE(b.AddTsv("regions",
                       header + "eg_dakahlia\tEG\tDakahlia\tمحافظة الدقهلية\tmansoura\tMansoura\t"
                                "المنصورة\t\tQ12345\n",
                       "r.tsv")
                  .ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  ASSERT_NE(FindIn(d, "mansoura"), nullptr);
  EXPECT_EQ(FindIn(d, "mansoura")->qid, "Q12345");
  EXPECT_EQ(FindIn(d, "eg_dakahlia")->qid, "");

  // A malformed id, and a QID for a capital that has a row of its own, are errors.
  KbBuilder bad;
  bad.AddCountry("EG", "Egypt", "country");
  EXPECT_FALSE(bad.AddTsv("regions",
                          header + "eg_giza\tEG\tGiza\tمحافظة الجيزة\tgiza\tGiza\tالجيزة\t\tX1\n",
                          "r.tsv")
                   .ok());
  KbBuilder twice;
  twice.AddCountry("EG", "Egypt", "country");
  ASSERT_TRUE(
      twice.AddTsv("places", "id\tlabel_en\tcountry\taliases_ar\ngiza\tGiza\tEG\tالجيزة\n", "c.tsv")
          .ok());
  EXPECT_FALSE(
      twice
          .AddTsv("regions", header + "eg_giza\tEG\tGiza\tمحافظة الجيزة\tgiza\t\t\t\tQ7\n", "r.tsv")
          .ok());
}

TEST(KbBlobTest, RoundTrip) {
  KbBuilder b;
  b.AddCountry("US", "United States", "country");
  b.AddCountryAlias("US", "بلد US", AliasKind::kName);
  b.AddCountryAlias("US", "أمريكا", AliasKind::kName);
  ASSERT_TRUE(b.AddTsv("titles", "title_ar\trole\nالرئيس\thead_of_state\n", "t.tsv").ok());
  ASSERT_TRUE(
      b.AddTsv("persons",
               "id\tlabel_en\tcountry\taliases_ar\troles\n"
               "joe_biden\tJoe Biden\tUS\tجو بايدن\thead_of_state@US:2021-01-20:2025-01-20\n",
               "p.tsv")
          .ok());
  KbData d;
  {
    Status st = b.Finish(&d);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  std::string blob = internal::SerializeBlob(d);
  Result<KbData> back = internal::ParseBlob(blob);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->entities.size(), d.entities.size());
  EXPECT_EQ(back->entities[1].roles[0].end, 20250120);
  EXPECT_EQ(back->titles.size(), 1u);
  // The derived match keys travel with the blob.
  EXPECT_EQ(back->titles[0].key, internal::MatchKeyOf("الرئيس"));
  EXPECT_EQ(back->alias_keys, d.alias_keys);
  EXPECT_EQ(back->alias_indexed, d.alias_indexed);
  const Entity* biden = FindIn(*back, "joe_biden");
  ASSERT_NE(biden, nullptr);
  EXPECT_EQ(back->alias_keys[biden->index][0], internal::MatchKeyOf("جو بايدن"));
  EXPECT_EQ(back->alias_indexed[biden->index][0], 1);
  // Every truncation is reported, never a crash.
  for (size_t n = 0; n < blob.size(); n += 7) {
    EXPECT_FALSE(internal::ParseBlob(blob.substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(internal::ParseBlob("not a blob at all").ok());
}

// The loader's checks on a damaged blob: another version of the format, a flag byte out of range,
// bytes left over. Each is Status::Corrupt, never a crash or a half-built KB.
TEST(KbBlobTest, DamagedBlobIsCorrupt) {
  KbBuilder b;
  b.AddCountry("EG", "Egypt", "country");
  b.AddCountryAlias("EG", "مصر", AliasKind::kName);
  b.AddCountryAlias("EG", "في", AliasKind::kShort);  // a function word: not indexed
  KbData d;
  ASSERT_TRUE(b.Finish(&d).ok());
  ASSERT_EQ(d.alias_indexed[0].size(), 2u);
  EXPECT_EQ(d.alias_indexed[0][0], 1);
  EXPECT_EQ(d.alias_indexed[0][1], 0);
  const std::string blob = internal::SerializeBlob(d);
  ASSERT_TRUE(internal::ParseBlob(blob).ok());

  std::string old_version = blob;
  old_version[8] = 1;  // u32 version after the 8-byte magic: a blob of format 1 (no keys)
  Result<KbData> r = internal::ParseBlob(old_version);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  EXPECT_NE(r.status().message().find("version"), std::string::npos);

  // The Latin names close the blob (version 3): one, Egypt's label (count, entity 0, kind 0,
  // key "egypt" with its length).
  ASSERT_EQ(d.latin_names.size(), 1u);
  EXPECT_EQ(d.latin_names[0].key, "egypt");
  const size_t latin_bytes = 4 + d.latin_names[0].key.size();
  ASSERT_EQ(blob.substr(blob.size() - latin_bytes), std::string("\x01\x00\x00\x05", 4) + "egypt");
  // The last alias's flag byte: just before the entity's role count (0) and the 0 titles,
  // 0 rules, 0 members and the Latin names that close this blob.
  std::string bad_flag = blob;
  const size_t flag_at = bad_flag.size() - 5 - latin_bytes;
  ASSERT_EQ(bad_flag[flag_at], 0);
  bad_flag[flag_at] = 7;
  r = internal::ParseBlob(bad_flag);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  // A Latin name's kind out of range, or its entity past the last.
  for (size_t at : {blob.size() - latin_bytes + 1, blob.size() - latin_bytes + 2}) {
    std::string bad = blob;
    bad[at] = 9;
    r = internal::ParseBlob(bad);
    ASSERT_FALSE(r.ok()) << at;
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
  }

  r = internal::ParseBlob(blob + "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorrupt);
}

}  // namespace
}  // namespace khabar::kb

#include <gtest/gtest.h>

#include "khabar/extract.h"

namespace khabar::extract {
namespace {

struct Case {
  const char* text;
  const char* place;
  const char* code;
};

class DatelineFormsTest : public ::testing::TestWithParam<Case> {};

TEST_P(DatelineFormsTest, Finds) {
  const Case& c = GetParam();
  std::optional<Dateline> d = FindDateline(c.text);
  ASSERT_TRUE(d.has_value()) << c.text;
  EXPECT_EQ(d->place, c.place) << c.text;
  ASSERT_TRUE(d->agency.has_value()) << c.text;
  EXPECT_EQ(d->agency->code, c.code) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, DatelineFormsTest,
    ::testing::Values(
        Case{"واشنطن /أ ش أ/", "واشنطن", "MENA"}, Case{"القاهرة - أ.ش.أ", "القاهرة", "MENA"},
        Case{"القاهرة (رويترز) - قال مسؤول إن الاجتماع انتهى.", "القاهرة", "REUTERS"},
        Case{"باريس - أ ف ب: أعلنت الحكومة الفرنسية اليوم", "باريس", "AFP"},
        Case{"برلين، د ب أ: ذكرت الشرطة", "برلين", "DPA"},
        Case{"أنقرة (الأناضول) - أعلن", "أنقرة", "ANADOLU"},
        Case{"موسكو - «سبوتنيك»", "موسكو", "SPUTNIK"},
        Case{"الرياض 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس", "الرياض", "SPA"},
        Case{"واس - جدة", "جدة", "SPA"}, Case{"جدة - واس:", "جدة", "SPA"},
        Case{"أبوظبي في 5 مارس / وام / أكد", "أبوظبي", "WAM"},
        Case{"الدوحة /قنا/ استقبل", "الدوحة", "QNA"},
        Case{"الكويت - 12 - 3 (كونا) -- قال", "الكويت", "KUNA"},
        Case{"مسقط - العمانية", "مسقط", "ONA"},
        Case{"عمان 5 نيسان (بترا) - افتتح", "عمان", "PETRA"}, Case{"دمشق-سانا", "دمشق", "SANA"},
        Case{"بيروت - الوكالة الوطنية للإعلام", "بيروت", "NNA"},
        Case{"بغداد - واع", "بغداد", "INA"}, Case{"رام الله - وفا", "رام الله", "WAFA"},
        Case{"الرباط - ومع", "الرباط", "MAP"}, Case{"الجزائر (واج) - أشرف", "الجزائر", "APS"},
        Case{"تونس (وات) - ", "تونس", "TAP"}, Case{"طرابلس - وال", "طرابلس", "LANA"},
        Case{"الخرطوم (سونا) -", "الخرطوم", "SUNA"}, Case{"صنعاء - سبأ", "صنعاء", "SABA"},
        Case{"المنامة - بنا", "المنامة", "BNA"}, Case{"بكين (شينخوا) -", "بكين", "XINHUA"},
        Case{"طهران - إرنا", "طهران", "IRNA"}, Case{"(رويترز)", "", "REUTERS"},
        Case{"وكالات", "", "AGENCIES"}, Case{"المصدر: وكالات", "", "AGENCIES"},
        Case{"- أ ف ب", "", "AFP"}, Case{"نيويورك - أسوشيتد برس", "نيويورك", "AP"}));

// A place followed by a parenthesised agency credit and a separator opening the body, in every
// separator style wire copy uses ("القاهرة (أ ش أ) - ..."): the place must come out, the body
// start after the separator.
struct BodyCase {
  const char* text;
  const char* place;
  const char* code;
  const char* body;  // what follows the dateline
};

class DatelineBeforeBodyTest : public ::testing::TestWithParam<BodyCase> {};

TEST_P(DatelineBeforeBodyTest, PlaceCreditAndBodyStart) {
  const BodyCase& c = GetParam();
  std::optional<DatelineMatch> m = MatchDateline(c.text);
  ASSERT_TRUE(m.has_value()) << c.text;
  EXPECT_EQ(m->dateline.place, c.place) << c.text;
  ASSERT_TRUE(m->dateline.agency.has_value()) << c.text;
  EXPECT_EQ(m->dateline.agency->code, c.code) << c.text;
  EXPECT_FALSE(m->whole) << c.text;
  EXPECT_EQ(std::string_view(c.text).substr(m->end), c.body) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Separators, DatelineBeforeBodyTest,
    ::testing::Values(BodyCase{"القاهرة (أ ش أ) - قال وزير الخارجية", "القاهرة", "MENA",
                               "قال وزير الخارجية"},
                      BodyCase{"القاهرة (أ ش أ) – قال الوزير", "القاهرة", "MENA", "قال الوزير"},
                      BodyCase{"القاهرة (أ ش أ) — قال الوزير", "القاهرة", "MENA", "قال الوزير"},
                      BodyCase{"القاهرة (أ ش أ): قال الوزير", "القاهرة", "MENA", "قال الوزير"},
                      BodyCase{"القاهرة (أ ش أ) : قال الوزير", "القاهرة", "MENA", "قال الوزير"},
                      BodyCase{"القاهرة (أ ش أ)- قال الوزير", "القاهرة", "MENA", "قال الوزير"},
                      BodyCase{"القاهرة(أ ش أ)-قال الوزير", "القاهرة", "MENA", "قال الوزير"},
                      BodyCase{"القاهرة (أ ش أ) - …", "القاهرة", "MENA", "…"},
                      BodyCase{"القاهرة ( أ.ش.أ ) - قال", "القاهرة", "MENA", "قال"},
                      BodyCase{"شرم الشيخ (أ ش أ) - قال", "شرم الشيخ", "MENA", "قال"},
                      BodyCase{"القاهرة في 5 مارس 2024 (أ ش أ) – قال", "القاهرة", "MENA", "قال"},
                      BodyCase{"الرياض (واس) - أعلن", "الرياض", "SPA", "أعلن"},
                      BodyCase{"الكويت (كونا) -- قال", "الكويت", "KUNA", "قال"},
                      BodyCase{"بيروت (د ب أ) – أعلن", "بيروت", "DPA", "أعلن"},
                      BodyCase{"القدس المحتلة (وفا): قال", "القدس المحتلة", "WAFA", "قال"},
                      // Parentheses reversed by a visual-order copy.
                      BodyCase{"القاهرة )أ ش أ( - قال الوزير", "القاهرة", "MENA", "قال الوزير"}));

TEST(DatelineTest, SentencesMentioningAgenciesDoNotMatch) {
  EXPECT_FALSE(FindDateline("قالت وكالة رويترز في تقرير لها إن المفاوضات تعثرت.").has_value());
  EXPECT_FALSE(FindDateline("ترامب يهاجم رويترز").has_value());
  EXPECT_FALSE(FindDateline("قنا - كتب محمد علي").has_value());  // the city of Qena, no credit
  EXPECT_FALSE(FindDateline("الحكومة العمانية تعلن خطة جديدة").has_value());
  EXPECT_FALSE(FindDateline("").has_value());
  EXPECT_FALSE(
      FindDateline("أعلنت الولايات المتحدة واليابان التزامهما. وقال مسؤول (رويترز)").has_value());
}

TEST(DatelineTest, MatchReportsWholeLineAndBodyStart) {
  std::optional<DatelineMatch> m = MatchDateline("واشنطن /أ ش أ/");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->whole);
  EXPECT_EQ(m->dateline.agency->text, "/أ ش أ/");
  EXPECT_EQ(m->dateline.agency->name_en, "Middle East News Agency");
  const std::string para = "القاهرة (رويترز) - قال مسؤول";
  m = MatchDateline(para);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->whole);
  EXPECT_EQ(para.substr(m->end), "قال مسؤول");
  EXPECT_EQ(m->dateline.agency->text, "(رويترز)");
}

TEST(DatelineTest, TrailingCredits) {
  auto a = FindTrailingCredit("وقال إن المحادثات ستستأنف الأسبوع المقبل. (رويترز)");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->code, "REUTERS");
  EXPECT_EQ(a->text, "(رويترز)");
  a = FindTrailingCredit("وأكد الوزير دعم بلاده للمبادرة - أ ف ب");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->code, "AFP");
  a = FindTrailingCredit("(د ب أ).");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->code, "DPA");
  EXPECT_FALSE(FindTrailingCredit("وقال إن وكالة رويترز نشرت الخبر أمس.").has_value());
  EXPECT_FALSE(FindTrailingCredit("وأشار إلى أن الزيارة ستشمل قنا").has_value());
}

TEST(DatelineTest, LookupAgencyByAnyForm) {
  EXPECT_EQ(LookupAgency("أ ش أ")->code, "MENA");
  EXPECT_EQ(LookupAgency("/ا ش ا/")->code, "MENA");
  EXPECT_EQ(LookupAgency("فرانس برس")->code, "AFP");
  EXPECT_EQ(LookupAgency("وكالة الأنباء السعودية")->code, "SPA");
  EXPECT_EQ(LookupAgency("KUNA")->code, "KUNA");
  EXPECT_FALSE(LookupAgency("الأهرام").has_value());
  EXPECT_FALSE(LookupAgency("رويترز اليوم").has_value());
}

}  // namespace
}  // namespace khabar::extract

#include <gtest/gtest.h>

#include <string>

#include "khabar/extract.h"

namespace khabar::extract {
namespace {

const char kNbsp[] = "\xC2\xA0";

std::string EgyptianDump() {
  std::string s;
  s += "وزير الري يبحث مع نظيره السوداني ملف المياه\n\n";
  s += "السبت، 5 مارس 2022 10:15 ص\n";
  s += "وزير الري يبحث مع نظيره السوداني ملف المياه الوزير خلال اللقاء\n";
  s += "القاهرة /أ ش أ/\n\n";
  s += "مشاركة\n\n";
  s += "اضف تعليقاً واقرأ تعليقات القراء\n\n";
  s += "بحث وزير الموارد المائية والري مع نظيره السوداني سبل تعزيز التعاون الفني بين البلدين.\n\n";
  s += std::string(kNbsp) + "\n\n";
  s += "وأكد الوزيران أهمية استمرار التنسيق المشترك خلال الفترة المقبلة في كافة الملفات.\n\n";
  s += std::string(kNbsp) + "\n\n\n\nمشاركة\n\n\nالرجوع الى أعلى الصفحة";
  return s;
}

TEST(DumpParserTest, EgyptianLayout) {
  auto r = ParseTextDump(EgyptianDump());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->title, "وزير الري يبحث مع نظيره السوداني ملف المياه");
  EXPECT_EQ(r->published_text, "السبت، 5 مارس 2022 10:15 ص");
  EXPECT_EQ(r->caption, "الوزير خلال اللقاء");
  ASSERT_TRUE(r->dateline);
  EXPECT_EQ(r->dateline->place, "القاهرة");
  ASSERT_TRUE(r->dateline->agency);
  EXPECT_EQ(r->dateline->agency->code, "MENA");
  ASSERT_EQ(r->paragraphs.size(), 2u);
  EXPECT_EQ(r->paragraphs[1],
            "وأكد الوزيران أهمية استمرار التنسيق المشترك خلال الفترة المقبلة في كافة الملفات.");
  // Both share buttons, the comment prompt, back-to-top and the repeated headline.
  EXPECT_EQ(r->boilerplate.size(), 5u);
  EXPECT_EQ(r->id.size(), 32u);
}

TEST(DumpParserTest, PublishedUsesTimeZone) {
  ParseOptions o;
  o.tz = "Africa/Cairo";
  auto r = ParseTextDump(EgyptianDump(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->published, "2022-03-05T10:15+02:00");
  auto plain = ParseTextDump(EgyptianDump());
  EXPECT_EQ(plain->published, "2022-03-05T10:15");
}

TEST(DumpParserTest, SiteDefaultTimeZone) {
  ParseOptions o;
  o.source.site = "youm7.com";
  auto r = ParseTextDump(EgyptianDump(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->published, "2022-03-05T10:15+02:00");
  EXPECT_EQ(r->source.site, "youm7.com");
  EXPECT_EQ(SiteTimeZone("www.hespress.com"), "Africa/Casablanca");
  EXPECT_EQ(SiteTimeZone("unknown.example"), "");
}

TEST(DumpParserTest, SiteCountry) {
  EXPECT_EQ(SiteCountry("youm7.com"), "EG");
  EXPECT_EQ(SiteCountry("www.hespress.com"), "MA");
  EXPECT_EQ(SiteCountry("alriyadh"), "SA");  // outlet id without the domain's suffix
  EXPECT_EQ(SiteCountry("unknown.example"), "");
  EXPECT_EQ(SiteCountry(""), "");
}

TEST(DumpParserTest, IdIsStableAndIgnoresSpacingAndFurniture) {
  auto a = ParseTextDump(EgyptianDump());
  std::string other = EgyptianDump();
  other.replace(other.find("مشاركة"), std::string("مشاركة").size(), "طباعة");
  other.insert(0, "\n\n   ");
  auto b = ParseTextDump(other);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  std::string changed = EgyptianDump();
  changed.replace(changed.find("البلدين"), std::string("البلدين").size(), "الدولتين");
  EXPECT_NE(ParseTextDump(changed)->id, a->id);
}

TEST(DumpParserTest, DatelineInFirstParagraphAndClosingCredit) {
  const std::string dump =
      "الأمم المتحدة تحذر من تفاقم أزمة الغذاء في القرن الأفريقي\n"
      "جنيف (رويترز) - حذرت الأمم المتحدة اليوم من أن ملايين الأشخاص في القرن الأفريقي يواجهون "
      "خطر الجوع بسبب الجفاف المستمر.\n"
      "وقال متحدث باسم برنامج الأغذية العالمي إن التمويل لا يغطي سوى ثلث الاحتياجات.\n";
  auto r = ParseTextDump(dump);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->dateline);
  EXPECT_EQ(r->dateline->place, "جنيف");
  EXPECT_EQ(r->dateline->agency->code, "REUTERS");
  EXPECT_EQ(r->paragraphs.size(), 2u);
  EXPECT_EQ(r->paragraphs[0].substr(0, 8), "جنيف");  // kept as written

  const std::string credited =
      "ارتفاع أسعار النفط مع تراجع المخزونات الأمريكية\n\n"
      "ارتفعت أسعار النفط اليوم الثلاثاء بعد بيانات أظهرت تراجع المخزونات الأمريكية أكثر من "
      "المتوقع.\n\n"
      "(أ ف ب)\n";
  r = ParseTextDump(credited);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->dateline);
  EXPECT_EQ(r->dateline->place, "");
  EXPECT_EQ(r->dateline->agency->code, "AFP");
  EXPECT_EQ(r->dateline->agency->text, "(أ ف ب)");
  EXPECT_EQ(r->paragraphs.size(), 1u);
}

TEST(DumpParserTest, RelatedLinksAndTagsAreBoilerplate) {
  const std::string dump =
      "افتتاح معرض الكتاب بمشاركة خمسين دولة\n\n"
      "افتتح وزير الثقافة اليوم الدورة الجديدة من معرض الكتاب بمشاركة خمسين دولة وأكثر من ألف "
      "دار نشر.\n\n"
      "اقرأ أيضا\n"
      "إقبال كبير على جناح الطفل في اليوم الأول\n"
      "مواعيد الحافلات إلى أرض المعارض\n\n"
      "ويستمر المعرض حتى نهاية الشهر الجاري، ويضم برنامجا ثقافيا يشمل ندوات وأمسيات شعرية "
      "وتوقيعات كتب.\n\n"
      "كلمات دلالية\nمعرض الكتاب\nوزارة الثقافة\n";
  auto r = ParseTextDump(dump);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->paragraphs.size(), 2u);
  EXPECT_EQ(r->boilerplate.size(), 6u);
  EXPECT_FALSE(r->dateline.has_value());
}

TEST(DumpParserTest, BylineLabelledCaptionAndSiteName) {
  const std::string dump =
      "مصراوي\n"
      "ارتفاع درجات الحرارة على أغلب أنحاء الجمهورية غدا\n"
      "كتب - أحمد علي:\n"
      "الأحد 10 يوليو 2022 - 11:30 ص\n"
      "الصورة: شاطئ الإسكندرية\n"
      "توقعت الهيئة العامة للأرصاد الجوية أن يسود غدا طقس شديد الحرارة على أغلب الأنحاء.\n";
  auto r = ParseTextDump(dump);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->title, "ارتفاع درجات الحرارة على أغلب أنحاء الجمهورية غدا");
  EXPECT_EQ(r->author, "أحمد علي");
  EXPECT_EQ(r->caption, "شاطئ الإسكندرية");
  EXPECT_EQ(r->published_text, "الأحد 10 يوليو 2022 - 11:30 ص");
  EXPECT_EQ(r->boilerplate, std::vector<std::string>{"مصراوي"});
}

TEST(DumpParserTest, HardWrappedDumpIsRejoined) {
  const std::string dump =
      "عنوان الخبر عن اجتماع مجلس الوزراء الأسبوعي\n\n"
      "عقد مجلس الوزراء اجتماعه الأسبوعي اليوم برئاسة رئيس الوزراء\n"
      "وناقش عددا من الملفات المهمة على رأسها ملف الأسعار والخدمات\n"
      "المقدمة للمواطنين في المحافظات.\n\n"
      "وقرر المجلس الموافقة على مشروع قانون جديد لتنظيم العمل الأهلي\n"
      "وإحالته إلى مجلس النواب لمناقشته خلال دور الانعقاد الحالي.\n";
  auto r = ParseTextDump(dump);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->paragraphs.size(), 2u) << r->paragraphs[0];
  EXPECT_NE(r->paragraphs[0].find("الأسعار والخدمات المقدمة"), std::string::npos);
}

TEST(DumpParserTest, ErrorsForNonArticles) {
  EXPECT_EQ(ParseTextDump("").status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ParseTextDump(" \n\xC2\xA0\n\n").status().code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(ParseTextDump(std::string("\x01\x02\x03\x04 abc", 8)).ok());
  EXPECT_FALSE(ParseTextDump("\xFF\xFE garbage").ok());
  EXPECT_FALSE(ParseTextDump("مشاركة\nطباعة\nالرجوع الى أعلى الصفحة\n").ok());
  // A headline with a date line (an article's structure) but no body is still no article. (A
  // headline alone was an error too until session 14; it is now read as body text, below.)
  auto r = ParseTextDump("عنوان فقط بلا نص\nالأحد، 22 يناير 2023 11:10 ص\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "no recognisable article: a headline but no body text");
}

// A text with no article structure (what a user types or pastes: one line, or a few short lines
// with no date line, dateline, byline or blank line under the first) is body text without a
// headline, so that NER, search and dedupe see it; a dump that has that structure keeps its
// headline.
TEST(DumpParserTest, ShortTextWithoutStructureIsBody) {
  const std::string warning =
      "no headline found: a short text with no article structure is read as body text";
  auto one = ParseTextDump("بايدن يزور واشنطن في زيارة رسمية\n");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->title, "");
  ASSERT_EQ(one->paragraphs.size(), 1u);
  EXPECT_EQ(one->paragraphs[0], "بايدن يزور واشنطن في زيارة رسمية");
  ASSERT_FALSE(one->warnings.empty());
  EXPECT_EQ(one->warnings[0], warning);

  auto word = ParseTextDump("  ماكرون  ");  // a short label alone
  ASSERT_TRUE(word.ok());
  EXPECT_EQ(word->title, "");
  EXPECT_EQ(word->paragraphs, std::vector<std::string>{"ماكرون"});

  auto lines = ParseTextDump("مشاركة\nزار الوزير مدينة جدة\nوالتقى المحافظ هناك\n");
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ(lines->title, "");
  EXPECT_EQ(lines->paragraphs,
            (std::vector<std::string>{"زار الوزير مدينة جدة", "والتقى المحافظ هناك"}));
  EXPECT_EQ(lines->boilerplate, std::vector<std::string>{"مشاركة"});

  // Structure keeps the headline: a blank line under it, a date line, a paragraph-like line.
  auto blank = ParseTextDump("زار الوزير مدينة جدة\n\nوالتقى المحافظ هناك\n");
  ASSERT_TRUE(blank.ok());
  EXPECT_EQ(blank->title, "زار الوزير مدينة جدة");
  EXPECT_EQ(blank->paragraphs, std::vector<std::string>{"والتقى المحافظ هناك"});
  auto dated =
      ParseTextDump("زار الوزير مدينة جدة\n5 مارس 2022\nوالتقى المحافظ هناك\nثم غادر إلى الرياض\n");
  ASSERT_TRUE(dated.ok());
  EXPECT_EQ(dated->title, "زار الوزير مدينة جدة");
  EXPECT_EQ(dated->published, "2022-03-05");
  EXPECT_EQ(dated->paragraphs.size(), 2u);
  auto para = ParseTextDump(
      "زار الوزير مدينة جدة\nوالتقى المحافظ هناك وناقش معه خطط الموسم المقبل في المدينة.\n");
  ASSERT_TRUE(para.ok());
  EXPECT_EQ(para->title, "زار الوزير مدينة جدة");
  EXPECT_EQ(para->paragraphs.size(), 1u);
}

TEST(DumpParserTest, BodyWithoutHeadlineWarns) {
  const std::string dump =
      "أعلنت وزارة الصحة اليوم تسجيل انخفاض جديد في عدد الإصابات للأسبوع الثالث على التوالي، "
      "وفق بيان رسمي نشرته على موقعها.\n";
  auto r = ParseTextDump(dump);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->title, "");
  EXPECT_EQ(r->paragraphs.size(), 1u);
  EXPECT_NE(std::find(r->warnings.begin(), r->warnings.end(), "no headline found"),
            r->warnings.end());
}

TEST(DumpParserTest, HugeLineAndManyLinesStayFast) {
  std::string dump = "عنوان\n" + std::string(1 << 20, 'x') + "\n";
  for (int i = 0; i < 2000; ++i) dump += "سطر قصير\n";
  auto r = ParseTextDump(dump);
  EXPECT_TRUE(r.ok());
}

// More distinct short lines than the per-thread word memo holds (65536): the memo stops growing
// inside one call and the records stay what they are line by line.
TEST(DumpParserTest, MoreDistinctWordsThanTheMemoHolds) {
  const std::string letters[] = {"ب", "ت", "ج", "د", "ر", "س", "ع", "ف", "ق", "ك", "ل", "م"};
  std::string dump = "القاهرة (أ ش أ) - قال الوزير إن الاجتماع ناجح وإن المفاوضات مستمرة.\n";
  constexpr int kLines = 70000;
  for (int i = 0; i < kLines; ++i) {
    std::string word;
    for (int n = i + 1; n > 0; n /= 12) word += letters[n % 12];
    dump += word + " قال الوزير\n";
  }
  auto r = ParseTextDump(dump);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->paragraphs.size(), kLines + 1u);
  ASSERT_TRUE(r->dateline.has_value());
  ASSERT_TRUE(r->dateline->agency.has_value());
  EXPECT_EQ(r->dateline->agency->code, "MENA");
  EXPECT_EQ(ClassifyFurniture(r->paragraphs.back()), FurnitureKind::kNone);
}

}  // namespace
}  // namespace khabar::extract

#include <gtest/gtest.h>

#include <string>

#include "khabar/extract.h"

namespace khabar::extract {
namespace {

TEST(FurnitureTest, ControlsAndPrompts) {
  for (const char* line : {"مشاركة",
                           "اضف تعليقاً واقرأ تعليقات القراء",
                           "الرجوع الى أعلى الصفحة",
                           "طباعة",
                           "شارك",
                           "  مشاركة\xC2\xA0",
                           "أضف تعليق",
                           "// انتهى //",
                           "// يتبع //",
                           "تابعونا على",
                           "Facebook",
                           "***",
                           "— — —",
                           "125 مشاهدة",
                           "٣ تعليقات",
                           "© 2024 جميع الحقوق محفوظة",
                           "جميع الحقوق محفوظة لموقع المثال",
                           "اقرأ أيضا: الحكومة تعلن موعد الامتحانات",
                           "الرئيسية » أخبار » سياسة",
                           "الرئيسية > عربي ودولي > الخليج",
                           "كلمات دلالية: مصر، الانتخابات",
                           "العودة إلى اعلى الصفحة"}) {
    EXPECT_TRUE(IsFurniture(line)) << line;
  }
}

TEST(FurnitureTest, SectionHeadings) {
  EXPECT_EQ(ClassifyFurniture("اقرأ أيضا"), FurnitureKind::kSection);
  EXPECT_EQ(ClassifyFurniture("أخبار ذات صلة"), FurnitureKind::kSection);
  EXPECT_EQ(ClassifyFurniture("كلمات دلالية"), FurnitureKind::kSection);
  EXPECT_EQ(ClassifyFurniture("الأكثر قراءة:"), FurnitureKind::kSection);
  EXPECT_EQ(ClassifyFurniture("مشاركة"), FurnitureKind::kLine);
}

TEST(FurnitureTest, ArticleTextIsNotFurniture) {
  for (const char* line :
       {"", "\xC2\xA0", "أعلنت الولايات المتحدة واليابان التزامهما بالعمل معًا.",
        "شارك في الاجتماع وزراء خارجية الدول العربية.", "المشاركة في الانتخابات واجب وطني",
        "وقال إن 125 مشاهدة للفيديو سجلت في ساعة",
        "اقرأ أيضا هذا التقرير الطويل الذي يتحدث عن موضوع مهم جدا ويتجاوز حدود العناوين القصيرة "
        "المعتادة في صفحات الأخبار بكثير من الكلمات التي لا تنتهي أبدا في هذا السطر الطويل جدا"}) {
    EXPECT_FALSE(IsFurniture(line)) << line;
  }
}

// Lines longer than the keyed limit (400 bytes) are not counted: a long furniture-led line is text,
// a long line of symbols is still a rule, both as when they were counted.
TEST(FurnitureTest, LongLines) {
  std::string text = "اقرأ أيضا:";
  while (text.size() <= 400) text += " كلمة";
  EXPECT_EQ(ClassifyFurniture(text), FurnitureKind::kNone);
  EXPECT_EQ(ClassifyFurniture(std::string(401, '*')), FurnitureKind::kLine);
  std::string few_words = "اقرأ أيضا: ";
  while (few_words.size() <= 400) few_words += "ا";  // one long word: few words, many bytes
  EXPECT_EQ(ClassifyFurniture(few_words), FurnitureKind::kNone);
}

}  // namespace
}  // namespace khabar::extract

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace khabar::extract

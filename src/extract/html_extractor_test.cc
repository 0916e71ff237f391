#include "khabar/html.h"

#include <gtest/gtest.h>

#include "extract/html_dom.h"

namespace khabar::extract {
namespace {

// A page in the layout of an Egyptian daily: JSON-LD, navigation, share bar, related links,
// tags, comments and an ad inside the body.
const char kYoum7Like[] = R"(<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>الحكومة تعلن خطة جديدة لدعم صغار المزارعين - اليوم السابع</title>
<meta property="og:title" content="الحكومة تعلن خطة جديدة لدعم صغار المزارعين">
<meta property="og:site_name" content="اليوم السابع">
<link rel="canonical" href="https://www.youm7.com/story/2024/3/5/الحكومة-تعلن/6500001">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebPage","name":"x"},
 {"@type":"NewsArticle","headline":"الحكومة تعلن خطة جديدة لدعم صغار المزارعين",
  "datePublished":"2024-03-05T08:20:00Z","dateModified":"2024-03-05T09:00:00Z",
  "author":[{"@type":"Person","name":"محمد علي"}],
  "image":{"@type":"ImageObject","url":"https://img/x.jpg","caption":"وزير الزراعة خلال المؤتمر"}}]}
</script></head>
<body>
<header><div class="logo"><h1>اليوم السابع</h1></div>
<nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/s/1">أخبار عاجلة</a></li>
<li><a href="/s/2">رياضة</a></li><li><a href="/s/3">اقتصاد</a></li></ul></nav></header>
<div class="container"><div class="article-page">
<article>
<h1 class="article-title">الحكومة تعلن خطة جديدة لدعم صغار المزارعين</h1>
<div class="article-meta"><span class="writer">كتب محمد علي</span>
<span class="newsDate">الثلاثاء، 05 مارس 2024 10:20 ص</span></div>
<div class="share-bar"><a href="#">فيسبوك</a><a href="#">تويتر</a><a href="#">واتساب</a></div>
<figure><img src="x.jpg"><figcaption>وزير الزراعة خلال المؤتمر الصحفي</figcaption></figure>
<div id="articleBody" class="articleCont">
<p>القاهرة (أ ش أ) - أعلنت الحكومة المصرية، اليوم الثلاثاء، عن خطة جديدة لدعم صغار المزارعين في محافظات الصعيد، تشمل توفير الأسمدة بأسعار مخفضة وتمويلا ميسرا للمشروعات الصغيرة.</p>
<p>وقال المتحدث باسم مجلس الوزراء إن الخطة تستهدف أكثر من مليون مزارع خلال العام الجاري، وإن التمويل سيصرف على ثلاث مراحل تبدأ الشهر المقبل.</p>
<div class="ads-box"><script>ad()</script>إعلان</div>
<p>وأضاف أن وزارة الزراعة ستتابع التنفيذ بالتعاون مع البنك الزراعي، وأن تقارير دورية سترفع إلى رئيس الوزراء كل ثلاثة أشهر.</p>
<p>اقرأ أيضا: <a href="/story/1">وزير الزراعة يتفقد محصول القمح في المنيا</a></p>
</div>
<div class="tags"><span>كلمات البحث</span><a href="/t/1">الزراعة</a><a href="/t/2">الحكومة</a></div>
</article>
<div class="related-news"><h3>أخبار متعلقة</h3><ul>
<li><a href="/a">ارتفاع أسعار الطماطم في سوق العبور اليوم وتراجع أسعار البطاطس</a></li>
<li><a href="/b">محافظ أسيوط يتابع توزيع الأسمدة على الجمعيات الزراعية في القرى</a></li></ul></div>
<div id="comments" class="comments"><p>تعليق: خطوة ممتازة ونتمنى التطبيق الفعلي على أرض الواقع في كل القرى.</p></div>
</div></div>
<footer><p>جميع الحقوق محفوظة لليوم السابع 2024</p></footer>
</body></html>)";

TEST(ExtractHtmlTest, EgyptianDailyLayout) {
  HtmlOptions options;
  options.source.path = "page.html";
  Result<ArticleRecord> r = ExtractHtml(kYoum7Like, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->title, "الحكومة تعلن خطة جديدة لدعم صغار المزارعين");
  EXPECT_EQ(r->published, "2024-03-05T10:20+02:00");  // UTC converted to Cairo time
  EXPECT_EQ(r->modified, "2024-03-05T11:00+02:00");
  EXPECT_EQ(r->author, "محمد علي");
  EXPECT_EQ(r->caption, "وزير الزراعة خلال المؤتمر الصحفي");
  EXPECT_EQ(r->source.site, "youm7.com");
  EXPECT_NE(r->source.url.find("youm7.com/story"), std::string::npos);
  ASSERT_EQ(r->paragraphs.size(), 3u);
  EXPECT_EQ(r->paragraphs[0].rfind("القاهرة (أ ش أ) - أعلنت", 0), 0u);
  EXPECT_EQ(r->paragraphs[2].rfind("وأضاف", 0), 0u);
  ASSERT_TRUE(r->dateline.has_value());
  ASSERT_TRUE(r->dateline->agency.has_value());
  EXPECT_EQ(r->dateline->agency->code, "MENA");
  EXPECT_EQ(r->id.size(), 32u);
}

TEST(ExtractHtmlTest, ArabicDateTextOnlyAndBrSeparatedBody) {
  const std::string page =
      R"(<html><head><title>افتتاح معرض الكتاب في الرياض | صحيفة المدينة</title></head>
<body><div id="menu"><a href="/">الرئيسية</a> <a href="/x">محليات</a></div>
<div class="news-details"><h2 class="ttl">افتتاح معرض الكتاب في الرياض</h2>
<div class="date">الأحد 12 مايو 2024 - 04:30 م</div>
<div class="text">افتتح أمير منطقة الرياض مساء اليوم معرض الكتاب الدولي بمشاركة أكثر من ألف دار نشر من ثلاثين دولة.<br><br>ويستمر المعرض عشرة أيام، ويضم برنامجا ثقافيا يشمل ندوات وأمسيات شعرية وورش عمل للأطفال والشباب.<br>وقال الرئيس التنفيذي لهيئة الأدب إن المعرض يستقبل زواره يوميا من الحادية عشرة صباحا حتى منتصف الليل.</div>
<div class="share"><a>شارك</a></div></div>
<div class="sidebar"><h3>الأكثر قراءة</h3><a href="/1">خبر أول مهم للغاية يقرأه الجميع اليوم</a></div></body></html>)";
  HtmlOptions options;
  options.source.url = "https://www.al-madina.com/article/1";
  Result<ArticleRecord> r = ExtractHtml(page, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->title, "افتتاح معرض الكتاب في الرياض");
  EXPECT_EQ(r->published, "2024-05-12T16:30+03:00");
  ASSERT_EQ(r->paragraphs.size(), 3u) << ::testing::PrintToString(r->paragraphs);
  EXPECT_EQ(r->paragraphs[1].rfind("ويستمر", 0), 0u);
}

TEST(ExtractHtmlTest, LongCommentThreadDoesNotWinOverAShortArticle) {
  std::string page =
      "<html><head><title>وصول أول رحلة سياحية إلى المطار الجديد</title></head><body>"
      "<div class=\"story\"><h1>وصول أول رحلة سياحية إلى المطار الجديد</h1>"
      "<p>وصلت صباح اليوم أول رحلة سياحية إلى المطار الجديد، وعلى متنها مئة وثمانون سائحا من "
      "عدة دول أوروبية، في بداية موسم يتوقع أن يكون الأفضل منذ سنوات.</p>"
      "<p>وقال مدير المطار إن الصالات الجديدة قادرة على استقبال ثلاثة ملايين مسافر سنويا.</p></div>"
      "<div id=\"comments\" class=\"comments\">";
  for (int i = 0; i < 12; ++i) {
    page +=
        "<div class=\"comment\"><p>تعليق طويل من أحد القراء يقول فيه إن المشروع مهم جدا، وإن "
        "الخدمات يجب أن تتحسن، وإن الأسعار مرتفعة، وإن الطرق إلى المطار تحتاج إلى صيانة "
        "عاجلة.</p></div>";
  }
  page += "</div></body></html>";
  Result<ArticleRecord> r = ExtractHtml(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->paragraphs.size(), 2u) << ::testing::PrintToString(r->paragraphs);
  EXPECT_EQ(r->paragraphs[0].rfind("وصلت", 0), 0u);
}

// Real pages are mostly script and style bytes; the pre-pass that keeps them from gumbo must not
// change a single field.
TEST(ExtractHtmlTest, BigScriptsStylesAndCommentsChangeNothing) {
  std::string noise_js = "<script>var s = '<p>not text</p>';";
  for (int i = 0; i < 2000; ++i) noise_js += "f(" + std::to_string(i) + ", \"<div>x</div>\");";
  noise_js += "</script>";
  std::string noise_css = "<style>";
  for (int i = 0; i < 2000; ++i) noise_css += ".c" + std::to_string(i) + "{color:red}";
  noise_css += "</style>";
  const std::string comment = "<!-- <p>" + std::string(20000, 'c') + "</p> -->";
  std::string noisy = kYoum7Like;
  const auto insert_before = [&](std::string_view marker, const std::string& what) {
    noisy.insert(noisy.find(marker), what);
  };
  insert_before("</head>", noise_js + noise_css + comment);
  insert_before("<div id=\"articleBody\"",
                noise_css + "<SCRIPT type=text/javascript>" + noise_js.substr(8) + comment);
  insert_before("</body>", noise_js + "<svg><path d=\"M0\"/><style>.a{}</style></svg>" + noise_js);
  ASSERT_GT(noisy.size(), 8 * std::string(kYoum7Like).size());
  HtmlOptions options;
  options.source.path = "page.html";
  Result<ArticleRecord> plain = ExtractHtml(kYoum7Like, options);
  Result<ArticleRecord> r = ExtractHtml(noisy, options);
  ASSERT_TRUE(plain.ok() && r.ok());
  EXPECT_EQ(r->title, plain->title);
  EXPECT_EQ(r->published, plain->published);
  EXPECT_EQ(r->modified, plain->modified);
  EXPECT_EQ(r->author, plain->author);
  EXPECT_EQ(r->caption, plain->caption);
  EXPECT_EQ(r->paragraphs, plain->paragraphs);
  EXPECT_EQ(r->boilerplate, plain->boilerplate);
  EXPECT_EQ(r->id, plain->id);
}

TEST(CutInvisibleContentTest, CutsScriptStyleAndCommentContentOnly) {
  std::string out;
  EXPECT_TRUE(html::CutInvisibleContent(
      "<p>a</p><script>x()</script><style>b{}</style><!-- c --><p>d</p>", &out));
  EXPECT_EQ(out, "<p>a</p><script></script><style></style><!----><p>d</p>");
  // JSON-LD stays for the metadata reader.
  const std::string ld = R"(<script type="application/ld+json">{"a":1}</script>)";
  EXPECT_FALSE(html::CutInvisibleContent(ld, &out));
  // Script data ends at the first "</script" in any case, even inside a JS string, as in the
  // HTML tokenizer: what follows is page text again.
  EXPECT_TRUE(html::CutInvisibleContent("<script>s='</SCRIPT >';t</script><p>e</p>", &out));
  EXPECT_EQ(out, "<script></SCRIPT >';t</script><p>e</p>");
  // "</scripts" is not an end tag.
  EXPECT_TRUE(html::CutInvisibleContent("<script>a</scripts>b</script>c", &out));
  EXPECT_EQ(out, "<script></script>c");
  // A start tag inside a quoted attribute value is not a tag (the unread attribute is cut).
  EXPECT_TRUE(html::CutInvisibleContent("<a title=\"<script>\">x</a><p>y</p></script>", &out));
  EXPECT_EQ(out, "<a  >x</a><p>y</p></script>");
  // Attributes nothing reads are cut, each to one space; those read are kept verbatim.
  EXPECT_TRUE(html::CutInvisibleContent(
      "<img/src=\"a.jpg\" srcset='b 1x' alt=x class=\"c\"><a href=/x ID=y data-k>t</a>"
      "<link rel=canonical href=\"u\">",
      &out));
  EXPECT_EQ(out, "<img/      class=\"c\"><a   ID=y  >t</a><link rel=canonical href=\"u\">");
  // The content of an inline SVG is cut; framework JSON state too, JSON-LD kept.
  EXPECT_TRUE(html::CutInvisibleContent(
      "<svg viewBox=\"0 0 9 9\"><title>t</title><g><path d=\"M0 0\"/></g></svg><p>x</p>"
      "<script type=\"application/json\">{\"a\":1}</script>"
      "<script type=\"application/ld+json\">{\"b\":2}</script>",
      &out));
  EXPECT_EQ(out,
            "<svg  ></svg><p>x</p><script type=\"application/json\"></script>"
            "<script type=\"application/ld+json\">{\"b\":2}</script>");
  // "<!--" inside a script may enter the escape states: cutting stops there.
  EXPECT_FALSE(html::CutInvisibleContent("<script><!--<script></script>x</script>", &out));
  // Inside RCDATA (<title>, <textarea>) nothing is a tag.
  EXPECT_FALSE(html::CutInvisibleContent("<title><script>t</title><p>x</p></script>", &out));
  // <style> in SVG is an ordinary element whose content can leave foreign content: not cut.
  EXPECT_FALSE(html::CutInvisibleContent("<svg><style><p>x</p></style></svg>", &out));
  // A comment ended by "--!>" is not cut past its end.
  EXPECT_FALSE(html::CutInvisibleContent("<!-- a --!><p>b</p>-->", &out));
  // Unterminated script: left to gumbo.
  EXPECT_FALSE(html::CutInvisibleContent("<p>a</p><script>x", &out));
}

TEST(ExtractHtmlTest, BylineOpeningTheBodyWithSeparators) {
  const std::string page =
      "<html><body><h1>محافظ الجيزة يتفقد أعمال تطوير الطريق الدائري</h1>"
      "<div class=\"eventContent\">كتب - أحمد سعيد:<br><br>تفقد محافظ الجيزة صباح اليوم أعمال "
      "تطوير الطريق الدائري في نطاق المحافظة، واستمع إلى شرح من مسؤولي الشركة المنفذة.<br><br>"
      "وطالب المحافظ بمضاعفة عدد العمال في الورديات الليلية لإنهاء الأعمال قبل الموعد.</div>"
      "</body></html>";
  Result<ArticleRecord> r = ExtractHtml(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->author, "أحمد سعيد");
  ASSERT_EQ(r->paragraphs.size(), 2u) << ::testing::PrintToString(r->paragraphs);
  EXPECT_EQ(r->paragraphs[0].rfind("تفقد", 0), 0u);
}

TEST(ExtractHtmlTest, NoArticleIsAnError) {
  EXPECT_EQ(ExtractHtml("<html><body></body></html>", {}).status().code(),
            Status::Code::kInvalidArgument);
}

TEST(ExtractHtmlTest, DeepNestingIsRefusedNotCrashing) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep += "نص";
  EXPECT_EQ(ExtractHtml(deep, {}).status().code(), Status::Code::kUnsupported);
  std::string ok;
  for (int i = 0; i < 300; ++i) ok += "<div>";
  ok += "<p>نص قصير في عمق الصفحة لكنه مقبول تماما.</p>";
  EXPECT_TRUE(ExtractHtml(ok, {}).ok());
  // 100k nested elements: refused quickly, also inside furniture the pre-pass cuts, also with
  // every element left open.
  for (const char* wrap : {"", "<nav>", "<aside><a>"}) {
    std::string huge = std::string(wrap) + "<p>" + std::string(5000, 'x') + "</p>";
    for (int i = 0; i < 100000; ++i) huge += "<div>";
    huge += "<p>نص</p>";
    for (int i = 0; i < 100000; ++i) huge += "</span>";
    EXPECT_EQ(ExtractHtml(huge, {}).status().code(), Status::Code::kUnsupported) << wrap;
  }
  std::string unclosed_p;
  for (int i = 0; i < 5000; ++i) unclosed_p += "<p>فقرة";
  EXPECT_LT(html::EstimateNestingDepth(unclosed_p, 2000), 10u);
}

TEST(ExtractHtmlTest, InvalidUtf8IsRepairedWithWarning) {
  Result<ArticleRecord> r =
      ExtractHtml("<h1>عنوان الخبر \xFF هنا</h1><p>نص الخبر الطويل بما يكفي ليكون فقرة.</p>", {});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->warnings.empty());
}

TEST(NormalizeIsoDateTest, Forms) {
  EXPECT_EQ(*NormalizeIsoDate("2024-03-05", "Africa/Cairo"), "2024-03-05");
  EXPECT_EQ(*NormalizeIsoDate("2024-03-05T08:20:00Z", "Africa/Cairo"), "2024-03-05T10:20+02:00");
  EXPECT_EQ(*NormalizeIsoDate("2024-03-05T08:20:30Z", ""), "2024-03-05T08:20:30+00:00");
  EXPECT_EQ(*NormalizeIsoDate("2024-03-05 10:20", "Asia/Riyadh"), "2024-03-05T10:20+03:00");
  EXPECT_EQ(*NormalizeIsoDate("2024-03-05T23:30:00.000+0000", "Asia/Dubai"),
            "2024-03-06T03:30+04:00");
  EXPECT_EQ(*NormalizeIsoDate("2024-03-05T10:20", ""), "2024-03-05T10:20");
  EXPECT_EQ(NormalizeIsoDate("2024-02-30", "").status().code(), Status::Code::kOutOfRange);
  EXPECT_FALSE(NormalizeIsoDate("5 مارس 2024", "").ok());
  EXPECT_FALSE(NormalizeIsoDate("2024-03-05T10:20 garbage", "").ok());
}

TEST(SiteProfileTest, HostsAndSubdomains) {
  const SiteProfile* p = FindSiteProfile("https://m.youm7.com/story/1");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->domain, "youm7.com");
  EXPECT_EQ(p->tz, "Africa/Cairo");
  EXPECT_EQ(FindSiteProfile("https://example.org/x"), nullptr);
  EXPECT_EQ(SiteOfUrl("HTTPS://WWW.AlArabiya.net:443/a?b"), "alarabiya.net");
  EXPECT_EQ(SiteOfUrl("not a url"), "");
  EXPECT_EQ(*CaptureTimeSeconds("1970-01-02T00:00:01Z"), 86401);
}

}  // namespace
}  // namespace khabar::extract

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

// The analysis of a page with and without the pre-pass (and its text placeholders), compared.
void ExpectSameAnalysis(const std::string& page) {
  html::DomOptions plain, stashed;
  plain.cut_invisible = false;
  Result<html::PageContent> a = html::AnalyzePage(page, stashed);
  Result<html::PageContent> b = html::AnalyzePage(page, plain);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->title_h1, b->title_h1) << page;
  EXPECT_EQ(a->title_tag, b->title_tag) << page;
  EXPECT_EQ(a->title_jsonld, b->title_jsonld) << page;
  EXPECT_EQ(a->paragraphs, b->paragraphs) << page;
  EXPECT_EQ(a->boilerplate, b->boilerplate) << page;
  EXPECT_EQ(a->date_texts, b->date_texts) << page;
  EXPECT_EQ(a->caption, b->caption) << page;
}

TEST(ExtractHtmlTest, TextPlaceholdersGiveTheSameTree) {
  const std::string para = "نص الفقرة الطويلة بما يكفي ليستبدل بعلامة مؤقتة قبل التحليل";
  html::TextStash stash;
  std::string out;
  const std::string simple = "<p>" + para + "</p>";  // the stash points into it
  ASSERT_TRUE(html::CutInvisibleContent(simple, &out, &stash));
  EXPECT_EQ(out.find(para), std::string::npos);  // the run went into the stash
  ASSERT_EQ(stash.runs.size(), 1u);
  std::string back;
  stash.AppendExpanded(out.substr(3, out.size() - 7), &back);
  EXPECT_EQ(back, para);
  // Character references, CR, NUL, '<' in text, tables (foster parenting), <pre> newlines,
  // whitespace runs, RCDATA and JSON-LD: the tree (and so the analysis) is unchanged.
  for (const std::string& page : {
           "<h1>" + para + "</h1><p>" + para + " &amp; " + para + " &quot;" + para + "</p>",
           "<p>" + para + " &notit; &#1575;&#x627; AT&T " + para + "</p>",
           "<p>" + para + "\r\n" + para + "\r" + para + "</p>",
           std::string("<p>") + para + '\0' + para + "</p>",
           "<p>" + para + " < " + para + " <3 " + para + "</p>",
           "<table><tr><td>" + para + "</td></tr>" + para + "<tr><td>x</td></tr></table>",
           "<pre>\n" + para + "</pre><textarea>\n" + para + "</textarea>",
           "<title>" + para + "</title><p>   \n  " + para + "  \t </p>",
           "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"" +
               para + "\"}</script><p>" + para + "</p>",
           "<b><p>" + para + "</b>" + para + "</p><span>" + para + "</span></span>" + para,
           "<html><head>" + para + "<body><p>" + para + "</p></body></html>" + para,
       }) {
    ExpectSameAnalysis(page);
  }
  // A page that holds the placeholders' own code points (raw or as references) gets none.
  for (const std::string page : {"<p>\xF3\xB0\x80\x80" + para + "</p>",
                                 "<p>&#xF0001;" + para + "</p>", "<p>&#983041;" + para + "</p>"}) {
    html::TextStash s;
    html::CutInvisibleContent(page, &out, &s);
    EXPECT_TRUE(s.runs.empty()) << page;
    ExpectSameAnalysis(page);
  }
}

TEST(ExtractHtmlTest, PrePassKeepsNestedFormsOutsideFurniture) {
  // ASP.NET pages wrap the whole page in a <form>; a search form inside the (large) menu is
  // ignored by the parser and its end tag closes the outer form: the menu must not be cut.
  std::string menu;
  for (int i = 0; i < 200; ++i)
    menu += "<li><a href=\"/s\">قسم رقم " + std::to_string(i) + "</a></li>";
  const std::string page =
      "<form id=\"form1\"><div id=\"header\"><nav><ul>" + menu +
      "</ul><form class=\"search\"><input name=\"q\"></form></nav></div>"
      "<div class=\"newsDetails\"><h1>محافظ الجيزة يتفقد أعمال تطوير الطريق الدائري</h1>"
      "<div class=\"text\"><p>تفقد محافظ الجيزة صباح اليوم أعمال تطوير الطريق الدائري في نطاق "
      "المحافظة، واستمع إلى شرح من مسؤولي الشركة المنفذة عن نسب الإنجاز.</p></div></div></form>";
  ExpectSameAnalysis(page);
}

TEST(ExtractHtmlTest, TodaysDateInTheTopBarIsNotThePublicationDate) {
  const std::string page =
      "<html><body><div class=\"top-bar\"><span class=\"today-date\">الخميس 14 مارس 2024</span>"
      "</div><div class=\"breaking\"><span class=\"breaking-time\">10:45</span><a href=\"/x\">خبر "
      "عاجل عن شيء آخر</a></div><div class=\"wrap\"><div class=\"col\"><div class=\"head\">"
      "<h1>الحكومة تطلق برنامجا لدعم صغار المزارعين</h1><span class=\"date\">الثلاثاء 5 مارس 2024 "
      "- "
      "10:20 ص</span></div><div class=\"body\"><p>أطلقت الحكومة اليوم برنامجا جديدا لدعم صغار "
      "المزارعين في محافظات الصعيد، يتضمن توفير الأسمدة بأسعار مخفضة.</p>"
      "<div class=\"inline-related\"><a href=\"/r\"><span class=\"date\">12 مارس 2024</span>"
      "<h4>عنوان خبر آخر مرتبط</h4></a></div></div></div></div></body></html>";
  HtmlOptions options;
  options.source.url = "https://www.youm7.com/story/1";
  Result<ArticleRecord> r = ExtractHtml(page, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->published, "2024-03-05T10:20+02:00");
  // Without a date near the headline, the body's dateline wins over the top bar's date; the
  // date of a related card inside the body is not the article's either.
  const std::string agency =
      "<html><body><div id=\"top\"><span class=\"today-date\">الخميس 14 مارس 2024</span></div>"
      "<div id=\"content\"><h2>وزير المالية يبحث مع نظيره الكويتي تعزيز التعاون</h2>"
      "<div class=\"newsContent\"><p>الرياض 7 مارس 2024 واس</p><div class=\"inline-related\">"
      "<span class=\"date\">11 مارس 2024</span><a href=\"/r\">عنوان آخر</a></div><p>بحث وزير "
      "المالية اليوم مع نظيره الكويتي سبل تعزيز التعاون الاقتصادي بين البلدين، وتبادلا وجهات "
      "النظر حول عدد من القضايا ذات الاهتمام المشترك.</p></div></div></body></html>";
  options.source.url = "https://www.spa.gov.sa/1";
  r = ExtractHtml(agency, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->published, "2024-03-07");
  // A date line above the title block (section and date, then the headline) is further from the
  // <h1> than the headline's siblings, but closer than the top bar and the related cards after
  // the article: it is the one taken (with a warning).
  const std::string above =
      R"(<html><body><div class="top-bar"><span class="today-date">الخميس 14 مارس 2024</span>)"
      R"(</div><div class="page"><header class="story-head"><div class="kicker"><div )"
      R"(class="meta"><span class="date">5 مارس 2024 - 10:20 ص</span></div></div><div )"
      R"(class="title"><h1>الحكومة تطلق برنامجا لدعم صغار المزارعين</h1></div></header><div )"
      R"(class="story"><p>أطلقت الحكومة اليوم برنامجا جديدا لدعم صغار المزارعين في محافظات )"
      R"(الصعيد، يتضمن توفير الأسمدة بأسعار مخفضة وقروضا ميسرة.</p></div><div class="more"><div )"
      R"(class="card"><span class="card-date">12 مارس 2024</span><a href="/r">عنوان خبر آخر )"
      R"(مرتبط بالموضوع</a></div></div></div></body></html>)";
  options.source.url = "https://www.youm7.com/story/2";
  r = ExtractHtml(above, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->published, "2024-03-05T10:20+02:00");
}

TEST(ExtractHtmlTest, BodiesSplitIntoParagraphDivsAndRepeatedBlocks) {
  const std::string p1 = "أعلنت البعثة الأثرية العاملة في المنطقة اكتشاف بقايا مدينة سكنية قديمة.";
  const std::string p2 =
      "وعثرت البعثة على منازل من الطوب اللبن وأفران وأدوات فخارية، إضافة إلى نقوش.";
  const std::string p3 = "وقال رئيس البعثة إن أعمال التنقيب ستستمر عدة مواسم لكشف حدود المدينة.";
  const std::string also =
      "<div class=\"read-also\"><span>اقرأ أيضا</span><ul><li><a href=\"/a\">الحكومة تدرس زيادة "
      "الدعم النقدي للأسر الأكثر احتياجا</a></li><li><a href=\"/b\">شركة اتصالات تطلق خدمة الجيل "
      "الخامس في خمس مدن</a></li></ul></div>";
  // <div> paragraphs with a read-also box among them.
  const std::string divs =
      "<html><body><h1>اكتشاف أثري جديد يكشف عن مدينة سكنية</h1><div>"
      "<div class=\"par\">" +
      p1 + "</div><div class=\"par\">" + p2 + "</div>" + also + "<div class=\"par\">" + p3 +
      "</div></div></body></html>";
  // One block per paragraph, a related card inside one of them.
  const std::string blocks =
      "<html><body><main><h1>اكتشاف أثري جديد يكشف عن مدينة سكنية</h1>"
      "<div class=\"text-block\"><p>" +
      p1 + "</p></div><div class=\"text-block\"><p>" + p2 +
      "</p><div class=\"inline-related\"><a href=\"/r\"><h4>انطلاق معرض الكتاب الدولي بمشاركة أكثر "
      "من ألف دار نشر</h4></a></div></div><div class=\"text-block\"><p>" +
      p3 +
      "</p></div>"
      "<section class=\"related-content\"><h2>قصص ذات صلة</h2><ul><li><a href=\"/1\">وزير المالية "
      "يعلن موعد صرف المرتبات</a></li><li><a href=\"/2\">تعرف على حالة الطقس غدا</a></li></ul>"
      "</section></main></body></html>";
  for (const std::string& page : {divs, blocks}) {
    Result<ArticleRecord> r = ExtractHtml(page, {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->paragraphs, (std::vector<std::string>{p1, p2, p3})) << page;
  }
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

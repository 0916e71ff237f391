#!/usr/bin/env python3
"""Writes khabar's HTML golden set: pages in the layouts of Arab news outlets (markup written by the
khabar team, modelled on how such sites structure a story page: navigation, share bars, related
links, tags, comments and ads around the article) and expected.jsonl with the record fields each page
must give. Run it again after editing articles.py or a layout; the output is deterministic."""
import html, json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from articles import ARTICLES

E = html.escape
MONTHS = ["يناير","فبراير","مارس","أبريل","مايو","يونيو","يوليو","أغسطس","سبتمبر","أكتوبر","نوفمبر","ديسمبر"]
LEVANT = ["كانون الثاني","شباط","آذار","نيسان","أيار","حزيران","تموز","آب","أيلول","تشرين الأول","تشرين الثاني","كانون الأول"]
DAYS = {0:"الاثنين",1:"الثلاثاء",2:"الأربعاء",3:"الخميس",4:"الجمعة",5:"السبت",6:"الأحد"}
import datetime
import zoneinfo

def nav(items=("الرئيسية","أخبار","سياسة","اقتصاد","رياضة","فن","منوعات","فيديو")):
    return "<nav class=\"main-nav\"><ul>" + "".join(f"<li><a href=\"/section/{i}\">{x}</a></li>" for i, x in enumerate(items)) + "</ul></nav>"

def share(cls="share-bar"):
    return f"<div class=\"{cls}\"><span>شارك</span><a href=\"#\" class=\"fb\">فيسبوك</a><a href=\"#\" class=\"tw\">تويتر</a><a href=\"#\" class=\"wa\">واتساب</a><a href=\"#\">طباعة</a></div>"

RELATED_TITLES = ["وزير المالية يعلن موعد صرف المرتبات الشهر المقبل للعاملين بالدولة",
                  "تعرف على حالة الطقس غدا ودرجات الحرارة المتوقعة في المحافظات",
                  "أسعار الخضروات والفاكهة في سوق الجملة اليوم الأربعاء",
                  "رئيس الوزراء يتفقد مشروعات الإسكان الجديدة في المدن الساحلية"]

def related(cls="related-news", head="أخبار متعلقة"):
    return f"<div class=\"{cls}\"><h3>{head}</h3><ul>" + "".join(f"<li><a href=\"/story/{i}\">{t}</a></li>" for i, t in enumerate(RELATED_TITLES)) + "</ul></div>"

def tags(words, cls="tags"):
    return f"<div class=\"{cls}\"><span>الكلمات الدالة</span>" + "".join(f"<a href=\"/tag/{i}\">{w}</a>" for i, w in enumerate(words)) + "</div>"

def comments():
    return ("<section id=\"comments\" class=\"comments-area\"><h3>التعليقات</h3>"
            "<div class=\"comment\"><p>خبر مهم جدا ونتمنى أن يتم التنفيذ في أسرع وقت ممكن لصالح المواطنين البسطاء.</p></div>"
            "<div class=\"comment\"><p>كلام جميل لكن المهم هو المتابعة على أرض الواقع وعدم الاكتفاء بالتصريحات.</p></div>"
            "<form class=\"comment-form\"><textarea></textarea><button>أضف تعليقك</button></form></section>")

def ad(i=1):
    return f"<div class=\"ad-slot\" id=\"div-gpt-ad-{i}\"><script>googletag.display('div-gpt-ad-{i}');</script><span>إعلان</span></div>"

def mostread():
    return ("<aside class=\"sidebar\"><div class=\"most-read\"><h3>الأكثر قراءة</h3><ol>" +
            "".join(f"<li><a href=\"/m/{i}\">{t}</a></li>" for i, t in enumerate(reversed(RELATED_TITLES))) +
            "</ol></div><div class=\"newsletter\"><p>اشترك في النشرة البريدية ليصلك أهم الأخبار يوميا</p><input type=\"email\"><button>اشترك</button></div></aside>")

def footer(site):
    return (f"<footer class=\"site-footer\"><div class=\"links\"><a href=\"/about\">من نحن</a><a href=\"/contact\">اتصل بنا</a>"
            f"<a href=\"/privacy\">سياسة الخصوصية</a></div><p>جميع الحقوق محفوظة © {E(site)} 2024</p></footer>")

def jsonld(a, url, published_iso, site_name, graph=False, modified=None):
    obj = {"@type": "NewsArticle", "headline": a["title"], "datePublished": published_iso,
           "mainEntityOfPage": url, "publisher": {"@type": "Organization", "name": site_name}}
    if modified: obj["dateModified"] = modified
    if a["author"]: obj["author"] = {"@type": "Person", "name": a["author"]}
    if a["caption"]: obj["image"] = {"@type": "ImageObject", "url": url + ".jpg", "caption": a["caption"]}
    if graph:
        doc = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": site_name}, {"@type": "BreadcrumbList"}, obj]}
    else:
        doc = dict({"@context": "https://schema.org"}, **obj)
    return "<script type=\"application/ld+json\">" + json.dumps(doc, ensure_ascii=False) + "</script>"

def head(title, extra=""):
    return f"<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{E(title)}</title>{extra}<script>window.dataLayer=[];</script><style>.x{{color:red}}</style></head>\n"

def figure(a):
    if not a["caption"]: return ""
    return f"<figure class=\"main-image\"><img src=\"/img/1.jpg\" alt=\"\"><figcaption>{E(a['caption'])}</figcaption></figure>"

def ar_date(dt, with_time=True, levant=False, day=True):
    months = LEVANT if levant else MONTHS
    s = (DAYS[dt.weekday()] + " " if day else "") + f"{dt.day} {months[dt.month-1]} {dt.year}"
    if with_time:
        h = dt.hour % 12 or 12
        s += f" - {h:02d}:{dt.minute:02d} " + ("م" if dt.hour >= 12 else "ص")
    return s

# ---------------------------------------------------------------------------------------------
# Layouts. Each returns the page; `a` is the article, `m` the page's metadata.

def youm7(a, m):
    body = "".join(f"<p>{E(p)}</p>" + (ad(2) if i == 0 else "") for i, p in enumerate(a["paras"]))
    meta = f"<meta property=\"og:title\" content=\"{E(a['title'])}\"><meta property=\"og:site_name\" content=\"اليوم السابع\"><link rel=\"canonical\" href=\"{m['url']}\">"
    if m["mode"] == "jsonld": meta += jsonld(a, m["url"], m["iso"], "اليوم السابع", graph=True)
    writer = f"<span class=\"writer\">كتب {E(a['author'])}</span>" if a["author"] else ""
    date = f"<span class=\"newsStoryDate\">{ar_date(m['local'])}</span>" if m["mode"] == "text" else ""
    return (head(a["title"] + " - اليوم السابع", meta) + "<body><header><div class=\"logo\"><a href=\"/\">اليوم السابع</a></div>" + nav() + "</header>"
            "<div class=\"container\"><div class=\"breadcrumb\"><a href=\"/\">الرئيسية</a> &gt; <a href=\"/s\">أخبار مصر</a></div>"
            f"<article><div class=\"articleHeader\"><h1>{E(a['title'])}</h1><div class=\"articleInfo\">{writer}{date}</div></div>"
            + share() + figure(a) + f"<div id=\"articleBody\" class=\"articleCont\">{body}"
            "<p>اقرأ أيضا: <a href=\"/story/9\">تفاصيل اجتماع مجلس الوزراء اليوم وأهم القرارات</a></p></div>"
            + tags(["الحكومة", "مصر", "أخبار"]) + "</article>" + related() + comments() + "</div>" + mostread() + footer("اليوم السابع") + "</body></html>")

def masrawy(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    meta = (f"<meta property=\"og:title\" content=\"{E(a['title'])} | مصراوى\"><meta property=\"article:published_time\" content=\"{m['iso']}\">"
            if m["mode"] == "meta" else f"<meta property=\"og:title\" content=\"{E(a['title'])}\">")
    date = f"<div class=\"time\">{ar_date(m['local'])}</div>" if m["mode"] == "text" else ""
    author = f"<div class=\"author\"><a href=\"/author/1\">{E(a['author'])}</a></div>" if a["author"] else ""
    return (head(a["title"] + " | مصراوى", meta) + "<body><div id=\"header\">" + nav() + "</div><div class=\"mainWrap\"><div class=\"col-md-8\">"
            f"<div class=\"ArticleDetails\"><h1 class=\"headline\">{E(a['title'])}</h1>{author}{date}" + figure(a) +
            f"<div class=\"details\">{body}</div>" + share("social-share") + "</div>" + related("more-articles", "موضوعات متعلقة") + "</div>"
            "<div class=\"col-md-4\">" + mostread() + "</div></div>" + footer("مصراوي") + "</body></html>")

def ahram(a, m):
    # Older layout: tables, body as one cell with <br> between paragraphs, Arabic date text only.
    body = "<br><br>".join(E(p) for p in a["paras"])
    return (head(a["title"] + " - بوابة الأهرام") + "<body><table class=\"header\"><tr><td>" + nav() + "</td></tr></table>"
            "<table width=\"100%\"><tr><td class=\"rightcol\" valign=\"top\">"
            f"<div class=\"bbtitle\"><h1 id=\"ContentPlaceHolder1_divTitle\">{E(a['title'])}</h1></div>"
            f"<div class=\"bbdate\" id=\"ContentPlaceHolder1_divdate\">{ar_date(m['local'])}</div>"
            + (f"<div class=\"bbauthor\">{E(a['author'])}</div>" if a["author"] else "") +
            f"<div id=\"abody\" class=\"bbbody\">{body}</div>"
            + share("sharebox") + (f"<div class=\"imgcap\">{E(a['caption'])}</div>" if False else "") +
            "</td><td class=\"leftcol\">" + mostread() + "</td></tr></table>" + footer("الأهرام") + "</body></html>")

def almasry(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    meta = f"<meta property=\"og:title\" content=\"{E(a['title'])}\"><meta name=\"author\" content=\"{E(a['author'])}\">" if a["author"] else ""
    if m["mode"] == "meta": meta += f"<meta property=\"article:published_time\" content=\"{m['iso']}\">"
    date = f"<div class=\"date\"><span>نشر في:</span> {ar_date(m['local'])}</div>" if m["mode"] == "text" else ""
    return (head(a["title"] + " | المصري اليوم", meta) + "<body>" + nav() +
            f"<main><div class=\"article\"><div class=\"article-header\"><h1>{E(a['title'])}</h1>{date}</div>" + share() + figure(a) +
            "<div class=\"news-text\">" + body + ad(3) + "</div>" + tags(["البرلمان", "الحكومة"], "article-tags") + "</div>" + related("related-articles", "اقرأ المزيد") + "</main>"
            + footer("المصري اليوم") + "</body></html>")

def alarabiya(a, m):
    body = "".join(f"<p>{E(p)}</p>" + ("<div class=\"read-also\"><span>اقرأ أيضاً</span><a href=\"/x\">مسؤول: الاتفاق سيدخل حيز التنفيذ خلال أسابيع قليلة</a></div>" if i == 1 else "") for i, p in enumerate(a["paras"]))
    meta = jsonld(a, m["url"], m["iso"], "العربية", graph=True) if m["mode"] == "jsonld" else ""
    tm = f"<time datetime=\"{m['iso']}\">{ar_date(m['local'], day=False)}</time>" if m["mode"] == "time" else ""
    return (head(a["title"] + " | العربية", meta + f"<link rel=\"canonical\" href=\"{m['url']}\">") + "<body><div class=\"header\">" + nav() + "</div>"
            f"<div class=\"main-content\"><article class=\"article\"><h1 class=\"headingInfo_title\">{E(a['title'])}</h1>"
            f"<div class=\"timeDate\">{tm}</div>" + figure(a) + share("socialShare") +
            f"<div class=\"article-body\">{body}</div>" + tags(["السعودية", "اقتصاد"], "article-tags") + "</article>"
            + related("more-stories", "المزيد من الأخبار") + "</div>" + footer("العربية") + "</body></html>")

def aljazeera(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    meta = jsonld(a, m["url"], m["iso"], "الجزيرة نت") if m["mode"] == "jsonld" else ""
    if m["mode"] == "meta": meta += f"<meta property=\"article:published_time\" content=\"{m['iso']}\">"
    return (head(a["title"] + " | الجزيرة نت", meta + f"<meta property=\"og:title\" content=\"{E(a['title'])}\">") +
            "<body><div id=\"root\"><div class=\"site-header\">" + nav() + "</div><main id=\"main-content-area\">"
            f"<header class=\"article-header\"><h1>{E(a['title'])}</h1></header>"
            "<div class=\"article-info-block\"><div class=\"article-dates\"><span>نشر في</span></div>" + share("article__share") + "</div>"
            + figure(a) + f"<div class=\"wysiwyg wysiwyg--all-content\">{body}<p class=\"article-source\">المصدر : الجزيرة + وكالات</p></div>"
            "</main>" + related("more-on", "المزيد من سياسة") + "</div>" + footer("الجزيرة") + "</body></html>")

def bbc(a, m):
    body = "".join(f"<div data-component=\"text-block\" class=\"bbc-text\"><p>{E(p)}</p></div>" for p in a["paras"])
    return (head(a["title"] + " - BBC News عربي") + "<body><header role=\"banner\"><a href=\"/arabic\">BBC News عربي</a>" + nav(("الرئيسية","أخبار","اقتصاد","علوم","صحة")) + "</header>"
            f"<main role=\"main\"><div><h1 id=\"content\">{E(a['title'])}</h1></div>"
            f"<div class=\"byline\"><time datetime=\"{m['iso']}\">{ar_date(m['local'], with_time=False, day=False)}</time></div>"
            + figure(a) + body +
            "<section aria-labelledby=\"related-topics\"><h2 id=\"related-topics\">موضوعات ذات صلة</h2><ul><li><a href=\"/t1\">الشرق الأوسط</a></li><li><a href=\"/t2\">اقتصاد</a></li></ul></section>"
            "<section class=\"related-content\"><h2>قصص ذات صلة</h2><ul>" + "".join(f"<li><a href=\"/r{i}\">{t}</a></li>" for i, t in enumerate(RELATED_TITLES)) + "</ul></section>"
            "</main>" + "<div class=\"most-read\"><h2>الأكثر قراءة</h2><ol>" + "".join(f"<li><a href=\"/mr{i}\">{t}</a></li>" for i, t in enumerate(RELATED_TITLES)) + "</ol></div>"
            + footer("BBC") + "</body></html>")

def skynews(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    meta = jsonld(a, m["url"], m["iso"], "سكاي نيوز عربية") if m["mode"] == "jsonld" else f"<meta property=\"article:published_time\" content=\"{m['iso']}\">"
    return (head(a["title"] + " | سكاي نيوز عربية", meta) + "<body>" + nav() +
            f"<div class=\"article-page\"><div class=\"article-title\"><h1>{E(a['title'])}</h1></div>"
            "<div class=\"article-meta\"><span class=\"source\">سكاي نيوز عربية - أبوظبي</span></div>" + figure(a) +
            "<div class=\"article-body\">" + body[:body.find("</p>")+4] +
            "<div class=\"inline-related\"><a href=\"/r\">ملف: كل ما تريد معرفته عن القضية في نقاط</a></div>" + body[body.find("</p>")+4:] + "</div>"
            + share("share-buttons") + tags(["أبوظبي", "الإمارات"], "tags-list") + "</div>" + related("latest-news", "آخر الأخبار") + footer("سكاي نيوز عربية") + "</body></html>")

def aawsat(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    dt = m["local"]
    date = f"<div class=\"field-name-post-date\">نُشر: {dt.hour:02d}:{dt.minute:02d}-{dt.day} {MONTHS[dt.month-1]} {dt.year} م</div>"
    meta = f"<meta property=\"og:title\" content=\"{E(a['title'])}\"><meta property=\"og:site_name\" content=\"الشرق الأوسط\">"
    return (head(a["title"] + " | الشرق الأوسط", meta) + "<body><div id=\"page\"><div class=\"region-header\">" + nav() + "</div>"
            f"<div class=\"node-article\"><h1 class=\"node-title\">{E(a['title'])}</h1>{date}"
            + (f"<div class=\"field-name-field-author\">{E(a['author'])}</div>" if a["author"] else "") + figure(a) +
            f"<div class=\"field-name-body\"><div class=\"field-items\">{body}</div></div>" + share("social-links") +
            "</div>" + related("view-related-articles", "مقالات ذات صلة") + "</div>" + footer("الشرق الأوسط") + "</body></html>")

def annahar(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    meta = f"<meta property=\"article:published_time\" content=\"{m['iso']}\"><meta property=\"og:title\" content=\"{E(a['title'])} | النهار\">"
    return (head(a["title"] + " | النهار", meta) + "<body><div class=\"topBar\">" + nav() + "</div><div class=\"articlePage\">"
            f"<div class=\"articleTitle\"><h1>{E(a['title'])}</h1></div><div class=\"articleDate\">{ar_date(m['local'], levant=True)}</div>"
            + figure(a) + f"<div class=\"articleMainText\">{body}</div>"
            "<div class=\"articleTags\"><a href=\"/t/1\">لبنان</a><a href=\"/t/2\">بيروت</a></div>"
            + share("shareArticle") + "</div>" + related("relatedArticles", "مقالات ذات صلة") + comments() + footer("النهار") + "</body></html>")

def alquds(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    return (head(a["title"] + " | القدس العربي") + "<body class=\"single single-post\"><div id=\"masthead\" class=\"site-header\">" + nav() + "</div>"
            f"<div id=\"primary\" class=\"content-area\"><article id=\"post-1\" class=\"post type-post\"><header class=\"entry-header\"><h1 class=\"entry-title\">{E(a['title'])}</h1>"
            f"<div class=\"entry-meta\"><time class=\"entry-date published\" datetime=\"{m['iso']}\">{ar_date(m['local'], with_time=False, day=False)}</time></div></header>"
            + figure(a) + f"<div class=\"entry-content\">{body}"
            "<div class=\"sharedaddy sd-sharing-enabled\"><h3 class=\"sd-title\">شارك هذا:</h3><ul><li><a>فيسبوك</a></li><li><a>تويتر</a></li></ul></div>"
            "<div id=\"jp-relatedposts\" class=\"jp-relatedposts\"><h3>مقالات ذات صلة</h3>" + "".join(f"<p><a href=\"/r{i}\">{t}</a></p>" for i, t in enumerate(RELATED_TITLES[:2])) + "</div>"
            "</div><footer class=\"entry-footer\"><span class=\"tags-links\"><a>فلسطين</a></span></footer></article>" + comments() + "</div>"
            + mostread() + footer("القدس العربي") + "</body></html>")

def hespress(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    dt = m["local"]
    return (head(a["title"] + " | هسبريس") + "<body><header class=\"header\">" + nav() + "</header><div class=\"container\"><div class=\"row\"><div class=\"col-lg-8\">"
            f"<div class=\"article-header\"><h1 class=\"post-title\">{E(a['title'])}</h1>"
            + (f"<span class=\"author\"><a>{E(a['author'])}</a></span>" if a["author"] else "") +
            f"<span class=\"date-post\">{ar_date(dt)}</span></div>" + figure(a) +
            f"<div class=\"article-content\">{body}</div>" + tags(["المغرب", "الحكومة"], "box-tags") + share("share-post") +
            "</div><div class=\"col-lg-4\">" + mostread() + "</div></div></div>" + comments() + footer("هسبريس") + "</body></html>")

def echorouk(a, m):
    body = "".join(f"<div class=\"par\">{E(p)}</div>" for p in a["paras"])
    meta = f"<meta property=\"article:published_time\" content=\"{m['iso']}\"><meta property=\"og:title\" content=\"{E(a['title'])}\">"
    return (head(a["title"] + " - الشروق أونلاين", meta) + "<body>" + nav() + "<div class=\"page\">"
            f"<div class=\"ech-artx\"><h1 class=\"ech-sgmn__title\">{E(a['title'])}</h1>" + figure(a) +
            f"<div class=\"ech-artx__ctnt\">{body}</div>" + share("ech-share") + "</div>"
            + related("ech-rltd", "مواضيع ذات صلة") + "</div>" + footer("الشروق أونلاين") + "</body></html>")

def agency(a, m, place, credit, site):
    # Wire-agency layout: plain, a dateline opening the body, date only in the body's first line.
    first = f"{place} {m['dateline_date']} {credit}"
    paras = [first] + a["paras"]
    body = "".join(f"<p>{E(p)}</p>" for p in paras)
    return (head(a["title"] + " - " + site) + "<body><div id=\"top\">" + nav(("الرئيسية","محليات","دولي","اقتصاد","رياضة")) + "</div>"
            f"<div id=\"content\"><div class=\"newsTitle\"><h2>{E(a['title'])}</h2></div>"
            f"<div class=\"newsContent\">{body}<p>// انتهى //</p></div>" + share("print-share") + "</div>"
            "<div id=\"latest\"><h4>آخر الأخبار</h4>" + "".join(f"<div class=\"item\"><a href=\"/n{i}\">{t}</a></div>" for i, t in enumerate(RELATED_TITLES)) + "</div>"
            + footer(site) + "</body></html>")

def kuna(a, m):
    body = "<br>\n".join(E(p) for p in a["paras"])
    first_date = f"{m['local'].day} {MONTHS[m['local'].month-1]} {m['local'].year}"
    return (head("كونا : " + a["title"]) + "<body><table id=\"layout\"><tr><td colspan=\"2\">" + nav(("الرئيسية","محليات","دولي","اقتصاد")) + "</td></tr>"
            "<tr><td class=\"main\" valign=\"top\">"
            f"<h1 class=\"ArticleTitle\">{E(a['title'])}</h1><span class=\"ArticleDate\">{ar_date(m['local'])}</span>"
            f"<div class=\"ArticleText\">(كونا) -- {body}</div>"
            "</td><td class=\"side\">" + mostread() + "</td></tr></table>" + footer("كونا") + "</body></html>")

def petra(a, m):
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    dt = m["local"]
    return (head(a["title"] + " - وكالة الأنباء الأردنية", f"<meta name=\"pubdate\" content=\"{m['iso']}\">") + "<body>" + nav() +
            f"<div class=\"news-details\"><h1>{E(a['title'])}</h1><div class=\"news-date\">عمان {dt.day} {LEVANT[dt.month-1]} (بترا)</div>"
            f"<div class=\"news-content\">{body}</div>" + share() + "</div>" + related() + footer("بترا") + "</body></html>")

def generic_blog(a, m):
    # An outlet khabar has no profile for: WordPress-style theme with everything in divs.
    body = "".join(f"<div class=\"text\">{E(p)}</div>" for p in a["paras"])
    return (head(a["title"] + " – موقع الخبر اليومي", f"<meta property=\"og:title\" content=\"{E(a['title'])}\"><meta property=\"article:published_time\" content=\"{m['iso']}\">") +
            "<body><div class=\"wrapper\"><div class=\"top-menu\">" + nav() + "</div>"
            f"<div class=\"post-wrap\"><div class=\"post-heading\"><h1>{E(a['title'])}</h1></div>" + figure(a) +
            f"<div class=\"post-inner\">{body}</div>" + share("post-share") + tags(["عاجل"], "post-tags") + "</div>"
            + related("yarpp-related", "قد يعجبك أيضا") + comments() + "</div>" + footer("الخبر اليومي") + "</body></html>")


def okaz(a, m):
    # Saudi daily: body in an unnamed column class, author and date in a meta row, JSON-LD date.
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    meta = jsonld(a, m["url"], m["iso"], "عكاظ") + f"<meta property=\"og:title\" content=\"{E(a['title'])}\">"
    return (head(a["title"] + " – عكاظ", meta) + "<body><div class=\"okaz-header\">" + nav() + "</div>"
            "<div class=\"container\"><div class=\"row\"><div class=\"col-md-9 col-news\">"
            f"<h1 class=\"news-title\">{E(a['title'])}</h1><div class=\"news-meta\"><span class=\"by\">{E(a['author'])} (جدة)</span>"
            f"<span class=\"counter\">2541 مشاهدة</span></div>" + figure(a) + share("share-icons") +
            f"<div class=\"col-news-txt\">{body}</div>" + tags(["جدة", "أمانة"], "news-tags") +
            "</div><div class=\"col-md-3\">" + mostread() + "</div></div></div>" + footer("عكاظ") + "</body></html>")

def alkhaleej(a, m):
    # Emirati daily: intertitles (<h2>) inside the body, date in article:published_time.
    body = "".join((f"<h2>{E(p)}</h2>" if len(p.split()) <= 3 else f"<p>{E(p)}</p>") for p in a["paras"])
    meta = f"<meta property=\"article:published_time\" content=\"{m['iso']}\"><meta property=\"og:title\" content=\"{E(a['title'])} | صحيفة الخليج\">"
    return (head(a["title"] + " | صحيفة الخليج", meta) + "<body><header class=\"main-header\">" + nav() + "</header><main>"
            f"<div class=\"article-wrap\"><h1 class=\"article-title\">{E(a['title'])}</h1>"
            f"<div class=\"article-author\"><a href=\"/author/1\">{E(a['author'])}</a></div>" + share("share-tools") +
            f"<div class=\"article-text-wrapper\"><div class=\"txt\">{body}</div></div>"
            "<div class=\"related-box\"><h3>اقرأ أيضاً</h3><ul>" + "".join(f"<li><a href=\"/r{i}\">{t}</a></li>" for i, t in enumerate(RELATED_TITLES)) + "</ul></div>"
            "</div></main>" + footer("صحيفة الخليج") + "</body></html>")

def alghad(a, m):
    # Jordanian daily on a tagDiv WordPress theme.
    body = "".join(f"<p>{E(p)}</p>" for p in a["paras"])
    return (head(a["title"] + " - الغد") + "<body class=\"post-template-default single\"><div class=\"td-header-wrap\">" + nav() + "</div>"
            "<div class=\"td-main-content-wrap\"><div class=\"td-container\"><div class=\"td-pb-span8 td-main-content\">"
            f"<article class=\"post\"><div class=\"td-post-header\"><header class=\"td-post-title\"><h1 class=\"entry-title\">{E(a['title'])}</h1>"
            f"<div class=\"td-module-meta-info\"><div class=\"td-post-author-name\"><a href=\"/author/1\">{E(a['author'])}</a></div>"
            f"<span class=\"td-post-date\"><time class=\"entry-date updated td-module-date\" datetime=\"{m['iso']}\">{ar_date(m['local'], levant=True)}</time></span>"
            "<div class=\"td-post-views\"><span>731</span></div></div></header></div>" + share("td-post-sharing") + figure(a) +
            f"<div class=\"td-post-content tagdiv-type\">{body}</div>"
            "<footer><div class=\"td-post-source-tags\"><ul class=\"td-tags\"><li><span>الوسوم</span></li><li><a href=\"/t/1\">عمان</a></li></ul></div>"
            "<div class=\"td-block-row td-post-next-prev\"><div class=\"td-post-next-prev-content\"><span>المقال السابق</span><a href=\"/p\">تحويلات مرورية على طريق المطار</a></div></div></footer>"
            "</article>" + "<div class=\"td_block_related_posts\"><h4>مقالات ذات صلة</h4>" + "".join(f"<div class=\"td_module_related_posts\"><h3><a href=\"/r{i}\">{t}</a></h3></div>" for i, t in enumerate(RELATED_TITLES)) + "</div>"
            "</div><div class=\"td-pb-span4 td-main-sidebar\">" + mostread() + "</div></div></div>" + footer("الغد") + "</body></html>")

def independentarabia(a, m):
    # Drupal site: field--name-body, dfp ad wrappers between paragraphs, JSON-LD date in UTC.
    body = "".join(f"<p>{E(p)}</p>" + ("<div class=\"dfp-tag-wrapper\"><div id=\"dfp-ad-mid\">إعلان</div></div>" if i == 1 else "") for i, p in enumerate(a["paras"]))
    meta = jsonld(a, m["url"], m["iso"], "اندبندنت عربية")
    return (head(a["title"] + " | اندبندنت عربية", meta) + "<body class=\"path-node page-node-type-article\"><div class=\"dialog-off-canvas-main-canvas\">"
            "<header role=\"banner\">" + nav() + "</header><main role=\"main\"><div class=\"region region-content\">"
            f"<article class=\"node node--type-article\"><div class=\"article-section-title\"><a href=\"/s\">بيئة</a></div><h1 class=\"page-title\"><span>{E(a['title'])}</span></h1>"
            f"<div class=\"author-info\"><div class=\"author-name\">{E(a['author'])} صحافية</div><div class=\"publish-date\">آخر تحديث</div></div>"
            "<div class=\"node__content\"><div class=\"clearfix text-formatted field field--name-body field--type-text-with-summary field__item\">" + body + "</div>"
            "<div class=\"field--name-field-tags\"><div class=\"field__label\">الكلمات الدالة</div><div class=\"field__items\"><a href=\"/t/1\">المياه</a><a href=\"/t/2\">المناخ</a></div></div></div>"
            "</article><div class=\"views-element-container\"><h2>الأكثر قراءة</h2>" + "".join(f"<div class=\"views-row\"><a href=\"/m{i}\">{t}</a></div>" for i, t in enumerate(RELATED_TITLES)) + "</div>"
            "</div></main>" + footer("اندبندنت عربية") + "</div></body></html>")

def shorouknews(a, m):
    # Egyptian daily, older ASP.NET layout: body a <div> with <br> between paragraphs, the byline
    # as the first line of the body, Arabic date text only.
    body = "<br><br>".join(E(p) for p in a["paras"])
    return (head(a["title"] + " - بوابة الشروق") + "<body><form method=\"post\" action=\"./news\" id=\"form1\"><div id=\"header\">" + nav() + "</div>"
            "<div id=\"main\"><div class=\"rightContent\"><div class=\"newsDetails\">"
            f"<div class=\"newsTitle\"><h1>{E(a['title'])}</h1></div><div class=\"newsSubInfo\"><span class=\"newsDate\">نشر في: {ar_date(m['local'])}</span></div>"
            + figure(a) + f"<div class=\"eventContent\" id=\"ContentPlaceHolder1_lblContent\">كتب - {E(a['author'])}:<br><br>{body}</div>"
            + share("addthis_toolbox") + "</div>" + related("moreNews", "اقرأ أيضا") + "</div><div class=\"leftContent\">" + mostread() + "</div></div>"
            + footer("الشروق") + "</form></body></html>")

# ---------------------------------------------------------------------------------------------

# (layout, host, tz, mode) per page; modes: jsonld (UTC in JSON-LD), meta (offset in meta),
# time (<time datetime>), text (Arabic date text only), body (date in the agency dateline).
PAGES = [
 ("youm7", "www.youm7.com", "Africa/Cairo", "jsonld"),
 ("youm7", "www.youm7.com", "Africa/Cairo", "text"),
 ("masrawy", "www.masrawy.com", "Africa/Cairo", "meta"),
 ("masrawy", "www.masrawy.com", "Africa/Cairo", "text"),
 ("ahram", "gate.ahram.org.eg", "Africa/Cairo", "text"),
 ("ahram", "gate.ahram.org.eg", "Africa/Cairo", "text"),
 ("almasry", "www.almasryalyoum.com", "Africa/Cairo", "meta"),
 ("almasry", "www.almasryalyoum.com", "Africa/Cairo", "text"),
 ("alarabiya", "www.alarabiya.net", "Asia/Dubai", "jsonld"),
 ("alarabiya", "www.alarabiya.net", "Asia/Dubai", "time"),
 ("aljazeera", "www.aljazeera.net", "Asia/Qatar", "jsonld"),
 ("aljazeera", "www.aljazeera.net", "Asia/Qatar", "meta"),
 ("bbc", "www.bbc.com", "Europe/London", "time"),
 ("bbc", "www.bbc.com", "Europe/London", "time"),
 ("skynews", "www.skynewsarabia.com", "Asia/Dubai", "jsonld"),
 ("skynews", "www.skynewsarabia.com", "Asia/Dubai", "meta"),
 ("aawsat", "aawsat.com", "Asia/Riyadh", "text"),
 ("annahar", "www.annahar.com", "Asia/Beirut", "meta"),
 ("alquds", "www.alquds.co.uk", "Europe/London", "time"),
 ("hespress", "www.hespress.com", "Africa/Casablanca", "text"),
 ("echorouk", "www.echoroukonline.com", "Africa/Algiers", "meta"),
 ("spa", "www.spa.gov.sa", "Asia/Riyadh", "body"),
 ("wam", "www.wam.ae", "Asia/Dubai", "body"),
 ("qna", "www.qna.org.qa", "Asia/Qatar", "body"),
 ("kuna", "www.kuna.net.kw", "Asia/Kuwait", "text"),
 ("petra", "petra.gov.jo", "Asia/Amman", "meta"),
 ("sana", "sana.sy", "Asia/Damascus", "body"),
 ("wafa", "www.wafa.ps", "Asia/Hebron", "body"),
 ("generic_blog", "www.example-news.net", "", "meta"),
 ("generic_blog", "akhbar.example.org", "", "meta"),
 ("okaz", "www.okaz.com.sa", "Asia/Riyadh", "jsonld"),
 ("alkhaleej", "www.alkhaleej.ae", "Asia/Dubai", "meta"),
 ("alghad", "alghad.com", "Asia/Amman", "time"),
 ("independentarabia", "www.independentarabia.com", "Europe/London", "jsonld"),
 ("shorouknews", "www.shorouknews.com", "Africa/Cairo", "text", -120),
]

SITE_NAMES = {"youm7": "اليوم السابع", "masrawy": "مصراوي", "ahram": "بوابة الأهرام", "almasry": "المصري اليوم",
              "alarabiya": "العربية", "aljazeera": "الجزيرة نت", "bbc": "BBC News عربي", "skynews": "سكاي نيوز عربية",
              "aawsat": "الشرق الأوسط", "annahar": "النهار", "alquds": "القدس العربي", "hespress": "هسبريس",
              "echorouk": "الشروق أونلاين", "spa": "واس", "wam": "وام", "qna": "قنا", "kuna": "كونا", "petra": "بترا",
              "sana": "سانا", "wafa": "وفا", "generic_blog": "الخبر اليومي", "okaz": "عكاظ", "alkhaleej": "الخليج",
              "alghad": "الغد", "independentarabia": "اندبندنت عربية", "shorouknews": "الشروق"}


def use_chrome():
    """Full-size mode: chrome.py's versions of the page helpers replace the small ones."""
    import chrome
    for name in ("head", "nav", "share", "related", "tags", "comments", "ad", "mostread", "footer"):
        globals()[name] = getattr(chrome, name)
    return chrome


def main(out_dir, full=False):
    chrome = use_chrome() if full else None
    expected = []
    base = datetime.datetime(2024, 3, 5, 10, 20)
    for i, (page_spec, a) in enumerate(zip(PAGES, ARTICLES)):
        layout, host, tz, mode = page_spec[:4]
        # Optional day shift: keeps Cairo pages out of Egypt's summer time, which ICU 72's zone
        # data predates (Egypt restored DST in 2023).
        shift = page_spec[4] if len(page_spec) > 4 else 0
        local = base + datetime.timedelta(days=3 * i + shift, hours=(i * 5) % 11, minutes=(i * 7) % 60)
        if tz:
            delta = zoneinfo.ZoneInfo(tz).utcoffset(local)
            off = int(delta.total_seconds() // 3600)
        else:
            off = 3
        url = f"https://{host}/news/2024/{local.month}/{local.day}/{1000 + i}"
        utc = local - datetime.timedelta(hours=off)
        m = {"url": url, "local": local, "mode": mode}
        offs = f"{'+' if off >= 0 else '-'}{abs(off):02d}:00"
        if mode == "jsonld":
            m["iso"] = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            m["iso"] = local.strftime("%Y-%m-%dT%H:%M:%S") + offs
        hijri = {"spa": "", "wam": "", "qna": "", "sana": "", "wafa": ""}
        months = MONTHS
        published = local.strftime("%Y-%m-%dT%H:%M") + offs
        if mode == "body":
            published = local.strftime("%Y-%m-%d")
            m["dateline_date"] = f"{local.day} {MONTHS[local.month-1]} {local.year}"
        if mode == "time" and layout in ("bbc", "alquds"):
            pass
        if layout == "kuna":
            pass
        if layout == "petra":
            pass
        if not tz:
            published = local.strftime("%Y-%m-%dT%H:%M") + offs  # stated offset kept
        if chrome:
            chrome.seed(i, host, SITE_NAMES[layout], local)
        fn = globals().get(layout)
        if layout == "spa": page = agency(a, m, "الرياض", "واس", "وكالة الأنباء السعودية")
        elif layout == "wam": page = agency(a, m, "أبوظبي في", "وام", "وكالة أنباء الإمارات")
        elif layout == "qna": page = agency(a, m, "الدوحة في", "قنا", "وكالة الأنباء القطرية")
        elif layout == "sana": page = agency(a, m, "دمشق", "سانا", "سانا")
        elif layout == "wafa": page = agency(a, m, "رام الله", "وفا", "وكالة وفا")
        else: page = fn(a, m)
        if chrome:
            page = chrome.decorate(page, a["paras"], E)
        name = f"{i + 1:02d}-{layout}.html"
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(page)
        body = list(a["paras"])
        if layout == "kuna":
            body[0] = "(كونا) -- " + body[0]
        expected.append({"file": name, "url": url, "title": a["title"], "published": published, "body": body})
    with open(os.path.join(out_dir, "expected.jsonl"), "w", encoding="utf-8") as f:
        for e in expected:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    # make_pages.py          the small pages (page structure only), into this directory
    # make_pages.py --full   the same articles in the same layouts as full-size pages, with the
    #                        chrome of real outlet pages (chrome.py), into full/
    here = os.path.dirname(os.path.abspath(__file__))
    if "--full" in sys.argv[1:]:
        os.makedirs(os.path.join(here, "full"), exist_ok=True)
        main(os.path.join(here, "full"), full=True)
    else:
        main(here)

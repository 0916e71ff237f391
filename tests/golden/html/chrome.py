"""Full-size page chrome for khabar's HTML golden set (make_pages.py --full).

A real story page of an Arab outlet weighs 80-300 KB and the article is a few KB of it: the rest is
critical CSS, tag-manager / ad / analytics scripts and framework state blobs, a top bar with
today's date and prayer times, a mega-menu with dozens of section links and their latest
headlines, a breaking-news ticker, share bars with SVG icons, "اقرأ أيضا" boxes and inline ads
inside the body, related-article cards and most-read lists whose headlines carry their own dates,
reader comments with names and dates, currency / weather widgets, newsletter forms and a fat footer
with the outlet's address and copyright. make_pages.py swaps these versions in for its small
helpers (nav, share, related, tags, comments, ad, mostread, footer, head), so every page keeps the
layout of its outlet and its expected record; `decorate` then adds what sits inside the article
body and at the end of the page. Everything here is written by the khabar team (fictional
headlines and names); nothing is copied from any site. Deterministic: seed() before each page.
"""
import datetime
import html
import json
import random
import urllib.parse

E = html.escape
R = random.Random(0)
PAGE = {}  # the current page: host, site, article date (datetime), today (datetime)

MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
          "نوفمبر", "ديسمبر"]
LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
          "تشرين الأول", "تشرين الثاني", "كانون الأول"]
DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

SECTIONS = [
    ("أخبار مصر", ["محافظات", "حوادث", "برلمان", "أحزاب", "تقارير", "تحقيقات", "خدمات"]),
    ("عربي ودولي", ["الخليج", "الشام", "المغرب العربي", "أفريقيا", "أوروبا", "أمريكا", "آسيا"]),
    ("اقتصاد", ["بورصة", "بنوك", "ذهب", "عملات", "عقارات", "طاقة", "سيارات", "شركات", "زراعة"]),
    ("رياضة", ["كرة محلية", "كرة عالمية", "منتخبات", "دوري الأبطال", "كرة سلة", "كرة يد", "تنس"]),
    ("فن وثقافة", ["سينما", "دراما", "موسيقى", "كتب", "مسرح", "نجوم", "مهرجانات"]),
    ("صحة", ["تغذية", "أمراض", "طب نفسي", "أدوية", "رشاقة"]),
    ("تكنولوجيا", ["هواتف", "تطبيقات", "ذكاء اصطناعي", "ألعاب", "إنترنت"]),
    ("منوعات", ["المرأة", "الأسرة", "سياحة وسفر", "مطبخ", "أبراج", "غرائب"]),
    ("رأي", ["مقالات", "كاريكاتير", "حوارات"]),
    ("ملتيميديا", ["فيديو", "صور", "إنفوجراف", "بودكاست", "بث مباشر"]),
]

HEADLINES = [
    "محافظ البنك المركزي: احتياطي النقد الأجنبي يرتفع للشهر الخامس على التوالي",
    "الأرصاد تحذر من أمطار رعدية وسيول على المناطق الجبلية خلال الساعات المقبلة",
    "وزير النقل يتفقد أعمال القطار الكهربائي السريع ويحدد موعد التشغيل التجريبي",
    "أسعار الذهب اليوم في محلات الصاغة بعد الارتفاع الأخير",
    "المنتخب الوطني يعلن قائمة اللاعبين المشاركين في معسكر الشهر المقبل",
    "انطلاق معرض الكتاب الدولي بمشاركة أكثر من ألف دار نشر",
    "الصحة: حملة تطعيم جديدة ضد شلل الأطفال تبدأ السبت المقبل",
    "مجلس النواب يوافق نهائيا على قانون تنظيم العمل الأهلي",
    "تعرف على أسعار العملات الأجنبية في البنوك اليوم",
    "ضبط شبكة لتهريب الآثار في عملية أمنية بثلاث محافظات",
    "فنانة شهيرة تكشف تفاصيل مسلسلها الجديد في رمضان المقبل",
    "رئيس الوزراء يفتتح مجمعا صناعيا جديدا بتكلفة ملياري جنيه",
    "خبراء: تراجع أسعار النفط يخفف الضغوط على موازنات الدول المستوردة",
    "جامعة القاهرة تطلق برنامجا جديدا لدراسة الذكاء الاصطناعي",
    "إغلاق مؤقت لطريق الساحل الشمالي لأعمال الصيانة الليلة",
    "نتائج مباريات الدوري اليوم وترتيب الفرق بعد الجولة العشرين",
    "السفارة تعلن مواعيد جديدة لاستقبال طلبات التأشيرات",
    "مصرع شخصين وإصابة خمسة في حادث تصادم على الطريق الصحراوي",
    "الحكومة تدرس زيادة الدعم النقدي للأسر الأكثر احتياجا",
    "انخفاض درجات الحرارة بداية من الغد والعظمى في العاصمة 19 درجة",
    "شركة اتصالات كبرى تطلق خدمة الجيل الخامس في خمس مدن",
    "وزيرة التخطيط: معدل النمو المتوقع يتجاوز أربعة في المئة",
    "افتتاح أول متحف للفنون الإسلامية المعاصرة في المدينة القديمة",
    "الدفاع المدني يسيطر على حريق في مخزن للأخشاب دون إصابات",
]
NAMES = ["أحمد عادل", "إيمان محمود", "خالد الحربي", "نور الهدى بن سالم", "يوسف الخطيب", "سلمى عبد القادر",
         "مروان الشريف", "هبة الله فاروق", "عمر الزعبي", "ليلى بوعزة", "طارق المصري", "دينا العلي"]
COMMENTS = [
    "للأسف هذه القرارات تأتي متأخرة دائما، نتمنى أن يتم التنفيذ هذه المرة بشكل جاد.",
    "خبر رائع، ربنا يوفق المسؤولين ويكون في صالح الناس البسيطة.",
    "أين الرقابة؟ كل مرة نسمع نفس الوعود ولا نرى شيئا على أرض الواقع.",
    "شكرا للموقع على المتابعة المستمرة والأخبار الدقيقة.",
    "هل هناك رابط رسمي للتسجيل؟ لم أجد أي معلومات على موقع الوزارة.",
    "المشكلة الحقيقية في التطبيق وليس في القرار نفسه.",
    "كلام جميل على الورق، ننتظر النتائج.",
    "أتمنى أن يشمل القرار المحافظات البعيدة وليس العاصمة فقط.",
]
CSS_NAMES = ["header", "nav", "menu", "card", "article", "share", "footer", "ticker", "btn", "grid",
             "col", "row", "title", "meta", "thumb", "ad", "widget", "list", "tabs", "modal", "logo"]
SVG_PATHS = [
    "M12 2C6.48 2 2 6.48 2 12c0 5.02 3.66 9.17 8.44 9.93v-7.02H7.9V12h2.54V9.8c0-2.5 1.49-3.89 3.77-3.89 1.09 0 2.24.2 2.24.2v2.46h-1.26c-1.24 0-1.63.77-1.63 1.56V12h2.78l-.44 2.91h-2.34v7.02C18.34 21.17 22 17.02 22 12c0-5.52-4.48-10-10-10z",
    "M18.244 2.25h3.308l-7.227 8.26 8.502 11.24H16.17l-5.214-6.817L4.99 21.75H1.68l7.73-8.835L1.254 2.25H8.08l4.713 6.231zm-1.161 17.52h1.833L7.084 4.126H5.117z",
    "M20.52 3.48A11.86 11.86 0 0 0 12.04 0C5.5 0 .16 5.33.16 11.88c0 2.1.55 4.14 1.59 5.94L0 24l6.33-1.66a11.87 11.87 0 0 0 5.7 1.45h.01c6.55 0 11.88-5.33 11.88-11.88 0-3.17-1.23-6.16-3.4-8.43z",
    "M23.95 4.57a10 10 0 0 1-2.82.77 4.96 4.96 0 0 0 2.16-2.72c-.95.56-2 .96-3.12 1.19a4.92 4.92 0 0 0-8.38 4.48A13.94 13.94 0 0 1 1.64 3.16a4.92 4.92 0 0 0 1.52 6.57 4.9 4.9 0 0 1-2.23-.61v.06a4.92 4.92 0 0 0 3.95 4.83 4.96 4.96 0 0 1-2.22.08 4.93 4.93 0 0 0 4.6 3.42A9.87 9.87 0 0 1 0 19.54a14 14 0 0 0 7.56 2.21c9.05 0 14-7.5 14-13.98 0-.21 0-.42-.02-.63A9.94 9.94 0 0 0 24 4.59z",
]


def seed(index, host, site, article_date):
    """Starts page `index`: its RNG, host, outlet name and the article's local date."""
    R.seed(7919 * (index + 1))
    PAGE.clear()
    PAGE.update(host=host, site=site, date=article_date, index=index,
                today=article_date + datetime.timedelta(days=R.randint(1, 9), hours=R.randint(0, 5)))


def href(*parts):
    return f"https://{PAGE['host']}/" + "/".join(urllib.parse.quote(str(p)) for p in parts)


def ar_date(dt, time=False, levant=False, day=False):
    s = (DAYS[dt.weekday()] + " " if day else "") + f"{dt.day} {(LEVANT if levant else MONTHS)[dt.month - 1]} {dt.year}"
    if time:
        h = dt.hour % 12 or 12
        s += f" - {h:02d}:{dt.minute:02d} " + ("م" if dt.hour >= 12 else "ص")
    return s


def other_date():
    """A date near the article's (earlier or later): what related and most-read items carry."""
    dt = PAGE["date"] + datetime.timedelta(days=R.randint(-20, 6), hours=R.randint(-9, 9), minutes=R.randint(0, 59))
    style = R.randint(0, 3)
    if style == 0:
        return ar_date(dt, time=True)
    if style == 1:
        return ar_date(dt)
    if style == 2:
        return f"منذ {R.randint(2, 11)} ساعات"
    return dt.strftime("%d/%m/%Y")


def svg(cls="icon"):
    return (f"<svg class=\"{cls}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"18\" height=\"18\" "
            f"aria-hidden=\"true\" focusable=\"false\"><path fill=\"currentColor\" d=\"{R.choice(SVG_PATHS)}\"/></svg>")


def img(w=640):
    k = R.randint(10000, 99999)
    base = f"https://img.{PAGE['host']}/large/2024/{k}"
    return (f"<img src=\"{base}_{w}.jpg\" srcset=\"{base}_320.jpg 320w, {base}_640.jpg 640w, {base}_1024.jpg 1024w\" "
            f"sizes=\"(max-width: 768px) 100vw, 50vw\" width=\"{w}\" height=\"{w * 9 // 16}\" loading=\"lazy\" decoding=\"async\" alt=\"\">")


def css(kb):
    rules = []
    while sum(map(len, rules)) < kb * 1024:
        a, b = R.choice(CSS_NAMES), R.choice(CSS_NAMES)
        rules.append(f".{a}-{R.randint(1, 300)} .{b}__{R.choice(CSS_NAMES)}{{display:flex;margin:{R.randint(0, 30)}px "
                     f"{R.randint(0, 30)}px;padding:{R.randint(0, 20)}px;color:#{R.randint(0, 0xffffff):06x};"
                     f"font:{R.randint(12, 30)}px/1.{R.randint(2, 9)} 'Cairo','Tajawal',sans-serif}}"
                     f"@media (max-width:{R.choice([480, 768, 992])}px){{.{a}-{R.randint(1, 300)}{{display:none}}}}")
    return "<style id=\"critical-css\">" + "".join(rules) + "</style>"


def js(kb, name):
    parts = []
    while sum(map(len, parts)) < kb * 1024:
        k = R.randint(0, 99999)
        parts.append(f"function {name}_{k}(e,t){{var n=e&&e.length?e[0]:null;if(!n||t<{R.randint(1, 50)})return "
                     f"document.querySelectorAll('[data-slot=\"{k}\"]');for(var r=0;r<t;r++)n.push({{id:'div-gpt-ad-{k}-'+r,"
                     f"sizes:[[300,250],[728,90],[320,50]],targeting:{{section:'news',pos:'p'+r,lang:'ar'}}}});"
                     f"return n.length>0&&e.indexOf('</'+'div>')<0}}")
    return "<script>" + ";".join(parts) + "</script>"


def state_json(kb):
    items = [{"id": R.randint(100000, 999999), "title": R.choice(HEADLINES), "section": R.choice(SECTIONS)[0],
              "published": (PAGE["date"] - datetime.timedelta(hours=R.randint(1, 300))).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "url": href("news", R.randint(100000, 999999)), "image": {"w": 640, "h": 360}}
             for _ in range(max(4, kb * 4))]
    state = {"page": "article", "related": items, "ads": {"enabled": True, "refresh": 30}}
    return ("<script id=\"__APP_STATE__\" type=\"application/json\">" +
            json.dumps(state, ensure_ascii=False).replace("</", "<\\/") + "</script>")


# ---------------------------------------------------------------------------------------------
# Full-size versions of make_pages.py's helpers (same signatures).

def head(title, extra=""):
    site = PAGE["site"]
    metas = (f"<meta name=\"description\" content=\"{E(title)}\"><meta name=\"keywords\" content=\"أخبار,عاجل,{E(site)}\">"
             "<meta property=\"og:type\" content=\"article\"><meta property=\"og:image\" content=\"https://img.example/og.jpg\">"
             "<meta property=\"og:image:width\" content=\"1200\"><meta property=\"og:image:height\" content=\"630\">"
             "<meta name=\"twitter:card\" content=\"summary_large_image\"><meta name=\"twitter:site\" content=\"@news\">"
             "<meta property=\"fb:app_id\" content=\"1234567890\"><meta name=\"robots\" content=\"max-image-preview:large\">"
             "<meta name=\"theme-color\" content=\"#b00000\"><link rel=\"manifest\" href=\"/manifest.json\">"
             "<link rel=\"icon\" href=\"/favicon.ico\"><link rel=\"apple-touch-icon\" href=\"/icon-180.png\">"
             "<link rel=\"preconnect\" href=\"https://fonts.gstatic.com\" crossorigin>"
             "<link rel=\"preload\" as=\"font\" type=\"font/woff2\" href=\"/fonts/cairo.woff2\" crossorigin>"
             f"<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{E(site)}\" href=\"/rss\">")
    org = {"@context": "https://schema.org", "@type": "Organization", "name": site, "url": f"https://{PAGE['host']}/",
           "logo": {"@type": "ImageObject", "url": f"https://{PAGE['host']}/logo.png"},
           "sameAs": ["https://www.facebook.com/news", "https://twitter.com/news"]}
    crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": f"https://{PAGE['host']}/"},
        {"@type": "ListItem", "position": 2, "name": R.choice(SECTIONS)[0], "item": href("section", 2)}]}
    gtm = ("<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
           "var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;"
           "j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})"
           "(window,document,'script','dataLayer','GTM-ABC123');</script>")
    ads = ("<script async src=\"https://securepubads.g.doubleclick.net/tag/js/gpt.js\"></script>"
           "<script>window.googletag=window.googletag||{cmd:[]};googletag.cmd.push(function(){"
           + "".join(f"googletag.defineSlot('/1234/news/article/slot{k}',[[728,90],[300,250]],'div-gpt-ad-{k}')"
                     ".addService(googletag.pubads());" for k in range(1, 9)) +
           "googletag.pubads().enableSingleRequest();googletag.enableServices();});</script>")
    return ("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{E(title)}</title>{extra}{metas}"
            f"<script type=\"application/ld+json\">{json.dumps(org, ensure_ascii=False)}</script>"
            f"<script type=\"application/ld+json\">{json.dumps(crumbs, ensure_ascii=False)}</script>"
            + css(R.randint(18, 60)) + gtm + ads + js(R.randint(8, 30), "cfg") +
            "<style>.x{color:red}</style></head>\n")


def nav(items=("الرئيسية", "أخبار", "سياسة", "اقتصاد", "رياضة", "فن", "منوعات", "فيديو")):
    """Top bar (today's date, prayer times, social icons), mega-menu, breaking-news ticker."""
    today = PAGE["today"]
    topbar = (f"<div class=\"top-bar\"><span class=\"today-date\">{ar_date(today, day=True)}</span>"
              f"<span class=\"hijri-date\">{R.randint(1, 29)} رمضان 1445 هـ</span>"
              "<div class=\"prayer-times\"><span>الفجر 4:31</span><span>الظهر 11:58</span><span>العصر 3:27</span>"
              "<span>المغرب 5:56</span><span>العشاء 7:14</span></div><div class=\"top-social\">"
              + "".join(f"<a href=\"https://social.example/{k}\" target=\"_blank\" rel=\"noopener\">{svg()}</a>" for k in range(5)) +
              "</div><a class=\"epaper\" href=\"/pdf\">العدد الورقي</a></div>")
    menu = ["<nav class=\"main-nav mega-menu\" aria-label=\"الأقسام\"><ul class=\"menu-list\">"]
    menu += [f"<li class=\"menu-item\"><a href=\"{href('section', i)}\">{E(x)}</a></li>" for i, x in enumerate(items)]
    for section, subs in SECTIONS:
        menu.append(f"<li class=\"menu-item has-children\"><a href=\"{href(section)}\">{section}</a><div class=\"mega-dropdown\"><ul>")
        menu += [f"<li><a href=\"{href(section, s)}\" title=\"{s}\">{s}</a></li>" for s in subs]
        menu.append("</ul><div class=\"mega-latest\">")
        for h in R.sample(HEADLINES, 3):
            menu.append(f"<a class=\"mega-card\" href=\"{href('news', R.randint(1000, 99999))}\">{img(320)}<span class=\"mega-card__title\">{h}</span>"
                        f"<span class=\"mega-card__date\">{other_date()}</span></a>")
        menu.append("</div></div></li>")
    menu.append("</ul><button class=\"search-toggle\" aria-label=\"بحث\">" + svg() + "</button>"
                "<form class=\"search-form\" action=\"/search\"><input type=\"search\" name=\"q\" placeholder=\"ابحث في الموقع\"></form></nav>")
    ticker = ("<div class=\"breaking-news\"><span class=\"breaking-label\">عاجل</span><ul class=\"breaking-list\">" +
              "".join(f"<li><span class=\"breaking-time\">{R.randint(1, 12):02d}:{R.randint(0, 59):02d}</span>"
                      f"<a href=\"{href('breaking', R.randint(1000, 9999))}\">{h}</a></li>" for h in R.sample(HEADLINES, 6)) +
              "</ul></div>")
    return topbar + "".join(menu) + ticker


def share(cls="share-bar"):
    nets = [("facebook", "فيسبوك"), ("twitter", "إكس"), ("whatsapp", "واتساب"), ("telegram", "تيليجرام"),
            ("linkedin", "لينكدإن"), ("email", "البريد")]
    return (f"<div class=\"{cls}\"><span class=\"share-count\">{R.randint(2, 90)}٫{R.randint(1, 9)} ألف مشاركة</span>" +
            "".join(f"<a class=\"share-btn share-{k}\" href=\"https://share.example/{k}?u={urllib.parse.quote(PAGE['host'])}\" "
                    f"target=\"_blank\" rel=\"nofollow noopener\" title=\"شارك عبر {v}\">{svg()}<span class=\"sr-only\">{v}</span></a>"
                    for k, v in nets) +
            "<button class=\"copy-link\">نسخ الرابط</button><button class=\"font-up\">A+</button>"
            "<button class=\"font-down\">A-</button><a class=\"print\" href=\"#\">طباعة</a></div>")


def related(cls="related-news", head="أخبار متعلقة"):
    cards = "".join(f"<div class=\"news-card\"><a href=\"{href('news', R.randint(100000, 999999))}\"><div class=\"news-card__img\">{img()}</div>"
                    f"<span class=\"news-card__section\">{R.choice(SECTIONS)[0]}</span><h3 class=\"news-card__title\">{h}</h3></a>"
                    f"<span class=\"news-card__date\">{other_date()}</span></div>" for h in R.sample(HEADLINES, R.randint(6, 12)))
    return f"<div class=\"{cls}\"><h3>{head}</h3><div class=\"cards-grid\">{cards}</div></div>"


def tags(words, cls="tags"):
    extra = ["أخبار اليوم", "عاجل", "تقارير", R.choice(SECTIONS)[0]]
    return (f"<div class=\"{cls}\"><span>الكلمات الدالة</span>" +
            "".join(f"<a href=\"{href('tag', w)}\" rel=\"tag\">{w}</a>" for w in list(words) + extra) + "</div>")


def comments():
    items = []
    for c in R.sample(COMMENTS, R.randint(3, 6)):
        dt = PAGE["date"] + datetime.timedelta(hours=R.randint(1, 40), minutes=R.randint(0, 59))
        items.append(f"<div class=\"comment\" id=\"comment-{R.randint(1000, 99999)}\"><div class=\"comment-author\">{R.choice(NAMES)}</div>"
                     f"<div class=\"comment-date\">{ar_date(dt, time=True)}</div><p>{c}</p>"
                     f"<div class=\"comment-actions\"><a href=\"#\">رد</a><span class=\"likes\">{R.randint(0, 80)}</span>"
                     f"<span class=\"dislikes\">{R.randint(0, 20)}</span></div></div>")
    return (f"<section id=\"comments\" class=\"comments-area\"><h3>التعليقات ({len(items)})</h3>"
            "<p class=\"comments-policy\">التعليقات تعبر عن رأي أصحابها ولا تعبر عن رأي الموقع، ويحتفظ الموقع بحق حذف أي تعليق مسيء.</p>"
            + "".join(items) +
            "<form class=\"comment-form\"><input type=\"text\" name=\"name\" placeholder=\"الاسم\"><input type=\"email\" name=\"email\" placeholder=\"البريد الإلكتروني\">"
            "<textarea name=\"comment\" placeholder=\"اكتب تعليقك هنا\"></textarea><button type=\"submit\">أضف تعليقك</button></form>"
            "<div class=\"fb-comments\" data-href=\"https://example/\" data-width=\"100%\" data-numposts=\"5\"></div></section>")


def ad(i=1):
    return (f"<div class=\"ad-slot\" id=\"div-gpt-ad-{i}\" data-slot=\"/1234/news/article/slot{i}\"><span class=\"ad-label\">إعلان</span>"
            f"<script>googletag.cmd.push(function(){{googletag.display('div-gpt-ad-{i}');}});</script>"
            "<ins class=\"adsbygoogle\" style=\"display:block\" data-ad-client=\"ca-pub-0000000000000000\" data-ad-slot=\"1234567890\" "
            "data-ad-format=\"auto\" data-full-width-responsive=\"true\"></ins><script>(adsbygoogle=window.adsbygoogle||[]).push({});</script></div>")


def mostread():
    lists = []
    for cls, title in (("most-read", "الأكثر قراءة"), ("most-commented", "الأكثر تعليقا")):
        lists.append(f"<div class=\"{cls} tab-pane\"><h3>{title}</h3><ol>" +
                     "".join(f"<li><span class=\"rank\">{k + 1}</span><a href=\"{href('news', R.randint(100000, 999999))}\">{h}</a>"
                             f"<span class=\"item-date\">{other_date()}</span></li>" for k, h in enumerate(R.sample(HEADLINES, 8))) +
                     "</ol></div>")
    rates = "".join(f"<tr><td>{c}</td><td>{R.randint(3, 60)}.{R.randint(10, 99)}</td><td>{R.randint(3, 60)}.{R.randint(10, 99)}</td></tr>"
                    for c in ("الدولار الأمريكي", "اليورو", "الجنيه الإسترليني", "الريال السعودي", "الدرهم الإماراتي"))
    weather = "".join(f"<li><span>{c}</span><span>{R.randint(12, 38)}°</span></li>" for c in ("القاهرة", "الرياض", "دبي", "عمان", "الرباط"))
    return ("<aside class=\"sidebar\"><div class=\"tabs\"><button>الأكثر قراءة</button><button>الأكثر تعليقا</button></div>" + "".join(lists) +
            ad(90) + "<div class=\"currency-widget\"><h3>أسعار العملات</h3><table><tr><th>العملة</th><th>شراء</th><th>بيع</th></tr>" + rates + "</table></div>"
            "<div class=\"weather-widget\"><h3>حالة الطقس</h3><ul>" + weather + "</ul></div>"
            "<div class=\"newsletter\"><p>اشترك في النشرة البريدية ليصلك أهم الأخبار يوميا</p><input type=\"email\"><button>اشترك</button></div>"
            "<div class=\"video-widget\"><h3>فيديو</h3>" +
            "".join(f"<a class=\"video-item\" href=\"{href('video', R.randint(1000, 9999))}\">{img(320)}<span class=\"duration\">0{R.randint(1, 9)}:{R.randint(10, 59)}</span><span>{h}</span></a>"
                    for h in R.sample(HEADLINES, 4)) + "</div></aside>")


def footer(site):
    cols = "".join(f"<div class=\"footer-col\"><h4>{section}</h4><ul>" +
                   "".join(f"<li><a href=\"{href(section, s)}\">{s}</a></li>" for s in subs) + "</ul></div>" for section, subs in SECTIONS)
    return (f"<footer class=\"site-footer\"><div class=\"footer-logo\">{svg('logo')}</div><div class=\"footer-cols\">{cols}</div>"
            f"<div class=\"footer-about\"><p>{E(site)}: موقع إخباري مستقل يقدم تغطية شاملة على مدار الساعة.</p>"
            f"<address>العنوان: {R.randint(1, 90)} شارع الجمهورية، الطابق {R.randint(2, 12)} - هاتف: 0{R.randint(2, 9)}-{R.randint(1000000, 9999999)} - "
            "البريد الإلكتروني: info@example.com</address></div>"
            "<div class=\"apps\">" + "".join(f"<a href=\"https://apps.example/{k}\">{svg('store')}</a>" for k in range(2)) + "</div>"
            "<div class=\"footer-social\">" + "".join(f"<a href=\"https://social.example/{k}\">{svg()}</a>" for k in range(6)) + "</div>"
            "<ul class=\"footer-links\"><li><a href=\"/about\">من نحن</a></li><li><a href=\"/contact\">اتصل بنا</a></li>"
            "<li><a href=\"/privacy\">سياسة الخصوصية</a></li><li><a href=\"/terms\">شروط الاستخدام</a></li><li><a href=\"/ads\">أعلن معنا</a></li></ul>"
            f"<p class=\"copyright\">جميع الحقوق محفوظة © {E(site)} {PAGE['today'].year}</p></footer>")


# ---------------------------------------------------------------------------------------------
# Inside the article body and at the end of the page.

def read_also(style):
    h = R.choice(HEADLINES)
    link = href("news", R.randint(100000, 999999))
    if style == "box":
        return ("<div class=\"read-also\"><span class=\"read-also__label\">اقرأ أيضا</span><ul>" +
                "".join(f"<li><a href=\"{href('news', R.randint(100000, 999999))}\">{x}</a></li>" for x in R.sample(HEADLINES, 2)) + "</ul></div>")
    if style == "p":
        return f"<p><strong>اقرأ أيضاً:</strong> <a href=\"{link}\">{h}</a></p>"
    if style == "card":
        return (f"<div class=\"inline-related\"><a href=\"{link}\">{img(320)}<div><span class=\"inline-related__date\">{other_date()}</span>"
                f"<h4>{h}</h4></div></a></div>")
    return f"<br><br><b>اقرأ أيضا:</b> <a href=\"{link}\">{h}</a>"  # "br": layouts with <br> paragraphs


def inline_figure():
    return (f"<figure class=\"inline-image\">{img()}<figcaption>{R.choice(NAMES)} - صورة أرشيفية من موقع الحدث</figcaption></figure>")


def decorate(page, paras, escaped):
    """Adds a read-also block (and for some pages an inline ad or photo) after the body's second
    paragraph, and end-of-page scripts, app-state JSON and an overlay before </body>."""
    if len(paras) >= 2:
        text = escaped(paras[1])
        at = page.find(text)
        assert at >= 0
        at += len(text)
        rest = page[at:at + 12]
        if rest.startswith("<br>"):
            insert, at_end = read_also("br"), at
        else:
            close = min(x for x in (page.find("</p>", at), page.find("</div>", at)) if x >= 0)
            at_end = close + (4 if page.startswith("</p>", close) else 6)
            style = R.choice(["box", "p", "card"])
            insert = read_also(style)
            if R.random() < 0.4:
                insert += ad(50 + PAGE["index"])
            if R.random() < 0.3:
                insert = inline_figure() + insert
        page = page[:at_end] + insert + page[at_end:]
    tail = (state_json(R.randint(3, 12)) + js(R.randint(10, 40), "app") +
            "<div class=\"cookie-consent\" role=\"dialog\"><p>نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. باستمرارك في التصفح فإنك توافق على ذلك.</p>"
            "<button>موافق</button></div>"
            "<div id=\"push-prompt\" class=\"modal\" hidden><p>هل تريد تلقي إشعارات بآخر الأخبار العاجلة؟</p><button>نعم</button><button>لاحقا</button></div>"
            "<script async src=\"https://www.google-analytics.com/analytics.js\"></script>"
            "<noscript><img height=\"1\" width=\"1\" style=\"display:none\" src=\"https://px.example/tr?id=1&amp;ev=PageView&amp;noscript=1\"></noscript>")
    at = page.rfind("</body>")
    return page[:at] + tail + page[at:]

#!/usr/bin/python3
"""Full-size news pages for benchmarks/html_vs_readability.sh and benchmarks/make_warc.py.

Real story pages of Arab outlets weigh 80-300 KB: most of it is not the article but inline scripts
(tag managers, ad configuration, app state blobs), critical CSS, inline SVG icons, mega-menus with
percent-encoded Arabic links, tickers, share bars, related-article cards with srcset images, most-read
lists, reader comments and fat footers. This generator writes such pages in five layouts modelled on
how Egyptian, Gulf, pan-Arab TV, Maghrebi and Levantine outlets structure a story page. Markup and
article text are written by the khabar team (the sentences below are fictional news); nothing is
copied from any site. Output is deterministic for a given seed.

  html_fullsize.py OUT_DIR [PAGES]     writes OUT_DIR/NN-layout.html and OUT_DIR/expected.jsonl
                                       (file, url, title, published, body) as in tests/golden/html
"""
import html
import json
import os
import random
import sys
import urllib.parse

E = html.escape

MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر"]
DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

SECTIONS = {
    "أخبار": ["محليات", "عربي", "دولي", "برلمان", "حوادث", "تحقيقات", "محافظات", "تعليم", "صحة",
              "نقل ومواصلات", "مجتمع", "بيئة"],
    "اقتصاد": ["بورصة", "بنوك", "عقارات", "طاقة", "سيارات", "ذهب وعملات", "شركات", "زراعة",
               "اتصالات", "سياحة"],
    "رياضة": ["كرة القدم", "الدوري المحلي", "دوري أبطال آسيا", "كرة اليد", "تنس", "ألعاب قوى",
              "منتخبات", "انتقالات", "حوارات رياضية"],
    "ثقافة وفن": ["سينما", "دراما", "موسيقى", "كتب", "مسرح", "تراث", "معارض", "نجوم"],
    "تكنولوجيا": ["هواتف", "تطبيقات", "ذكاء اصطناعي", "ألعاب", "أمن معلومات", "شركات ناشئة"],
    "منوعات": ["صحة وجمال", "مطبخ", "أسرة", "سفر", "غرائب", "أبراج"],
    "رأي": ["مقالات", "أعمدة", "كاريكاتير", "حوارات"],
    "فيديو": ["تقارير مصورة", "بث مباشر", "برامج", "وثائقيات"],
    "ملفات": ["الانتخابات", "المناخ", "الأمن الغذائي", "التحول الرقمي", "رمضان"],
}

PLACES = ["القاهرة", "الرياض", "دبي", "الدوحة", "الرباط", "عمان", "بيروت", "الكويت", "تونس", "الجزائر",
          "الإسكندرية", "جدة", "أبوظبي", "مسقط", "المنامة"]
OFFICIALS = ["وزير المالية", "وزير الصحة", "وزيرة التخطيط", "محافظ البنك المركزي", "رئيس الوزراء",
             "وزير النقل", "رئيس هيئة الاستثمار", "وزير التعليم", "المتحدث باسم الحكومة",
             "رئيس اتحاد الغرف التجارية"]
TOPICS = [
    ("خطة لتطوير شبكة النقل العام", "الحافلات الكهربائية", "المحطات الجديدة", "الركاب"),
    ("برنامج لدعم الشركات الصغيرة", "القروض الميسرة", "الحاضنات", "رواد الأعمال"),
    ("مشروع لتحلية مياه البحر", "محطات التحلية", "الطاقة الشمسية", "السكان"),
    ("حزمة إجراءات لضبط الأسعار", "الأسواق", "السلع الأساسية", "المستهلكين"),
    ("مبادرة للكشف المبكر عن الأمراض المزمنة", "الوحدات الصحية", "الفحوص المجانية", "المواطنين"),
    ("استراتيجية للتحول الرقمي", "الخدمات الحكومية", "مراكز البيانات", "الموظفين"),
    ("خطة لزيادة الصادرات الزراعية", "الموانئ", "الحجر الزراعي", "المزارعين"),
    ("برنامج لتأهيل المدارس الحكومية", "الفصول الذكية", "المعلمين", "الطلاب"),
]
SENTENCES = [
    "أعلن {official} اليوم عن {topic} بتكلفة تقدر بنحو {n} مليون دولار، على أن يبدأ التنفيذ مطلع العام المقبل.",
    "وقال {official} في مؤتمر صحفي عقده في {place} إن المرحلة الأولى تشمل {a} و{b}، وإن العمل سيجري على مراحل متتالية.",
    "وأوضح أن الحكومة خصصت {n} مليون دولار من موازنة العام الجاري لهذا الغرض، إلى جانب تمويل من شركاء التنمية.",
    "وأشار إلى أن الدراسات الفنية اكتملت خلال الأشهر الماضية، وأن الشركات المنفذة ستختار عبر مناقصات علنية.",
    "ومن المتوقع أن يستفيد من المشروع نحو {m} ألف من {c}، بحسب تقديرات الجهات المختصة.",
    "وأكد المسؤول أن لجنة مستقلة ستتابع سير العمل وتصدر تقارير دورية كل ثلاثة أشهر لضمان الشفافية.",
    "وفي السياق ذاته، دعا عدد من الخبراء إلى الإسراع في التنفيذ وربط {a} بخطط التنمية في المحافظات.",
    "وقال الخبير الاقتصادي {expert} إن الخطوة تأتي في وقت مناسب، لكن نجاحها يتوقف على سرعة الإنجاز وجودة المتابعة.",
    "وأضاف أن التجارب السابقة أظهرت أن {b} تحتاج إلى صيانة منتظمة وتدريب للعاملين حتى تحقق أهدافها.",
    "من جانبها، رحبت الغرف التجارية بالقرار، مؤكدة استعداد القطاع الخاص للمشاركة في {topic}.",
    "وكانت الحكومة قد أعلنت في وقت سابق من العام عن خطوات مماثلة، شملت تحديث التشريعات المنظمة للقطاع.",
    "ويرى مراقبون أن التوسع في {a} سيخفف الضغط على الخدمات القائمة ويوفر آلاف فرص العمل للشباب.",
    "وتشير بيانات رسمية إلى أن الطلب على {b} ارتفع بنسبة {p} في المئة خلال السنوات الخمس الأخيرة.",
    "وشدد {official} على أن الأولوية ستكون للمناطق الأكثر احتياجا، وأن الأسعار ستبقى في متناول {c}.",
    "وختم بالقول إن الحكومة ستعرض نتائج المرحلة الأولى على البرلمان قبل الانتقال إلى المرحلة الثانية.",
    "وذكرت مصادر مطلعة أن الاتفاقات النهائية مع الجهات الممولة ستوقع خلال الأسابيع القليلة المقبلة.",
    "ولفتت إلى أن فرقا فنية زارت عددا من الدول للاطلاع على تجارب ناجحة في {a} قبل إعداد الخطة.",
]
EXPERTS = ["أحمد السيد", "منى عبد الله", "خالد الشمري", "فاطمة الزهراء بنعلي", "سامر حداد", "ريم العتيبي"]
COMMENTS = [
    "خطوة ممتازة ونتمنى أن تصل الخدمة إلى القرى البعيدة أيضا وليس المدن فقط.",
    "سمعنا هذا الكلام من قبل، المهم التنفيذ على أرض الواقع.",
    "شكرا على التغطية الوافية، لكن أين التفاصيل الخاصة بمواعيد التنفيذ؟",
    "أرجو من المسؤولين الاهتمام بالصيانة لأن المشروعات السابقة تعطلت بعد عام واحد.",
    "الله يوفق الجميع، هذا ما يحتاجه الشباب فعلا.",
    "كم ستكون التكلفة على المواطن في النهاية؟ هذا هو السؤال الحقيقي.",
]
HEADLINES = [
    "ارتفاع أسعار الذهب في ختام تعاملات الأسبوع",
    "الأرصاد: طقس معتدل نهارا وبارد ليلا على أغلب المناطق",
    "افتتاح معرض الكتاب بمشاركة 40 دولة و900 دار نشر",
    "المنتخب يبدأ معسكره الإعدادي استعدادا للتصفيات",
    "البنك المركزي يثبت أسعار الفائدة للمرة الثالثة",
    "إطلاق تطبيق جديد لحجز مواعيد المستشفيات الحكومية",
    "انخفاض معدل التضخم السنوي إلى أدنى مستوى في عامين",
    "وزارة التعليم تعلن جدول امتحانات نهاية العام الدراسي",
    "توقيع اتفاقية لإنشاء منطقة لوجستية قرب الميناء",
    "حملة لزراعة مليون شجرة في المدن الكبرى",
    "تراجع أسعار النفط مع زيادة المخزونات الأمريكية",
    "فريق طبي ينجح في إجراء جراحة نادرة لطفل",
    "مهرجان سينمائي يعلن قائمة الأفلام المشاركة في دورته الجديدة",
    "افتتاح أكبر محطة للطاقة الشمسية في المنطقة",
    "الحكومة توافق على مشروع قانون جديد للاستثمار",
    "نقابة المهندسين تطلق منصة للتدريب عن بعد",
]

SVG_PATHS = ["M12 2C6.48 2 2 6.48 2 12c0 5.02 3.66 9.17 8.44 9.93v-7.02H7.9V12h2.54V9.8c0-2.5 1.49-3.89 3.77-3.89 1.09 0 2.24.2 2.24.2v2.46h-1.26c-1.24 0-1.63.77-1.63 1.56V12h2.78l-.44 2.91h-2.34v7.02C18.34 21.17 22 17.02 22 12c0-5.52-4.48-10-10-10z",
             "M18.244 2.25h3.308l-7.227 8.26 8.502 11.24H16.17l-5.214-6.817L4.99 21.75H1.68l7.73-8.835L1.254 2.25H8.08l4.713 6.231zm-1.161 17.52h1.833L7.084 4.126H5.117z",
             "M17.472 14.382c-.297-.149-1.758-.867-2.03-.967-.273-.099-.471-.148-.67.15-.197.297-.767.966-.94 1.164-.173.199-.347.223-.644.075-.297-.15-1.255-.463-2.39-1.475-.883-.788-1.48-1.761-1.653-2.059-.173-.297-.018-.458.13-.606.134-.133.298-.347.446-.52.149-.174.198-.298.298-.497.099-.198.05-.371-.025-.52-.075-.149-.669-1.612-.916-2.207-.242-.579-.487-.5-.669-.51-.173-.008-.371-.01-.57-.01-.198 0-.52.074-.792.372-.272.297-1.04 1.016-1.04 2.479 0 1.462 1.065 2.875 1.213 3.074.149.198 2.096 3.2 5.077 4.487.709.306 1.262.489 1.694.625.712.227 1.36.195 1.871.118.571-.085 1.758-.719 2.006-1.413.248-.694.248-1.289.173-1.413-.074-.124-.272-.198-.57-.347z",
             "M9.993 15.23l-.398 5.6c.57 0 .817-.245 1.113-.54l2.672-2.553 5.537 4.054c1.016.56 1.73.265 2.004-.934l3.63-17.01.001-.001c.322-1.5-.543-2.087-1.535-1.718L1.29 10.473c-1.46.566-1.438 1.38-.248 1.749l5.457 1.697L19.17 5.99c.597-.395 1.14-.177.693.218z",
             "M19 3H5c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h14c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2zm-7 14l-5-5 1.41-1.41L12 14.17l4.59-4.58L18 11l-6 6z"]


def url(host, *parts):
    return f"https://{host}/" + "/".join(urllib.parse.quote(p) for p in parts)


def svg(rng, cls="icon"):
    d = rng.choice(SVG_PATHS)
    return (f"<svg class=\"{cls}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"20\" "
            f"height=\"20\" aria-hidden=\"true\"><g fill=\"currentColor\"><path d=\"{d}\"/>"
            f"<path d=\"{rng.choice(SVG_PATHS)}\" opacity=\".5\"/></g></svg>")


def css(rng, kb):
    rules = []
    names = ["header", "nav", "menu", "card", "article", "share", "footer", "ticker", "btn", "grid",
             "col", "row", "title", "meta", "img", "ad", "widget", "list", "tabs", "modal"]
    while sum(len(r) for r in rules) < kb * 1024:
        n = rng.choice(names)
        rules.append(f".{n}-{rng.randint(1, 400)} .{rng.choice(names)}__{rng.choice(names)}"
                     f"{{margin:{rng.randint(0, 32)}px {rng.randint(0, 32)}px;padding:0 {rng.randint(0, 24)}px;"
                     f"color:#{rng.randint(0, 0xffffff):06x};font:{rng.randint(11, 28)}px/1.{rng.randint(2, 8)} "
                     f"'Noto Kufi Arabic',Tahoma,sans-serif}}@media (max-width:{rng.choice([480, 768, 1024])}px)"
                     f"{{.{n}-{rng.randint(1, 400)}{{display:{rng.choice(['none', 'block', 'flex'])}}}}}")
    return "<style>" + "".join(rules) + "</style>"


def script_blob(rng, kb, name="w"):
    # Minified-looking JavaScript: tag manager / ad configuration / lazy loading.
    parts = []
    while sum(len(p) for p in parts) < kb * 1024:
        k = rng.randint(0, 99999)
        parts.append(f"function {name}{k}(a,b){{var c=a&&a.length?a[0]:null;if(!c||b<{rng.randint(1, 99)})"
                     f"return document.querySelectorAll('.slot-{k}');for(var i=0;i<b;i++){{c.push({{id:'div-gpt-ad-{k}-'+i,"
                     f"sizes:[[300,250],[728,90]],targeting:{{section:'news',pos:'mid'+i}}}});}}return c}}")
    return "<script>" + ";".join(parts) + "</script>"


def state_blob(rng, article, kb):
    # A framework's serialized state (Next.js style): the article again plus lots of other data.
    items = [{"id": rng.randint(10000, 99999), "title": rng.choice(HEADLINES),
              "url": "/news/" + str(rng.randint(100000, 999999)), "image": {"src": "/img/x.jpg", "w": 640, "h": 360}}
             for _ in range(max(4, kb * 3))]
    state = {"props": {"pageProps": {"article": {"headline": article["title"], "body": "\n".join(article["paras"])},
                                     "related": items}}, "page": "/news/[id]", "buildId": "x" + str(rng.random())}
    return ("<script id=\"__NEXT_DATA__\" type=\"application/json\">" +
            json.dumps(state, ensure_ascii=False).replace("</", "<\\/") + "</script>")


def jsonld(article, page_url, iso, publisher):
    graph = [{"@type": "NewsArticle", "headline": article["title"], "datePublished": iso,
              "dateModified": iso, "mainEntityOfPage": page_url,
              "author": [{"@type": "Person", "name": article["author"]}],
              "publisher": {"@type": "Organization", "name": publisher,
                            "logo": {"@type": "ImageObject", "url": "https://cdn.example/logo.png"}},
              "image": [{"@type": "ImageObject", "url": "https://cdn.example/main.jpg", "caption": article["caption"]}]},
             {"@type": "BreadcrumbList", "itemListElement": [
                 {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": "https://example/"},
                 {"@type": "ListItem", "position": 2, "name": "أخبار", "item": "https://example/news"}]}]
    return ("<script type=\"application/ld+json\">" +
            json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False) + "</script>")


def mega_menu(rng, host, cls):
    out = [f"<nav class=\"{cls}\"><ul class=\"{cls}__list\">"]
    for section, subs in SECTIONS.items():
        out.append(f"<li class=\"{cls}__item has-dropdown\"><a href=\"{url(host, section)}\">{section}</a>"
                   f"<div class=\"{cls}__dropdown\"><ul>")
        for s in subs:
            out.append(f"<li><a href=\"{url(host, section, s)}\" title=\"{s}\">{s}</a></li>")
        out.append("</ul><div class=\"dropdown-latest\">")
        for _ in range(3):
            h = rng.choice(HEADLINES)
            out.append(f"<a class=\"card-mini\" href=\"{url(host, 'news', h)}\"><img src=\"/img/{rng.randint(1, 999)}.jpg\" "
                       f"loading=\"lazy\" alt=\"{h}\"><span>{h}</span></a>")
        out.append("</div></div></li>")
    out.append("</ul></nav>")
    return "".join(out)


def ticker(rng, host):
    items = "".join(f"<li><a href=\"{url(host, 'breaking', h)}\">{h}</a></li>" for h in rng.sample(HEADLINES, 8))
    return f"<div class=\"breaking-ticker\"><span class=\"label\">عاجل</span><ul class=\"marquee\">{items}</ul></div>"


def share_bar(rng, cls):
    nets = [("facebook", "فيسبوك"), ("twitter", "إكس"), ("whatsapp", "واتساب"), ("telegram", "تيليجرام"),
            ("copy-link", "نسخ الرابط")]
    return (f"<div class=\"{cls}\"><span class=\"{cls}__label\">شارك</span>" +
            "".join(f"<a class=\"{cls}__btn {k}\" href=\"#\" rel=\"nofollow\">{svg(rng)}<span class=\"sr-only\">{v}</span></a>"
                    for k, v in nets) + "</div>")


def cards(rng, host, cls, head, n, with_date=True):
    out = [f"<section class=\"{cls}\"><h2 class=\"{cls}__title\">{head}</h2><div class=\"{cls}__grid\">"]
    for h in rng.sample(HEADLINES, n):
        img = rng.randint(1, 9999)
        out.append(f"<article class=\"card\"><a href=\"{url(host, 'news', str(img), h)}\"><figure class=\"card__img\">"
                   f"<img src=\"https://cdn.{host}/img/{img}_640.jpg\" srcset=\"https://cdn.{host}/img/{img}_320.jpg 320w, "
                   f"https://cdn.{host}/img/{img}_640.jpg 640w, https://cdn.{host}/img/{img}_1280.jpg 1280w\" "
                   f"sizes=\"(max-width: 768px) 100vw, 33vw\" loading=\"lazy\" alt=\"{h}\"></figure>"
                   f"<h3 class=\"card__title\">{h}</h3></a>" +
                   (f"<span class=\"card__date\">منذ {rng.randint(2, 11)} ساعات</span>" if with_date else "") + "</article>")
    out.append("</div></section>")
    return "".join(out)


def most_read(rng, host, cls):
    return (f"<div class=\"{cls}\"><h2>الأكثر قراءة</h2><ol>" +
            "".join(f"<li><span class=\"num\">{i + 1}</span><a href=\"{url(host, 'news', h)}\">{h}</a></li>"
                    for i, h in enumerate(rng.sample(HEADLINES, 10))) + "</ol></div>")


def comments(rng, cls):
    out = [f"<section class=\"{cls}\" id=\"comments\"><h2>تعليقات القراء ({rng.randint(5, 40)})</h2>"]
    for c in rng.sample(COMMENTS, 5):
        out.append(f"<div class=\"{cls}__item\"><div class=\"{cls}__author\">{rng.choice(EXPERTS)}</div>"
                   f"<div class=\"{cls}__time\">منذ {rng.randint(1, 9)} ساعات</div><p>{c}</p>"
                   f"<a class=\"reply\" href=\"#\">رد</a> <span class=\"likes\">{rng.randint(0, 99)} إعجاب</span></div>")
    out.append("<form class=\"comment-form\"><textarea name=\"c\" placeholder=\"أضف تعليقك\"></textarea>"
               "<input type=\"text\" name=\"n\" placeholder=\"الاسم\"><button type=\"submit\">إرسال</button></form></section>")
    return "".join(out)


def footer(rng, host, site, cls):
    cols = "".join(f"<div class=\"{cls}__col\"><h4>{section}</h4><ul>" +
                   "".join(f"<li><a href=\"{url(host, section, s)}\">{s}</a></li>" for s in subs) + "</ul></div>"
                   for section, subs in SECTIONS.items())
    apps = "".join(f"<a class=\"app\" href=\"#\">{svg(rng, 'store')}</a>" for _ in range(3))
    social = "".join(f"<a href=\"#\">{svg(rng)}</a>" for _ in range(6))
    return (f"<footer class=\"{cls}\"><div class=\"{cls}__logo\">{svg(rng, 'logo')}</div>{cols}"
            f"<div class=\"newsletter\"><h4>اشترك في النشرة البريدية</h4><form><input type=\"email\" placeholder=\"البريد الإلكتروني\">"
            f"<button>اشترك</button></form></div><div class=\"apps\">{apps}</div><div class=\"social\">{social}</div>"
            f"<p class=\"copyright\">جميع الحقوق محفوظة © {site} 2024</p>"
            "<ul class=\"legal\"><li><a href=\"/about\">من نحن</a></li><li><a href=\"/privacy\">سياسة الخصوصية</a></li>"
            "<li><a href=\"/contact\">اتصل بنا</a></li><li><a href=\"/ads\">أعلن معنا</a></li></ul></footer>")


def ad_slot(rng):
    k = rng.randint(1000, 9999)
    return (f"<div class=\"ad-container\" data-ad-unit=\"/2134/news/article/mid_{k}\" data-sizes=\"[[300,250],[336,280]]\">"
            f"<div id=\"div-gpt-ad-{k}\"></div><script>googletag.cmd.push(function(){{googletag.display('div-gpt-ad-{k}');}});</script></div>")


def read_also(rng, host):
    h = rng.choice(HEADLINES)
    return f"<div class=\"read-also\"><span>اقرأ أيضا:</span> <a href=\"{url(host, 'news', h)}\">{h}</a></div>"


def embed(rng):
    return ("<blockquote class=\"twitter-tweet\" data-lang=\"ar\"><p lang=\"ar\" dir=\"rtl\">نتابع تنفيذ المشروع خطوة بخطوة "
            "<a href=\"https://t.co/x\">pic.twitter.com/x</a></p>&mdash; حساب رسمي (@official) <a href=\"#\">5 مارس 2024</a></blockquote>"
            "<script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>")


def ar_date(dt):
    h = dt.hour % 12 or 12
    return f"{DAYS[dt.weekday()]} {dt.day} {MONTHS[dt.month - 1]} {dt.year} {h:02d}:{dt.minute:02d} " + ("م" if dt.hour >= 12 else "ص")


def head(rng, article, page_url, iso, site, extra_scripts_kb, css_kb, with_jsonld=True):
    meta = (f"<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{E(article['title'])} | {site}</title>"
            f"<meta name=\"description\" content=\"{E(article['paras'][0][:150])}\">"
            f"<meta property=\"og:title\" content=\"{E(article['title'])}\"><meta property=\"og:type\" content=\"article\">"
            f"<meta property=\"og:url\" content=\"{page_url}\"><meta property=\"og:site_name\" content=\"{site}\">"
            f"<meta property=\"og:image\" content=\"https://cdn.example/main.jpg\"><meta name=\"twitter:card\" content=\"summary_large_image\">"
            f"<meta property=\"article:published_time\" content=\"{iso}\"><meta property=\"article:section\" content=\"أخبار\">"
            f"<link rel=\"canonical\" href=\"{page_url}\"><link rel=\"preconnect\" href=\"https://cdn.example\">"
            f"<link rel=\"preload\" as=\"font\" href=\"/fonts/kufi.woff2\" crossorigin>")
    scripts = ("<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
               "var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i;"
               "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-XXXX');</script>" +
               script_blob(rng, extra_scripts_kb, "ads"))
    return ("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head>" + meta + css(rng, css_kb) +
            (jsonld(article, page_url, iso, site) if with_jsonld else "") + scripts + "</head>")


def body_paras(rng, article, host, every=3, ads=True):
    out = []
    for i, p in enumerate(article["paras"]):
        out.append(f"<p>{E(p)}</p>")
        if i == 1 and ads:
            out.append(ad_slot(rng))
        if i % every == every - 1 and i + 1 < len(article["paras"]):
            out.append(read_also(rng, host))
    return "".join(out)


# ------------------------------------------------------------------------------------------------
# Layouts.

def egypt_portal(rng, a, m):
    host, site = m["host"], "بوابة الخبر المصري"
    return (head(rng, a, m["url"], m["iso"], site, 30, 35) +
            "<body class=\"article-page\"><div id=\"fb-root\"></div><header class=\"site-header\"><div class=\"topbar\">"
            f"<span class=\"today\">{ar_date(m['local'])}</span>" + "".join(f"<a href=\"#\">{svg(rng)}</a>" for _ in range(5)) +
            f"</div><a class=\"logo\" href=\"/\">{svg(rng, 'logo')}</a>" + mega_menu(rng, host, "main-menu") + "</header>" +
            ticker(rng, host) + "<div class=\"container\"><div class=\"row\"><div class=\"col-8\">"
            "<div class=\"breadcrumbs\"><a href=\"/\">الرئيسية</a> › <a href=\"/news\">أخبار</a></div>"
            f"<div class=\"articleHeader\"><h1>{E(a['title'])}</h1><div class=\"articleInfo\"><span class=\"writer\">كتب {E(a['author'])}</span>"
            f"<span class=\"newsStoryDate\">{ar_date(m['local'])}</span></div></div>" + share_bar(rng, "share-bar") +
            f"<figure class=\"main-img\"><img src=\"/img/main.jpg\" srcset=\"/img/main_640.jpg 640w, /img/main_1280.jpg 1280w\" alt=\"\"><figcaption>{E(a['caption'])}</figcaption></figure>"
            f"<div id=\"articleBody\" class=\"articleCont\">{body_paras(rng, a, host)}</div>" +
            "<div class=\"tags\"><span>الكلمات الدالة</span>" + "".join(f"<a href=\"/tag/{i}\">{t}</a>" for i, t in enumerate(["الحكومة", "مشروعات", "اقتصاد", "تنمية"])) + "</div>" +
            cards(rng, host, "related-news", "أخبار متعلقة", 8) + comments(rng, "comments") + "</div><aside class=\"col-4 sidebar\">" +
            most_read(rng, host, "most-read") + ad_slot(rng) + cards(rng, host, "latest-news", "آخر الأخبار", 6) + "</aside></div></div>" +
            footer(rng, host, site, "site-footer") + script_blob(rng, 25, "app") + "</body></html>")


def gulf_daily(rng, a, m):
    host, site = m["host"], "صحيفة الخليج اليوم"
    return (head(rng, a, m["url"], m["iso"], site, 20, 45) +
            "<body><div class=\"page-wrapper\"><div class=\"header-top\"><div class=\"prayer-times\">الفجر 4:52 الظهر 12:10 العصر 3:31 المغرب 6:02 العشاء 7:32</div>"
            "<div class=\"weather\">الرياض 31°</div></div><header id=\"header\">" + mega_menu(rng, host, "navbar") + "</header>" +
            ticker(rng, host) + "<main class=\"main\"><div class=\"story\">"
            f"<h1 class=\"story__headline\">{E(a['title'])}</h1><div class=\"story__meta\"><span class=\"story__author\">{E(a['author'])}</span>"
            f"<time datetime=\"{m['iso']}\">{ar_date(m['local'])}</time></div>" + share_bar(rng, "social-share") +
            f"<div class=\"story__image\"><img src=\"/img/x.jpg\" alt=\"\"><p class=\"caption\">{E(a['caption'])}</p></div>"
            f"<div class=\"story__content\" itemprop=\"articleBody\">{body_paras(rng, a, host, every=4)}{embed(rng)}</div>" +
            "<div class=\"story__tags\">" + "".join(f"<a href=\"/tags/{t}\">{t}</a>" for t in ["السعودية", "رؤية 2030", "اقتصاد"]) + "</div>" +
            cards(rng, host, "more-stories", "اقرأ المزيد", 9) + "</div><div class=\"sidebar\">" + most_read(rng, host, "popular-news") +
            cards(rng, host, "videos", "فيديو", 4, with_date=False) + "</div></main>" + footer(rng, host, site, "footer") +
            script_blob(rng, 30, "gulf") + "</div></body></html>")


def pan_arab_tv(rng, a, m):
    # A framework-rendered site: class names are hashed, state blob repeats everything.
    host, site = m["host"], "قناة الآفاق الإخبارية"
    h = lambda: f"css-{rng.randint(100000, 999999):x}"
    body = "".join(f"<p class=\"{h()}\">{E(p)}</p>" + (ad_slot(rng) if i == 2 else "") for i, p in enumerate(a["paras"]))
    return (head(rng, a, m["url"], m["iso"], site, 15, 25) +
            f"<body><div id=\"__next\"><div class=\"{h()}\"><header class=\"{h()}\">" + mega_menu(rng, host, h()) + "</header>"
            f"<div class=\"{h()} live-bar\"><a href=\"/live\">{svg(rng)} البث المباشر</a></div>"
            f"<main class=\"{h()}\"><article class=\"{h()}\"><div class=\"{h()}\"><h1 class=\"{h()}\">{E(a['title'])}</h1>"
            f"<div class=\"{h()}\"><time datetime=\"{m['iso']}\">{ar_date(m['local'])}</time><span>{E(a['author'])}</span></div></div>"
            f"<figure class=\"{h()}\"><img src=\"/img/x.jpg\" alt=\"\"><figcaption class=\"{h()}\">{E(a['caption'])}</figcaption></figure>" +
            share_bar(rng, h()) + f"<div class=\"{h()}\">{body}</div>" + cards(rng, host, h(), "موضوعات ذات صلة", 6) + "</article>"
            f"<aside class=\"{h()}\">" + most_read(rng, host, h()) + "</aside></main>" + footer(rng, host, site, h()) + "</div></div>" +
            state_blob(rng, a, 40) + script_blob(rng, 35, "next") + "</body></html>")


def maghreb_portal(rng, a, m):
    host, site = m["host"], "بوابة المغرب الإخبارية"
    return (head(rng, a, m["url"], m["iso"], site, 25, 30) +
            "<body class=\"single single-post postid-1 wp-theme\"><div id=\"page\" class=\"site\"><header id=\"masthead\" class=\"site-header\">"
            f"<div class=\"site-branding\">{svg(rng, 'logo')}</div>" + mega_menu(rng, host, "main-navigation") + "</header>" +
            ticker(rng, host) + "<div id=\"content\" class=\"site-content\"><div id=\"primary\" class=\"content-area\">"
            f"<article id=\"post-1\" class=\"post type-post status-publish\"><header class=\"entry-header\"><h1 class=\"entry-title\">{E(a['title'])}</h1>"
            f"<div class=\"entry-meta\"><span class=\"byline\"><span class=\"author vcard\"><a href=\"/author/1\">{E(a['author'])}</a></span></span>"
            f"<span class=\"posted-on\"><time class=\"entry-date published\" datetime=\"{m['iso']}\">{ar_date(m['local'])}</time></span></div></header>"
            f"<div class=\"post-thumbnail\"><img src=\"/img/x.jpg\" srcset=\"/img/x-300.jpg 300w, /img/x-768.jpg 768w\" alt=\"\"><figcaption class=\"wp-caption-text\">{E(a['caption'])}</figcaption></div>"
            f"<div class=\"entry-content\">{body_paras(rng, a, host, every=5)}" + share_bar(rng, "sharedaddy") + "</div>"
            "<footer class=\"entry-footer\"><span class=\"tags-links\"><a href=\"/tag/1\">المغرب</a><a href=\"/tag/2\">اقتصاد</a></span></footer></article>" +
            cards(rng, host, "jp-relatedposts", "مقالات ذات صلة", 6) + comments(rng, "comments-area") + "</div>"
            "<aside id=\"secondary\" class=\"widget-area\">" + most_read(rng, host, "widget popular-posts") +
            cards(rng, host, "widget recent-posts", "أحدث المقالات", 8) + "</aside></div>" + footer(rng, host, site, "site-footer") +
            script_blob(rng, 30, "wp") + "</div></body></html>")


def levant_daily(rng, a, m):
    # Table-free but old-school: body in a generic div, paragraphs separated by <br>, no JSON-LD.
    host, site = m["host"], "جريدة المشرق"
    body = "<br><br>\n".join(E(p) for p in a["paras"])
    return (head(rng, a, m["url"], m["iso"], site, 20, 30, with_jsonld=False) +
            "<body><div id=\"wrapper\"><div id=\"top\">" + mega_menu(rng, host, "menu") + "</div>" + ticker(rng, host) +
            "<div id=\"main\"><div class=\"right\"><div class=\"box\">"
            f"<div class=\"title\"><h1>{E(a['title'])}</h1></div><div class=\"date\">{ar_date(m['local'])}</div>"
            f"<div class=\"writer\">{E(a['author'])}</div><div class=\"pic\"><img src=\"/img/x.jpg\" alt=\"\"><div class=\"caption\">{E(a['caption'])}</div></div>"
            f"<div class=\"txt\">{body}</div>" + share_bar(rng, "share") + "</div>" + cards(rng, host, "box related", "مقالات ذات صلة", 8) +
            comments(rng, "comments") + "</div><div class=\"left\">" + most_read(rng, host, "box mostread") + ad_slot(rng) + "</div></div>" +
            footer(rng, host, site, "footer") + script_blob(rng, 20, "lv") + "</div></body></html>")


LAYOUTS = [("egypt_portal", "www.khabar-masri.example", "+02:00"), ("gulf_daily", "www.khaleej-today.example", "+03:00"),
           ("pan_arab_tv", "www.afaq-tv.example", "+04:00"), ("maghreb_portal", "www.maghreb-portal.example", "+01:00"),
           ("levant_daily", "www.mashreq-daily.example", "+02:00")]


def make_article(rng):
    topic, a, b, c = rng.choice(TOPICS)
    official, place = rng.choice(OFFICIALS), rng.choice(PLACES)
    fill = dict(official=official, topic=topic, a=a, b=b, c=c, place=place, expert=rng.choice(EXPERTS),
                n=rng.randint(20, 900), m=rng.randint(5, 500), p=rng.randint(5, 60))
    title = f"{official} يعلن {topic} في {place}"
    sentences = [SENTENCES[0]] + rng.sample(SENTENCES[1:], rng.randint(9, 15))
    paras, i = [], 0
    while i < len(sentences):
        k = rng.randint(1, 3)
        paras.append(" ".join(s.format(**fill) for s in sentences[i:i + k]))
        i += k
    return {"title": title, "paras": paras, "author": rng.choice(EXPERTS),
            "caption": f"{official} خلال المؤتمر الصحفي في {place}"}


def make_page(i, seed=2024):
    """The i-th page: (file name, html, expected dict)."""
    import datetime
    rng = random.Random(seed * 100003 + i)
    layout, host, off = LAYOUTS[i % len(LAYOUTS)]
    a = make_article(rng)
    local = datetime.datetime(2024, 3, 1, 8, 5) + datetime.timedelta(days=i % 200, hours=(i * 7) % 13, minutes=(i * 11) % 60)
    page_url = f"https://{host}/news/2024/{local.month}/{local.day}/{100000 + i}"
    m = {"host": host, "url": page_url, "local": local, "iso": local.strftime("%Y-%m-%dT%H:%M:%S") + off}
    page = globals()[layout](rng, a, m)
    name = f"{i + 1:03d}-{layout}.html"
    expected = {"file": name, "url": page_url, "title": a["title"],
                "published": local.strftime("%Y-%m-%dT%H:%M") + off, "body": a["paras"]}
    return name, page, expected


def main():
    out_dir = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "expected.jsonl"), "w", encoding="utf-8") as ex:
        for i in range(n):
            name, page, expected = make_page(i)
            with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
                f.write(page)
            ex.write(json.dumps(expected, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes stem_gold.tsv: the analyzer's gold segmentation list (see docs/analyzer.md, "Gold list").

Every lexeme below, with its stem, was chosen and written by hand; the clitic combinations are
composed mechanically from Arabic orthography (ل + ال -> لل, ة -> ت before a pronoun, no pronoun
after the article), so each expected answer is right by construction. Hand-written single cases
(HARD) cover what composition cannot. Run: python3 make_gold.py > stem_gold.tsv
Columns: word, proclitics, base, enclitic, stem, category (expected parts in any spelling; the
test compares them by match key).
"""
import sys

rows = []
seen = set()


def add(word, pro, base, enc, stem, cat):
    if word in seen:
        return
    seen.add(word)
    rows.append((word, pro, base, enc, stem, cat))


def article(pre, word):
    """pre + ال + word, written with لل for ل + ال."""
    if pre.endswith("ل") and pre in ("ل", "ول", "فل"):
        if word.startswith("ل"):
            return None  # لِلَّجنة: three lams written as two; not a concatenation
        return pre + "ل" + word, pre + "ل"
    return pre + "ال" + word, pre + "ال"


def ta(word):
    return word[:-1] + "ت" if word.endswith("ة") else word


ART_PRE = ["", "و", "ف", "ب", "ك", "ل", "وب", "ول", "فب", "فل", "وك"]
PLAIN_PRE = ["و", "ف", "ب", "ل", "وب", "ول", "فب", "ك"]
ENC = ["ه", "ها", "هم", "هما", "نا", "كم", "هن"]

# Masculine nouns: (word, stem). Forms: plain, with article and proclitics, with pronouns.
MASC = [
    ("كتاب", "كتاب"), ("قرار", "قرار"), ("مشروع", "مشروع"), ("مجلس", "مجلس"), ("رئيس", "رئيس"),
    ("شعب", "شعب"), ("جيش", "جيش"), ("حزب", "حزب"), ("اقتصاد", "اقتصاد"), ("موقف", "موقف"),
    ("اجتماع", "اجتماع"), ("اتفاق", "اتفاق"), ("برنامج", "برنامج"), ("بيان", "بيان"),
    ("بلد", "بلد"), ("فريق", "فريق"), ("وزير", "وزير"), ("وقت", "وقت"), ("وضع", "وضع"),
    ("سوق", "سوق"), ("سعر", "سعر"), ("سلاح", "سلاح"), ("لقاء", "لقاء"), ("كلام", "كلام"),
    ("تقرير", "تقرير"), ("مستقبل", "مستقبل"), ("منزل", "منزل"), ("طريق", "طريق"),
    ("مطار", "مطار"), ("ملف", "ملف"), ("حوار", "حوار"), ("نظام", "نظام"), ("دور", "دور"),
    ("أمن", "أمن"), ("مكتب", "مكتب"), ("موقع", "موقع"), ("هدف", "هدف"), ("عمل", "عمل"),
    ("حق", "حق"), ("رأي", "رأي"), ("بيت", "بيت"), ("بحث", "بحث"), ("فكر", "فكر"),
    ("وطن", "وطن"), ("وفد", "وفد"), ("صوت", "صوت"), ("تاريخ", "تاريخ"), ("قانون", "قانون"),
    ("برلمان", "برلمان"), ("مكان", "مكان"), ("زمان", "زمان"), ("إعلان", "إعلان"),
]

# Feminine nouns in ة: (word, stem). Forms add ت + pronoun, dual تان/تين, and the plural ات for
# the nouns in SOUND_FEMININE_PLURAL (the others have broken plurals: صورة -> صور).
FEM = [
    ("وزارة", "وزار"), ("حكومة", "حكوم"), ("دولة", "دول"), ("مدينة", "مدين"), ("شركة", "شرك"),
    ("جامعة", "جامع"), ("مدرسة", "مدرس"), ("منظمة", "منظم"), ("سياسة", "سياس"),
    ("سيارة", "سيار"), ("لجنة", "لجن"), ("فكرة", "فكر"), ("فترة", "فتر"), ("فرصة", "فرص"),
    ("بطولة", "بطول"), ("بطاقة", "بطاق"), ("كلمة", "كلم"), ("كمية", "كمي"), ("ولاية", "ولاي"),
    ("وكالة", "وكال"), ("وثيقة", "وثيق"), ("ورقة", "ورق"), ("قضية", "قضي"), ("خطة", "خط"),
    ("رسالة", "رسال"), ("مؤسسة", "مؤسس"), ("جمعية", "جمعي"), ("محكمة", "محكم"),
    ("مباراة", "مبارا"), ("قناة", "قنا"), ("عملية", "عملي"), ("مرحلة", "مرحل"), ("منطقة", "منطق"),
    ("حملة", "حمل"), ("تجربة", "تجرب"), ("صورة", "صور"), ("قصة", "قص"), ("سفارة", "سفار"),
]

# Sound plurals (human nouns and adjectives): (singular, stem).
SOUND = [
    ("معلم", "معلم"), ("مسؤول", "مسؤول"), ("لاعب", "لاعب"), ("مواطن", "مواطن"),
    ("موظف", "موظف"), ("مهندس", "مهندس"), ("مشارك", "مشارك"), ("متظاهر", "متظاهر"),
    ("مسلح", "مسلح"), ("مراقب", "مراقب"), ("محلل", "محلل"), ("باحث", "باحث"),
    ("مستثمر", "مستثمر"), ("منتخب", "منتخب"), ("مصاب", "مصاب"), ("ناخب", "ناخب"),
    ("مقاتل", "مقاتل"), ("مستشار", "مستشار"), ("مدير", "مدير"), ("عامل", "عامل"),
]

# Nisba adjectives and nouns: (masculine, stem).
NISBA = [
    ("مصري", "مصري"), ("سعودي", "سعودي"), ("عربي", "عربي"), ("لبناني", "لبناني"),
    ("ليبي", "ليبي"), ("فلسطيني", "فلسطيني"), ("سوري", "سوري"), ("أمريكي", "أمريكي"),
    ("بريطاني", "بريطاني"), ("فرنسي", "فرنسي"), ("كندي", "كندي"), ("كويتي", "كويتي"),
    ("سياسي", "سياسي"), ("اقتصادي", "اقتصادي"), ("عسكري", "عسكري"), ("رسمي", "رسمي"),
    ("دولي", "دولي"), ("وطني", "وطني"), ("قانوني", "قانوني"), ("إيراني", "إيراني"),
    ("أردني", "أردني"), ("بحريني", "بحريني"), ("يمني", "يمني"), ("إعلامي", "إعلامي"),
]

# Broken plurals stay as they are.
BROKEN = [
    "وزراء", "قوانين", "ملايين", "أسعار", "دول", "شعوب", "مدن", "أسلحة", "أنظمة", "أجهزة",
    "أطفال", "رجال", "نساء", "علماء", "أعضاء", "طلاب", "مساجد", "شوارع", "مناطق", "مشاريع",
]

# Names: never split; proclitics around them are.
NAMES = [
    "واشنطن", "بلينكن", "برلين", "ليبيا", "وليد", "كندا", "لبنان", "فلسطين", "فرنسا",
    "بريطانيا", "باريس", "لندن", "بغداد", "بيروت", "موسكو", "بكين", "كورونا", "فيصل", "فاطمة",
    "ترامب", "بايدن", "بوتين", "ماكرون", "أردوغان", "فنزويلا", "كوريا", "بلجيكا", "ألمانيا",
    "إسبانيا", "لينا", "وائل", "فؤاد", "باسل", "كمال", "سوريا", "تونس", "مصر", "إيران",
]
NAMES_WITH_ARTICLE = [("القاهرة", "قاهرة"), ("الرياض", "رياض"), ("الكويت", "كويت"),
                      ("الجزائر", "جزائر"), ("السودان", "سودان"), ("اليمن", "يمن"),
                      ("البحرين", "بحرين"), ("الخرطوم", "خرطوم"), ("الموصل", "موصل")]

# Verbs: past tense (object pronouns allowed) and imperfect (future س allowed).
PAST = ["قال", "أكد", "أضاف", "أعلن", "أشار", "استقبل", "التقى", "طالب", "دعا", "شارك",
        "أوضح", "كشف", "وافق", "وصل", "بحث", "فاز", "نفى", "رفض"]
PAST_OBJ = ["استقبل", "أبلغ", "طالب", "شكر", "منح", "سأل"]
IMPERFECT = ["يقول", "يتم", "تعقد", "يلتقي", "تبدأ", "يزور", "نعمل", "تكون", "يكون", "يبحث",
             "تستمر", "يصل", "يعلن", "تشهد", "يشارك"]

STOP = ["في", "من", "على", "إلى", "عن", "مع", "بين", "بعد", "قبل", "هذا", "هذه", "التي",
        "الذي", "لكن", "حتى", "منذ", "هو", "هي", "كان", "كانت", "أن", "إن", "لا", "لم", "قد"]


# Words whose ة-form is a feminine lexeme: word + ه has the same match key as word + ة, and the
# analyzer decides from the key (docs/analyzer.md, "ة and ه"), so the ه forms are not listed.
FEM_WORDS = {w for w, _ in FEM}


def masc(word, stem, cat="noun"):
    add(word, "", word, "", stem, cat)
    for pre in ART_PRE:
        r = article(pre, word)
        if r:
            add(r[0], r[1], word, "", stem, cat + "+article")
    for pre in PLAIN_PRE:
        add(pre + word, pre, word, "", stem, cat + "+proclitic")
    for enc in ENC:
        if enc == "ه" and word + "ة" in FEM_WORDS:
            continue
        add(word + enc, "", word, enc, stem, cat + "+enclitic")
    for pre, enc in (("و", "ه"), ("ب", "ها"), ("ل", "هم"), ("ف", "نا"), ("وب", "هم")):
        if enc == "ه" and word + "ة" in FEM_WORDS:
            continue
        add(pre + word + enc, pre, word, enc, stem, cat + "+both")


SOUND_FEMININE_PLURAL = {
    "وزارة", "حكومة", "شركة", "جامعة", "منظمة", "سياسة", "سيارة", "فترة", "بطولة", "بطاقة",
    "كلمة", "كمية", "ولاية", "وكالة", "جمعية", "عملية", "حملة", "مؤسسة", "سفارة"}


def fem(word, stem):
    masc(word, stem, "fem")
    t = ta(word)
    for enc in ENC:
        add(t + enc, "", t, enc, stem, "fem+enclitic")
    for pre, enc in (("و", "ها"), ("ب", "ه"), ("ل", "هم"), ("وب", "ها")):
        add(pre + t + enc, pre, t, enc, stem, "fem+both")
    plural = word[:-1] + "ات"
    if word not in SOUND_FEMININE_PLURAL:
        plural = None
    if plural:
        add(plural, "", plural, "", stem, "fem-plural")
        for pre in ("", "و", "ب", "ل", "وب"):
            r = article(pre, plural)
            if r:
                add(r[0], r[1], plural, "", stem, "fem-plural+article")
        add(plural + "ها", "", plural, "ها", stem, "fem-plural+enclitic")
    add(t + "ان", "", t + "ان", "", stem, "dual")
    add(t + "ين", "", t + "ين", "", stem, "dual")
    r = article("", t + "ين")
    add(r[0], r[1], t + "ين", "", stem, "dual+article")


def sound(word, stem):
    add(word, "", word, "", stem, "sound")
    for suffix in ("ون", "ين", "ة", "ات", "ان"):
        form = word + suffix
        add(form, "", form, "", stem, "sound-plural")
        for pre in ("", "و", "ل", "وب"):
            r = article(pre, form)
            if r:
                add(r[0], r[1], form, "", stem, "sound-plural+article")


def nisba(word, stem):
    add(word, "", word, "", stem, "nisba")
    for suffix in ("ة", "ون", "ين", "ات"):
        form = word + suffix
        add(form, "", form, "", stem, "nisba")
        for pre in ("", "و", "ل"):
            r = article(pre, form)
            if r:
                add(r[0], r[1], form, "", stem, "nisba+article")
    r = article("", word)
    add(r[0], r[1], word, "", stem, "nisba+article")


# Words beginning with و ف ب ك ل as a root letter that are in NO lexicon of data/text: they show
# how the default rules do on words the analyzer has never seen.
UNSEEN = [("وشاح", "وشاح"), ("فلفل", "فلفل"), ("بركان", "بركان"), ("فنجان", "فنجان"),
          ("برتقال", "برتقال"), ("فطور", "فطور"), ("بخار", "بخار"), ("كوكب", "كوكب"),
          ("لهب", "لهب"), ("كهف", "كهف")]
UNSEEN_FEM = [("وسادة", "وساد"), ("وليمة", "وليم"), ("فراشة", "فراش"), ("فضيلة", "فضيل"),
              ("بعوضة", "بعوض"), ("بقرة", "بقر"), ("كنبة", "كنب"), ("كعكة", "كعك"),
              ("وردة", "ورد"), ("لوزة", "لوز")]
for w, s in UNSEEN + UNSEEN_FEM:
    add(w, "", w, "", s, "unseen")
    for pre in ("", "و", "ب"):
        r = article(pre, w)
        add(r[0], r[1], w, "", s, "unseen+article")
    add(ta(w) + "ها", "", ta(w), "ها", s, "unseen+enclitic")
    add("و" + w, "و", w, "", s, "unseen+proclitic")

for w, s in MASC:
    masc(w, s)
for w, s in FEM:
    fem(w, s)
for w, s in SOUND:
    sound(w, s)
for w, s in NISBA:
    nisba(w, s)
for w in BROKEN:
    add(w, "", w, "", w, "broken-plural")
    r = article("", w)
    add(r[0], r[1], w, "", w, "broken-plural+article")
    r = article("و", w)
    add(r[0], r[1], w, "", w, "broken-plural+article")
for w in NAMES:
    add(w, "", w, "", w, "name")
    for pre in ("و", "ب", "ل", "وب", "ول", "ف"):
        add(pre + w, pre, w, "", w, "name+proclitic")
for w, base in NAMES_WITH_ARTICLE:
    add(w, "ال", base, "", base, "name")
    for pre in ("و", "ب", "ل", "وب"):
        r = article(pre, base)
        add(r[0], r[1], base, "", base, "name+proclitic")
for v in PAST:
    add(v, "", v, "", v, "verb")
    add("و" + v, "و", v, "", v, "verb+proclitic")
    add("ف" + v, "ف", v, "", v, "verb+proclitic")
for v in PAST_OBJ:
    for enc in ("ه", "ها", "هم"):
        add(v + enc, "", v, enc, v, "verb+object")
        add("و" + v + enc, "و", v, enc, v, "verb+object")
for v in IMPERFECT:
    add(v, "", v, "", v, "verb")
    for pre in ("س", "وس", "فس", "و", "ل", "ول"):
        add(pre + v, pre, v, "", v, "verb+proclitic")
for w in STOP:
    add(w, "", w, "", w, "stopword")
    add("و" + w, "و", w, "", w, "stopword+proclitic")

# Hand-written hard cases: (word, proclitics, base, enclitic, stem, category).
HARD = [
    # Egyptian ى for final ي, and words with a real final ى.
    ("فى", "", "في", "", "في", "egyptian"), ("الى", "", "الى", "", "الى", "egyptian"),
    ("علي", "", "علي", "", "علي", "egyptian"), ("مستشفى", "", "مستشفي", "", "مستشفي", "egyptian"),
    ("المستشفى", "ال", "مستشفي", "", "مستشفي", "egyptian"),
    ("بالمستشفى", "بال", "مستشفي", "", "مستشفي", "egyptian"),
    ("مستشفيات", "", "مستشفيات", "", "مستشفي", "egyptian"),
    ("مصطفى", "", "مصطفى", "", "مصطفى", "egyptian"), ("يحيى", "", "يحيى", "", "يحيى", "egyptian"),
    ("الكبرى", "ال", "كبرى", "", "كبرى", "egyptian"), ("فوضى", "", "فوضى", "", "فوضى", "egyptian"),
    ("الأولى", "ال", "أولى", "", "أولى", "egyptian"), ("لدى", "", "لدى", "", "لدى", "egyptian"),
    ("مبنى", "", "مبنى", "", "مبنى", "egyptian"), ("معنى", "", "معنى", "", "معنى", "egyptian"),
    # Diacritized spellings meet the plain ones.
    ("الوِزَارَةُ", "ال", "وزارة", "", "وزار", "diacritics"),
    ("وَالْمُعَلِّمُونَ", "وال", "معلمون", "", "معلم", "diacritics"),
    ("كَتَبَ", "", "كتب", "", "كتب", "diacritics"),
    ("مُحَمَّدٌ", "", "محمد", "", "محمد", "diacritics"),
    ("وَزِيرُ", "", "وزير", "", "وزير", "diacritics"),
    ("بِالْقَاهِرَةِ", "بال", "قاهرة", "", "قاهرة", "diacritics"),
    ("السَّلَامُ", "ال", "سلام", "", "سلام", "diacritics"),
    ("عَلَيْكُمْ", "", "على", "كم", "على", "diacritics"),
    ("هٰذا", "", "هذا", "", "هذا", "diacritics"),
    # Tatweel and elongation.
    ("الــوزارة", "ال", "وزارة", "", "وزار", "tatweel"),
    ("جمييييل", "", "جميل", "", "جميل", "elongation"),
    ("رائعععع", "", "رائع", "", "رائع", "elongation"),
    ("مـــصـــر", "", "مصر", "", "مصر", "tatweel"),
    # Hamza spellings fold in the key.
    ("أحمد", "", "احمد", "", "احمد", "hamza"), ("إسلام", "", "اسلام", "", "اسلام", "hamza"),
    ("آخر", "", "اخر", "", "اخر", "hamza"), ("مسؤول", "", "مسوول", "", "مسوول", "hamza"),
    ("رئيس", "", "رييس", "", "رييس", "hamza"),
    ("ألمانيا", "", "ألمانيا", "", "ألمانيا", "hamza"), ("المانيا", "", "المانيا", "", "المانيا", "hamza"),
    ("إلغاء", "", "إلغاء", "", "إلغاء", "hamza"), ("ألف", "", "ألف", "", "ألف", "hamza"),
    ("الألف", "ال", "ألف", "", "ألف", "hamza"),
    # Root letters that look like clitics or suffixes.
    ("وجه", "", "وجه", "", "وجه", "root-letter"), ("وجهه", "", "وجه", "ه", "وجه", "root-letter"),
    ("اتجاه", "", "اتجاه", "", "اتجاه", "root-letter"), ("الاتجاه", "ال", "اتجاه", "", "اتجاه", "root-letter"),
    ("مياه", "", "مياه", "", "مياه", "root-letter"), ("توجيه", "", "توجيه", "", "توجيه", "root-letter"),
    ("تنبيه", "", "تنبيه", "", "تنبيه", "root-letter"), ("شبه", "", "شبه", "", "شبه", "root-letter"),
    ("متهم", "", "متهم", "", "متهم", "root-letter"), ("المتهم", "ال", "متهم", "", "متهم", "root-letter"),
    ("متهمين", "", "متهمين", "", "متهم", "root-letter"), ("تفاهم", "", "تفاهم", "", "تفاهم", "root-letter"),
    ("مساهم", "", "مساهم", "", "مساهم", "root-letter"), ("يساهم", "", "يساهم", "", "يساهم", "root-letter"),
    ("فهم", "", "فهم", "", "فهم", "root-letter"), ("مهم", "", "مهم", "", "مهم", "root-letter"),
    ("أهم", "", "أهم", "", "أهم", "root-letter"), ("سهم", "", "سهم", "", "سهم", "root-letter"),
    ("أماكن", "", "أماكن", "", "أماكن", "root-letter"), ("ممكن", "", "ممكن", "", "ممكن", "root-letter"),
    ("يمكن", "", "يمكن", "", "يمكن", "root-letter"), ("مساكن", "", "مساكن", "", "مساكن", "root-letter"),
    ("تعيين", "", "تعيين", "", "تعيين", "root-letter"), ("تأمين", "", "تأمين", "", "تأمين", "root-letter"),
    ("التأمين", "ال", "تأمين", "", "تأمين", "root-letter"), ("تكوين", "", "تكوين", "", "تكوين", "root-letter"),
    ("مضمون", "", "مضمون", "", "مضمون", "root-letter"), ("مخزون", "", "مخزون", "", "مخزون", "root-letter"),
    ("مليون", "", "مليون", "", "مليون", "root-letter"), ("ملايين", "", "ملايين", "", "ملايين", "root-letter"),
    ("زيتون", "", "زيتون", "", "زيتون", "root-letter"), ("أوقات", "", "أوقات", "", "أوقات", "root-letter"),
    ("أصوات", "", "أصوات", "", "أصوات", "root-letter"), ("نبات", "", "نبات", "", "نبات", "root-letter"),
    ("يعني", "", "يعني", "", "يعني", "root-letter"), ("ثاني", "", "ثاني", "", "ثاني", "root-letter"),
    ("الثاني", "ال", "ثاني", "", "ثاني", "root-letter"), ("مباني", "", "مباني", "", "مباني", "root-letter"),
    ("أمني", "", "أمني", "", "أمني", "root-letter"), ("مدني", "", "مدني", "", "مدني", "root-letter"),
    ("إنساني", "", "إنساني", "", "إنساني", "root-letter"), ("إلكتروني", "", "إلكتروني", "", "إلكتروني", "root-letter"),
    ("هنا", "", "هنا", "", "هنا", "root-letter"), ("بنك", "", "بنك", "", "بنك", "root-letter"),
    ("بلاد", "", "بلاد", "", "بلاد", "root-letter"), ("سنوات", "", "سنوات", "", "سنو", "root-letter"),
    ("سنة", "", "سنة", "", "سن", "root-letter"), ("ستة", "", "ستة", "", "ست", "root-letter"),
    ("كبير", "", "كبير", "", "كبير", "root-letter"), ("كبيرة", "", "كبيرة", "", "كبير", "root-letter"),
    ("لغة", "", "لغة", "", "لغ", "root-letter"), ("وقف", "", "وقف", "", "وقف", "root-letter"),
    ("والد", "", "والد", "", "والد", "root-letter"), ("والده", "", "والد", "ه", "والد", "root-letter"),
    ("فوز", "", "فوز", "", "فوز", "root-letter"), ("بفوز", "ب", "فوز", "", "فوز", "root-letter"),
    ("وصول", "", "وصول", "", "وصول", "root-letter"), ("بوصول", "ب", "وصول", "", "وصول", "root-letter"),
    ("فيروس", "", "فيروس", "", "فيروس", "root-letter"), ("فيروسات", "", "فيروسات", "", "فيروس", "root-letter"),
    ("بيئة", "", "بيئة", "", "بيئ", "root-letter"), ("بيئي", "", "بيئي", "", "بيئي", "root-letter"),
    ("البيئية", "ال", "بيئية", "", "بيئي", "root-letter"),
    # Possessive ي only on nouns (حكومتي); nisba otherwise.
    ("حكومتي", "", "حكومت", "ي", "حكوم", "enclitic-ya"), ("مدرستي", "", "مدرست", "ي", "مدرس", "enclitic-ya"),
    ("عربي", "", "عربي", "", "عربي", "enclitic-ya"),
    # Object and possessive pronouns of verbs and prepositions.
    ("أخبرني", "", "أخبر", "ني", "أخبر", "verb+object"), ("دعاهم", "", "دعا", "هم", "دعا", "verb+object"),
    ("أعطاه", "", "أعطا", "ه", "أعطا", "verb+object"), ("بينهما", "", "بين", "هما", "بين", "preposition"),
    ("بينهم", "", "بين", "هم", "بين", "preposition"), ("أمامه", "", "أمام", "ه", "أمام", "preposition"),
    # Sound feminine plurals of masculine nouns.
    ("قرارات", "", "قرارات", "", "قرار", "fem-plural"), ("القرارات", "ال", "قرارات", "", "قرار", "fem-plural"),
    ("اجتماعات", "", "اجتماعات", "", "اجتماع", "fem-plural"),
    ("مشروعات", "", "مشروعات", "", "مشروع", "fem-plural"),
    ("بيانات", "", "بيانات", "", "بيان", "fem-plural"), ("والبيانات", "وال", "بيانات", "", "بيان", "fem-plural"),
    # Tanween fath written with its alef: the alef is an ending, not part of the stem.
    ("شريطًا", "", "شريطا", "", "شريط", "tanween"), ("وفقاً", "", "وفقا", "", "وفق", "tanween"),
    ("عنصرًا", "", "عنصرا", "", "عنصر", "tanween"), ("سابقاً", "", "سابقا", "", "سابق", "tanween"),
    # Five-letter words in ون keep their root ن.
    ("التعاون", "ال", "تعاون", "", "تعاون", "root-letter"), ("بالتعاون", "بال", "تعاون", "", "تعاون", "root-letter"),
    ("توجه", "", "توجه", "", "توجه", "root-letter"),
    # Numbers, Latin words and symbols pass through in key form.
    ("2020", "", "2020", "", "2020", "number"), ("٢٠٢٠", "", "2020", "", "2020", "number"),
    ("٣٫٥", "", "3.5", "", "3.5", "number"), ("1,500", "", "1,500", "", "1,500", "number"),
    ("COVID", "", "covid", "", "covid", "latin"), ("Twitter", "", "twitter", "", "twitter", "latin"),
    ("NATO", "", "nato", "", "nato", "latin"), ("iPhone", "", "iphone", "", "iphone", "latin"),
]
for row in HARD:
    add(*row)

out = sys.stdout
out.write("# khabar analyzer gold list: word, proclitics, base, enclitic, stem, category.\n")
out.write("# Written by make_gold.py (lexemes and hard cases by hand; see its docstring).\n")
for r in rows:
    out.write("\t".join(r) + "\n")
print(len(rows), file=sys.stderr)

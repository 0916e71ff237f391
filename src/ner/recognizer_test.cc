// The shipped model and the recognizer on news-like sentences written for these tests.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/utf8.h"
#include "khabar/ner.h"
#include "ner/document.h"

namespace khabar::ner {
namespace {

std::vector<std::string_view> Split(const std::string& s, std::vector<std::string>* store) {
  store->clear();
  size_t pos = 0;
  while (pos < s.size()) {
    size_t sp = s.find(' ', pos);
    if (sp == std::string::npos) sp = s.size();
    if (sp > pos) store->push_back(s.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return std::vector<std::string_view>(store->begin(), store->end());
}

// The entities (as "TYPE:text") the default tagger finds in a space-tokenized sentence.
std::vector<std::string> TaggedEntities(const std::string& sentence) {
  std::vector<std::string> store;
  std::vector<std::string_view> tokens = Split(sentence, &store);
  std::vector<Tag> tags = Tagger::Default().TagTokens(tokens);
  std::vector<std::string> out;
  for (const TokenSpan& s : SpansFromTags(tags)) {
    std::string text;
    for (size_t i = s.begin; i < s.end; ++i) text += (i > s.begin ? " " : "") + store[i];
    out.push_back(std::string(EntityTypeName(s.type)) + ":" + text);
  }
  return out;
}

// Code points [begin, end) of `s`.
std::string CodePointSlice(std::string_view s, size_t begin, size_t end) {
  size_t pos = 0, cp = 0, b = std::string::npos;
  while (pos < s.size() && cp < end) {
    if (cp == begin) b = pos;
    utf8::Next(s, &pos);
    ++cp;
  }
  return b == std::string::npos ? "" : std::string(s.substr(b, pos - b));
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + " | ";
  return s;
}

TEST(DefaultTaggerTest, FindsPeoplePlacesOrganizations) {
  auto e = TaggedEntities(
      "واشنطن ( أ ش أ ) التقى وزير الخارجية الأمريكي أنتوني بلينكن اليوم في طوكيو مع نظيره "
      "الياباني .");
  // (The tagger alone types a dateline before a wire credit as ORG, as ANERcorp's agency
  // credits suggest; the recognizer's KB linking makes it LOC: see RecognizerTest.)
  EXPECT_TRUE(Has(e, "PERS:أنتوني بلينكن")) << Join(e);
  EXPECT_TRUE(Has(e, "LOC:طوكيو")) << Join(e);

  e = TaggedEntities("وقال الرئيس الأمريكي جو بايدن إن الولايات المتحدة ستدعم أوكرانيا .");
  EXPECT_TRUE(Has(e, "PERS:جو بايدن")) << Join(e);
  EXPECT_TRUE(Has(e, "LOC:الولايات المتحدة")) << Join(e);
  EXPECT_TRUE(Has(e, "LOC:أوكرانيا")) << Join(e);

  e = TaggedEntities("وأعلنت الأمم المتحدة أن مجلس الأمن سيعقد جلسة في نيويورك .");
  EXPECT_TRUE(Has(e, "ORG:الأمم المتحدة")) << Join(e);
  EXPECT_TRUE(Has(e, "LOC:نيويورك")) << Join(e);
}

TEST(DefaultTaggerTest, ConfidenceInRange) {
  std::vector<std::string> store;
  auto tokens = Split("التقى الرئيس الفرنسي إيمانويل ماكرون في باريس", &store);
  std::vector<double> conf;
  auto tags = Tagger::Default().TagTokens(tokens, &conf);
  ASSERT_EQ(conf.size(), tokens.size());
  for (double c : conf) {
    EXPECT_GE(c, 0.0);
    EXPECT_LE(c, 1.0);
  }
  EXPECT_GT(Tagger::Default().num_features(), 10000u);
}

TEST(RecognizerTest, MentionsWithOffsetsAndCounts) {
  std::vector<std::string> paragraphs = {
      "واشنطن (أ ش أ) - التقى وزير الخارجية الأمريكي أنتوني بلينكن نظيره الياباني في طوكيو.",
      "وأكد بلينكن أن الولايات المتحدة ملتزمة بأمن اليابان."};
  std::vector<Mention> ms = Recognizer::Default().Recognize(paragraphs);
  ASSERT_FALSE(ms.empty());
  bool blinken_full = false, blinken_partial = false, washington = false;
  for (const Mention& m : ms) {
    EXPECT_EQ(CodePointSlice(paragraphs[m.paragraph], m.begin, m.end), m.text);
    if (m.paragraph == 0 && m.begin == 0) {
      washington = true;
      EXPECT_EQ(m.end, 6u);
      EXPECT_EQ(m.text, "واشنطن");
      EXPECT_EQ(m.type, EntityType::kLocation);
    }
    ASSERT_LT(m.paragraph, paragraphs.size());
    ASSERT_LE(m.begin, m.end);
    EXPECT_GE(m.confidence, 0.0);
    EXPECT_LE(m.confidence, 1.0);
    EXPECT_FALSE(m.id.empty());
    if (m.text.find("بلينكن") != std::string::npos) {
      if (m.paragraph == 0) blinken_full = true;
      if (m.paragraph == 1) blinken_partial = true;
      EXPECT_EQ(m.type, EntityType::kPerson);
    }
  }
  EXPECT_TRUE(washington);
  EXPECT_TRUE(blinken_full);
  EXPECT_TRUE(blinken_partial);
  std::vector<EntityCount> counts = CountEntities(ms);
  ASSERT_FALSE(counts.empty());
  EXPECT_GE(counts[0].count, counts.back().count);
}

// The headline is the document's first part: linked with the body in one pass, its mentions
// apart with offsets into the title.
// A headline's family name alone, before the body that names the person in full (session 15):
// a KB person's (ظريف, a common adjective too) or a NIL person's, after a proclitic or with the
// particle of a European name; nothing when the body names no such person.
TEST(RecognizerTest, HeadlineFamilyNamesOfTheBody) {
  const Recognizer& r = Recognizer::Default();
  const DocumentContext context = ContextOf("2015-08-10", "SA");
  auto find = [](const std::vector<Mention>& ms, std::string_view text) -> const Mention* {
    for (const Mention& m : ms)
      if (m.text == text) return &m;
    return nullptr;
  };
  {
    const std::string title = "ظريف في مسقط لبحث التهدئة الإقليمية";
    const std::vector<std::string> body = {
        "وصل وزير الخارجية الإيراني محمد جواد ظريف إلى العاصمة العمانية في مستهل جولة خليجية."};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, body, context);
    const Mention* zarif = find(ms.title, "ظريف");
    ASSERT_NE(zarif, nullptr);
    EXPECT_EQ(zarif->id, "mohammad_javad_zarif");
    EXPECT_EQ(zarif->type, EntityType::kPerson);
    EXPECT_EQ(zarif->source, "coref");
    EXPECT_EQ(zarif->begin, 0u);
    const std::vector<std::string> other = {"وصل وزير الخارجية إلى العاصمة العمانية في جولة."};
    EXPECT_EQ(find(r.RecognizeArticle(title, other, context).title, "ظريف"), nullptr);
    // Two persons of that family in the body, one in the KB: either.
    const std::vector<std::string> two = {
        "وصل وزير الخارجية الإيراني محمد جواد ظريف إلى مسقط. وكتب الصحفي العماني سالم ظريف "
        "مقالا عن الزيارة."};
    const Recognizer::ArticleMentions both = r.RecognizeArticle(title, two, context);
    ASSERT_NE(find(both.paragraphs, "سالم ظريف"), nullptr);  // the NIL one
    EXPECT_EQ(find(both.title, "ظريف"), nullptr);
  }
  {
    const std::string title = "الجماهير تهتف لبيلسا بعد الفوز";
    const std::vector<std::string> body = {
        "أشاد مشجعو النادي بالمدرب الأرجنتيني مارسيلو بيلسا بعد فوز الفريق في المباراة."};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, body, context);
    const Mention* bielsa = find(ms.title, "بيلسا");
    ASSERT_NE(bielsa, nullptr);
    EXPECT_EQ(bielsa->type, EntityType::kPerson);
    EXPECT_EQ(CodePointSlice(title, bielsa->begin, bielsa->end), "بيلسا");  // after ل
    const Mention* full = find(ms.paragraphs, "مارسيلو بيلسا");
    ASSERT_NE(full, nullptr);
    EXPECT_EQ(bielsa->name, full->name);  // one entity
  }
  {
    // Spans the tagger made of them (وبيلسا a place, وظريف an unknown person) become them, the
    // proclitic left out.
    const std::string title = "أمير مكة وبيلسا وظريف";
    const std::vector<std::string> body = {
        "زار الأمير خالد الفيصل أمير منطقة مكة المكرمة المدرب مارسيلو بيلسا ومحمد جواد ظريف، "
        "وقال ظريف كلاما."};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, body, context);
    const Mention* bielsa = find(ms.title, "بيلسا");
    ASSERT_NE(bielsa, nullptr);
    EXPECT_EQ(bielsa->type, EntityType::kPerson);
    EXPECT_EQ(CodePointSlice(title, bielsa->begin, bielsa->end), "بيلسا");
    const Mention* zarif = find(ms.title, "ظريف");
    ASSERT_NE(zarif, nullptr);
    EXPECT_EQ(zarif->id, "mohammad_javad_zarif");
  }
  {
    const std::string title = "دي خيا يغيب عن المباراة المقبلة";
    const std::vector<std::string> body = {
        "أعلن المدرب أن الحارس الإسباني دافيد دي خيا لن يشارك في المباراة بسبب الإصابة."};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, body, context);
    const Mention* de_gea = find(ms.title, "دي خيا");
    ASSERT_NE(de_gea, nullptr);
    EXPECT_EQ(de_gea->type, EntityType::kPerson);
    EXPECT_EQ(de_gea->begin, 0u);
    EXPECT_EQ(find(ms.title, "دي"), nullptr);
  }
}

// A governor's title in the headline (أمير مكة) is the person the body names beside the same
// title of the same place (its region here), before or after the name (session 15).
TEST(RecognizerTest, HeadlineGovernorsOfTheBody) {
  const Recognizer& r = Recognizer::Default();
  const DocumentContext context = ContextOf("2015-08-18", "SA");
  const std::string title = "أمير مكة يدشن مشروعات تنموية في الطائف";
  for (const std::string& body :
       {std::string("دشن الأمير خالد الفيصل مستشار خادم الحرمين الشريفين أمير منطقة مكة المكرمة "
                    "مساء اليوم حزمة من المشروعات في الطائف."),
        std::string("دشن أمير منطقة مكة المكرمة صاحب السمو الملكي الأمير خالد الفيصل مساء اليوم "
                    "حزمة من المشروعات في الطائف.")}) {
    const std::vector<std::string> paragraphs = {body};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, paragraphs, context);
    ASSERT_FALSE(ms.title.empty()) << body;
    EXPECT_EQ(ms.title[0].text, "أمير مكة") << body;
    EXPECT_EQ(ms.title[0].id, "khalid_al_faisal") << body;
    EXPECT_EQ(ms.title[0].source, "title") << body;
  }
  // The body names another region's governor, or two persons beside the title of the same
  // region (which of them the headline means is unknown): the headline's place stays a place.
  for (const std::string& body :
       {std::string("دشن الأمير فيصل بن بندر أمير منطقة الرياض مساء اليوم حزمة من المشروعات."),
        std::string("دشن الأمير خالد الفيصل أمير منطقة مكة المكرمة مساء اليوم حزمة من المشروعات. "
                    "وكان الأمير مشعل بن عبدالله أمير منطقة مكة المكرمة قد وضع حجر الأساس لها.")}) {
    const std::vector<std::string> paragraphs = {body};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, paragraphs, context);
    ASSERT_FALSE(ms.title.empty()) << body;
    EXPECT_EQ(ms.title[0].text, "مكة") << body;
    EXPECT_EQ(ms.title[0].id, "mecca") << body;
  }
}

TEST(RecognizerTest, HeadlineIsLinkedWithTheBody) {
  const Recognizer& r = Recognizer::Default();
  const DocumentContext context = ContextOf("2022-07-15", "SA");
  {
    // The headline's partial name joins the body's full name, which comes after it.
    const std::string title = "الزهراني يفوز بجائزة الرواية";
    const std::vector<std::string> body = {
        "أعلنت لجنة الجائزة فوز الكاتب كريم الزهراني بجائزة الرواية لهذا العام."};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, body, context);
    ASSERT_EQ(ms.title.size(), 1u);
    EXPECT_EQ(ms.title[0].paragraph, 0u);
    EXPECT_EQ(ms.title[0].begin, 0u);
    EXPECT_EQ(ms.title[0].end, 8u);
    EXPECT_EQ(ms.title[0].text, "الزهراني");
    EXPECT_EQ(ms.title[0].type, EntityType::kPerson);
    EXPECT_EQ(ms.title[0].source, "coref");
    const Mention* full = nullptr;
    for (const Mention& m : ms.paragraphs) {
      EXPECT_EQ(m.paragraph, 0u);
      EXPECT_EQ(CodePointSlice(body[0], m.begin, m.end), m.text);
      if (m.text == "كريم الزهراني") full = &m;
    }
    ASSERT_NE(full, nullptr);
    EXPECT_EQ(ms.title[0].name, full->name);  // one entity
  }
  {
    // A body's partial name joins the headline's full name; without the headline it is alone.
    const std::string title = "كريم الزهراني يفوز بجائزة الرواية";
    const std::vector<std::string> body = {
        "قال الزهراني إنه سعيد بالتكريم الذي ناله هذا العام من لجنة الجائزة."};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, body, context);
    ASSERT_FALSE(ms.title.empty());
    EXPECT_EQ(ms.title[0].text, "كريم الزهراني");
    EXPECT_EQ(CodePointSlice(title, ms.title[0].begin, ms.title[0].end), "كريم الزهراني");
    ASSERT_FALSE(ms.paragraphs.empty());
    EXPECT_EQ(ms.paragraphs[0].text, "الزهراني");
    EXPECT_EQ(ms.paragraphs[0].source, "coref");
    EXPECT_EQ(ms.paragraphs[0].name, ms.title[0].name);
    const std::vector<Mention> alone = r.Recognize(body, context);
    ASSERT_FALSE(alone.empty());
    EXPECT_EQ(alone[0].text, "الزهراني");
    EXPECT_NE(alone[0].source, "coref");
    // An empty title: the paragraphs' mentions of Recognize.
    const Recognizer::ArticleMentions untitled = r.RecognizeArticle("", body, context);
    EXPECT_TRUE(untitled.title.empty());
    ASSERT_EQ(untitled.paragraphs.size(), alone.size());
    for (size_t i = 0; i < alone.size(); ++i) {
      EXPECT_EQ(untitled.paragraphs[i].text, alone[i].text);
      EXPECT_EQ(untitled.paragraphs[i].begin, alone[i].begin);
      EXPECT_EQ(untitled.paragraphs[i].source, alone[i].source);
    }
  }
  {
    // KB names and titles in a headline: a bare surname, a title resolved by the date.
    const std::string title = "بايدن يستقبل ولي العهد السعودي في البيت الأبيض";
    const std::vector<std::string> body = {
        "استقبل الرئيس الأمريكي جو بايدن يوم الثلاثاء ولي العهد السعودي."};
    const Recognizer::ArticleMentions ms = r.RecognizeArticle(title, body, context);
    std::vector<std::string> ids;
    for (const Mention& m : ms.title) {
      EXPECT_EQ(CodePointSlice(title, m.begin, m.end), m.text);
      ids.push_back(m.id);
    }
    EXPECT_NE(std::find(ids.begin(), ids.end(), "joe_biden"), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), "mohammed_bin_salman"), ids.end());
  }
}

// A paragraph far longer than any article's (a text dump's single line) is tagged in windows that
// end at sentence ends: every repetition of a sentence gets the mentions the sentence gets alone,
// at its own offsets, across the windows' seams.
TEST(RecognizerTest, VeryLongParagraphsAreTaggedInWindows) {
  const std::string sentence = "وقال الرئيس الأمريكي باراك أوباما في واشنطن إن المحادثات مستمرة. ";
  const std::vector<std::string> one = {sentence};
  const std::vector<Mention> alone = Recognizer::Default().Recognize(one);
  ASSERT_FALSE(alone.empty());
  const size_t chars = utf8::CountCodePoints(sentence);
  constexpr size_t kRepeats = 1500;  // 18,000 tokens: several windows
  std::string paragraph;
  for (size_t i = 0; i < kRepeats; ++i) paragraph += sentence;
  const std::vector<std::string> many = {paragraph};
  const std::vector<Mention> long_one = Recognizer::Default().Recognize(many);
  std::vector<size_t> per_repeat(kRepeats, 0);
  for (const Mention& m : long_one) {
    const size_t r = m.begin / chars;
    ASSERT_LT(r, kRepeats);
    ++per_repeat[r];
    bool same = false;
    for (const Mention& a : alone) {
      same = same || (a.begin == m.begin - r * chars && a.end == m.end - r * chars &&
                      a.type == m.type && a.id == m.id);
    }
    EXPECT_TRUE(same) << m.text << " at " << m.begin << " (repeat " << r << ")";
  }
  for (size_t r = 0; r < kRepeats; ++r) {
    ASSERT_EQ(per_repeat[r], alone.size()) << "repeat " << r;
  }
}

TEST(RecognizerTest, MentionsStartAfterProclitics) {
  // The linker's span of a KB name after proclitics (وبواشنطن, لتيار المستقبل) is the mention:
  // text and offsets without the clitics.
  std::vector<std::string> paragraphs = {"عقد الوفد لقاءات وبواشنطن أمس، وسافر بعدها إلى طوكيو."};
  std::vector<Mention> ms = Recognizer::Default().Recognize(paragraphs);
  bool washington = false;
  for (const Mention& m : ms) {
    EXPECT_EQ(CodePointSlice(paragraphs[m.paragraph], m.begin, m.end), m.text);
    if (m.id == "washington") {
      washington = true;
      EXPECT_EQ(m.text, "واشنطن");
      EXPECT_EQ(m.begin, 19u);
    }
  }
  EXPECT_TRUE(washington) << ms.size();
}

TEST(RecognizerTest, HostileInput) {
  std::vector<std::string> paragraphs = {"", "\xff\xfe bad \xc3", std::string(5000, 'x'), "..."};
  std::vector<Mention> ms = Recognizer::Default().Recognize(paragraphs);
  for (const Mention& m : ms) EXPECT_LT(m.paragraph, paragraphs.size());
  EXPECT_TRUE(Recognizer::Default().Recognize(std::vector<std::string>{}).empty());
}

TEST(RecognizerTest, TitlesNameTheOfficeHolderOfThePublicationDate) {
  const std::vector<std::string> paragraphs = {"وصل وزير الخارجية الأمريكي إلى الرياض أمس."};
  const auto holder = [&](const DocumentContext& context) {
    for (const Mention& m : Recognizer::Default().Recognize(paragraphs, context)) {
      if (m.type == EntityType::kPerson) return m.id;
    }
    return std::string("none");
  };
  EXPECT_EQ(holder(ContextOf("2016-03-01T10:00:00+03:00", "SA")), "john_kerry");
  EXPECT_EQ(holder(ContextOf("2022-02-11", "")), "antony_blinken");
}

TEST(RecognizerTest, ContextOfReadsTheDateAndTheOutletCountry) {
  EXPECT_EQ(ContextOf("2015-08-02T22:58:10+03:00", "SA").date, 20150802);
  EXPECT_EQ(ContextOf("2015-08-02T22:58:10+03:00", "SA").country, "SA");
  EXPECT_EQ(ContextOf("2015-08-02", "").date, 20150802);
  EXPECT_EQ(ContextOf("", "EG").date, 0);
  EXPECT_EQ(ContextOf("2015-13-02", "EG").date, 0);
  EXPECT_EQ(ContextOf("2015-8-2", "EG").date, 0);
  EXPECT_EQ(ContextOf("2015-08", "EG").date, 0);
  EXPECT_EQ(ContextOf("٢٠١٥-08-02", "EG").date, 0);
  EXPECT_EQ(ContextOf("2015-08-02", "XX").country, "");  // pan-Arab outlet based abroad
  EXPECT_EQ(ContextOf("2015-08-02", "sa").country, "");
  EXPECT_EQ(ContextOf("2015-08-02", "SAU").country, "");
}

TEST(CountEntitiesTest, GroupsNilMentionsByName) {
  // A partial name joined to its full name (same name) is one entity; its text stays as written.
  std::vector<Mention> ms(3);
  for (Mention& m : ms) m.id = "NIL";
  ms[0].text = "جورج باراكيدس";
  ms[0].name = "جورج باراكيدس";
  ms[1].text = "باراكيدس";
  ms[1].name = "جورج باراكيدس";
  ms[2].text = "وباراكيدس";  // an older producer: no name, grouped by text
  auto c = CountEntities(ms);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].count, 2u);
  EXPECT_EQ(c[0].text, "جورج باراكيدس");
}

TEST(CountEntitiesTest, GroupsByIdOrNilText) {
  std::vector<Mention> ms(4);
  ms[0].id = "antony_blinken";
  ms[0].text = "أنتوني بلينكن";
  ms[1].id = "antony_blinken";
  ms[1].text = "بلينكن";
  ms[2].id = "NIL";
  ms[2].text = "سمير نادر";
  ms[3].id = "NIL";
  ms[3].text = "سمير نادر";
  ms[3].type = EntityType::kOrganization;
  auto c = CountEntities(ms);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].id, "antony_blinken");
  EXPECT_EQ(c[0].count, 2u);
  EXPECT_EQ(c[0].text, "أنتوني بلينكن");
  EXPECT_EQ(c[1].count, 1u);
}

// A person's row shows a name the document writes, not a longer title (session 15).
TEST(CountEntitiesTest, NamesBeforeTitles) {
  std::vector<Mention> ms(3);
  for (Mention& m : ms) m.id = "mohammed_bin_salman";
  ms[0].text = "ولي العهد السعودي";
  ms[0].source = "title";
  ms[1].text = "محمد بن سلمان";
  ms[1].source = "kb";
  ms[2].text = "ولي العهد السعودي الأمير";
  ms[2].source = "title";
  auto c = CountEntities(ms);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].count, 3u);
  EXPECT_EQ(c[0].text, "محمد بن سلمان");
  ms.resize(1);  // named by the title only: the title
  c = CountEntities(ms);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].text, "ولي العهد السعودي");
}

TEST(DocumentPassTest, FamilyNamesAloneAfterTheFullName) {
  // A person named in full (confidently) is named by the family name alone later, after a verb.
  std::vector<std::vector<std::string>> words = {
      {"قال", "المحلل", "سالم", "الحربي", "إن", "السوق", "مستقرة"},
      {"وتوقع", "الحربي", "ارتفاع", "الأسعار"},
      {"وأضاف", "والحربي", "سابق", "الله"},
      {"وقال", "عبد", "الله", "وزيد", "سابق", "إن", "جون", "كيري", "يرى", "ذلك"},
      {"وكان", "فيصل", "الأول", "أول", "ملك", "والأول", "منذ", "الحربي"}};
  std::vector<std::vector<std::string_view>> sentences;
  std::vector<std::vector<Tag>> tags;
  std::vector<std::vector<double>> conf;
  for (const auto& s : words) {
    sentences.emplace_back(s.begin(), s.end());
    tags.emplace_back(s.size(), Tag::kO);
    conf.emplace_back(s.size(), 0.99);
  }
  tags[0][2] = Tag::kBPers, tags[0][3] = Tag::kIPers;
  // Not family names: the second half of عبد الله, a short word without ال (زيد سابق), a name whose
  // base loses a letter (كيري: ك + يري would meet يرى).
  tags[3][1] = Tag::kBPers, tags[3][2] = Tag::kIPers;
  tags[3][3] = Tag::kBPers, tags[3][4] = Tag::kIPers;
  tags[3][6] = Tag::kBPers, tags[3][7] = Tag::kIPers;
  tags[4][1] = Tag::kBPers, tags[4][2] = Tag::kIPers;  // an ordinal: فيصل الأول
  internal::DocumentPass(sentences, tags, conf);
  EXPECT_EQ(tags[1][1], Tag::kBPers);  // وتوقع الحربي
  EXPECT_EQ(tags[2][1], Tag::kBPers);  // والحربي
  EXPECT_EQ(tags[2][2], Tag::kO);      // سابق
  EXPECT_EQ(tags[2][3], Tag::kO);      // الله
  EXPECT_EQ(tags[3][8], Tag::kO);      // يرى
  EXPECT_EQ(tags[4][3], Tag::kO);      // أول
  EXPECT_EQ(tags[4][5], Tag::kO);      // والأول
  EXPECT_EQ(tags[4][7], Tag::kBPers);  // الحربي
  EXPECT_NEAR(conf[1][1], 0.8 * 0.99, 1e-9);
}

}  // namespace
}  // namespace khabar::ner

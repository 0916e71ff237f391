// The document pass (document.h) on hand-tagged sentences written for these tests.
#include "ner/document.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace khabar::ner::internal {
namespace {

// A document of space-tokenized sentences with their tags and confidences; sentences start
// untagged at confidence 0.99 (the tagger is sure of its O tags).
class Document {
 public:
  explicit Document(std::vector<std::string> sentences) : text_(std::move(sentences)) {
    for (const std::string& s : text_) {
      std::vector<std::string_view> words;
      size_t pos = 0;
      while (pos < s.size()) {
        size_t sp = s.find(' ', pos);
        if (sp == std::string::npos) sp = s.size();
        words.push_back(std::string_view(s).substr(pos, sp - pos));
        pos = sp + 1;
      }
      tags_.emplace_back(words.size(), ner::Tag::kO);
      confidence_.emplace_back(words.size(), 0.99);
      tokens_.push_back(std::move(words));
    }
  }
  // Tags tokens [begin, end) of sentence `s` as an entity of `type` with confidence `c`.
  void Mark(size_t s, size_t begin, size_t end, EntityType type, double c) {
    for (size_t k = begin; k < end; ++k) {
      tags_[s][k] = k == begin ? BeginTag(type) : InsideTag(type);
      confidence_[s][k] = c;
    }
  }
  void Run(const DocumentPassOptions& options = {}) {
    DocumentPass(tokens_, tags_, confidence_, options);
  }
  // The entities of sentence `s` as "TYPE:words".
  std::vector<std::string> Entities(size_t s) const {
    std::vector<std::string> out;
    for (const TokenSpan& sp : SpansFromTags(tags_[s])) {
      std::string text(EntityTypeName(sp.type));
      text += ':';
      for (size_t k = sp.begin; k < sp.end; ++k) {
        if (k > sp.begin) text += ' ';
        text += tokens_[s][k];
      }
      out.push_back(text);
    }
    return out;
  }
  double Confidence(size_t s, size_t k) const { return confidence_[s][k]; }

 private:
  std::vector<std::string> text_;  // owns what tokens_ views
  std::vector<std::vector<std::string_view>> tokens_;
  std::vector<std::vector<ner::Tag>> tags_;
  std::vector<std::vector<double>> confidence_;
};

using Strings = std::vector<std::string>;

TEST(DocumentPassTest, CopiesConfidentNamesToUntaggedOccurrences) {
  Document d({"التقى وزير الخارجية بنظيره في واشنطن", "ثم غادر واشنطن مساء"});
  d.Mark(0, 5, 6, EntityType::kLocation, 0.95);
  d.Run();
  EXPECT_EQ(d.Entities(1), Strings({"LOC:واشنطن"}));
  EXPECT_DOUBLE_EQ(d.Confidence(1, 2), 0.8 * 0.95);
}

TEST(DocumentPassTest, FamilyNameAloneIsThePerson) {
  Document d({"وصل الرئيس سعد القحطاني إلى المطار", "وقال القحطاني إن الزيارة ناجحة",
              "وأشاد بالقحطاني عدد من النواب"});
  d.Mark(0, 2, 4, EntityType::kPerson, 0.97);
  d.Run();
  EXPECT_EQ(d.Entities(1), Strings({"PERS:القحطاني"}));
  EXPECT_DOUBLE_EQ(d.Confidence(1, 1), 0.8 * 0.97);
  // Compared without clitics, as every name of the pass.
  EXPECT_EQ(d.Entities(2), Strings({"PERS:بالقحطاني"}));
}

TEST(DocumentPassTest, NoSurnameWhenTheNameIsNotConfident) {
  // Under surname_min_confidence (0.6).
  Document d({"وصل الرئيس سعد القحطاني إلى المطار", "وقال القحطاني إن الزيارة ناجحة"});
  d.Mark(0, 2, 4, EntityType::kPerson, 0.5);
  d.Run();
  EXPECT_TRUE(d.Entities(1).empty());
}

TEST(DocumentPassTest, NoSurnameWhenDisabled) {
  Document d({"وصل الرئيس سعد القحطاني إلى المطار", "وقال القحطاني إن الزيارة ناجحة"});
  d.Mark(0, 2, 4, EntityType::kPerson, 0.97);
  DocumentPassOptions options;
  options.surnames = false;
  d.Run(options);
  EXPECT_TRUE(d.Entities(1).empty());
}

TEST(DocumentPassTest, OnlyPersonsHaveSurnames) {
  Document d({"فاز نادي ريال مدريد بالمباراة", "وقال مدريد إن"});
  d.Mark(0, 2, 4, EntityType::kOrganization, 0.97);
  d.Run();
  EXPECT_TRUE(d.Entities(1).empty());
}

TEST(DocumentPassTest, NoSurnameAfterAConnectorOfCompoundNames) {
  // عبد الله, بن سلمان, ولد محمد: the last word is a given name, not the person.
  Document d({"قال محمد عبد الله إن", "قال فيصل بن سلمان إن", "وأضاف أحمد ولد محمد",
              "والحمد لله وعبد الله وسلمان ومحمد هنا"});
  d.Mark(0, 1, 4, EntityType::kPerson, 0.97);
  d.Mark(1, 1, 4, EntityType::kPerson, 0.97);
  d.Mark(2, 1, 4, EntityType::kPerson, 0.97);
  d.Run();
  EXPECT_TRUE(d.Entities(3).empty());
}

TEST(DocumentPassTest, NoSurnameThatIsADefiniteCommonWordOrAnOrdinal) {
  Document d({"قال محمد الأمين إن", "وصل الملك الحسن الثاني", "وقال الأمين العام إن العام الثاني"});
  d.Mark(0, 1, 3, EntityType::kPerson, 0.97);
  d.Mark(1, 1, 4, EntityType::kPerson, 0.97);
  d.Run();
  EXPECT_TRUE(d.Entities(2).empty());
}

TEST(DocumentPassTest, DefiniteNisbaIsASurname) {
  Document d({"قال سعد القحطاني إن", "وأضاف القحطاني أن"});
  d.Mark(0, 1, 3, EntityType::kPerson, 0.97);
  d.Run();
  EXPECT_EQ(d.Entities(1), Strings({"PERS:القحطاني"}));
}

TEST(DocumentPassTest, NeverChangesWhatTheTaggerFound) {
  // The surname inside another name the tagger found stays part of that name, and the full name
  // wins over its last word where both match.
  Document d({"وصل سعد القحطاني", "ثم وصل سعد القحطاني ونائب القحطاني", "شارع القحطاني"});
  d.Mark(0, 1, 3, EntityType::kPerson, 0.97);
  d.Mark(2, 0, 2, EntityType::kLocation, 0.6);
  d.Run();
  EXPECT_EQ(d.Entities(1), Strings({"PERS:سعد القحطاني", "PERS:القحطاني"}));
  EXPECT_EQ(d.Entities(2), Strings({"LOC:شارع القحطاني"}));
}

TEST(DocumentPassTest, FamilyNameWithoutTheArticleAloneIsThePerson) {
  // A foreign or Hijazi family name the analyzer leaves whole, alone or after one proclitic.
  Document d({"تأهل اللاعب ماركو توريتي إلى النهائي", "وقال توريتي إن المباراة صعبة",
              "وهنأ المدرب لتوريتي وزملاءه", "وفاز ماركوتوريتي هنا"});
  d.Mark(0, 2, 4, EntityType::kPerson, 0.97);
  d.Run();
  EXPECT_EQ(d.Entities(1), Strings({"PERS:توريتي"}));
  EXPECT_EQ(d.Entities(2), Strings({"PERS:لتوريتي"}));
  EXPECT_TRUE(d.Entities(3).empty());
}

TEST(DocumentPassTest, NoBareFamilyNameThatIsAnInflectedOrIndefiniteWord) {
  // Plurals, words written with tanween and words shorter than five letters are no family names;
  // the occurrence may carry one proclitic, not two (وبتوريتي is left to the tagger).
  Document d({"قال سعيد العاملون إن", "وأضاف خالد مجدداً أن", "وقال زيد سابق إن",
              "وقال ماركو توريتي إن", "إن العاملون مجدداً سابق وبتوريتي"});
  d.Mark(0, 1, 3, EntityType::kPerson, 0.97);
  d.Mark(1, 1, 3, EntityType::kPerson, 0.97);
  d.Mark(2, 1, 3, EntityType::kPerson, 0.97);
  d.Mark(3, 1, 3, EntityType::kPerson, 0.97);
  d.Run();
  EXPECT_TRUE(d.Entities(4).empty());
}

TEST(DocumentPassTest, ALessConfidentNameGivesOnlyItsFamilyNameWithTheArticle) {
  // At 0.7 the full name is copied nowhere, its family name with ال is; a family name without
  // ال needs a confident name.
  Document d({"انضم اللاعب سامي الراجحي إلى الفريق", "وقال الراجحي إن", "ثم سامي الراجحي هنا",
              "وقال ماركو توريتي إن", "وقال توريتي إن"});
  d.Mark(0, 2, 4, EntityType::kPerson, 0.7);
  d.Mark(3, 1, 3, EntityType::kPerson, 0.7);
  d.Run();
  EXPECT_EQ(d.Entities(1), Strings({"PERS:الراجحي"}));
  EXPECT_EQ(d.Entities(2), Strings({"PERS:الراجحي"}));
  EXPECT_TRUE(d.Entities(4).empty());
}

TEST(DocumentPassTest, AGivenNameTaggedAloneTakesTheFamilyNameAfterIt) {
  // خالد | المطيري: the family name joins the span, and is then the person alone.
  Document d({"وأوضح مدير الفريق خالد المطيري أن التدريب انتهى", "وأضاف المطيري أن اللاعبين جاهزون",
              "وشكر سعد العنزي الجمهور"});
  d.Mark(0, 3, 4, EntityType::kPerson, 0.95);
  d.Mark(2, 1, 2, EntityType::kPerson, 0.95);
  d.Run();
  EXPECT_EQ(d.Entities(0), Strings({"PERS:خالد المطيري"}));
  EXPECT_DOUBLE_EQ(d.Confidence(0, 4), 0.8 * 0.95);
  EXPECT_EQ(d.Entities(1), Strings({"PERS:المطيري"}));
  EXPECT_EQ(d.Entities(2), Strings({"PERS:سعد العنزي"}));
}

TEST(DocumentPassTest, NoFamilyNameAfterAGivenNameThatIsAWordOrBeforeATitle) {
  // حسن النية ("good faith": a noun with ة), وحسن التنظيم (the name after a proclitic is as
  // often the adjective), a title (سامي | الدكتور), an ordinal, a span the tagger ended already.
  Document d({"أخذنا الأمر على حسن النية", "وشكر الضيوف وحسن التنظيم", "وقال سامي الدكتور إن",
              "وصل خالد الثاني", "وقال سعد القحطاني الجديد"});
  d.Mark(0, 3, 4, EntityType::kPerson, 0.95);
  d.Mark(1, 2, 3, EntityType::kPerson, 0.95);
  d.Mark(2, 1, 2, EntityType::kPerson, 0.95);
  d.Mark(3, 1, 2, EntityType::kPerson, 0.95);
  d.Mark(4, 1, 3, EntityType::kPerson, 0.95);
  d.Run();
  EXPECT_EQ(d.Entities(0), Strings({"PERS:حسن"}));
  EXPECT_EQ(d.Entities(1), Strings({"PERS:وحسن"}));
  EXPECT_EQ(d.Entities(2), Strings({"PERS:سامي"}));
  EXPECT_EQ(d.Entities(3), Strings({"PERS:خالد"}));
  EXPECT_EQ(d.Entities(4), Strings({"PERS:سعد القحطاني"}));
}

TEST(DocumentPassTest, APersonTakesTheGivenNameBeforeIt) {
  // مرتضى | منصور; not a function word with a name's key (على is علي's), nor a word the tagger
  // tagged otherwise.
  Document d(
      {"وقال مرتضى منصور إن الفريق جاهز", "ووقعت المسؤولية على منصور وحده", "وقال سامي منصور إن"});
  d.Mark(0, 2, 3, EntityType::kPerson, 0.95);
  d.Mark(1, 3, 4, EntityType::kPerson, 0.95);
  d.Mark(2, 1, 2, EntityType::kLocation, 0.95);
  d.Mark(2, 2, 3, EntityType::kPerson, 0.95);
  d.Run();
  EXPECT_EQ(d.Entities(0), Strings({"PERS:مرتضى منصور"}));
  EXPECT_DOUBLE_EQ(d.Confidence(0, 1), 0.8 * 0.95);
  EXPECT_EQ(d.Entities(1), Strings({"PERS:منصور"}));
  EXPECT_EQ(d.Entities(2), Strings({"LOC:سامي", "PERS:منصور"}));
}

TEST(DocumentPassTest, LinkWordsCompleteAPersonSpan) {
  // A span ending in بن takes the father's name (بن | عبد | الله goes on); a particle as
  // written opens the span (فان | هالين, دي | لوكا). Not a function word after بن, not لدي,
  // not أم ("or").
  Document d({"وصل المهندس ماهر بن سالم إلى الموقع", "وعين النادي فان هالين مدربا جديدا",
              "وقال سامي بن عبد الله إن", "ونقل دي لوكا الكرة", "وقال رامي بن في كلمته",
              "والكرة لدي لوكا الآن", "وسأل هل يفوز رامي أم سالم"});
  d.Mark(0, 2, 4, EntityType::kPerson, 0.9);
  d.Mark(1, 3, 4, EntityType::kPerson, 0.9);
  d.Mark(2, 2, 4, EntityType::kPerson, 0.9);
  d.Mark(3, 2, 3, EntityType::kPerson, 0.9);
  d.Mark(4, 1, 3, EntityType::kPerson, 0.9);
  d.Mark(5, 2, 3, EntityType::kPerson, 0.9);
  d.Mark(6, 3, 5, EntityType::kPerson, 0.9);
  d.Run();
  EXPECT_EQ(d.Entities(0), Strings({"PERS:ماهر بن سالم"}));
  EXPECT_DOUBLE_EQ(d.Confidence(0, 4), 0.8 * 0.9);
  EXPECT_EQ(d.Entities(1), Strings({"PERS:فان هالين"}));
  EXPECT_EQ(d.Entities(2), Strings({"PERS:سامي بن عبد الله"}));
  EXPECT_EQ(d.Entities(3), Strings({"PERS:دي لوكا"}));
  EXPECT_EQ(d.Entities(4), Strings({"PERS:رامي بن"}));
  EXPECT_EQ(d.Entities(5), Strings({"PERS:لوكا"}));
  EXPECT_EQ(d.Entities(6), Strings({"PERS:رامي أم"}));  // أم "or": not a link word
}

TEST(DocumentPassTest, NoGivenNameOrFamilyNameWhenSurnamesAreDisabled) {
  Document d({"وقال مرتضى منصور إن", "وأوضح خالد المطيري أن"});
  d.Mark(0, 2, 3, EntityType::kPerson, 0.95);
  d.Mark(1, 1, 2, EntityType::kPerson, 0.95);
  DocumentPassOptions options;
  options.surnames = false;
  d.Run(options);
  EXPECT_EQ(d.Entities(0), Strings({"PERS:منصور"}));
  EXPECT_EQ(d.Entities(1), Strings({"PERS:خالد"}));
}

}  // namespace
}  // namespace khabar::ner::internal

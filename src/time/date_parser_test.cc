#include "khabar/time.h"

#include <gtest/gtest.h>

#include <string>

#include "embedded/TimeIcuNames.h"
#include "time/calendar.h"
#include "time/icu_names.h"
#include "time/names.h"

namespace khabar::time {
namespace {

DateParser Cairo() {
  auto ref = ParseReferenceTime("2022-02-11T12:00:00", "Africa/Cairo");
  return DateParser({.reference_unix_seconds = *ref, .tz = "Africa/Cairo"});
}

bool HasWarning(const DateMatch& m, std::string_view part) {
  for (const auto& w : m.warnings) {
    if (w.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(Names, DataFileLoadsWithoutErrors) {
  const auto& names = internal::Names();
  EXPECT_TRUE(names.errors.empty()) << names.errors[0];
  EXPECT_GT(names.words.size(), 300u);
}

TEST(Names, LevantineMonthsComeFromIcu) {
  // "تشرين الأول" is not in data/time/extra_names.tsv (only "تشرين اول" is): it comes from ICU.
  auto d = Cairo().Parse("6 تشرين الأول 1973");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->value, "1973-10-06");
}

// The ICU names are asked at build time and embedded (icu_names.h): they must be what the ICU the
// binary runs with answers, in the same order.
TEST(Names, EmbeddedIcuNamesAreWhatIcuAnswers) {
  Result<std::vector<internal::IcuName>> embedded =
      internal::ParseIcuNames(embedded::TimeIcuNames("icu_names.tsv"));
  ASSERT_TRUE(embedded.ok()) << embedded.status().ToString();
  const std::vector<internal::IcuName> live = internal::QueryIcuNames();
  EXPECT_GT(live.size(), 500u);
  ASSERT_EQ(embedded->size(), live.size());
  for (size_t i = 0; i < live.size(); ++i) {
    ASSERT_EQ((*embedded)[i], live[i]) << i << ": " << live[i].spelling;
  }
}

TEST(Names, IcuNameListRoundTripsAndRejectsDamage) {
  const std::vector<internal::IcuName> names = {
      {internal::WordKind::kHijriMonth, 9, "رمضان", ""},
      {internal::WordKind::kZone, 0, "القاهرة", "Africa/Cairo"},
      {internal::WordKind::kPeriod, internal::kPm, "م", ""}};
  Result<std::string> text = internal::SerializeIcuNames(names);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Result<std::vector<internal::IcuName>> back = internal::ParseIcuNames(*text);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, names);
  EXPECT_FALSE(internal::SerializeIcuNames({{internal::WordKind::kEra, 0, "a\tb", ""}}).ok());
  // Another format version, a kind out of range, a missing column, a bad value, invalid UTF-8.
  std::string other_version = *text;
  other_version.replace(other_version.find(" 1\n"), 3, " 2\n");
  for (const std::string& bad :
       {other_version, std::string("khabar-icu-names 1\n99\t0\t\tx\n"),
        std::string("khabar-icu-names 1\n1\t0\tx\n"),
        std::string("khabar-icu-names 1\n1\tx\t\tx\n"),
        std::string("khabar-icu-names 1\n1\t0\t\t\xff\n"), std::string("")}) {
    Result<std::vector<internal::IcuName>> r = internal::ParseIcuNames(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Status::Code::kCorrupt) << bad;
  }
}

TEST(DateParser, HeaderExample) {
  auto d = Cairo().Parse("الجمعة، 11 فبراير 2022 06:20 م");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->value, "2022-02-11T18:20+02:00");
  EXPECT_EQ(d->granularity, Granularity::kMinute);
  EXPECT_EQ(d->tz, "Africa/Cairo");
  EXPECT_EQ(d->begin, 0u);
  EXPECT_TRUE(d->warnings.empty());
}

TEST(DateParser, SpanSkipsLabels) {
  const std::string text = "نشر في: 11 فبراير 2022";
  auto d = Cairo().Parse(text);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->begin, 8u);
  EXPECT_EQ(d->end, 22u);
  EXPECT_EQ(text.substr(d->byte_begin, d->byte_end - d->byte_begin), "11 فبراير 2022");
}

TEST(DateParser, FindAllDateline) {
  const std::string text =
      "الرياض 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس أعلنت الوزارة أن الحفل يقام في 3 "
      "سبتمبر 2015 الساعة 8 مساء.";
  auto all = Cairo().FindAll(text);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].value, "2015-08-11");
  EXPECT_EQ(all[0].calendar, Calendar::kGregorian);
  EXPECT_EQ(text.substr(all[0].byte_begin, all[0].byte_end - all[0].byte_begin),
            "26 شوال 1436 هـ الموافق 11 اغسطس 2015 م");
  EXPECT_EQ(all[1].value, "2015-09-03T20:00+02:00");  // Egypt kept no summer time in 2015
}

TEST(DateParser, FindAllIgnoresWordsThatAreNotDates) {
  EXPECT_TRUE(Cairo().FindAll("مارس الضغط على الحكومة وقتل 12 شخصا في 2015 حادثا").empty());
}

TEST(DateParser, DualDateDisagreementWarns) {
  auto d = Cairo().Parse("26 شوال 1436 هـ الموافق 20 اغسطس 2015 م");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->value, "2015-08-20");
  EXPECT_TRUE(HasWarning(*d, "dual date disagrees"));
}

TEST(DateParser, CivilVariant) {
  auto ref = ParseReferenceTime("2022-02-11T12:00:00", "Africa/Cairo");
  DateParser civil({.reference_unix_seconds = *ref, .tz = "", .hijri = HijriVariant::kCivil});
  DateParser uaq({.reference_unix_seconds = *ref, .tz = ""});
  auto a = civil.Parse("1 رمضان 1443 هـ");
  auto b = uaq.Parse("1 رمضان 1443 هـ");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->value, "2022-04-02");
  EXPECT_EQ(a->value, "2022-04-03");  // the arithmetical calendar runs a day late here
  int differ = 0;
  for (int m = 1; m <= 12; ++m) {
    auto x = internal::HijriMonthInfo(1440, m, HijriVariant::kCivil);
    auto y = internal::HijriMonthInfo(1440, m, HijriVariant::kUmmAlQura);
    ASSERT_TRUE(x && y);
    differ += x->first_day != y->first_day;
  }
  EXPECT_GT(differ, 0);
}

TEST(DateParser, AmbiguityIsStated) {
  auto d = Cairo().Parse("11/2/2022");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(HasWarning(*d, "day-first"));
  auto e = Cairo().Parse("13/2/2022");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->warnings.empty());
  auto f = Cairo().Parse("11 فبراير 2022 06:20");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(HasWarning(*f, "24-hour"));
}

TEST(DateParser, Errors) {
  EXPECT_EQ(Cairo().Parse("31 فبراير 2022").status().code(), Status::Code::kOutOfRange);
  EXPECT_EQ(Cairo().Parse("لا تاريخ هنا").status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(Cairo().Parse("").status().code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(Cairo().Parse(std::string("\xff\xfe 11 \xc3", 7)).ok());
  EXPECT_FALSE(Cairo().Parse(std::string(100000, '1')).ok());
}

TEST(DateParser, NoZoneMeansNoOffset) {
  DateParser p;
  auto d = p.Parse("11 فبراير 2022 18:20");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->value, "2022-02-11T18:20");
  EXPECT_EQ(d->tz, "");
}

TEST(DateParser, DstAware) {
  auto d = Cairo().Parse("10 يوليو 2022 10:00 بتوقيت بيروت");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->value, "2022-07-10T10:00+03:00");
  EXPECT_EQ(d->tz, "Asia/Beirut");
}

TEST(ReferenceTime, Iso) {
  EXPECT_EQ(*ParseReferenceTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseReferenceTime("1970-01-02"), 86400);
  EXPECT_EQ(*ParseReferenceTime("1970-01-01T02:00:00+02:00"), 0);
  EXPECT_EQ(*ParseReferenceTime("2022-02-11T12:00:00", "Africa/Cairo"), 1644573600);
  EXPECT_FALSE(ParseReferenceTime("yesterday").ok());
  EXPECT_FALSE(ParseReferenceTime("11 فبراير 2022").ok());
}

TEST(Calendar, CivilDaysRoundTrip) {
  for (int64_t days = -800000; days < 800000; days += 997) {
    int y, m, d;
    internal::CivilFromDays(days, &y, &m, &d);
    EXPECT_EQ(internal::DaysFromCivil(y, m, d), days);
  }
  EXPECT_EQ(internal::WeekdayFromDays(internal::DaysFromCivil(2022, 2, 11)), 6);  // Friday
}

}  // namespace
}  // namespace khabar::time

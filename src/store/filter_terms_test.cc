#include "store/filter_terms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace khabar::store {
namespace {

const std::string kE001 = "\xEE\x80\x81";

std::vector<std::string> Plain(std::vector<std::string> terms) {
  for (std::string& t : terms) t = t.substr(kE001.size());
  std::sort(terms.begin(), terms.end());
  return terms;
}

TEST(FilterTermsTest, OutletYearAndMonth) {
  EXPECT_EQ(Plain(FilterTerms("aljazeera.net", "2023-06-01T10:00+03:00")),
            (std::vector<std::string>{"m:2023-06", "s:aljazeera.net", "sy:2023:aljazeera.net",
                                      "y:2023"}));
  EXPECT_EQ(Plain(FilterTerms("", "2023")), (std::vector<std::string>{"m:2023-00", "y:2023"}));
  EXPECT_EQ(Plain(FilterTerms("a b", "")), (std::vector<std::string>{"s:a_b"}));
  EXPECT_EQ(Plain(FilterTerms("x", "yesterday")),
            (std::vector<std::string>{"m:?", "s:x", "sy:?:x", "y:?"}));
  EXPECT_TRUE(FilterTerms("", "").empty());
}

TEST(FilterTermsTest, TextStartsWithAByteNoUtf8TextHolds) {
  const std::string text = FilterText("bbc.com", "2020-01-02");
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text[0], kFilterTextMarker);
  EXPECT_EQ(text.find(' '), 1 + FilterTerms("bbc.com", "2020-01-02")[0].size());
}

TEST(FilterTermsTest, AddKeepsTermsSortedAndDistinct) {
  std::vector<std::string> terms = {"a", "z"};
  AddFilterTerms("s", "2020-01", &terms);
  EXPECT_TRUE(std::is_sorted(terms.begin(), terms.end()));
  EXPECT_EQ(terms.size(), 2u + 4u);
  AddFilterTerms("s", "2020-01", &terms);
  EXPECT_EQ(terms.size(), 6u);
}

// Every published text the range accepts (from <= p < to + "\x7f") holds a cover term.
void ExpectCovers(const std::string& from, const std::string& to,
                  const std::vector<std::string>& sites) {
  const std::optional<std::vector<std::string>> cover = FilterCover(from, to, sites, 2025);
  ASSERT_TRUE(cover.has_value()) << from << " " << to;
  const std::vector<std::string> published = {
      "2019",       "2019-12-31T23:59Z", "2020",
      "2020-01",    "2020-01-01",        "2020-02-15T10:00+03:00",
      "2020-06",    "2020-12-31",        "2021",
      "2021-03-04", "2021T10",           "20210304",
      "2022-01-01", "2024-12-31",        "2025-05-05",
      "yesterday",  "2020-1-5"};
  const std::string upper = to.empty() ? "" : to + "\x7f";
  const std::vector<std::string> all_sites = sites.empty() ? std::vector<std::string>{"x"} : sites;
  for (const std::string& p : published) {
    const bool accepted = p >= from && (upper.empty() || p < upper);
    for (const std::string& site : all_sites) {
      const std::vector<std::string> terms = FilterTerms(site, p);
      const bool covered = std::any_of(terms.begin(), terms.end(), [&](const std::string& t) {
        return std::find(cover->begin(), cover->end(), t) != cover->end();
      });
      if (accepted) EXPECT_TRUE(covered) << from << ".." << to << " misses " << p;
    }
  }
}

TEST(FilterTermsTest, CoverHoldsEveryAcceptedDate) {
  for (const auto& [from, to] :
       std::vector<std::pair<std::string, std::string>>{{"2020", "2020"},
                                                        {"2020-01", "2020-02"},
                                                        {"2020-01-15", "2021-03"},
                                                        {"2019-12-31", ""},
                                                        {"2020", "2021-03-04"},
                                                        {"2020-02-15", "2020-02-15"},
                                                        {"2021", ""},
                                                        {"2019", "2025"}}) {
    ExpectCovers(from, to, {});
    ExpectCovers(from, to, {"aljazeera.net", "bbc.com"});
  }
}

TEST(FilterTermsTest, CoverIsNarrow) {
  // One month: the month's term and the year's month-less one, nothing else.
  EXPECT_EQ(Plain(*FilterCover("2023-06", "2023-06", {}, 2025)),
            (std::vector<std::string>{"m:2023-00", "m:2023-06"}));
  // Whole years are year terms; an open end adds the undated-but-not-empty texts.
  EXPECT_EQ(Plain(*FilterCover("2023", "", {}, 2024)),
            (std::vector<std::string>{"y:2023", "y:2024", "y:?"}));
  EXPECT_EQ(Plain(*FilterCover("2023", "2023", {"bbc.com"}, 2025)),
            (std::vector<std::string>{"sy:2023:bbc.com"}));
  // Outlets take years, whole or not.
  EXPECT_EQ(Plain(*FilterCover("2023-06", "2024-02", {"bbc.com"}, 2025)),
            (std::vector<std::string>{"sy:2023:bbc.com", "sy:2024:bbc.com"}));
  EXPECT_EQ(Plain(*FilterCover("2024-06", "", {"a"}, 2025)),
            (std::vector<std::string>{"sy:2024:a", "sy:2025:a", "sy:?:a"}));
}

TEST(FilterTermsTest, WhatCannotBeCovered) {
  EXPECT_FALSE(FilterCover("", "2023", {}, 2025).has_value());  // undated texts sort below
  EXPECT_FALSE(FilterCover("May", "", {}, 2025).has_value());
  EXPECT_FALSE(FilterCover("1900", "2025", {}, 2025).has_value());  // too many years
  EXPECT_FALSE(FilterCover("2024", "2023", {}, 2025).has_value());  // an empty range
  EXPECT_FALSE(FilterCover("", "", {}, 2025).has_value());
  // Outlets without coverable dates: the outlets' terms.
  EXPECT_EQ(Plain(*FilterCover("", "2023", {"bbc.com"}, 2025)),
            (std::vector<std::string>{"s:bbc.com"}));
  EXPECT_EQ(Plain(*FilterCover("", "", {"a", "b"}, 2025)),
            (std::vector<std::string>{"s:a", "s:b"}));
}

}  // namespace
}  // namespace khabar::store

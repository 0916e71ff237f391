// Filter terms: an article's outlet and publication month as terms of the full-text index, so that
// FTS5 itself intersects a query's matches with a date range or an outlet (docs/storage.md,
// "Filter terms"; schema version 5).
//
//   // Ingest: the FTS table's third column `filters` holds FilterText(site, published).
//   FilterText("aljazeera.net", "2023-06-01T10:00+03:00")
//   // Search --from 2023-06 --to 2023-07 --source aljazeera.net: the terms whose union holds every
//   // article the filters accept (and maybe a few more: the SQL conditions stay).
//   std::optional<std::vector<std::string>> cover =
//       FilterCover("2023-06", "2023-07", {"aljazeera.net"}, /*last_year=*/2024);
//
// Why: a filter that leaves few articles (one outlet in one year: 0.2% of a million) used to be
// applied after the index walk, or by one FTS5 probe per filtered article (~20-35 µs each). As
// terms, `word AND (outlet-year term)` is a doclist intersection inside FTS5, which skips through
// the word's doclist with its doclist index: the cost follows the smaller side.
//
// Each article gets at most four terms, all starting with U+E001 (private use) and holding a ':',
// so that no analyzer term (a stem or match key of a word, never holding ':') equals one:
//   s:SITE          the outlet (record.source.site), whitespace as '_'
//   y:YYYY          the year, the first 4 characters of `published` when they are digits; y:? when
//                   `published` is neither empty nor starts with 4 digits
//   m:YYYY-MM       the month; YYYY-00 when `published` has a year but no "-MM" after it
//   sy:YYYY:SITE    year and outlet (not month and outlet: mostly terms of one or two articles on
//                   a small corpus, which cost more index and vocabulary than they save)
// An article without `published` gets only s:; one without a site only the date terms.
// Thread-safe (pure functions).
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "khabar/status.h"

namespace khabar::store {

// The filter terms of an article, sorted, each once.
std::vector<std::string> FilterTerms(std::string_view site, std::string_view published);

// Merges the filter terms into `terms` (sorted, each once: an article's DistinctTerms), keeping it
// sorted and distinct.
void AddFilterTerms(std::string_view site, std::string_view published,
                    std::vector<std::string>* terms);

// The value of the FTS column `filters`: kFilterTextMarker, then the terms separated by spaces. The
// khabar tokenizer indexes such a text as its terms verbatim (fts_tokenizer.h).
std::string FilterText(std::string_view site, std::string_view published);
// The same from the article's FilterTerms.
std::string FilterText(const std::vector<std::string>& terms);

// First byte of every FilterText: 0xFF, which no UTF-8 text holds, so that no title or body (valid
// UTF-8) can ever be read as filter terms.
inline constexpr char kFilterTextMarker = '\xFF';

// Terms whose union holds every article with `published` in [from, to] (the search's date bounds:
// from <= published < to + "\x7f", as text; an empty bound is open) and, when `sites` is not
// empty, a site among them. Whole years inside the range are covered by year terms, the others by
// month terms (YYYY-00 included: articles with a year but no month); with outlets, every year of
// the range by the outlet's year term. When the dates cannot be
// covered this way (`from` empty or not starting with a 4-digit year, `to` neither empty nor
// starting with one, more than kMaxCoverYears years), the outlets' s: terms alone; nullopt when
// there are no outlets either, or the range is empty: the caller then filters without terms.
// `last_year`: the latest year stored, which closes a range without `to`. At most
// kMaxCoverYears * 13 + 1 terms without outlets, (kMaxCoverYears + 1) * sites.size() with.
std::optional<std::vector<std::string>> FilterCover(std::string_view from, std::string_view to,
                                                    const std::vector<std::string>& sites,
                                                    int last_year);
inline constexpr int kMaxCoverYears = 40;

// Registers the SQL function khabar_filters(site, published) = FilterText (deterministic).
Status RegisterFilterFunctions(sqlite3* db);

}  // namespace khabar::store

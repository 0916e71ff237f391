// `khabar search QUERY --db corpus.db`: BM25-ranked search over a corpus with highlights.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "cli/command.h"
#include "khabar/store.h"

namespace khabar::cli {
namespace {

struct SearchOptions {
  std::string db;
  std::string query;
  std::string from, to;
  std::vector<std::string> sources;
  std::vector<std::string> entities;  // --entity ID (repeatable)
  bool facets = false;
  size_t limit = 10, offset = 0;
  std::string format = "auto";
  bool all = false;
};

// Splits text carrying store::kHighlightBegin/End markers into plain text and [begin, end)
// code-point ranges of the highlighted words.
void Unmark(std::string_view marked, std::string* plain, nlohmann::json* ranges) {
  *ranges = nlohmann::json::array();
  size_t chars = 0, open = 0;
  size_t pos = 0;
  while (pos < marked.size()) {
    if (marked[pos] == store::kHighlightBegin[0]) {
      open = chars;
      ++pos;
      continue;
    }
    if (marked[pos] == store::kHighlightEnd[0]) {
      ranges->push_back({open, chars});
      ++pos;
      continue;
    }
    const size_t start = pos;
    utf8::Next(marked, &pos);
    plain->append(marked.substr(start, pos - start));
    ++chars;
  }
}

// Highlights for a terminal: bold when stdout is a TTY, [[...]] otherwise.
std::string ForPeople(std::string_view marked, bool tty) {
  std::string out;
  for (char c : marked) {
    if (c == store::kHighlightBegin[0])
      out += tty ? "\x1b[1m" : "[[";
    else if (c == store::kHighlightEnd[0])
      out += tty ? "\x1b[0m" : "]]";
    else
      out += c;
  }
  return out;
}

int Run(const SearchOptions& o) {
  auto corpus = store::Corpus::Open(o.db, {.read_only = true});
  if (!corpus.ok()) {
    std::cerr << "khabar search: " << corpus.status().ToString() << "\n";
    return 1;
  }
  if (o.query.empty() && o.entities.empty()) {
    std::cerr << "khabar search: give a query, --entity ID, or both\n";
    return 2;
  }
  store::SearchQuery q;
  q.text = o.query;
  q.from = o.from;
  q.to = o.to;
  q.sources = o.sources;
  q.limit = o.limit;
  q.offset = o.offset;
  q.collapse_duplicates = !o.all;
  q.entities = o.entities;
  q.facets = o.facets;
  auto results = (*corpus)->Search(q);
  if (!results.ok()) {
    std::cerr << "khabar search: " << results.status().message() << "\n";
    return results.status().code() == Status::Code::kInvalidArgument ? 2 : 1;
  }
  const bool tty = isatty(STDOUT_FILENO);
  const bool table = o.format == "table" || (o.format == "auto" && tty);
  size_t rank = o.offset;
  for (const store::SearchHit& hit : results->hits) {
    ++rank;
    if (table) {
      std::cout << rank << ". " << ForPeople(hit.title, tty) << "\n   " << hit.published
                << (hit.site.empty() ? "" : "  " + hit.site) << "  " << hit.id
                << (hit.story_size > 1
                        ? "  (+" + std::to_string(hit.story_size - 1) + " near-duplicates)"
                        : "")
                << "\n   " << ForPeople(hit.snippet, tty) << "\n\n";
      continue;
    }
    nlohmann::json j;
    std::string title, snippet;
    nlohmann::json title_marks, snippet_marks;
    Unmark(hit.title, &title, &title_marks);
    Unmark(hit.snippet, &snippet, &snippet_marks);
    j["rank"] = rank;
    j["id"] = hit.id;
    j["score"] = hit.score;
    j["title"] = title;
    j["title_highlights"] = title_marks;
    j["snippet"] = snippet;
    j["snippet_highlights"] = snippet_marks;
    j["published"] = hit.published;
    j["story_size"] = hit.story_size;
    j["source"] = {{"path", hit.path}, {"url", hit.url}, {"site", hit.site}};
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  if (o.facets) {
    // One more line: the top sites and entities of the matching articles.
    if (table) {
      std::cout << "sources (" << results->facet_sample << " articles):";
      for (const store::SourceCount& s : results->top_sources) {
        std::cout << "  " << (s.site.empty() ? "-" : s.site) << " " << s.count;
      }
      std::cout << "\nentities:";
      for (const store::EntityStat& e : results->top_entities) {
        std::cout << "  " << e.name_ar << " (" << e.id << ") " << e.articles;
      }
      std::cout << "\n";
    } else {
      nlohmann::json sources = nlohmann::json::array(), entities = nlohmann::json::array();
      for (const store::SourceCount& s : results->top_sources) {
        sources.push_back({{"site", s.site}, {"articles", s.count}});
      }
      for (const store::EntityStat& e : results->top_entities) {
        entities.push_back({{"id", e.id},
                            {"type", e.type},
                            {"name_ar", e.name_ar},
                            {"label_en", e.label_en},
                            {"articles", e.articles},
                            {"mentions", e.mentions}});
      }
      nlohmann::json j = {
          {"facets",
           {{"sample", results->facet_sample}, {"sources", sources}, {"entities", entities}}}};
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
  }
  // "1 article matches"; past the last result, no "showing 0 from 201".
  std::cerr << "khabar search: " << (results->total_is_estimate ? "about " : "") << results->total
            << (results->total == 1 ? " article matches" : " articles match");
  if (!results->hits.empty()) {
    std::cerr << ", showing " << results->hits.size() << " from " << o.offset + 1;
  } else if (results->total > 0) {
    std::cerr << ", none shown: --offset " << o.offset << " is past the last result";
  }
  std::cerr << "\n";
  // Nothing found with an entity the corpus does not know: say so (a mistyped id otherwise looks
  // like an entity nobody mentions), as `khabar stats --entity` does.
  if (results->total == 0) {
    for (const std::string& id : o.entities) {
      if ((*corpus)->Entity(id).status().code() == Status::Code::kNotFound) {
        std::cerr << "khabar search: no entity with id " << id
                  << " (khabar stats --top-entities lists them)\n";
        return 1;
      }
    }
  }
  return 0;
}

}  // namespace

void AddSearchCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "search",
      "Search a corpus: words (all must match), \"phrases\", a OR b, -word / NOT word, prefix*");
  cmd->add_option("query", options->query,
                  "The query (quote it for the shell); may be left out with --entity");
  cmd->add_option("--db", options->db, "Corpus database made by khabar ingest")->required();
  cmd->add_option("--from", options->from,
                  "Earliest publication date, inclusive (2022, 2022-03, 2022-03-01)");
  cmd->add_option("--to", options->to, "Latest publication date, inclusive");
  cmd->add_option("--source", options->sources, "Only this site or path prefix (repeatable)");
  cmd->add_option("--limit", options->limit, "Results per page (1-1000)")->capture_default_str();
  cmd->add_option("--offset", options->offset, "Results to skip (paging)")->capture_default_str();
  cmd->add_option("--format", options->format,
                  "json (JSON Lines), table, or auto (table on a terminal)")
      ->check(CLI::IsMember({"auto", "json", "table"}))
      ->capture_default_str();
  cmd->add_option("--entity", options->entities,
                  "Only articles mentioning this entity: a KB id (e.g. EG) or a NIL:TYPE:key id as "
                  "`khabar stats --top-entities` lists them (repeatable: all must be mentioned)");
  cmd->add_flag("--facets", options->facets,
                "Also print the top sites and entities of the matching articles (one more line)");
  cmd->add_flag("--all", options->all,
                "List every near-duplicate instead of one article per story");
  // A query may start with an exclusion ('-أوكرانيا الوزارة'), which CLI11 takes for an option it
  // does not know; such an argument arrives among the extras and is the query. Anything else left
  // over is an error, as without allow_extras.
  cmd->allow_extras();
  cmd->callback([options, exit_code, cmd] {
    for (const std::string& extra : cmd->remaining()) {
      if (extra == "--") continue;  // the end of options, kept by CLI11 among the extras
      const bool query_like = extra.size() > 1 && extra[0] == '-' &&
                              (static_cast<unsigned char>(extra[1]) >= 0x80 || extra[1] == '"');
      if (!query_like || !options->query.empty()) {
        std::cerr << "khabar search: unexpected argument '" << extra
                  << "' (quote the whole query as one argument; see --help)\n";
        *exit_code = 2;
        return;
      }
      options->query = extra;
    }
    *exit_code = Run(*options);
  });
}

}  // namespace khabar::cli

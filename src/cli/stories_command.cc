// `khabar stories --db` and `khabar dupes ID --db`: the wire stories found at ingest.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "khabar/store.h"

namespace khabar::cli {
namespace {

struct StoriesOptions {
  std::string db, id, format = "auto";
  size_t limit = 50, min_size = 2;
};

bool Table(const std::string& format) {
  return format == "table" || (format == "auto" && isatty(STDOUT_FILENO));
}

Result<std::unique_ptr<store::Corpus>> OpenForReading(const std::string& db) {
  return store::Corpus::Open(db, {.read_only = true});
}

int RunStories(const StoriesOptions& o) {
  auto corpus = OpenForReading(o.db);
  if (!corpus.ok()) {
    std::cerr << "khabar stories: " << corpus.status().ToString() << "\n";
    return 1;
  }
  auto stories = (*corpus)->Stories(o.limit, o.min_size);
  if (!stories.ok()) {
    std::cerr << "khabar stories: " << stories.status().message() << "\n";
    return 2;
  }
  for (const store::StoryInfo& s : *stories) {
    if (Table(o.format)) {
      std::cout << s.size << " articles  " << s.first_published << " .. " << s.last_published << "  "
                << s.representative_id << "\n  " << s.title << "\n  outlets:";
      for (const auto& outlet : s.outlets) std::cout << " " << outlet;
      std::cout << "\n\n";
      continue;
    }
    nlohmann::json j = {{"representative", s.representative_id}, {"title", s.title},
                        {"size", s.size}, {"articles", s.article_ids}, {"outlets", s.outlets},
                        {"first_published", s.first_published}, {"last_published", s.last_published}};
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cerr << "khabar stories: " << stories->size() << " stories\n";
  return 0;
}

int RunDupes(const StoriesOptions& o) {
  auto corpus = OpenForReading(o.db);
  if (!corpus.ok()) {
    std::cerr << "khabar dupes: " << corpus.status().ToString() << "\n";
    return 1;
  }
  auto dupes = (*corpus)->Duplicates(o.id);
  if (!dupes.ok()) {
    std::cerr << "khabar dupes: " << dupes.status().message() << "\n";
    return 1;
  }
  for (const store::DuplicateInfo& d : *dupes) {
    if (Table(o.format)) {
      std::printf("%.2f jaccard  %.2f containment  %s  %s  %s\n  %s\n", d.jaccard, d.containment,
                  d.published.c_str(), d.site.c_str(), d.id.c_str(), d.title.c_str());
      continue;
    }
    nlohmann::json j = {{"id", d.id},           {"title", d.title},
                        {"site", d.site},       {"published", d.published},
                        {"jaccard", d.jaccard}, {"containment", d.containment}};
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cerr << "khabar dupes: " << dupes->size() << " near-duplicates\n";
  return 0;
}

void AddFormatOption(CLI::App* cmd, StoriesOptions* o) {
  cmd->add_option("--format", o->format, "json (JSON Lines), table, or auto (table on a terminal)")
      ->check(CLI::IsMember({"auto", "json", "table"}))
      ->capture_default_str();
}

}  // namespace

void AddStoriesCommands(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<StoriesOptions>();
  CLI::App* stories = app.add_subcommand(
      "stories", "List wire stories: near-duplicate articles grouped, largest first");
  stories->add_option("--db", o->db, "Corpus database")->required();
  stories->add_option("--limit", o->limit, "Stories to list")->capture_default_str();
  stories->add_option("--min-size", o->min_size, "Smallest story to list")->capture_default_str();
  AddFormatOption(stories, o.get());
  stories->callback([o, exit_code] { *exit_code = RunStories(*o); });

  CLI::App* dupes = app.add_subcommand("dupes", "List an article's near-duplicates with similarity");
  dupes->add_option("id", o->id, "Article id (the record's id)")->required();
  dupes->add_option("--db", o->db, "Corpus database")->required();
  AddFormatOption(dupes, o.get());
  dupes->callback([o, exit_code] { *exit_code = RunDupes(*o); });
}

}  // namespace khabar::cli

// `khabar stats --db corpus.db`: corpus analytics (docs/storage.md "Analytics"): articles per
// period, per source, top entities, an entity's timeline and the entities mentioned with it (with
// PMI). A readable table by default, JSON Lines with --json.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "khabar/store.h"

namespace khabar::cli {
namespace {

struct StatsOptions {
  std::string db;
  std::string by;  // --by day|week|month|year
  bool sources = false, top_entities = false, json = false, by_pmi = false;
  std::string entity, co, type, from, to;
  std::vector<std::string> source_filter;
  size_t limit = 0;  // 0: per mode (periods 10000, rows 20)
  size_t min_count = 2;
};

using Json = nlohmann::ordered_json;

void Print(const Json& j) {
  std::cout << j.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

Json EntityJson(const store::EntityStat& e) {
  return Json{
      {"id", e.id},   {"type", e.type},         {"name_ar", e.name_ar},  {"label_en", e.label_en},
      {"qid", e.qid}, {"articles", e.articles}, {"mentions", e.mentions}};
}

std::string EntityCell(const store::EntityStat& e) {
  std::string s = e.name_ar.empty() ? e.id : e.name_ar;
  if (!e.label_en.empty()) s += " / " + e.label_en;
  return s + "  [" + e.type + " " + e.id + "]";
}

int Fail(const Status& s) {
  std::cerr << "khabar stats: " << s.message() << "\n";
  return s.code() == Status::Code::kInvalidArgument ? 2 : 1;
}

void PrintBuckets(const std::vector<store::TimeBucket>& buckets, bool json) {
  int64_t max = 1;
  for (const auto& b : buckets) max = std::max(max, b.count);
  for (const auto& b : buckets) {
    if (json) {
      Print(Json{{"period", b.period}, {"articles", b.count}});
    } else {
      const int bar = static_cast<int>(40 * b.count / max);
      std::printf("%-10s %8lld  %s\n", b.period.c_str(), static_cast<long long>(b.count),
                  std::string(static_cast<size_t>(bar), '#').c_str());
    }
  }
}

int Run(const StatsOptions& o) {
  const int modes = (o.sources ? 1 : 0) + (o.top_entities ? 1 : 0) + (o.co.empty() ? 0 : 1);
  if (modes > 1) {
    std::cerr << "khabar stats: choose one of --sources, --top-entities, --co\n";
    return 2;
  }
  store::StatsQuery q;
  q.from = o.from;
  q.to = o.to;
  q.sources = o.source_filter;
  q.type = o.type;
  q.min_count = o.min_count;
  q.rank_by_pmi = o.by_pmi;
  if (!o.by.empty()) {
    Result<store::Granularity> g = store::ParseGranularity(o.by);
    if (!g.ok()) return Fail(g.status());
    q.granularity = *g;
  }
  auto corpus = store::Corpus::Open(o.db, {.read_only = true});
  if (!corpus.ok()) {
    std::cerr << "khabar stats: " << corpus.status().ToString() << "\n";
    return 1;
  }
  const store::Corpus& c = **corpus;
  const bool json = o.json;

  if (o.sources) {
    q.entity = o.entity;
    q.limit = o.limit ? o.limit : 20;
    auto rows = c.SourceCounts(q);
    if (!rows.ok()) return Fail(rows.status());
    for (const auto& s : *rows) {
      if (json) {
        Print(Json{{"site", s.site}, {"articles", s.count}});
      } else {
        std::printf("%8lld  %s\n", static_cast<long long>(s.count),
                    s.site.empty() ? "(no site)" : s.site.c_str());
      }
    }
    return 0;
  }
  if (o.top_entities) {
    q.entity = o.entity;
    q.limit = o.limit ? o.limit : 20;
    auto rows = c.TopEntities(q);
    if (!rows.ok()) return Fail(rows.status());
    if (!json) std::printf("%8s %8s  %s\n", "articles", "mentions", "entity");
    for (const auto& e : *rows) {
      if (json) {
        Print(EntityJson(e));
      } else {
        std::printf("%8lld %8lld  %s\n", static_cast<long long>(e.articles),
                    static_cast<long long>(e.mentions), EntityCell(e).c_str());
      }
    }
    return 0;
  }
  if (!o.co.empty()) {
    q.limit = o.limit ? o.limit : 20;
    auto rows = c.CoMentioned(o.co, q);
    if (!rows.ok()) return Fail(rows.status());
    if (!json) std::printf("%8s %7s  %s\n", "shared", "PMI", "entity");
    for (const auto& m : *rows) {
      if (json) {
        Json j = EntityJson(m.entity);
        j["shared"] = m.count;
        j["pmi"] = std::round(m.pmi * 1000) / 1000;
        Print(j);
      } else {
        std::printf("%8lld %7.2f  %s\n", static_cast<long long>(m.count), m.pmi,
                    EntityCell(m.entity).c_str());
      }
    }
    return 0;
  }
  q.limit = o.limit ? o.limit : 10000;
  if (!o.entity.empty()) {
    // The entity, then its timeline.
    auto profile = c.Entity(o.entity);
    if (!profile.ok()) return Fail(profile.status());
    if (json) {
      Print(Json{{"entity", EntityJson(profile->entity)},
                 {"first_seen", profile->first_seen},
                 {"last_seen", profile->last_seen}});
    } else {
      std::printf("%s\n%lld articles, %lld mentions, %s .. %s\n",
                  EntityCell(profile->entity).c_str(),
                  static_cast<long long>(profile->entity.articles),
                  static_cast<long long>(profile->entity.mentions), profile->first_seen.c_str(),
                  profile->last_seen.c_str());
    }
    auto buckets = c.EntityTimeline(o.entity, q);
    if (!buckets.ok()) return Fail(buckets.status());
    PrintBuckets(*buckets, json);
    return 0;
  }
  auto buckets = c.ArticleCounts(q);
  if (!buckets.ok()) return Fail(buckets.status());
  PrintBuckets(*buckets, json);
  return 0;
}

}  // namespace

void AddStatsCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<StatsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "stats",
      "Corpus analytics: articles per day/week/month (default), --sources, --top-entities, "
      "--entity ID (its timeline), --co ID (entities mentioned with it, with PMI)");
  cmd->add_option("--db", o->db, "Corpus database made by khabar ingest")->required();
  cmd->add_option("--by", o->by, "Period of the article counts and timelines (default day)")
      ->check(CLI::IsMember({"day", "week", "month", "year"}));
  cmd->add_flag("--sources", o->sources, "Articles per source (site)");
  cmd->add_flag("--top-entities", o->top_entities,
                "Entities mentioned in the most articles (with --entity: those mentioned with it)");
  cmd->add_option("--type", o->type, "Only entities of this type (PERS, LOC, ORG, MISC)")
      ->check(CLI::IsMember({"PERS", "LOC", "ORG", "MISC"}));
  cmd->add_option("--entity", o->entity,
                  "An entity id (KB id such as EG, or NIL:TYPE:key): its profile and timeline, or "
                  "a filter for --sources and --top-entities");
  cmd->add_option("--co", o->co, "Entities mentioned in the same articles as this one, with PMI");
  cmd->add_option("--min-count", o->min_count, "--co: least number of shared articles")
      ->capture_default_str();
  cmd->add_flag("--by-pmi", o->by_pmi, "--co: order by PMI instead of shared articles");
  cmd->add_option("--from", o->from,
                  "Earliest publication date, inclusive (2022, 2022-03, 2022-03-01)");
  cmd->add_option("--to", o->to, "Latest publication date, inclusive");
  cmd->add_option("--source", o->source_filter, "Only this site or path prefix (repeatable)");
  cmd->add_option("--limit", o->limit, "Rows (default 20; periods: all, up to 10000)")
      ->check(CLI::Range(1, 10000));
  cmd->add_flag("--json", o->json, "JSON Lines instead of a table");
  cmd->callback([o, exit_code] { *exit_code = Run(*o); });
}

}  // namespace khabar::cli

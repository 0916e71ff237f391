#include "server/api.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <set>
#include <utility>
#include <vector>

#include "base/utf8.h"
#include "khabar/record.h"
#include "khabar/version.h"
#include "server/html.h"

namespace khabar::server {
namespace {

using nlohmann::json;

constexpr size_t kMaxSearchLimit = 100;
constexpr size_t kMaxOffset = 100000;
constexpr size_t kMaxSources = 32;
constexpr size_t kMaxParamBytes = 4096;
constexpr size_t kMaxStoryMembers = 500;
constexpr size_t kMaxEntities = 8;
constexpr size_t kMaxPeriods = 10000;

// Reads and validates query parameters; collects the first error.
class ParamReader {
 public:
  // `allowed`: the parameter names this endpoint takes; `repeatable`: those that may repeat.
  ParamReader(const Params& params, std::initializer_list<std::string_view> allowed,
              std::initializer_list<std::string_view> repeatable = {})
      : params_(params) {
    for (const auto& [name, value] : params) {
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        Fail("unknown parameter '" + Printable(name) + "'");
        return;
      }
      if (params.count(name) > 1 &&
          std::find(repeatable.begin(), repeatable.end(), name) == repeatable.end()) {
        Fail("parameter '" + name + "' given more than once");
        return;
      }
      if (!utf8::IsValid(value)) {
        Fail("parameter '" + name + "' is not valid UTF-8");
        return;
      }
      if (std::any_of(value.begin(), value.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F;
          })) {
        Fail("parameter '" + name + "' has a control character");
        return;
      }
      if (value.size() > kMaxParamBytes) {
        Fail("parameter '" + name + "' is longer than " + std::to_string(kMaxParamBytes) +
             " bytes");
        return;
      }
    }
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  std::string String(const std::string& name, std::string fallback = "") const {
    auto it = params_.find(name);
    return it == params_.end() ? fallback : it->second;
  }
  std::vector<std::string> All(const std::string& name) const {
    std::vector<std::string> out;
    auto [begin, end] = params_.equal_range(name);
    for (auto it = begin; it != end; ++it) out.push_back(it->second);
    return out;
  }
  // An unsigned integer in [min, max]; `fallback` when absent.
  size_t Size(const std::string& name, size_t fallback, size_t min, size_t max) {
    auto it = params_.find(name);
    if (it == params_.end()) return fallback;
    const std::string& s = it->second;
    size_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < min ||
        value > max) {
      Fail("parameter '" + name + "' must be an integer from " + std::to_string(min) + " to " +
           std::to_string(max));
      return fallback;
    }
    return value;
  }
  bool Flag(const std::string& name) {
    const std::string v = String(name, "0");
    if (v == "1" || v == "true") return true;
    if (v == "0" || v == "false") return false;
    Fail("parameter '" + name + "' must be 1, true, 0 or false");
    return false;
  }
  // "", or an ISO date prefix: YYYY, YYYY-MM or YYYY-MM-DD.
  std::string Date(const std::string& name) {
    const std::string v = String(name);
    if (v.empty()) return v;
    auto digits = [&](size_t pos, size_t n) {
      if (pos + n > v.size()) return false;
      for (size_t i = pos; i < pos + n; ++i) {
        if (v[i] < '0' || v[i] > '9') return false;
      }
      return true;
    };
    const bool ok = (v.size() == 4 && digits(0, 4)) ||
                    (v.size() == 7 && digits(0, 4) && v[4] == '-' && digits(5, 2)) ||
                    (v.size() == 10 && digits(0, 4) && v[4] == '-' && digits(5, 2) && v[7] == '-' &&
                     digits(8, 2));
    if (!ok) Fail("parameter '" + name + "' must be a date: YYYY, YYYY-MM or YYYY-MM-DD");
    return ok ? v : "";
  }
  void Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

 private:
  // A parameter name safe to echo in a message: valid UTF-8, at most 64 bytes.
  static std::string Printable(const std::string& s) {
    std::string out = utf8::Repair(s.substr(0, 64));
    if (s.size() > 64) out += "…";
    return out;
  }
  const Params& params_;
  std::string error_;
};

// Content ids are hex digests (docs/record-format.md); anything else is refused before the store.
bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
           c == '_';
  });
}

// Storage failure: logged, reported to the client without details.
ApiResponse StorageError(std::string_view what, const Status& status) {
  std::cerr << "khabar serve: " << what << ": " << status.ToString() << "\n";
  return ApiError(500, "internal error while " + std::string(what));
}

// A failed store call: the caller's fault (400 / 404) or ours (500).
ApiResponse FromStatus(std::string_view what, const Status& status) {
  switch (status.code()) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kOutOfRange:
      return ApiError(400, status.message());
    case Status::Code::kNotFound:
      return ApiError(404, status.message());
    case Status::Code::kDeadlineExceeded:
      return ApiError(503,
                      "the query took too long; narrow it (fewer OR or prefix terms, a date "
                      "range, a source)");
    default:
      return StorageError(what, status);
  }
}

// Entity ids are KB ids or "NIL:TYPE:key" (key: the match key of an Arabic name): any UTF-8 text
// without control characters or slashes (the caller checked UTF-8).
bool IsValidEntityId(std::string_view id) {
  if (id.empty() || id.size() > 256) return false;
  return std::none_of(id.begin(), id.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '/';
  });
}

json SourceCountJson(const store::SourceCount& c) { return {{"site", c.site}, {"count", c.count}}; }

json EntityJson(const store::EntityStat& e) {
  return {
      {"id", e.id},   {"type", e.type},         {"name_ar", e.name_ar},  {"label_en", e.label_en},
      {"qid", e.qid}, {"articles", e.articles}, {"mentions", e.mentions}};
}

json BucketsJson(const std::vector<store::TimeBucket>& buckets) {
  json out = json::array();
  for (const store::TimeBucket& b : buckets)
    out.push_back({{"period", b.period}, {"count", b.count}});
  return out;
}

// The filters shared by the analytics endpoints: from, to, source (repeatable).
void ReadScope(ParamReader& p, store::StatsQuery* q) {
  q->from = p.Date("from");
  q->to = p.Date("to");
  q->sources = p.All("source");
  if (q->sources.size() > kMaxSources) p.Fail("at most 32 'source' parameters");
  for (const std::string& s : q->sources) {
    if (s.empty()) p.Fail("parameter 'source' must not be empty");
  }
}

std::string ReadType(ParamReader& p) {
  const std::string type = p.String("type");
  if (!type.empty() && type != "PERS" && type != "LOC" && type != "ORG" && type != "MISC") {
    p.Fail("parameter 'type' must be PERS, LOC, ORG or MISC");
  }
  return type;
}

store::Granularity ReadGranularity(ParamReader& p, const std::string& fallback) {
  Result<store::Granularity> g = store::ParseGranularity(p.String("granularity", fallback));
  if (!g.ok()) {
    p.Fail("parameter 'granularity' must be day, week, month or year");
    return store::Granularity::kMonth;
  }
  return *g;
}

ApiResponse Health(const Params& params, const store::Corpus& corpus) {
  ParamReader p(params, {});
  if (!p.ok()) return ApiError(400, p.error());
  Result<int64_t> n = corpus.CountArticles();
  if (!n.ok()) return StorageError("counting articles", n.status());
  return {200,
          {{"status", "ok"},
           {"version", kVersion},
           {"schema_version", corpus.schema_version()},
           {"articles", *n}}};
}

}  // namespace

std::variant<store::SearchQuery, ApiResponse> ParseSearch(const Params& params) {
  ParamReader p(params, {"q", "from", "to", "source", "entity", "limit", "offset", "all", "facets"},
                {"source", "entity"});
  if (!p.ok()) return ApiError(400, p.error());
  store::SearchQuery q;
  q.text = p.String("q");
  q.entities = p.All("entity");
  if (q.entities.size() > kMaxEntities) p.Fail("at most 8 'entity' parameters");
  for (const std::string& e : q.entities) {
    if (!IsValidEntityId(e)) p.Fail("malformed entity id");
  }
  if (q.text.empty() && q.entities.empty()) {
    p.Fail("parameter 'q' (the query) or 'entity' is required");
  }
  q.facets = p.Flag("facets");
  q.from = p.Date("from");
  q.to = p.Date("to");
  q.sources = p.All("source");
  if (q.sources.size() > kMaxSources) p.Fail("at most 32 'source' parameters");
  for (const std::string& s : q.sources) {
    if (s.empty()) p.Fail("parameter 'source' must not be empty");
  }
  q.limit = p.Size("limit", 20, 1, kMaxSearchLimit);
  q.offset = p.Size("offset", 0, 0, kMaxOffset);
  q.collapse_duplicates = !p.Flag("all");
  if (!p.ok()) return ApiError(400, p.error());
  return q;
}

std::string SearchCacheKey(const store::SearchQuery& q) {
  std::string key = "search";
  // Every field, length-prefixed: no value can pass for another field or a list boundary.
  auto add = [&key](std::string_view field) {
    key += std::to_string(field.size());
    key += ':';
    key += field;
  };
  add(q.text);
  add(q.from);
  add(q.to);
  key += 's' + std::to_string(q.sources.size());
  for (const std::string& s : q.sources) add(s);
  key += 'e' + std::to_string(q.entities.size());
  for (const std::string& e : q.entities) add(e);
  key += 'l' + std::to_string(q.limit) + 'o' + std::to_string(q.offset);
  key += q.collapse_duplicates ? 'c' : 'a';
  key += q.facets ? 'f' : 'n';
  return key;
}

namespace {

// A JSON document written straight into a string, byte for byte what nlohmann::json's dump() of
// the same document gives (compact, object keys written in sorted order by the caller, strings
// escaped as it escapes them, numbers as it prints them): the search answer (a few hundred values
// per page) without building and freeing a DOM first. The answers are compared with dump() in
// server_test (ServerTest.SearchAnswersAreCanonicalJson).
class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve) { out_.reserve(reserve); }
  // Structure: Key() before each member; the writer puts the commas.
  JsonWriter& Begin(char bracket) {
    Separate();
    out_ += bracket;
    first_ = true;
    return *this;
  }
  JsonWriter& End(char bracket) {
    out_ += bracket;
    first_ = false;
    return *this;
  }
  JsonWriter& Key(std::string_view key) {
    Separate();
    AppendString(key);
    out_ += ':';
    first_ = true;  // the value follows without a comma
    return *this;
  }
  JsonWriter& String(std::string_view v) {
    Separate();
    AppendString(v);
    return *this;
  }
  JsonWriter& Unsigned(uint64_t v) {
    Separate();
    out_ += std::to_string(v);
    return *this;
  }
  JsonWriter& Integer(int64_t v) {
    Separate();
    out_ += std::to_string(v);
    return *this;
  }
  JsonWriter& Bool(bool v) {
    Separate();
    out_ += v ? "true" : "false";
    return *this;
  }
  JsonWriter& Null() {
    Separate();
    out_ += "null";
    return *this;
  }
  // nlohmann's shortest round-trip form ("1.5", "0.0", "3.3e-06"): printed by nlohmann itself.
  JsonWriter& Double(double v) {
    Separate();
    out_ += json(v).dump();
    return *this;
  }
  // Key(plain_key).String(MarkedToPlain(marked)) then Key(html_key).String(MarkedToHtml(marked))
  // (html.h), each written straight into the answer instead of built first. Valid UTF-8 stays
  // valid when its markers are removed or ASCII characters become entities, so one check of
  // `marked` stands for both; invalid text takes String()'s own way.
  JsonWriter& Marked(std::string_view plain_key, std::string_view html_key,
                     std::string_view marked) {
    if (!utf8::IsValid(marked)) {
      Key(plain_key).String(MarkedToPlain(marked));
      return Key(html_key).String(MarkedToHtml(marked));
    }
    Key(plain_key).Separate();
    AppendValidInPlace([&] { AppendMarkedToPlain(marked, &out_); });
    Key(html_key).Separate();
    AppendValidInPlace([&] { AppendMarkedToHtml(marked, &out_); });
    return *this;
  }
  JsonWriter& Strings(const std::vector<std::string>& list) {
    Begin('[');
    for (const std::string& s : list) String(s);
    return End(']');
  }
  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  static bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }
  // Whether a byte of `s` NeedsEscape, eight bytes at a time (a byte below 0x20, or one equal to
  // '"' or '\\': the classic exact "has a byte less than / equal to" word tests).
  static bool AnyNeedsEscape(std::string_view s) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
    auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t x;
      std::memcpy(&x, s.data() + i, 8);
      if (((x - kOnes * 0x20) & ~x & kHighs) | has_zero(x ^ (kOnes * '"')) |
          has_zero(x ^ (kOnes * '\\'))) {
        return true;
      }
    }
    for (; i < s.size(); ++i) {
      if (NeedsEscape(static_cast<unsigned char>(s[i]))) return true;
    }
    return false;
  }
  // AppendString of the valid UTF-8 text that `append` appends to out_: appended in place, then
  // escaped there when it has a character to escape (rare: then as AppendString does).
  template <typename Append>
  void AppendValidInPlace(Append append) {
    out_ += '"';
    const size_t start = out_.size();
    append();
    if (!AnyNeedsEscape(std::string_view(out_).substr(start))) {
      out_ += '"';
      return;
    }
    const std::string text = out_.substr(start);
    out_.resize(start - 1);
    AppendString(text);
  }
  // As nlohmann's dump_escaped with ensure_ascii off: " \ and C0 controls escaped (\b \t \n \f \r,
  // others \u00xx), everything else as is. Invalid UTF-8 (which dump() replaces with U+FFFD per
  // its rules) is left to nlohmann.
  void AppendString(std::string_view s) {
    if (!utf8::IsValid(s)) {
      out_ += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
      return;
    }
    out_ += '"';
    size_t run = 0;  // s[run, i) is copied as is
    for (size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (!NeedsEscape(c)) continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\t':
          out_ += "\\t";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\r':
          out_ += "\\r";
          break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xF];
        }
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  std::string out_;
  bool first_ = true;
};

void WriteEntity(const store::EntityStat& e, JsonWriter& w) {
  w.Begin('{');
  w.Key("articles").Integer(e.articles);
  w.Key("id").String(e.id);
  w.Key("label_en").String(e.label_en);
  w.Key("mentions").Integer(e.mentions);
  w.Key("name_ar").String(e.name_ar);
  w.Key("qid").String(e.qid);
  w.Key("type").String(e.type);
  w.End('}');
}

}  // namespace

ApiResponse SearchAnswer(const store::SearchQuery& q, const store::Corpus& corpus) {
  Result<store::SearchResults> results = corpus.Search(q);
  if (!results.ok()) return FromStatus("searching", results.status());

  // Keys in sorted order, as nlohmann::json (a std::map) writes them.
  JsonWriter w(1024 + 2048 * results->hits.size());
  w.Begin('{');
  if (q.facets) {
    w.Key("facets").Begin('{');
    w.Key("entities").Begin('[');
    for (const store::EntityStat& e : results->top_entities) WriteEntity(e, w);
    w.End(']');
    w.Key("sample").Unsigned(results->facet_sample);
    w.Key("sources").Begin('[');
    for (const store::SourceCount& c : results->top_sources) {
      w.Begin('{').Key("count").Integer(c.count).Key("site").String(c.site).End('}');
    }
    w.End(']');
    w.End('}');
  }
  w.Key("hits").Begin('[');
  size_t rank = q.offset;
  for (const store::SearchHit& hit : results->hits) {
    w.Begin('{');
    w.Key("id").String(hit.id);
    w.Key("published").String(hit.published);
    w.Key("rank").Unsigned(++rank);
    w.Key("score").Double(hit.score);
    w.Marked("snippet", "snippet_html", hit.snippet);
    w.Key("source").Begin('{');
    w.Key("path").String(hit.path).Key("site").String(hit.site).Key("url").String(hit.url);
    w.End('}');
    w.Key("story_size").Unsigned(hit.story_size);
    w.Marked("title", "title_html", hit.title);
    w.End('}');
  }
  w.End(']');
  const size_t shown_end = q.offset + results->hits.size();
  w.Key("limit").Unsigned(q.limit);
  w.Key("next_offset");
  if (results->hits.size() == q.limit && shown_end < results->total) {
    w.Unsigned(shown_end);
  } else {
    w.Null();
  }
  w.Key("offset").Unsigned(q.offset);
  w.Key("query").Begin('{');
  w.Key("all").Bool(!q.collapse_duplicates);
  w.Key("entities").Strings(q.entities);
  w.Key("from").String(q.from);
  w.Key("q").String(q.text);
  w.Key("sources").Strings(q.sources);
  w.Key("to").String(q.to);
  w.End('}');
  w.Key("total").Unsigned(results->total);
  w.Key("total_is_estimate").Bool(results->total_is_estimate);
  w.End('}');
  ApiResponse answer;
  answer.status = 200;
  answer.text = w.Take();
  return answer;
}

namespace {

ApiResponse Search(const Params& params, const store::Corpus& corpus) {
  std::variant<store::SearchQuery, ApiResponse> q = ParseSearch(params);
  if (ApiResponse* error = std::get_if<ApiResponse>(&q)) return std::move(*error);
  return SearchAnswer(std::get<store::SearchQuery>(q), corpus);
}

// The article `id` (no parameters allowed) and its near-duplicates, or the error to answer.
std::optional<ApiResponse> ReadArticle(std::string_view id, const Params& params,
                                       const store::Corpus& corpus, ArticleRecord* record,
                                       std::vector<store::DuplicateInfo>* dupes) {
  ParamReader p(params, {});
  if (!p.ok()) return ApiError(400, p.error());
  if (!IsValidId(id)) return ApiError(400, "malformed article id");
  Result<ArticleRecord> stored = corpus.Get(id);
  if (!stored.ok()) return FromStatus("reading an article", stored.status());
  Result<std::vector<store::DuplicateInfo>> found = corpus.Duplicates(id);
  if (!found.ok()) return FromStatus("listing duplicates", found.status());
  *record = std::move(*stored);
  *dupes = std::move(*found);
  return std::nullopt;
}

ApiResponse Article(std::string_view id, const Params& params, const store::Corpus& corpus) {
  ArticleRecord record;
  std::vector<store::DuplicateInfo> dupes;
  if (std::optional<ApiResponse> error = ReadArticle(id, params, corpus, &record, &dupes)) {
    return *error;
  }
  json article = json::parse(RecordToJson(record), nullptr, /*allow_exceptions=*/false);
  if (article.is_discarded())
    return StorageError("encoding an article", Status::Internal(record.id));
  json duplicates = json::array();
  for (const store::DuplicateInfo& d : dupes) {
    duplicates.push_back({{"id", d.id},
                          {"title", d.title},
                          {"site", d.site},
                          {"published", d.published},
                          {"jaccard", d.jaccard},
                          {"containment", d.containment}});
  }
  return {200, {{"article", std::move(article)}, {"duplicates", std::move(duplicates)}}};
}

json StoryJson(const store::StoryInfo& s) {
  return {{"id", s.representative_id},
          {"title", s.title},
          {"size", s.size},
          {"outlets", s.outlets},
          {"first_published", s.first_published},
          {"last_published", s.last_published},
          {"article_ids", s.article_ids}};
}

ApiResponse Stories(const Params& params, const store::Corpus& corpus) {
  ParamReader p(params, {"limit", "min_size"});
  const size_t limit = p.Size("limit", 50, 1, 1000);
  const size_t min_size = p.Size("min_size", 2, 1, 1000000);
  if (!p.ok()) return ApiError(400, p.error());
  Result<std::vector<store::StoryInfo>> stories = corpus.Stories(limit, min_size);
  if (!stories.ok()) return FromStatus("listing stories", stories.status());
  json list = json::array();
  for (const store::StoryInfo& s : *stories) list.push_back(StoryJson(s));
  return {200, {{"stories", std::move(list)}}};
}

// One story: the article `id` and its near-duplicates, each with its outlet, in publication order.
ApiResponse Story(std::string_view id, const Params& params, const store::Corpus& corpus) {
  ArticleRecord record;
  std::vector<store::DuplicateInfo> dupes;
  if (std::optional<ApiResponse> error = ReadArticle(id, params, corpus, &record, &dupes)) {
    return *error;
  }

  struct Member {
    std::string id, title, site, published;
    double jaccard, containment;
  };
  std::vector<Member> members;
  members.push_back({record.id, record.title, record.source.site, record.published, 1.0, 1.0});
  for (const store::DuplicateInfo& d : dupes) {
    if (members.size() >= kMaxStoryMembers) break;
    members.push_back({d.id, d.title, d.site, d.published, d.jaccard, d.containment});
  }
  // Publication order; undated articles last.
  std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    if (a.published.empty() != b.published.empty()) return b.published.empty();
    return a.published < b.published;
  });
  json articles = json::array();
  json outlets = json::array();
  std::set<std::string> seen;
  for (const Member& m : members) {
    articles.push_back({{"id", m.id},
                        {"title", m.title},
                        {"site", m.site},
                        {"published", m.published},
                        {"jaccard", m.jaccard},
                        {"containment", m.containment}});
    if (!m.site.empty() && seen.insert(m.site).second) outlets.push_back(m.site);
  }
  std::string first, last;
  for (const Member& m : members) {
    if (m.published.empty()) continue;
    if (first.empty()) first = m.published;
    last = m.published;
  }
  return {200,
          {{"id", record.id},
           {"title", members.front().title},
           {"size", members.size()},
           {"outlets", std::move(outlets)},
           {"first_published", first},
           {"last_published", last},
           {"articles", std::move(articles)}}};
}

// GET /api/entities: the entities mentioned in the most articles.
ApiResponse Entities(const Params& params, const store::Corpus& corpus) {
  ParamReader p(params, {"from", "to", "source", "type", "limit"}, {"source"});
  if (!p.ok()) return ApiError(400, p.error());
  store::StatsQuery q;
  ReadScope(p, &q);
  q.type = ReadType(p);
  q.limit = p.Size("limit", 20, 1, 1000);
  if (!p.ok()) return ApiError(400, p.error());
  Result<std::vector<store::EntityStat>> top = corpus.TopEntities(q);
  if (!top.ok()) return FromStatus("ranking entities", top.status());
  json list = json::array();
  for (const store::EntityStat& e : *top) list.push_back(EntityJson(e));
  return {200, {{"entities", std::move(list)}}};
}

// GET /api/entities/{id}: profile, mentions over time, co-mentioned entities.
ApiResponse Entity(std::string_view id, const Params& params, const store::Corpus& corpus) {
  ParamReader p(params, {"from", "to", "source", "granularity", "type", "limit", "min_count", "by"},
                {"source"});
  if (!p.ok()) return ApiError(400, p.error());
  if (!IsValidEntityId(id)) return ApiError(400, "malformed entity id");
  store::StatsQuery q;
  ReadScope(p, &q);
  q.granularity = ReadGranularity(p, "month");
  q.type = ReadType(p);
  q.min_count = p.Size("min_count", 1, 1, 1000000);
  const std::string by = p.String("by", "count");
  if (by != "count" && by != "pmi") p.Fail("parameter 'by' must be count or pmi");
  q.rank_by_pmi = by == "pmi";
  const size_t limit = p.Size("limit", 20, 1, 1000);
  if (!p.ok()) return ApiError(400, p.error());

  Result<store::EntityProfile> profile = corpus.Entity(id);
  if (!profile.ok()) return FromStatus("reading an entity", profile.status());
  q.limit = kMaxPeriods;
  Result<std::vector<store::TimeBucket>> timeline = corpus.EntityTimeline(id, q);
  if (!timeline.ok()) return FromStatus("counting mentions over time", timeline.status());
  q.limit = limit;
  Result<std::vector<store::CoMention>> co = corpus.CoMentioned(id, q);
  if (!co.ok()) return FromStatus("finding co-mentioned entities", co.status());

  json entity = EntityJson(profile->entity);
  entity["first_seen"] = profile->first_seen;
  entity["last_seen"] = profile->last_seen;
  json co_mentioned = json::array();
  for (const store::CoMention& c : *co) {
    json row = EntityJson(c.entity);
    row["count"] = c.count;
    row["pmi"] = c.pmi;
    co_mentioned.push_back(std::move(row));
  }
  return {
      200,
      {{"entity", std::move(entity)},
       {"timeline",
        {{"granularity", p.String("granularity", "month")}, {"buckets", BucketsJson(*timeline)}}},
       {"co_mentioned", std::move(co_mentioned)}}};
}

// GET /api/stats: articles per period, per source, top entities.
ApiResponse Stats(const Params& params, const store::Corpus& corpus) {
  ParamReader p(params, {"from", "to", "source", "entity", "granularity", "limit"}, {"source"});
  if (!p.ok()) return ApiError(400, p.error());
  store::StatsQuery q;
  ReadScope(p, &q);
  q.entity = p.String("entity");
  if (!q.entity.empty() && !IsValidEntityId(q.entity)) p.Fail("malformed entity id");
  q.granularity = ReadGranularity(p, "day");
  const size_t limit = p.Size("limit", 20, 1, 1000);
  if (!p.ok()) return ApiError(400, p.error());

  Result<int64_t> total = corpus.CountArticles();
  if (!total.ok()) return StorageError("counting articles", total.status());
  q.limit = kMaxPeriods;
  Result<std::vector<store::TimeBucket>> periods = corpus.ArticleCounts(q);
  if (!periods.ok()) return FromStatus("counting articles per period", periods.status());
  q.limit = limit;
  Result<std::vector<store::SourceCount>> sources = corpus.SourceCounts(q);
  if (!sources.ok()) return FromStatus("counting articles per source", sources.status());
  Result<std::vector<store::EntityStat>> top = corpus.TopEntities(q);
  if (!top.ok()) return FromStatus("ranking entities", top.status());

  json source_list = json::array(), entity_list = json::array();
  for (const store::SourceCount& c : *sources) source_list.push_back(SourceCountJson(c));
  for (const store::EntityStat& e : *top) entity_list.push_back(EntityJson(e));
  return {200,
          {{"articles", *total},
           {"articles_per_period",
            {{"granularity", p.String("granularity", "day")}, {"buckets", BucketsJson(*periods)}}},
           {"sources", std::move(source_list)},
           {"top_entities", std::move(entity_list)}}};
}

}  // namespace

std::string ResponseText(const ApiResponse& r) {
  if (!r.text.empty()) return r.text;
  return r.body.dump(-1, ' ', false, json::error_handler_t::replace);
}

ApiResponse ApiError(int status, std::string_view message) {
  return {status, {{"error", {{"status", status}, {"message", std::string(message)}}}}};
}

std::string_view CanonicalApiPath(std::string_view path) {
  while (path.size() > 4 && path.ends_with('/')) path.remove_suffix(1);
  return path;
}

ApiResponse HandleApi(std::string_view path, const Params& params, const store::Corpus& corpus) {
  path = CanonicalApiPath(path);
  if (path == "/api/health" || path == "/api") return Health(params, corpus);
  if (path == "/api/search") return Search(params, corpus);
  if (path == "/api/stories") return Stories(params, corpus);
  if (path == "/api/entities") return Entities(params, corpus);
  if (path == "/api/stats") return Stats(params, corpus);
  // /api/<collection>/<id>
  if (path.starts_with("/api/articles/")) return Article(path.substr(14), params, corpus);
  if (path.starts_with("/api/stories/")) return Story(path.substr(13), params, corpus);
  if (path.starts_with("/api/entities/")) return Entity(path.substr(14), params, corpus);
  return ApiError(404, "no such endpoint (see docs/api.md)");
}

}  // namespace khabar::server

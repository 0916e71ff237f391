#include "khabar/pipeline.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <thread>
#include <unordered_map>

#include "base/utf8.h"
#include "khabar/encoding.h"
#include "khabar/extract.h"
#include "khabar/html.h"
#include "khabar/input.h"
#include "khabar/ner.h"
#include "khabar/time.h"
#include "pipeline/json_fields.h"

namespace khabar::pipeline {
namespace {

using nlohmann::json;

// The pipeline's window (Run): documents in flight per worker thread, and input bytes in flight.
constexpr uint64_t kWindowPerThread = 128;
constexpr size_t kWindowBytes = size_t{64} << 20;

std::vector<std::string> SplitKeys(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t bar = s.find('|', start);
    std::string_view k = s.substr(start, bar == std::string_view::npos ? s.npos : bar - start);
    while (!k.empty() && k.front() == ' ') k.remove_prefix(1);
    while (!k.empty() && k.back() == ' ') k.remove_suffix(1);
    if (!k.empty()) out.emplace_back(k);
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

std::string Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// Per-thread caches of parsers, keyed by time zone (DumpParser and DateParser fix it at
// construction).
const extract::DumpParser& DumpParserFor(const std::string& tz, const std::string& site,
                                         std::optional<int64_t> reference) {
  thread_local std::map<std::tuple<std::string, std::string, std::optional<int64_t>>,
                        std::unique_ptr<extract::DumpParser>>
      cache;
  auto key = std::make_tuple(tz, site, reference);
  auto it = cache.find(key);
  if (it == cache.end()) {
    if (cache.size() > 64) cache.clear();
    extract::ParseOptions o;
    o.tz = tz;
    o.source.site = site;
    o.reference_unix_seconds = reference;
    it = cache.emplace(key, std::make_unique<extract::DumpParser>(o)).first;
  }
  return *it->second;
}

ErrorRecord MakeError(const InputDocument& doc, std::string message) {
  ErrorRecord e;
  e.source.path = doc.path;
  e.source.locator = doc.locator;
  e.source.url = doc.url;
  e.source.site = extract::SiteOfUrl(doc.url);
  e.error = std::move(message);
  return e;
}

std::string TimeZoneFor(const PipelineOptions& options, const std::string& url,
                        const std::string& site) {
  if (!options.tz.empty()) return options.tz;
  if (!url.empty()) {
    if (const extract::SiteProfile* p = extract::FindSiteProfile(url)) return p->tz;
  }
  if (!site.empty()) {
    if (const extract::SiteProfile* p = extract::FindSiteProfile(site)) return p->tz;
    return std::string(extract::SiteTimeZone(site));
  }
  return "";
}

// A khabar record (`khabar parse` output) or error record rather than a foreign export: the keys
// only khabar writes. A cheap textual test first; the JSON is parsed once, by the reader chosen.
bool LooksLikeKhabarRecord(std::string_view text) {
  return (text.find("\"paragraphs\"") != std::string_view::npos &&
          text.find("\"boilerplate\"") != std::string_view::npos &&
          text.find("\"id\"") != std::string_view::npos) ||
         (text.find("\"error\"") != std::string_view::npos &&
          text.find("\"source\"") != std::string_view::npos);
}

// An error record read back: its source and message (nullopt when `text` is not one).
std::optional<ErrorRecord> ReadErrorRecord(std::string_view text) {
  json obj = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!obj.is_object()) return std::nullopt;
  auto error = obj.find("error");
  auto source = obj.find("source");
  if (error == obj.end() || !error->is_string() || source == obj.end() || !source->is_object()) {
    return std::nullopt;
  }
  ErrorRecord e;
  auto field = [&](const char* key) {
    auto it = source->find(key);
    return it != source->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  e.source =
      SourceInfo{field("path"), field("locator"), field("url"), field("site"), field("encoding")};
  e.error = error->get<std::string>();
  return e;
}

// A control character in any input (a JSON `\u0000` or `\u0007`, a character reference `&#1;`, a
// raw byte in a text dump, HTML page or WARC payload below the binary-data threshold) becomes one
// space in every text field of the record, as the analyzer reads it (docs/record-format.md
// "Control characters"). Then fields are trimmed and blank paragraphs and furniture lines dropped,
// unless the record already carries entities (a record read back), whose offsets must not move.
void ReplaceControlCharacters(ArticleRecord* rec) {
  size_t n = 0;
  auto fix = [&n](std::string& s) { n += utf8::ReplaceControls(&s); };
  for (std::string* s :
       {&rec->title, &rec->published_text, &rec->modified, &rec->author, &rec->caption}) {
    fix(*s);
  }
  if (rec->dateline) {
    fix(rec->dateline->place);
    if (rec->dateline->agency) fix(rec->dateline->agency->text);
  }
  for (std::string& p : rec->paragraphs) fix(p);
  for (std::string& p : rec->boilerplate) fix(p);
  for (std::string& w : rec->warnings) fix(w);
  for (EntityMention& m : rec->title_entities) fix(m.text);
  for (EntityMention& m : rec->entities) fix(m.text);
  for (EntityCount& c : rec->entity_counts) fix(c.text);
  if (n == 0) return;
  if (rec->entities.empty() && rec->title_entities.empty()) {
    for (std::string* s : {&rec->title, &rec->published_text, &rec->author, &rec->caption}) {
      *s = Trim(*s);
    }
    if (rec->dateline) rec->dateline->place = Trim(rec->dateline->place);
    for (std::vector<std::string>* lines : {&rec->paragraphs, &rec->boilerplate}) {
      for (std::string& p : *lines) p = Trim(p);
      std::erase_if(*lines, [](const std::string& p) { return p.empty(); });
    }
    rec->id = extract::ContentId(rec->title, rec->paragraphs);
  }
  rec->warnings.push_back("input: " + std::to_string(n) +
                          " control characters replaced with spaces");
}

}  // namespace

void AddEntities(const ner::Recognizer* recognizer, ArticleRecord* record) {
  const ner::Recognizer& r = recognizer != nullptr ? *recognizer : ner::Recognizer::Default();
  // The date and the outlet's country decide who a bare title names (ولي العهد in 2015). The
  // headline is linked with the body, as the document's first part.
  ner::Recognizer::ArticleMentions found = r.RecognizeArticle(
      record->title, record->paragraphs,
      ner::ContextOf(record->published, extract::SiteCountry(record->source.site)));
  // One sequence, the headline's mentions first, moved (not copied): the counts read it, then the
  // mentions' strings are moved out of it.
  std::vector<ner::Mention> all = std::move(found.title);
  const size_t title_count = all.size();
  all.insert(all.end(), std::make_move_iterator(found.paragraphs.begin()),
             std::make_move_iterator(found.paragraphs.end()));
  std::vector<ner::EntityCount> counts = ner::CountEntities(all);
  record->entity_counts.clear();
  record->entity_counts.reserve(counts.size());
  for (ner::EntityCount& c : counts) {
    record->entity_counts.push_back({std::move(c.id), std::move(c.text),
                                     std::string(ner::EntityTypeName(c.type)),
                                     std::move(c.label_en), std::move(c.qid), c.count});
  }
  const auto move_into = [](std::span<ner::Mention> from, std::vector<EntityMention>* to) {
    to->clear();
    to->reserve(from.size());
    for (ner::Mention& m : from) {
      to->push_back({m.paragraph, m.begin, m.end, std::move(m.text),
                     std::string(ner::EntityTypeName(m.type)), std::move(m.id),
                     std::move(m.label_en), std::move(m.qid), m.confidence, std::move(m.source)});
    }
  };
  const std::span<ner::Mention> mentions(all);
  move_into(mentions.first(title_count), &record->title_entities);
  move_into(mentions.subspan(title_count), &record->entities);
}

FieldMap FieldMap::Default() {
  FieldMap m;
  m.title = {"title", "headline", "name", "heading", "titre", "عنوان"};
  m.text = {"content", "text",     "body",      "articleBody", "article_body",
            "article", "maintext", "full_text", "description", "النص"};
  m.date = {"published",    "published_at", "publishedAt", "datePublished", "date_published",
            "publish_date", "pubDate",      "pub_date",    "date",          "time",
            "created_at",   "timestamp",    "التاريخ"};
  m.modified = {"modified", "updated", "updated_at", "dateModified", "date_modified"};
  m.author = {"author", "byline", "authors", "writer", "creator", "الكاتب"};
  m.url = {"url", "link", "href", "uri", "canonical_url", "source_url"};
  m.site = {"site", "source", "domain", "outlet", "publisher", "newspaper", "source_domain"};
  m.caption = {"caption", "image_caption", "imageCaption"};
  m.fetched = {"date_extracted", "date_download", "crawled_at", "fetched_at",
               "scraped_at",     "date_crawled",  "retrieved"};
  return m;
}

Result<FieldMap> ParseFieldMap(std::string_view spec) {
  FieldMap m = FieldMap::Default();
  size_t start = 0;
  while (start < spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string_view::npos) comma = spec.size();
    const std::string_view pair = spec.substr(start, comma - start);
    start = comma + 1;
    if (Trim(pair).empty()) continue;
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return Status::InvalidArgument("--map: expected target=key in '" + std::string(pair) + "'");
    }
    const std::string target = Trim(pair.substr(0, eq));
    std::vector<std::string> keys = SplitKeys(pair.substr(eq + 1));
    if (keys.empty()) return Status::InvalidArgument("--map: no key for '" + target + "'");
    std::vector<std::string>* slot = nullptr;
    if (target == "title" || target == "headline")
      slot = &m.title;
    else if (target == "text" || target == "body" || target == "content")
      slot = &m.text;
    else if (target == "date" || target == "published")
      slot = &m.date;
    else if (target == "modified")
      slot = &m.modified;
    else if (target == "author" || target == "byline")
      slot = &m.author;
    else if (target == "url")
      slot = &m.url;
    else if (target == "site" || target == "source")
      slot = &m.site;
    else if (target == "caption")
      slot = &m.caption;
    else if (target == "fetched")
      slot = &m.fetched;
    if (slot == nullptr) {
      return Status::InvalidArgument("--map: unknown target '" + target +
                                     "' (title, text, date, modified, author, url, site, caption, "
                                     "fetched)");
    }
    *slot = std::move(keys);
  }
  return m;
}

Result<ArticleRecord> MapJsonRecord(std::string_view text, const SourceInfo& source_in,
                                    const PipelineOptions& options) {
  Result<JsonFields> fields = ReadJsonFields(text, options.fields);
  if (!fields.ok()) return fields.status();
  const JsonFields& f = *fields;
  SourceInfo source = source_in;
  const std::string url = Trim(f.url);
  if (!url.empty()) source.url = url;
  std::string site = Trim(f.site);
  if (site.find("://") != std::string::npos) site = extract::SiteOfUrl(site);
  if (site.empty()) site = extract::SiteOfUrl(source.url);
  if (site.empty()) site = options.site;
  source.site = site;
  const std::string tz = TimeZoneFor(options, source.url, site);
  std::optional<int64_t> reference = options.reference_unix_seconds;
  const std::string fetched = Trim(f.fetched);
  if (!fetched.empty()) {
    if (std::optional<int64_t> t = extract::CaptureTimeSeconds(fetched)) reference = t;
  }
  const std::string title = Trim(f.title);
  const std::string& body = f.text;
  if (title.empty() && Trim(body).empty()) {
    return Status::InvalidArgument("JSON object has neither a title nor a text field (see --map)");
  }

  ArticleRecord rec;
  // HTML held in a JSON field gets the full page treatment; the mapped fields then take precedence.
  if (DetectFormat(std::string_view(body).substr(0, 65536)) == InputFormat::kHtml) {
    extract::HtmlOptions h;
    h.source = source;
    h.tz = tz;
    h.reference_unix_seconds = reference;
    Result<ArticleRecord> r = extract::ExtractHtml(body, h);
    if (!r.ok()) return r.status();
    rec = std::move(*r);
  } else {
    rec.source = source;
    std::vector<std::string> lines;
    std::string_view b = body;
    while (!b.empty()) {
      const size_t nl = b.find('\n');
      std::string p = Trim(b.substr(0, nl));
      if (!p.empty()) lines.push_back(std::move(p));
      if (nl == std::string_view::npos) break;
      b.remove_prefix(nl + 1);
    }
    bool in_section = false;
    for (std::string& p : lines) {
      const extract::FurnitureKind kind = extract::ClassifyFurniture(p);
      if (kind == extract::FurnitureKind::kSection) in_section = true;
      if (kind != extract::FurnitureKind::kNone || (in_section && WordCount(p) <= 15)) {
        rec.boilerplate.push_back(std::move(p));
        continue;
      }
      in_section = false;
      if (p == title) {
        rec.boilerplate.push_back(std::move(p));
        continue;
      }
      rec.paragraphs.push_back(std::move(p));
    }
  }
  if (!title.empty()) rec.title = title;
  time::DateOptions date_options;
  date_options.tz = tz;
  date_options.reference_unix_seconds = reference;
  const time::DateParser dates(date_options);
  const std::string date_text = Trim(f.date);
  if (!date_text.empty()) {
    Result<std::string> iso = extract::NormalizeIsoDate(date_text, tz);
    if (iso.ok()) {
      rec.published = *iso;
      rec.published_text = date_text;
    } else if (Result<time::DateMatch> m = dates.Parse(date_text); m.ok()) {
      rec.published = m->value;
      rec.published_text = date_text;
      for (const std::string& w : m->warnings) rec.warnings.push_back("date: " + w);
    } else {
      rec.warnings.push_back("unreadable date field: " + date_text);
    }
  }
  const std::string modified = Trim(f.modified);
  if (!modified.empty()) {
    if (Result<std::string> iso = extract::NormalizeIsoDate(modified, tz); iso.ok()) {
      rec.modified = *iso;
    } else if (Result<time::DateMatch> m = dates.Parse(modified); m.ok()) {
      rec.modified = m->value;
    }
  }
  // Dateline: the author field often holds it ("الرياض : واس"); else the body's opening.
  const std::string author = Trim(f.author);
  if (!author.empty()) {
    if (std::optional<extract::DatelineMatch> m = extract::MatchDateline(author)) {
      rec.dateline = m->dateline;
      if (!m->whole)
        rec.author = author;
      else if (rec.author == author)
        rec.author.clear();
    } else {
      rec.author = author;
    }
  }
  if (!rec.paragraphs.empty() && !rec.dateline.has_value()) {
    if (std::optional<extract::DatelineMatch> m = extract::MatchDateline(rec.paragraphs.front())) {
      rec.dateline = m->dateline;
      if (m->whole) {
        rec.boilerplate.push_back(rec.paragraphs.front());
        rec.paragraphs.erase(rec.paragraphs.begin());
      }
    } else if (std::optional<Agency> credit = extract::FindTrailingCredit(rec.paragraphs.back())) {
      rec.dateline = Dateline{"", credit};
    }
  }
  // No date field: a date opening the body (SPA copy starts "الرياض 26 شوال 1436 هـ الموافق ...").
  if (rec.published.empty() && !rec.paragraphs.empty()) {
    const std::string& first = rec.paragraphs.front();
    for (const time::DateMatch& m :
         dates.FindAll(std::string_view(first).substr(0, std::min<size_t>(first.size(), 300)))) {
      if (m.granularity == time::Granularity::kYear || m.granularity == time::Granularity::kMonth) {
        continue;
      }
      rec.published = m.value;
      rec.published_text = first.substr(m.byte_begin, m.byte_end - m.byte_begin);
      break;
    }
  }
  if (rec.published.empty()) rec.warnings.push_back("no publication date found");
  const std::string caption = Trim(f.caption);
  if (!caption.empty()) rec.caption = caption;
  if (rec.paragraphs.empty()) rec.warnings.push_back("no body text found");
  rec.id = extract::ContentId(rec.title, rec.paragraphs);
  return rec;
}

Item ProcessDocument(const InputDocument& doc, const PipelineOptions& options) {
  Item item;
  if (!doc.error.ok()) {
    item.error = MakeError(doc, doc.error.message());
    return item;
  }
  SourceInfo source;
  source.path = doc.path;
  source.locator = doc.locator;
  source.url = doc.url;
  source.site = extract::SiteOfUrl(doc.url);
  if (source.site.empty()) source.site = options.site;
  Result<ArticleRecord> rec = Status::Internal("unrouted document");
  std::vector<std::string> input_warnings;
  try {
    if (doc.format == InputFormat::kJsonl && LooksLikeKhabarRecord(doc.bytes)) {
      rec = RecordFromJson(doc.bytes);
      if (!rec.ok() && rec.status().message() == "record: an error record") {
        if (std::optional<ErrorRecord> e = ReadErrorRecord(doc.bytes)) {
          item.error = std::move(*e);
          return item;
        }
      }
      if (rec.ok() && rec->source.path.empty()) rec->source = source;
      if (!rec.ok() || (rec->paragraphs.empty() && rec->title.empty())) {
        rec = MapJsonRecord(doc.bytes, source, options);  // not one of ours after all
      }
    } else if (doc.format == InputFormat::kJsonl) {
      rec = MapJsonRecord(doc.bytes, source, options);
    } else {
      if (doc.bytes.empty()) {
        item.error = MakeError(doc, "empty input");
        return item;
      }
      DecodeOptions decode;
      decode.encoding = options.encoding;
      Result<DecodedText> text = DecodeToUtf8(doc.bytes, decode);
      if (!text.ok()) {
        item.error = MakeError(doc, "not text: " + text.status().message());
        return item;
      }
      source.encoding = text->encoding;
      for (const std::string& w : text->warnings) input_warnings.push_back("input: " + w);
      std::optional<int64_t> reference = options.reference_unix_seconds;
      if (!doc.fetched_at.empty()) {
        if (std::optional<int64_t> t = extract::CaptureTimeSeconds(doc.fetched_at)) reference = t;
      }
      if (doc.format == InputFormat::kHtml) {
        extract::HtmlOptions h;
        h.source = source;
        h.tz = options.tz;
        h.reference_unix_seconds = reference;
        rec = extract::ExtractHtml(text->utf8, h);
      } else {
        const std::string tz = TimeZoneFor(options, source.url, source.site);
        rec = DumpParserFor(tz, source.site, reference).Parse(text->utf8, source);
      }
    }
  } catch (const std::exception& e) {
    rec = Status::Internal(std::string("unexpected failure: ") + e.what());
  }
  if (!rec.ok()) {
    item.error = MakeError(doc, rec.status().message());
    return item;
  }
  item.ok = true;
  item.record = std::move(*rec);
  for (std::string& w : input_warnings) item.record.warnings.push_back(std::move(w));
  ReplaceControlCharacters(&item.record);
  if (options.entities) {
    try {
      AddEntities(options.recognizer_loading.valid() ? options.recognizer_loading.get()
                                                     : options.recognizer,
                  &item.record);
    } catch (const std::exception& e) {
      item.record.title_entities.clear();
      item.record.entities.clear();
      item.record.entity_counts.clear();
      item.record.warnings.push_back(std::string("entities: unexpected failure: ") + e.what());
    }
  }
  if (options.prepare) item.prepared = options.prepare(item.record);
  return item;
}

Status Run(const std::vector<std::string>& paths, const PipelineOptions& options,
           const std::function<void(const Item&)>& sink, PipelineStats* stats_out) {
  Result<std::vector<std::string>> files = ExpandInputs(paths);
  if (!files.ok()) return files.status();
  PipelineStats stats;
  ReaderOptions reader_options = options.reader;
  reader_options.format = options.format;
  const int threads = options.threads > 0
                          ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  auto account = [&](const Item& item) {
    ++stats.documents;
    if (item.ok)
      ++stats.records;
    else
      ++stats.errors;
  };
  auto read_all = [&](const std::function<void(InputDocument &&)>& emit) {
    for (const std::string& path : *files) {
      ++stats.inputs;
      DocumentReader reader(path, reader_options);
      InputDocument doc;
      while (reader.Next(&doc)) emit(std::move(doc));
      stats.skipped_records += reader.stats().skipped_records;
      stats.skipped_payloads += reader.stats().skipped_payloads;
    }
  };
  if (threads == 1) {
    read_all([&](InputDocument&& doc) {
      Item item = ProcessDocument(doc, options);
      account(item);
      sink(item);
    });
    if (stats_out != nullptr) *stats_out = stats;
    return Status::Ok();
  }

  // Reader thread -> bounded window -> workers -> reorder -> sink on this thread. The window
  // lets the workers run ahead while the sink pauses: an ingest commit (its vocabulary and entity
  // totals) takes 0.1-0.4 s of the writer, the time of 100-300 documents on two workers. With 32
  // per thread (4 before that) they stood idle through every commit; with 128 they never wait for
  // input (PipelineStats::worker_wait_seconds 0.9 -> 0 s in a 3,000-article ingest). The bytes
  // of the documents in the window are bounded too, so that large pages (HTML, WARC) do not
  // multiply its memory: a document always enters an empty window.
  const uint64_t window = static_cast<uint64_t>(threads) * kWindowPerThread;
  std::mutex mu;
  std::condition_variable work_ready, result_ready, space_ready;
  std::deque<std::pair<uint64_t, InputDocument>> work;
  std::unordered_map<uint64_t, Item> done;
  std::deque<size_t> sizes;  // input bytes of the documents in the window, in input order
  uint64_t produced = 0, next_out = 0;
  size_t window_bytes = 0;
  bool reading_done = false;

  // Waiting times (PipelineStats), measured only when a thread has to wait; under `mu`.
  using Clock = std::chrono::steady_clock;
  Clock::duration sink_wait{}, worker_wait{}, reader_wait{};
  const auto timed_wait = [](std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                             Clock::duration* waited, const auto& ready) {
    if (ready()) return;
    const Clock::time_point start = Clock::now();
    cv.wait(lock, ready);
    *waited += Clock::now() - start;
  };

  std::thread reader([&] {
    read_all([&](InputDocument&& doc) {
      const size_t bytes = doc.bytes.size();
      std::unique_lock<std::mutex> lock(mu);
      timed_wait(space_ready, lock, &reader_wait, [&] {
        return produced == next_out ||
               (produced - next_out < window && window_bytes + bytes <= kWindowBytes);
      });
      window_bytes += bytes;
      sizes.push_back(bytes);
      work.emplace_back(produced++, std::move(doc));
      work_ready.notify_one();
    });
    std::lock_guard<std::mutex> lock(mu);
    reading_done = true;
    work_ready.notify_all();
    result_ready.notify_all();
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (;;) {
        std::pair<uint64_t, InputDocument> job;
        {
          std::unique_lock<std::mutex> lock(mu);
          timed_wait(work_ready, lock, &worker_wait, [&] { return !work.empty() || reading_done; });
          if (work.empty()) return;
          job = std::move(work.front());
          work.pop_front();
        }
        Item item = ProcessDocument(job.second, options);
        std::lock_guard<std::mutex> lock(mu);
        done.emplace(job.first, std::move(item));
        result_ready.notify_all();
      }
    });
  }
  for (;;) {
    Item item;
    {
      std::unique_lock<std::mutex> lock(mu);
      timed_wait(result_ready, lock, &sink_wait, [&] {
        return done.count(next_out) > 0 || (reading_done && next_out == produced);
      });
      auto it = done.find(next_out);
      if (it == done.end()) break;
      item = std::move(it->second);
      done.erase(it);
    }
    account(item);
    sink(item);
    std::lock_guard<std::mutex> lock(mu);
    window_bytes -= sizes.front();
    sizes.pop_front();
    ++next_out;
    space_ready.notify_one();
  }
  reader.join();
  for (std::thread& w : workers) w.join();
  const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  stats.sink_wait_seconds = seconds(sink_wait);
  stats.worker_wait_seconds = seconds(worker_wait);
  stats.reader_wait_seconds = seconds(reader_wait);
  if (stats_out != nullptr) *stats_out = stats;
  return Status::Ok();
}

}  // namespace khabar::pipeline

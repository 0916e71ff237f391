// ArticleRecord <-> JSON (docs/record-format.md). Keys are written in a fixed order; every
// top-level field is always present so that consumers see one schema; source keys other than "path"
// are written only when known.
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

#include "khabar/record.h"

namespace khabar {
namespace {

using Json = nlohmann::ordered_json;

Json SourceToJson(const SourceInfo& s) {
  Json j = Json::object();
  j["path"] = s.path;
  if (!s.locator.empty()) j["locator"] = s.locator;
  if (!s.url.empty()) j["url"] = s.url;
  if (!s.site.empty()) j["site"] = s.site;
  if (!s.encoding.empty()) j["encoding"] = s.encoding;
  return j;
}

std::string Dump(const Json& j, bool pretty) {
  // Input text is valid UTF-8 by contract; `replace` keeps a bad byte from throwing anyway.
  return j.dump(pretty ? 2 : -1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

// Reads j[key] into *out when present; a wrong type is an error.
Status ReadString(const Json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_string())
    return Status::InvalidArgument(std::string("\"") + key + "\" is not a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status ReadStrings(const Json& j, const char* key, std::vector<std::string>* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_array())
    return Status::InvalidArgument(std::string("\"") + key + "\" is not an array");
  for (const Json& e : *it) {
    if (!e.is_string()) {
      return Status::InvalidArgument(std::string("\"") + key + "\" holds a non-string");
    }
    out->push_back(e.get<std::string>());
  }
  return Status::Ok();
}

Status ReadObject(const Json& j, const char* key, const Json** out) {
  *out = nullptr;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_object())
    return Status::InvalidArgument(std::string("\"") + key + "\" is not an object");
  *out = &*it;
  return Status::Ok();
}

// Reads j[key] as a non-negative integer when present.
Status ReadSize(const Json& j, const char* key, size_t* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<int64_t>() >= 0)) {
    return Status::InvalidArgument(std::string("\"") + key + "\" is not a non-negative integer");
  }
  *out = it->get<size_t>();
  return Status::Ok();
}

// Reads j[key], an array of mentions; `in_title`: they have no "paragraph" (0).
Status ReadMentions(const Json& j, const char* key, bool in_title,
                    std::vector<EntityMention>* out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) {
    if (!it->is_array())
      return Status::InvalidArgument(std::string("\"") + key + "\" is not an array");
    for (const Json& e : *it) {
      if (!e.is_object()) {
        return Status::InvalidArgument(std::string("\"") + key + "\" holds a non-object");
      }
      EntityMention m;
      if (!in_title) KHABAR_RETURN_IF_ERROR(ReadSize(e, "paragraph", &m.paragraph));
      KHABAR_RETURN_IF_ERROR(ReadSize(e, "begin", &m.begin));
      KHABAR_RETURN_IF_ERROR(ReadSize(e, "end", &m.end));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "text", &m.text));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "type", &m.type));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "id", &m.id));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "label_en", &m.label_en));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "qid", &m.qid));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "source", &m.source));
      if (auto c = e.find("confidence"); c != e.end() && !c->is_null()) {
        if (!c->is_number()) return Status::InvalidArgument("\"confidence\" is not a number");
        m.confidence = c->get<double>();
      }
      out->push_back(std::move(m));
    }
  }
  return Status::Ok();
}

Status ReadEntities(const Json& j, ArticleRecord* r) {
  KHABAR_RETURN_IF_ERROR(ReadMentions(j, "title_entities", /*in_title=*/true, &r->title_entities));
  KHABAR_RETURN_IF_ERROR(ReadMentions(j, "entities", /*in_title=*/false, &r->entities));
  auto it = j.find("entity_counts");
  if (it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Status::InvalidArgument("\"entity_counts\" is not an array");
    for (const Json& e : *it) {
      if (!e.is_object()) return Status::InvalidArgument("\"entity_counts\" holds a non-object");
      EntityCount c;
      KHABAR_RETURN_IF_ERROR(ReadString(e, "id", &c.id));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "text", &c.text));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "type", &c.type));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "label_en", &c.label_en));
      KHABAR_RETURN_IF_ERROR(ReadString(e, "qid", &c.qid));
      KHABAR_RETURN_IF_ERROR(ReadSize(e, "count", &c.count));
      r->entity_counts.push_back(std::move(c));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string RecordToJson(const ArticleRecord& r, bool pretty) {
  Json j = Json::object();
  j["id"] = r.id;
  j["source"] = SourceToJson(r.source);
  j["title"] = r.title;
  j["published"] = r.published;
  j["published_text"] = r.published_text;
  j["modified"] = r.modified;
  j["author"] = r.author;
  if (r.dateline) {
    Json d = Json::object();
    d["place"] = r.dateline->place;
    if (r.dateline->agency) {
      const Agency& a = *r.dateline->agency;
      d["agency"] =
          Json{{"code", a.code}, {"name_ar", a.name_ar}, {"name_en", a.name_en}, {"text", a.text}};
    } else {
      d["agency"] = nullptr;
    }
    j["dateline"] = std::move(d);
  } else {
    j["dateline"] = nullptr;
  }
  j["caption"] = r.caption;
  j["paragraphs"] = r.paragraphs;
  j["boilerplate"] = r.boilerplate;
  j["warnings"] = r.warnings;
  // Entities only when NER ran (docs/record-format.md), in the shape `khabar ner` has always
  // written; the headline's first, where it reads, without "paragraph" (offsets into "title").
  const auto mentions = [](const std::vector<EntityMention>& list, bool in_title) {
    Json out = Json::array();
    for (const EntityMention& m : list) {
      Json e = Json::object();
      if (!in_title) e["paragraph"] = m.paragraph;
      e["begin"] = m.begin;
      e["end"] = m.end;
      e["text"] = m.text;
      e["type"] = m.type;
      e["id"] = m.id;
      e["label_en"] = m.label_en;
      e["qid"] = m.qid;
      e["confidence"] = std::round(m.confidence * 1000) / 1000;
      e["source"] = m.source;
      out.push_back(std::move(e));
    }
    return out;
  };
  if (!r.title_entities.empty()) j["title_entities"] = mentions(r.title_entities, true);
  if (!r.entities.empty()) j["entities"] = mentions(r.entities, false);
  if (!r.entity_counts.empty()) {
    Json counts = Json::array();
    for (const EntityCount& c : r.entity_counts) {
      counts.push_back(Json{{"id", c.id},
                            {"text", c.text},
                            {"type", c.type},
                            {"label_en", c.label_en},
                            {"qid", c.qid},
                            {"count", c.count}});
    }
    j["entity_counts"] = std::move(counts);
  }
  return Dump(j, pretty);
}

std::string ErrorRecordToJson(const ErrorRecord& e, bool pretty) {
  Json j = Json::object();
  j["source"] = SourceToJson(e.source);
  j["error"] = e.error;
  return Dump(j, pretty);
}

Result<ArticleRecord> RecordFromJson(std::string_view json) {
  Json j = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("record: malformed JSON");
  if (!j.is_object()) return Status::InvalidArgument("record: not a JSON object");
  if (j.contains("error")) return Status::InvalidArgument("record: an error record");
  ArticleRecord r;
  try {
    KHABAR_RETURN_IF_ERROR(ReadString(j, "id", &r.id));
    const Json* source = nullptr;
    KHABAR_RETURN_IF_ERROR(ReadObject(j, "source", &source));
    if (source) {
      KHABAR_RETURN_IF_ERROR(ReadString(*source, "path", &r.source.path));
      KHABAR_RETURN_IF_ERROR(ReadString(*source, "locator", &r.source.locator));
      KHABAR_RETURN_IF_ERROR(ReadString(*source, "url", &r.source.url));
      KHABAR_RETURN_IF_ERROR(ReadString(*source, "site", &r.source.site));
      KHABAR_RETURN_IF_ERROR(ReadString(*source, "encoding", &r.source.encoding));
    }
    KHABAR_RETURN_IF_ERROR(ReadString(j, "title", &r.title));
    KHABAR_RETURN_IF_ERROR(ReadString(j, "published", &r.published));
    KHABAR_RETURN_IF_ERROR(ReadString(j, "published_text", &r.published_text));
    KHABAR_RETURN_IF_ERROR(ReadString(j, "modified", &r.modified));
    KHABAR_RETURN_IF_ERROR(ReadString(j, "author", &r.author));
    const Json* dateline = nullptr;
    KHABAR_RETURN_IF_ERROR(ReadObject(j, "dateline", &dateline));
    if (dateline) {
      Dateline d;
      KHABAR_RETURN_IF_ERROR(ReadString(*dateline, "place", &d.place));
      const Json* agency = nullptr;
      KHABAR_RETURN_IF_ERROR(ReadObject(*dateline, "agency", &agency));
      if (agency) {
        Agency a;
        KHABAR_RETURN_IF_ERROR(ReadString(*agency, "code", &a.code));
        KHABAR_RETURN_IF_ERROR(ReadString(*agency, "name_ar", &a.name_ar));
        KHABAR_RETURN_IF_ERROR(ReadString(*agency, "name_en", &a.name_en));
        KHABAR_RETURN_IF_ERROR(ReadString(*agency, "text", &a.text));
        d.agency = std::move(a);
      }
      r.dateline = std::move(d);
    }
    KHABAR_RETURN_IF_ERROR(ReadString(j, "caption", &r.caption));
    KHABAR_RETURN_IF_ERROR(ReadStrings(j, "paragraphs", &r.paragraphs));
    KHABAR_RETURN_IF_ERROR(ReadStrings(j, "boilerplate", &r.boilerplate));
    KHABAR_RETURN_IF_ERROR(ReadStrings(j, "warnings", &r.warnings));
    KHABAR_RETURN_IF_ERROR(ReadEntities(j, &r));
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("record: ") + e.what());
  }
  return r;
}

}  // namespace khabar

#include "pipeline/json_fields.h"

#include <simdjson.h>

#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

namespace khabar::pipeline {
namespace {

// ---- The reference: nlohmann-json's DOM. ----

using nlohmann::json;

// The value at `path`: the key itself, else a dotted path into nested objects; nullptr when absent.
const json* Lookup(const json& obj, std::string_view path) {
  if (auto it = obj.find(std::string(path)); it != obj.end()) return &*it;
  const json* cur = &obj;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = path.find('.', start);
    const std::string key(
        path.substr(start, dot == std::string_view::npos ? path.npos : dot - start));
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string_view::npos) return cur;
    start = dot + 1;
  }
  return nullptr;
}

std::string AsText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number_float()) return v.dump();
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string t = AsText(e);
      if (t.empty()) continue;
      if (!out.empty()) out += "\n";
      out += t;
    }
    return out;
  }
  if (v.is_object()) {
    if (auto it = v.find("name"); it != v.end()) return AsText(*it);
  }
  return "";
}

std::string First(const json& obj, const std::vector<std::string>& keys) {
  for (const std::string& k : keys) {
    if (const json* v = Lookup(obj, k)) {
      std::string t = AsText(*v);
      if (!t.empty()) return t;
    }
  }
  return "";
}

// Each field of `out` with the keys that fill it.
using Target = std::pair<std::string*, const std::vector<std::string>*>;
std::array<Target, 9> Targets(JsonFields* out, const FieldMap& f) {
  return {{{&out->url, &f.url},
           {&out->site, &f.site},
           {&out->fetched, &f.fetched},
           {&out->title, &f.title},
           {&out->text, &f.text},
           {&out->date, &f.date},
           {&out->modified, &f.modified},
           {&out->author, &f.author},
           {&out->caption, &f.caption}}};
}

// ---- The fast path: simdjson's DOM, the same lookups. ----

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// The value of the last field named `key` (nlohmann keeps the last of duplicate keys).
std::optional<element> FindLast(object obj, std::string_view key) {
  std::optional<element> found;
  for (simdjson::dom::key_value_pair field : obj) {
    if (field.key == key) found = field.value;
  }
  return found;
}

// `root` is an object.
std::optional<element> Lookup(element root, std::string_view path) {
  if (std::optional<element> whole = FindLast(object(root), path)) return whole;
  element cur = root;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t dot = path.find('.', start);
    const std::string_view key =
        path.substr(start, dot == std::string_view::npos ? path.npos : dot - start);
    if (cur.type() != element_type::OBJECT) return std::nullopt;
    std::optional<element> next = FindLast(object(cur), key);
    if (!next) return std::nullopt;
    cur = *next;
    if (dot == std::string_view::npos) return cur;
    start = dot + 1;
  }
  return std::nullopt;
}

// AsText of the reference; false when only the reference gives the same text (a float: its text
// is nlohmann's number formatting).
bool AsText(element v, std::string* out) {
  out->clear();
  switch (v.type()) {
    case element_type::STRING:
      out->assign(std::string_view(v));
      return true;
    // The reference reads every integer as a long long (an unsigned one above 2^63 wraps).
    case element_type::INT64:
      *out = std::to_string(static_cast<long long>(int64_t(v)));
      return true;
    case element_type::UINT64:
      *out = std::to_string(static_cast<long long>(uint64_t(v)));
      return true;
    case element_type::DOUBLE:
      return false;
    case element_type::ARRAY: {
      std::string t;
      for (element e : simdjson::dom::array(v)) {
        if (!AsText(e, &t)) return false;
        if (t.empty()) continue;
        if (!out->empty()) out->push_back('\n');
        out->append(t);
      }
      return true;
    }
    case element_type::OBJECT:
      if (std::optional<element> name = FindLast(object(v), "name")) return AsText(*name, out);
      return true;
    case element_type::BOOL:
    case element_type::NULL_VALUE:
      return true;
  }
  return false;
}

bool First(element root, const std::vector<std::string>& keys, std::string* out) {
  for (const std::string& k : keys) {
    if (std::optional<element> v = Lookup(root, k)) {
      if (!AsText(*v, out)) return false;
      if (!out->empty()) return true;
    }
  }
  out->clear();
  return true;
}

// nullopt: read it with the reference.
std::optional<Result<JsonFields>> ReadFast(std::string_view text, const FieldMap& f) {
  // One parser per thread, reused (its buffers grow to the largest line); a line over 1 MiB gets
  // a parser of its own, freed after, so that one huge line does not pin its buffers.
  constexpr size_t kReusedParserBytes = 1 << 20;
  thread_local simdjson::dom::parser reused;
  std::unique_ptr<simdjson::dom::parser> own;
  simdjson::dom::parser* parser = &reused;
  if (text.size() > kReusedParserBytes) {
    own = std::make_unique<simdjson::dom::parser>();
    parser = own.get();
  }
  element root;
  if (parser->parse(text.data(), text.size(), /*realloc_if_needed=*/true).get(root)) {
    return std::nullopt;  // the reference says why (or accepts what simdjson does not)
  }
  if (root.type() != element_type::OBJECT) {
    return Result<JsonFields>(Status::InvalidArgument("JSON value is not an object"));
  }
  JsonFields out;
  for (const auto& [field, keys] : Targets(&out, f)) {
    if (!First(root, *keys, field)) return std::nullopt;
  }
  return Result<JsonFields>(std::move(out));
}

}  // namespace

Result<JsonFields> ReadJsonFieldsReference(std::string_view text, const FieldMap& f) {
  json obj = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded()) return Status::InvalidArgument("malformed JSON");
  if (!obj.is_object()) return Status::InvalidArgument("JSON value is not an object");
  JsonFields out;
  for (const auto& [field, keys] : Targets(&out, f)) *field = First(obj, *keys);
  return out;
}

Result<JsonFields> ReadJsonFields(std::string_view text, const FieldMap& f) {
  if (std::optional<Result<JsonFields>> fast = ReadFast(text, f)) return std::move(*fast);
  return ReadJsonFieldsReference(text, f);
}

}  // namespace khabar::pipeline

// The mapped fields of one JSON Lines object (MapJsonRecord's input), read with simdjson.
//
//   Result<JsonFields> f = ReadJsonFields(line, FieldMap::Default());
//   if (f.ok()) use(f->title, f->text, ...);
//
// ReadJsonFields gives exactly what ReadJsonFieldsReference gives (nlohmann-json's DOM, the
// original mapping) for every input: the same errors for the same lines, the same text for every
// field. simdjson (its DOM: the whole line validated, UTF-8 included) reads the common case, an
// object whose mapped values are strings, arrays and objects of strings, or integers, about 10x
// faster; anything it rejects or the fast path does not reproduce byte for byte (a float, whose
// text is nlohmann's number formatting; a parse error, whose verdict is nlohmann's) is read again
// by the reference. Duplicate keys: the last one wins, as in nlohmann's objects.
//
// Thread-safe (one simdjson parser per thread, reused). Cost: ~1 GB/s plus the copies of the field
// values.
#pragma once

#include <string>
#include <string_view>

#include "khabar/pipeline.h"
#include "khabar/status.h"

namespace khabar::pipeline {

// The text of each target of a FieldMap: the first of its keys whose value gives a non-empty text
// (a string; an integer's or float's JSON text; an array's non-empty element texts joined by "\n";
// an object's "name"), else empty. Not trimmed.
struct JsonFields {
  std::string url, site, fetched, title, text, date, modified, author, caption;
  bool operator==(const JsonFields&) const = default;
};

// kInvalidArgument "malformed JSON" or "JSON value is not an object".
Result<JsonFields> ReadJsonFields(std::string_view json, const FieldMap& fields);

// The same with nlohmann-json (the reference: tests and benchmarks compare the two).
Result<JsonFields> ReadJsonFieldsReference(std::string_view json, const FieldMap& fields);

}  // namespace khabar::pipeline

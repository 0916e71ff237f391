// The JSON API of `khabar serve` (internal): /api/... requests to JSON responses, specified in
// docs/api.md. Independent of the HTTP library, so every endpoint is testable as a function.
//
// Thread-safety: HandleApi uses only `corpus`, which the caller owns for the duration of the call
// (a store::Corpus is used by one thread at a time).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "khabar/store.h"

namespace khabar::server {

// Query parameters, percent-decoded, in request order per name (httplib::Params has this type).
using Params = std::multimap<std::string, std::string>;

struct ApiResponse {
  int status = 200;
  nlohmann::json body;  // the response document; {"error": {...}} when status >= 400
  // When not empty: the response document already written out (search answers, written without
  // a DOM: exactly what body.dump() would give), and `body` is unused.
  std::string text;
};

// The response document as sent: `text`, or `body` dumped (compact; invalid UTF-8 replaced).
std::string ResponseText(const ApiResponse& r);

// An error response: {"error": {"status": status, "message": message}}.
ApiResponse ApiError(int status, std::string_view message);

// Answers GET `path` (percent-decoded, starting with /api) with `params`. Bad parameters, unknown
// parameters and malformed ids give 400; a missing article / story / unknown route 404; storage
// failures 500 with a generic message (the details go to stderr, never to the client).
ApiResponse HandleApi(std::string_view path, const Params& params, const store::Corpus& corpus);

// `path` without trailing slashes (as HandleApi routes it): "/api/search/" is "/api/search".
std::string_view CanonicalApiPath(std::string_view path);

// GET /api/search in three steps, for the server's result cache (HandleApi chains them):
// the validated query, or the 400 answer;
std::variant<store::SearchQuery, ApiResponse> ParseSearch(const Params& params);
// the query's cache key: every field of the parsed query, in a canonical, unambiguous form
// (parameter order, defaults written out or not, and percent-encoding do not matter; each value
// does, byte for byte, as does the order of the `source` and `entity` lists, which the answer
// echoes);
std::string SearchCacheKey(const store::SearchQuery& q);
// and the answer.
ApiResponse SearchAnswer(const store::SearchQuery& q, const store::Corpus& corpus);

}  // namespace khabar::server

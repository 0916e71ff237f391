// Safe static file serving for the web UI (internal). Pure path logic plus one file read;
// thread-safe.
//
// A request path (already percent-decoded) is mapped to a file under the web root only when it is a
// plain relative path: no NUL or other control character, no backslash, no `..` segment, no hidden
// segment (starting with `.`). The resolved file must still lie inside the root after symbolic
// links are followed. Single-page-app routes (a path whose last segment has no extension) that
// match no file get index.html.
#pragma once

#include <string>
#include <string_view>

#include "khabar/status.h"

namespace khabar::server {

// Normalizes a decoded URL path ("/a//b/./c") into a relative path ("a/b/c"; "" for the root).
// kInvalidArgument for NUL / control characters, backslashes, `..` segments and hidden segments.
Result<std::string> SafeRelativePath(std::string_view decoded_path);

// The Content-Type for a file name, by extension (application/octet-stream when unknown).
std::string_view MimeTypeFor(std::string_view file_name);

// True when the relative path names a content-hashed build asset (Vite puts them under assets/):
// such files never change and may be cached for a year.
bool IsImmutableAsset(std::string_view relative_path);

// True when the last segment of `relative_path` has no extension (a client-side route).
bool LooksLikeRoute(std::string_view relative_path);

struct StaticFile {
  int status = 404;          // 200, 400 or 404
  std::string body;          // the file's bytes (200)
  std::string content_type;  // MimeTypeFor the file
  std::string cache_control;
};

// Serves `decoded_path` from `root` (an absolute, symlink-free directory path as from realpath).
// Files larger than 64 MiB are refused (404). The index.html fallback applies to routes.
StaticFile ServeStatic(const std::string& root, std::string_view decoded_path);

// The page served at `/` when there is no web UI directory.
std::string NoUiPage();

}  // namespace khabar::server

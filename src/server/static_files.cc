#include "server/static_files.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace khabar::server {
namespace {

constexpr off_t kMaxFileBytes = 64 << 20;

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view LastSegment(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The real path of `path` when it is a regular file inside `root`; "" otherwise.
std::string ResolveInside(const std::string& root, const std::string& relative) {
  const std::string candidate = relative.empty() ? root : root + "/" + relative;
  char resolved[PATH_MAX];
  if (realpath(candidate.c_str(), resolved) == nullptr) return "";
  const std::string real(resolved);
  if (real.size() <= root.size() || real.compare(0, root.size(), root) != 0 ||
      real[root.size()] != '/') {
    return "";
  }
  struct stat st;
  if (stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxFileBytes) return "";
  return real;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

Result<std::string> SafeRelativePath(std::string_view path) {
  std::string out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(pos, end - pos);
    pos = end + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") return Status::InvalidArgument("path has a '..' segment");
    if (segment[0] == '.') return Status::NotFound("hidden file");
    for (char c : segment) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7F) return Status::InvalidArgument("path has a control character");
      if (c == '\\') return Status::InvalidArgument("path has a backslash");
    }
    if (!out.empty()) out += '/';
    out.append(segment);
  }
  return out;
}

std::string_view MimeTypeFor(std::string_view file_name) {
  const std::string_view name = LastSegment(file_name);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  const std::string ext = ToLower(name.substr(dot + 1));
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json; charset=utf-8"},
      {"map", "application/json; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"xml", "application/xml"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"wasm", "application/wasm"},
  };
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

bool IsImmutableAsset(std::string_view relative_path) {
  return relative_path.starts_with("assets/") && !LooksLikeRoute(relative_path);
}

bool LooksLikeRoute(std::string_view relative_path) {
  return LastSegment(relative_path).find('.') == std::string_view::npos;
}

StaticFile ServeStatic(const std::string& root, std::string_view decoded_path) {
  StaticFile out;
  Result<std::string> relative = SafeRelativePath(decoded_path);
  if (!relative.ok()) {
    out.status = relative.status().code() == Status::Code::kInvalidArgument ? 400 : 404;
    return out;
  }
  std::string rel = *relative;
  std::string file = ResolveInside(root, rel.empty() ? "index.html" : rel);
  if (file.empty() && !rel.empty() && LooksLikeRoute(rel)) {
    rel = "index.html";  // a client-side route of the single-page app
    file = ResolveInside(root, rel);
  }
  if (file.empty() || !ReadFile(file, &out.body)) {
    out.body.clear();
    return out;
  }
  out.status = 200;
  out.content_type = std::string(MimeTypeFor(file));
  out.cache_control = IsImmutableAsset(rel) ? "public, max-age=31536000, immutable" : "no-cache";
  return out;
}

std::string NoUiPage() {
  return R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>khabar</title></head>
<body>
<h1>khabar</h1>
<p>The web UI is not built (no <code>web</code> directory next to the khabar executable, and no
<code>--web DIR</code> given).</p>
<p>The JSON API is at <a href="/api/health"><code>/api</code></a>: see docs/api.md.</p>
</body></html>
)";
}

}  // namespace khabar::server

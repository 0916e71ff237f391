// `khabar serve`: a read-only HTTP API over a corpus (docs/api.md, docs/openapi.yaml) that also
// hosts the web UI's static files.
//
//   khabar::server::ServerOptions options;
//   options.db = "corpus.db";
//   options.port = 0;  // any free port (tests)
//   auto server = khabar::server::Server::Start(options);
//   if (!server.ok()) { ... }
//   int port = (*server)->port();   // e.g. GET http://127.0.0.1:<port>/api/health
//   ...
//   (*server)->Stop();              // or let the destructor do it
//
// Or, for the command line: khabar::server::Serve(options) runs until SIGINT or SIGTERM.
//
// The corpus is opened read-only (store::OpenOptions::read_only), once per worker thread at most: a
// store::Corpus is one SQLite connection used by one thread at a time, so the server keeps a small
// pool of them, never more than `threads`, opened and warmed (store::Corpus::WarmUp) before the
// server listens (up to 32; more are opened when first needed; docs/api.md, "Start-up"). The
// number of worker threads is fixed; a connection (with its keep-alive requests) occupies one
// worker while it is served.
//
// Bounds: a request (request line + headers + body) larger than max_request_bytes gets 413, a
// request line longer than 8 KiB gets 414; socket reads and writes time out after
// request_timeout_ms; every API parameter is validated (400 with a JSON error, never a stack of
// SQL). A request's database work is bounded by the store's own limits (query size, row limits)
// and by query_timeout_ms (503 past it). Static files are served only from
// inside web_dir (no path traversal: `..`, encoded
// `%2e%2e`, absolute paths, NUL, symbolic links out of the directory all get 400 or 404).
//
// Search answers are kept in a bounded result cache (ServerOptions::cache_bytes), keyed by the
// parsed query, filters and paging, and dropped whenever `PRAGMA data_version` says another
// connection (an ingest) committed.
//
// Thread-safety: Start/Stop/port may be called from any thread; Stop is idempotent.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "khabar/status.h"

namespace khabar::server {

struct ServerOptions {
  std::string db;                  // corpus made by `khabar ingest` (required)
  std::string host = "127.0.0.1";  // loopback by default; "0.0.0.0" to listen on every interface
  int port = 8080;                 // 0: any free port (see Server::port())
  // Directory of the built web UI (index.html + assets). "": none, and `/` says the UI is not
  // built. A directory that does not exist is an error at Start.
  std::string web_dir;
  int threads = 8;                       // worker threads, 1..256
  size_t max_request_bytes = 64 * 1024;  // request line + headers + body
  int request_timeout_ms = 10000;        // socket read / write timeout
  int query_timeout_ms = 3000;           // database work of one request (503 when exceeded)
  int keep_alive_seconds = 5;            // idle keep-alive connections are closed after this
  bool access_log = false;               // one line per request on stderr
  // Result cache of /api/search answers (docs/api.md, "Result cache"): at most this many bytes
  // (keys, bodies and per-entry overhead), least recently used dropped first; every entry is
  // dropped when the corpus changes. 0 disables it.
  size_t cache_bytes = size_t{64} << 20;
};

// The `web` directory next to the running executable when it exists, else "" (the default of
// `khabar serve --web`).
std::string DefaultWebDir();

class Server {
 public:
  // Checks the options, opens the corpus (so a bad --db fails here, not on the first request) once
  // per worker thread (at most 32) and warms each connection (store::Corpus::WarmUp, ~0.3 s per
  // connection on 100,000 articles, on every core at once; the time taken goes to stderr), binds
  // host:port and starts serving on background threads. Errors: kInvalidArgument (bad options),
  // kIoError (cannot bind), the corpus' errors (kIoError, kCorrupt, kUnsupported).
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options);
  ~Server();  // Stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;  // the bound port (useful with options.port = 0)
  // Stops accepting, lets the requests in flight finish, joins the threads. Idempotent.
  void Stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Starts a server and blocks until SIGINT or SIGTERM, then stops it. `on_ready` (optional) is
// called with the bound port once the server accepts connections.
Status Serve(const ServerOptions& options, const std::function<void(int port)>& on_ready = {});

}  // namespace khabar::server

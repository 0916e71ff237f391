#include "khabar/server.h"

#include <httplib.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>
#include <vector>

#include "base/utf8.h"
#include "khabar/store.h"
#include "server/api.h"
#include "server/result_cache.h"
#include "server/static_files.h"

namespace khabar::server {
namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";

// Debian's cpp-httplib compresses every set_content body with brotli at its slowest setting when
// the client accepts br (every browser does): 6 s for the UI's 600 KB chart bundle, milliseconds
// for each JSON answer. A body given through a sized content provider is sent as it is.
void SetBody(httplib::Response& res, std::shared_ptr<const std::string> shared,
             const std::string& content_type) {
  if (shared == nullptr || shared->empty()) {
    res.set_content("", content_type);
    return;
  }
  res.set_content_provider(shared->size(), content_type,
                           [shared](size_t offset, size_t length, httplib::DataSink& sink) {
                             if (offset >= shared->size()) return true;
                             return sink.write(shared->data() + offset,
                                               std::min(length, shared->size() - offset));
                           });
}

void SetBody(httplib::Response& res, std::string body, const std::string& content_type) {
  SetBody(res, std::make_shared<const std::string>(std::move(body)), content_type);
}

void SetJson(httplib::Response& res, int status, std::shared_ptr<const std::string> body) {
  res.status = status;
  SetBody(res, std::move(body), kJsonType);
  res.set_header("Cache-Control", "no-store");
}

void SetJson(httplib::Response& res, const ApiResponse& r) {
  SetJson(res, r.status, std::make_shared<const std::string>(ResponseText(r)));
}

store::OpenOptions ReadOnly() {
  store::OpenOptions options;
  options.read_only = true;
  return options;
}

// At most this many connections are opened and warmed at start-up (each costs ~0.25 s on 100,000
// articles); a server with more worker threads opens the others when first needed.
constexpr size_t kMaxWarmConnections = 32;

// Read-only corpus connections, at most one per worker thread in use: a store::Corpus serves one
// thread at a time, so a request borrows one and gives it back.
class CorpusPool {
 public:
  CorpusPool(std::string db, std::unique_ptr<store::Corpus> first) : db_(std::move(db)) {
    free_.push_back(std::move(first));
  }

  Result<std::unique_ptr<store::Corpus>> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        std::unique_ptr<store::Corpus> c = std::move(free_.back());
        free_.pop_back();
        return c;
      }
    }
    return store::Corpus::Open(db_, ReadOnly());
  }
  void Release(std::unique_ptr<store::Corpus> c) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(c));
  }
  // Opens connections until the pool holds `n` and warms each (store::Corpus::WarmUp), before the
  // server listens: a connection's first searches otherwise pay, during the first user requests,
  // for reading the schema, preparing the search statements, faulting in the pages they read
  // through its own memory map (each connection maps the file itself) and loading its caches of
  // story ids and document sizes. Those caches stay valid only while the corpus is unchanged: a
  // concurrent ingest empties them as before. ~0.25 s per connection on 100,000 articles.
  // Errors: the corpus cannot be opened or read.
  Status OpenAndWarm(size_t n) {
    std::lock_guard<std::mutex> lock(mu_);
    while (free_.size() < n) {
      Result<std::unique_ptr<store::Corpus>> c = store::Corpus::Open(db_, ReadOnly());
      if (!c.ok()) return c.status();
      free_.push_back(*std::move(c));
    }
    // Connections are independent: warm them on every core at once.
    std::atomic<size_t> next{0};
    std::vector<Status> errors(free_.size());
    auto warm = [&] {
      for (size_t i; (i = next.fetch_add(1)) < free_.size();) errors[i] = free_[i]->WarmUp();
    };
    std::vector<std::thread> threads;
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    for (size_t t = 1; t < std::min(cores, free_.size()); ++t) threads.emplace_back(warm);
    warm();
    for (std::thread& t : threads) t.join();
    for (const Status& e : errors) KHABAR_RETURN_IF_ERROR(e);
    return Status::Ok();
  }

 private:
  const std::string db_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::Corpus>> free_;
};

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

size_t RequestBytes(const httplib::Request& req) {
  size_t n = req.method.size() + req.target.size() + req.version.size() + 4;
  for (const auto& [name, value] : req.headers) n += name.size() + value.size() + 4;
  const std::string length = req.get_header_value("Content-Length");
  if (!length.empty()) {
    char* end = nullptr;
    const unsigned long long body = std::strtoull(length.c_str(), &end, 10);
    n += (end != nullptr && *end == '\0')
             ? static_cast<size_t>(std::min<unsigned long long>(body, SIZE_MAX / 2))
             : SIZE_MAX / 2;
  }
  if (req.has_header("Transfer-Encoding")) n += req.body.size();
  return n;
}

// Reason phrases of the errors httplib produces on its own.
std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 408:
      return "request timeout";
    case 413:
      return "request too large";
    case 414:
      return "request URI too long";
    case 416:
      return "range not satisfiable";
    case 431:
      return "request header fields too large";
    case 500:
      return "internal error";
    case 503:
      return "service unavailable";
    default:
      return "error";
  }
}

std::string_view PathPart(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

std::string DefaultWebDir() {
  char exe[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0) return "";
  std::string dir(exe, static_cast<size_t>(n));
  dir.resize(dir.rfind('/') + 1);
  dir += "web";
  return IsDirectory(dir) ? dir : "";
}

struct Server::Impl {
  ServerOptions options;
  std::string web_root;  // realpath of options.web_dir, "" when none
  std::unique_ptr<CorpusPool> pool;
  std::unique_ptr<ResultCache> cache;  // search answers (docs/api.md, "Result cache")
  DataVersionWatch watch;              // when the corpus changed; opened when the cache is on
  httplib::Server http;
  std::thread listener;
  int port = 0;
  std::once_flag stopped;

  void Handle(const httplib::Request& req, httplib::Response& res);
  void HandleApiRequest(const httplib::Request& req, httplib::Response& res);
  // /api/search through the result cache.
  void HandleCachedSearch(const httplib::Request& req, httplib::Response& res);
  // Runs `run` on a pooled connection under the query deadline; a 503 when none can be opened.
  ApiResponse OnCorpus(const std::function<ApiResponse(store::Corpus&)>& run);
  void HandleStatic(const httplib::Request& req, httplib::Response& res);
};

void Server::Impl::Handle(const httplib::Request& req, httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  if (RequestBytes(req) > options.max_request_bytes) {
    SetJson(res, ApiError(413, "request larger than " + std::to_string(options.max_request_bytes) +
                                   " bytes"));
    res.set_header("Connection", "close");
    return;
  }
  if (req.method == "OPTIONS") {
    res.status = 204;
    res.set_header("Allow", "GET, HEAD, OPTIONS");
    return;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    SetJson(res, ApiError(405, "method not allowed: the API is read-only (GET)"));
    res.set_header("Allow", "GET, HEAD, OPTIONS");
    res.set_header("Connection", "close");  // the body, if any, was not read
    return;
  }
  const std::string_view raw_path = PathPart(req.target);
  if (raw_path == "/api" || raw_path.starts_with("/api/")) {
    HandleApiRequest(req, res);
  } else {
    HandleStatic(req, res);
  }
}

void Server::Impl::HandleApiRequest(const httplib::Request& req, httplib::Response& res) {
  if (!utf8::IsValid(req.path) || req.path.find('\0') != std::string::npos) {
    SetJson(res, ApiError(400, "the path is not valid UTF-8"));
    return;
  }
  for (const auto& [name, value] : req.params) {
    if (!utf8::IsValid(name)) {
      SetJson(res, ApiError(400, "a parameter name is not valid UTF-8"));
      return;
    }
  }
  if (cache->enabled() && CanonicalApiPath(req.path) == "/api/search") {
    HandleCachedSearch(req, res);
    return;
  }
  SetJson(res,
          OnCorpus([&](store::Corpus& corpus) { return HandleApi(req.path, req.params, corpus); }));
}

ApiResponse Server::Impl::OnCorpus(const std::function<ApiResponse(store::Corpus&)>& run) {
  Result<std::unique_ptr<store::Corpus>> corpus = pool->Acquire();
  if (!corpus.ok()) {
    std::cerr << "khabar serve: opening the corpus: " << corpus.status().ToString() << "\n";
    return ApiError(503, "the corpus cannot be opened");
  }
  (*corpus)->SetDeadline(std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(options.query_timeout_ms));
  ApiResponse r = run(**corpus);
  (*corpus)->ClearDeadline();
  pool->Release(*std::move(corpus));
  return r;
}

void Server::Impl::HandleCachedSearch(const httplib::Request& req, httplib::Response& res) {
  std::variant<store::SearchQuery, ApiResponse> parsed = ParseSearch(req.params);
  if (const ApiResponse* error = std::get_if<ApiResponse>(&parsed)) {
    SetJson(res, *error);
    return;
  }
  const store::SearchQuery& query = std::get<store::SearchQuery>(parsed);
  const std::string key = SearchCacheKey(query);
  // Read before the search's own snapshot: an answer is never older than its version.
  Result<uint64_t> version = watch.Read();
  if (!version.ok()) {
    std::cerr << "khabar serve: result cache bypassed: " << version.status().ToString() << "\n";
  } else if (std::optional<ResultCache::Entry> hit = cache->Get(key, *version)) {
    SetJson(res, hit->status, std::move(hit->body));
    res.set_header("X-Khabar-Cache", "hit");
    return;
  }
  ApiResponse r = OnCorpus([&](store::Corpus& corpus) { return SearchAnswer(query, corpus); });
  auto body = std::make_shared<const std::string>(ResponseText(r));
  // Only answers: errors (a storage failure, a timeout under load) are not worth keeping.
  if (r.status == 200 && version.ok()) cache->Put(key, *version, {r.status, body});
  SetJson(res, r.status, std::move(body));
  res.set_header("X-Khabar-Cache", "miss");
}

void Server::Impl::HandleStatic(const httplib::Request& req, httplib::Response& res) {
  const std::string_view raw_path = PathPart(req.target);
  // Refuse what a normalizing client would never send: encoded dots, slashes, backslashes and NUL
  // (the decoded path is checked again segment by segment).
  std::string lower(raw_path);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!raw_path.starts_with("/") || lower.find("%2e") != std::string::npos ||
      lower.find("%2f") != std::string::npos || lower.find("%5c") != std::string::npos ||
      lower.find("%00") != std::string::npos || req.path.find('\0') != std::string::npos) {
    res.status = 400;
    res.set_content("bad path\n", "text/plain; charset=utf-8");
    return;
  }
  if (web_root.empty()) {
    if (req.path == "/" || req.path == "/index.html") {
      res.status = 200;
      res.set_content(NoUiPage(), "text/html; charset=utf-8");
      res.set_header("Cache-Control", "no-cache");
    } else {
      res.status = 404;
      res.set_content("not found (the web UI is not built)\n", "text/plain; charset=utf-8");
    }
    return;
  }
  StaticFile file = ServeStatic(web_root, req.path);
  res.status = file.status;
  if (file.status != 200) {
    res.set_content(file.status == 400 ? "bad path\n" : "not found\n", "text/plain; charset=utf-8");
    return;
  }
  res.set_header("Cache-Control", file.cache_control);
  SetBody(res, std::move(file.body), file.content_type);
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  if (options.db.empty()) return Status::InvalidArgument("no corpus database given (--db)");
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("port must be from 0 to 65535");
  }
  if (options.threads < 1 || options.threads > 256) {
    return Status::InvalidArgument("threads must be from 1 to 256");
  }
  if (options.max_request_bytes < 1024) {
    return Status::InvalidArgument("max request size must be at least 1024 bytes");
  }
  if (options.request_timeout_ms < 1 || options.keep_alive_seconds < 1 ||
      options.query_timeout_ms < 1) {
    return Status::InvalidArgument("timeouts must be positive");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (!options.web_dir.empty()) {
    char real[PATH_MAX];
    if (realpath(options.web_dir.c_str(), real) == nullptr || !IsDirectory(real)) {
      return Status::InvalidArgument("web UI directory not found: " + options.web_dir);
    }
    impl->web_root = real;
    if (impl->web_root == "/") return Status::InvalidArgument("refusing to serve / as the web UI");
  }
  Result<std::unique_ptr<store::Corpus>> corpus = store::Corpus::Open(options.db, ReadOnly());
  if (!corpus.ok()) return corpus.status();
  impl->pool = std::make_unique<CorpusPool>(options.db, *std::move(corpus));
  {
    const auto start = std::chrono::steady_clock::now();
    const size_t warm = std::min(static_cast<size_t>(options.threads), kMaxWarmConnections);
    KHABAR_RETURN_IF_ERROR(impl->pool->OpenAndWarm(warm));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::cerr << "khabar serve: " << warm << " corpus connections opened and warmed in " << ms
              << " ms\n";
  }
  impl->cache = std::make_unique<ResultCache>(options.cache_bytes);
  if (impl->cache->enabled()) KHABAR_RETURN_IF_ERROR(impl->watch.Open(options.db));

  httplib::Server& http = impl->http;
  const size_t threads = static_cast<size_t>(options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  const time_t sec = options.request_timeout_ms / 1000;
  const time_t usec = (options.request_timeout_ms % 1000) * 1000;
  http.set_read_timeout(sec, usec);
  http.set_write_timeout(sec, usec);
  http.set_keep_alive_timeout(options.keep_alive_seconds);
  http.set_keep_alive_max_count(1000);
  http.set_payload_max_length(options.max_request_bytes);
  // httplib's default also sets SO_REUSEPORT, which would let a second server bind the same port
  // and silently share its connections: only SO_REUSEADDR here.
  // TCP_NODELAY (inherited by the accepted sockets): httplib writes the headers and the body of
  // an answer separately, and with Nagle's algorithm the body then waits for the client's delayed
  // ACK of the headers: 40 ms added to every keep-alive answer.
  http.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
  });
  Impl* self = impl.get();
  // Every request is answered here, before httplib's regex routing and before any body is read.
  http.set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
    self->Handle(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // Errors httplib answers itself (malformed request line, URI too long, payload too large) in the
  // API's JSON shape.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        // An answer of ours has a Content-Type (its body may be a content provider, which leaves
        // res.body empty): keep it, with its message. httplib's own errors have neither.
        if (!res.body.empty() || res.has_header("Content-Type")) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        SetJson(res, ApiError(res.status, ReasonPhrase(res.status)));
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          std::cerr << "khabar serve: internal error: " << e.what() << "\n";
        } catch (...) {
          std::cerr << "khabar serve: internal error\n";
        }
        SetJson(res, ApiError(500, "internal error"));
      });
  if (options.access_log) {
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::cerr << req.remote_addr << " " << req.method << " "
                << utf8::Repair(req.target.substr(0, 512)) << " " << res.status << " "
                << res.body.size() << "\n";
    });
  }

  if (options.port == 0) {
    impl->port = http.bind_to_any_port(options.host);
    if (impl->port <= 0) return Status::IoError("cannot listen on " + options.host);
  } else {
    if (!http.bind_to_port(options.host, options.port)) {
      return Status::IoError("cannot listen on " + options.host + ":" +
                             std::to_string(options.port) + " (in use, or not an address here)");
    }
    impl->port = options.port;
  }
  impl->listener = std::thread([self] { self->http.listen_after_bind(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!http.is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      http.stop();
      impl->listener.detach();
      return Status::Internal("the HTTP server did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }
int Server::port() const { return impl_->port; }

void Server::Stop() {
  std::call_once(impl_->stopped, [this] {
    impl_->http.stop();
    if (impl_->listener.joinable()) impl_->listener.join();
  });
}

Status Serve(const ServerOptions& options, const std::function<void(int port)>& on_ready) {
  // Block the stop signals in every thread (the server's threads inherit the mask) and wait for
  // them here.
  sigset_t stop_signals, previous;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
  Result<std::unique_ptr<Server>> server = Server::Start(options);
  if (!server.ok()) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return server.status();
  }
  if (on_ready) on_ready((*server)->port());
  int signal = 0;
  sigwait(&stop_signals, &signal);
  (*server)->Stop();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return Status::Ok();
}

}  // namespace khabar::server

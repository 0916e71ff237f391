// `khabar serve --db corpus.db`: the HTTP API over a corpus (docs/api.md) and the web UI's host.
#include <iostream>

#include "cli/command.h"
#include "khabar/server.h"

namespace khabar::cli {
namespace {

struct ServeOptions {
  server::ServerOptions server;
  std::string web;  // "" = the default (a `web` directory next to the executable)
  bool no_web = false;
  size_t cache_mb = 64;  // ServerOptions::cache_bytes in MiB
};

int RunServe(ServeOptions o) {
  o.server.cache_bytes = o.cache_mb << 20;
  if (o.no_web) {
    o.server.web_dir.clear();
  } else {
    o.server.web_dir = o.web.empty() ? server::DefaultWebDir() : o.web;
  }
  if (o.server.host != "127.0.0.1" && o.server.host != "localhost" && o.server.host != "::1") {
    std::cerr << "khabar serve: warning: listening on " << o.server.host
              << ", not only on loopback: anyone who can reach it can read the corpus\n";
  }
  const Status status = server::Serve(o.server, [&](int port) {
    std::cerr << "khabar serve: http://" << o.server.host << ":" << port << "/ (API at /api, "
              << (o.server.web_dir.empty() ? "web UI not built" : "web UI from " + o.server.web_dir)
              << "); Ctrl-C stops\n";
  });
  if (!status.ok()) {
    std::cerr << "khabar serve: " << status.message() << "\n";
    return status.code() == Status::Code::kInvalidArgument ? 2 : 1;
  }
  std::cerr << "khabar serve: stopped\n";
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the JSON API over a corpus (read-only) and the web UI (docs/api.md)");
  cmd->add_option("--db", o->server.db, "Corpus database made by khabar ingest")->required();
  cmd->add_option("--host", o->server.host, "Address to listen on (loopback by default)")
      ->capture_default_str();
  cmd->add_option("--port", o->server.port, "TCP port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--web", o->web,
                  "Directory of the built web UI (default: a `web` directory next to the khabar "
                  "executable, when it exists)");
  cmd->add_flag("--no-web", o->no_web, "Serve the API only");
  cmd->add_option("--threads", o->server.threads, "Worker threads (each serves one connection)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--max-request-bytes", o->server.max_request_bytes,
                  "Largest request (line + headers + body) accepted; larger gets 413")
      ->capture_default_str();
  cmd->add_option("--timeout-ms", o->server.request_timeout_ms, "Socket read / write timeout")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  cmd->add_option("--query-timeout-ms", o->server.query_timeout_ms,
                  "Longest database work of one request; longer gets 503")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  cmd->add_option("--cache-mb", o->cache_mb,
                  "Search answer cache in MiB (0: off), emptied when the corpus changes")
      ->check(CLI::Range(0, 65536))
      ->capture_default_str();
  cmd->add_flag("--access-log", o->server.access_log, "Log every request to stderr");
  cmd->callback([o, exit_code] { *exit_code = RunServe(*o); });
}

}  // namespace khabar::cli

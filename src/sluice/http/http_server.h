#pragma once
// The HTTP/1.1 server under the sandbox emulators and the Fivetran function protocol, built on
// cpp-httplib (which parses each request and writes each answer): keep-alive, Content-Length and
// chunked bodies, gzip when the client accepts it, optional per-request latency, and the faults a
// sandbox asks for (a delay, a body cut short).
//
// It faces clients it cannot trust. Each open connection is served by one thread of a bounded
// pool (ConnectionPool: the longest-idle connection makes room at the bound); a request's head
// passes RequestHeadGuard's bounds before cpp-httplib reads it (414, 431, 400 for bad framing,
// 413 from Content-Length before the body is read); a body is bounded while it is read (413, and
// 503 when unfinished bodies together pass a bound); a request must arrive whole within a timeout
// (408) and an idle connection is closed after one.
//
// Anything that answers HTTP with a function from ServerRequest to ServerResponse can use it;
// code that wants cpp-httplib's own routing (a page with many paths) can use httplib::Server
// directly. This header does not include cpp-httplib.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sluice/http/request_head_guard.h"
#include "sluice/http/server_request.h"
#include "sluice/http/server_response.h"

namespace sluice {

using Handler = std::function<ServerResponse(const ServerRequest&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  int latency_ms = 0;
  bool gzip = true;  // when the client accepts it and the body is over 1 KB
  RequestLimits limits;
  // Each open connection holds a thread; beyond this many the longest-idle one is closed, and when
  // none is idle the newcomer waits (at most `max_queued` of them) or is answered 503.
  size_t max_connections = 512;
  size_t max_queued = 512;
  // Unfinished request bodies together hold at most this much; the one that would pass it gets 503.
  size_t max_buffered_bytes = 64 << 20;
  int request_timeout_ms = 30000;  // from a request's first byte to its last (then 408)
  int idle_timeout_ms = 120000;    // an idle keep-alive connection is closed after this
  int send_timeout_ms = 30000;     // a client that stops reading its answer is dropped
};

class HttpServer {
 public:
  // Listens at once; a port that cannot be had is an Error (kUsage) naming it.
  HttpServer(Handler handler, ServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;
  std::string base_url() const;
  void stop();
  int64_t requests() const;
  size_t open_connections() const;
  size_t worker_threads() const;

  // Serves a connected socket on the calling thread until it closes, as if it had been accepted,
  // and closes it (the fuzz target drives the server through a socket pair this way).
  void serve_connection(int fd);

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice

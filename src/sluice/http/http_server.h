#pragma once
// A small HTTP/1.1 server (sandbox emulators, the Fivetran function protocol): keep-alive,
// Content-Length and chunked bodies, optional gzip, optional per-request latency.
//
// It faces clients it cannot trust: one thread polls every connection and assembles requests
// under the bounds of RequestLimits (an idle or half-sent connection costs a buffer, not a
// thread); whole requests go to a bounded pool of worker threads that run the handler. The open
// connections are bounded too (the longest-idle one makes room), and a request must arrive whole
// within a timeout.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sluice/http/request_parser.h"
#include "sluice/http/server_response.h"

namespace sluice {

using Handler = std::function<ServerResponse(const ServerRequest&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  int latency_ms = 0;
  bool gzip = true;  // when the client accepts it
  RequestLimits limits;
  size_t max_connections = 1024;  // beyond: the longest-idle connection is closed
  size_t max_workers = 64;        // threads running the handler, started as needed
  // Unfinished requests together hold at most this much; the one that would pass it gets 503.
  size_t max_buffered_bytes = 64 << 20;
  int request_timeout_ms = 30000;  // from a request's first byte to its last (then 408)
  int idle_timeout_ms = 120000;    // an idle keep-alive connection is closed after this
  int send_timeout_ms = 30000;     // a client that stops reading its answer is dropped
};

class HttpServer {
 public:
  HttpServer(Handler handler, ServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  std::string base_url() const;
  void stop();
  int64_t requests() const { return requests_; }
  size_t open_connections() const { return open_connections_; }
  size_t worker_threads() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Connection {
    int fd = -1;
    RequestParser parser;
    bool busy = false;  // its request is with a worker
    // Answered with an error: what the client still sends is read and dropped until it stops
    // or this time passes, so that the answer is not lost to a reset.
    std::optional<Clock::time_point> draining_until;
    size_t drained = 0;
    Clock::time_point last_activity;
    Clock::time_point request_started;
  };
  struct Task {
    uint64_t id;
    int fd;
    ServerRequest request;
  };

  void poll_loop();
  void accept_all();
  void read_from(uint64_t id);
  void advance(uint64_t id, RequestParser::State state);
  void expire_slow();
  void reject(uint64_t id, int status, std::string_view message);
  void take_finished();
  void close_connection(uint64_t id);
  void dispatch(Task task);
  void work_loop();
  bool respond(int fd, const ServerRequest& request);
  void wake();

  Handler handler_;
  ServerOptions options_;
  int listen_fd_ = -1;
  int wake_fds_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> requests_{0};
  std::atomic<size_t> open_connections_{0};
  std::thread poller_;
  // Owned by the poller thread (and by stop() once it has joined).
  std::map<uint64_t, Connection> connections_;
  uint64_t next_id_ = 1;

  mutable std::mutex mutex_;  // guards what follows
  std::condition_variable work_ready_;
  std::deque<Task> tasks_;
  std::vector<std::pair<uint64_t, bool>> finished_;  // connection, keep it open
  std::vector<std::thread> workers_;
  size_t idle_workers_ = 0;
};

}  // namespace sluice

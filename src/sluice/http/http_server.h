#pragma once
// A small HTTP/1.1 server (sandbox emulators, the Fivetran function protocol): keep-alive,
// Content-Length bodies, optional gzip, optional per-request latency. One thread per connection.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sluice/http/request.h"

namespace sluice {

struct ServerRequest {
  std::string method;
  std::string path;
  Params query;    // decoded, in order (repeated names allowed, e.g. form_uuids[])
  Params headers;  // names lower case
  std::string body;

  std::string param(std::string_view name, std::string fallback = {}) const;
  bool has_param(std::string_view name) const;
  const std::string* header(std::string_view lower_name) const;
};

struct ServerResponse {
  int status = 200;
  Params headers;
  std::string body;
  // Faults a sandbox may ask for: wait before answering; send only this many body bytes (the
  // headers promise them all) and drop the connection.
  int64_t delay_ms = 0;
  int64_t cut_after_bytes = -1;
  static ServerResponse json(int status, std::string body);
};

using Handler = std::function<ServerResponse(const ServerRequest&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  int latency_ms = 0;
  bool gzip = true;  // when the client accepts it
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

 private:
  void accept_loop();
  void serve(int fd);

  Handler handler_;
  ServerOptions options_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int64_t> requests_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> workers_;
  std::vector<int> open_fds_;
};

std::string gzip_compress(std::string_view data);

}  // namespace sluice

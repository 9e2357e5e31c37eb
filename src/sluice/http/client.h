#pragma once
// A blocking HTTP client over one libcurl handle, so that consecutive requests to a host reuse
// the connection. Not thread safe: one client per thread.
#include <memory>
#include <string>

#include "sluice/http/request.h"

namespace sluice {

struct ClientOptions {
  long timeout_seconds = 60;
  long connect_timeout_seconds = 15;
  std::string ca_bundle;  // empty: the system's; TLS verification is always on
  std::string user_agent = "sluice/0.1";
};

// A transport failure (no answer at all): DNS, refused connection, timeout, reset mid-body.
struct TransportError {
  std::string message;
  bool timed_out = false;
  bool connect_failed = false;  // DNS or a refused connection: no server answered at all
};

class HttpClient {
 public:
  explicit HttpClient(ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Either a response (any status) or a transport error.
  bool perform(const Request& request, Response& response, TransportError& error);
  const ClientOptions& options() const { return options_; }

 private:
  ClientOptions options_;
  void* curl_;
};

}  // namespace sluice

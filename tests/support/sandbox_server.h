#pragma once
// A sandbox emulator served in the test's own process on a free loopback port.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sluice/sandbox/sandbox.h"

namespace sluice::testing {

class SandboxServer {
 public:
  SandboxServer(const std::string& name, std::map<std::string, std::string> flags,
                int latency_ms = 0);
  ~SandboxServer();
  std::string base_url() const { return server_->base_url(); }
  int64_t requests() const { return server_->requests(); }
  // Requests so far whose path contains `part`, and the queries they carried, in order.
  std::vector<Params> requests_to(const std::string& part) const;
  // The sandbox's own configuration.json for its connector.
  std::string example_config() const { return sandbox_->example_config(base_url()); }
  // A POST to the sandbox's own admin endpoint (e.g. "/__sandbox/responses?count=10").
  std::string admin_post(const std::string& path_and_query);

 private:
  std::unique_ptr<Sandbox> sandbox_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, Params>> log_;  // path and query of every request
  std::unique_ptr<HttpServer> server_;
};

}  // namespace sluice::testing

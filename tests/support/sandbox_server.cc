#include "support/sandbox_server.h"

#include <stdexcept>

#include "sluice/http/client.h"

namespace sluice::testing {

SandboxServer::SandboxServer(const std::string& name, std::map<std::string, std::string> flags,
                             int latency_ms) {
  SandboxOptions options;
  options.values = std::move(flags);
  sandbox_ = make_sandbox(name, options);
  if (!sandbox_) throw std::runtime_error("no sandbox " + name);
  ServerOptions server;
  server.latency_ms = latency_ms;
  Sandbox* raw = sandbox_.get();
  server_ = std::make_unique<HttpServer>(
      [this, raw](const ServerRequest& r) {
        {
          std::lock_guard lock(mutex_);
          log_.emplace_back(r.path, r.query);
        }
        return raw->handle(r);
      },
      server);
}

std::vector<Params> SandboxServer::requests_to(const std::string& part) const {
  std::lock_guard lock(mutex_);
  std::vector<Params> out;
  for (const auto& [path, query] : log_)
    if (path.find(part) != std::string::npos) out.push_back(query);
  return out;
}

SandboxServer::~SandboxServer() {
  server_->stop();
}

std::string SandboxServer::admin_post(const std::string& path_and_query) {
  HttpClient client;
  Request r;
  r.method = "POST";
  r.url = base_url() + path_and_query;
  Response resp;
  TransportError err;
  if (!client.perform(r, resp, err) || resp.status != 200)
    throw std::runtime_error("sandbox admin call failed: " + path_and_query);
  return resp.body;
}

}  // namespace sluice::testing

#pragma once
// `sluice serve grpc`: any Sluice connector as a Fivetran partner-SDK source connector (v2):
// ConfigurationForm from its spec, Test from its check, Schema from its tables, Update streaming
// its operations. Each call gets a connector of its own, so calls may run concurrently.
#include <functional>
#include <string>

namespace sluice::grpc_protocol {

struct GrpcServeOptions {
  std::string connector;
  int port = 50051;
};

// Listens on [::] (IPv6 and, on a dual-stack host, IPv4) or else 0.0.0.0, calls `on_listening`
// with the bound port, and serves until `stop()` returns true.
void serve_grpc(const GrpcServeOptions& options, const std::function<void(int port)>& on_listening,
                const std::function<bool()>& stop);

}  // namespace sluice::grpc_protocol

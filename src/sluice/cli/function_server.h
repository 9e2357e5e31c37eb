#pragma once
// A function connector served over HTTP with the guards a network needs: a shared secret
// (required when listening beyond loopback), a bound on the calls run at once, and a request
// size bound from the handler's own limit. `serve function` and `serve --all` both use it.
#include <memory>
#include <optional>
#include <string>

#include "sluice/cli/args.h"
#include "sluice/http/call_limiter.h"
#include "sluice/protocols/function/function_handler.h"

namespace sluice::cli {

struct FunctionServerFlags {
  std::string host = "127.0.0.1";
  std::optional<std::string> auth_token_file;
  size_t max_calls = CallLimiter::default_max_running();
};

// --host, --auth-token-file and --max-calls, checked: a host beyond loopback needs a token file.
FunctionServerFlags function_server_flags(const Args& args);

class FunctionServer {
 public:
  FunctionServer(const std::string& connector, FunctionOptions options, int port,
                 const FunctionServerFlags& flags);
  std::string base_url() const { return server_->base_url(); }
  void stop() { server_->stop(); }

 private:
  FunctionHandler handler_;
  CallLimiter limiter_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace sluice::cli

#include "sluice/cli/function_server.h"

#include <malloc.h>

#include "sluice/core/error.h"
#include "sluice/http/bearer_auth.h"

namespace sluice::cli {
namespace {

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

FunctionServerFlags function_server_flags(const Args& args) {
  FunctionServerFlags f;
  f.host = args.text("host");
  f.auth_token_file = args.get("auth-token-file");
  f.max_calls = static_cast<size_t>(args.integer("max-calls"));
  if (!is_loopback(f.host) && !f.auth_token_file)
    throw Error(ErrorKind::kUsage,
                "Listening on " + f.host +
                    " reaches beyond this machine: give --auth-token-file <file> holding a shared "
                    "secret that callers send as `Authorization: Bearer <secret>`.");
  return f;
}

FunctionServer::FunctionServer(const std::string& connector, FunctionOptions options, int port,
                               const FunctionServerFlags& flags)
    : handler_(connector, options), limiter_(flags.max_calls, 2 * flags.max_calls) {
  Handler handler = limiter_.wrap([this](const ServerRequest& request) {
    ServerResponse answer = handler_.handle(request);
    // Calls run on whichever worker thread is free, and glibc keeps what a thread freed in that
    // thread's arena: without handing it back, every worker ends up holding a call's worth.
    ::malloc_trim(0);
    return answer;
  });
  // The secret is checked first, so that an unauthenticated call never takes a place in line.
  if (flags.auth_token_file)
    handler = require_bearer(read_token_file(*flags.auth_token_file), std::move(handler));
  ServerOptions so;
  so.host = flags.host;
  so.port = port;
  so.limits.max_body_bytes = options.max_request_bytes;  // 413 before the body is read
  so.max_connections = 512;
  so.max_buffered_bytes = 32 << 20;
  server_ = std::make_unique<HttpServer>(std::move(handler), so);
}

}  // namespace sluice::cli

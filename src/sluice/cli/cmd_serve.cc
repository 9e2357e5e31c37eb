// `sluice serve function --connector <name> --port <p>`: the Fivetran function protocol over HTTP;
// `sluice serve grpc --connector <name> --port <p>`: the partner SDK's source-connector service.
#include <iostream>
#include <thread>

#include "sluice/cli/commands.h"
#include "sluice/cli/context.h"
#include "sluice/cli/function_server.h"
#include "sluice/cli/project.h"
#include "sluice/cli/stop_signal.h"
#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/protocols/grpc/grpc_service.h"

namespace sluice::cli {

int serve_grpc(const Args& args) {
  std::string name = args.text("connector");
  connector_named(name);
  const int port = static_cast<int>(args.integer("port"));
  // The SDK reads logs as JSON lines on stdout.
  set_log_format(LogFormat::kFivetranJson);
  stop_on_signals();
  grpc_protocol::serve_grpc(
      {name, port},
      [&](int bound) {
        log_info("serving " + name + " as a Fivetran partner SDK source connector on port " +
                 std::to_string(bound));
      },
      [] { return stop_requested(); });
  return 0;
}

// `sluice serve --all`: one process serves every connection of the project file that has a
// function_port (HTTP) or a grpc_port.
int serve_all(const Args& args) {
  FunctionServerFlags flags = function_server_flags(args);
  std::vector<ProjectConnection> project = load_project(args.text("project"));
  stop_on_signals();
  std::vector<std::unique_ptr<FunctionServer>> servers;
  std::vector<std::thread> grpc_threads;
  for (const ProjectConnection& p : project) {
    if (p.function_port) {
      servers.push_back(std::make_unique<FunctionServer>(p.connector, FunctionOptions{},
                                                         *p.function_port, flags));
      std::cout << p.name << ": function connector " << p.connector << " on "
                << servers.back()->base_url() << std::endl;
    }
    if (p.grpc_port) {
      grpc_threads.emplace_back([p] {
        try {
          grpc_protocol::serve_grpc(
              {p.connector, *p.grpc_port},
              [&](int port) {
                std::cout << p.name << ": partner SDK connector " << p.connector << " on port "
                          << port << std::endl;
              },
              [] { return stop_requested(); });
        } catch (const Error& e) {
          std::cerr << "sluice: " << p.name << ": " << e.what() << std::endl;
          request_stop();
        }
      });
    }
  }
  wait_for_stop();
  for (auto& s : servers) s->stop();
  for (auto& t : grpc_threads) t.join();
  return 0;
}

int cmd_serve(const Args& args) {
  if (args.flag("all")) return serve_all(args);
  if (args.verb() == "serve grpc") return serve_grpc(args);
  if (args.verb() != "serve function")
    throw Error(ErrorKind::kUsage,
                "Use `sluice serve function --connector <name> --port <p>` or `sluice serve grpc "
                "--connector <name> --port <p>`.");
  std::string name = args.text("connector");
  connector_named(name);  // a clear error for an unknown connector, before listening
  FunctionOptions o;
  o.max_response_bytes = static_cast<size_t>(args.integer("max-response-bytes"));
  o.max_seconds = args.number("max-seconds");
  FunctionServer server(name, o, static_cast<int>(args.integer("port")),
                        function_server_flags(args));
  std::cout << "Serving " << name << " as a Fivetran function connector on " << server.base_url()
            << std::endl;
  stop_on_signals();
  wait_for_stop();
  server.stop();
  return 0;
}

}  // namespace sluice::cli

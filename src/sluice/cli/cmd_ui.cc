// `sluice ui`: the local page over the warehouse (src/sluice/ui), until Ctrl-C.
#include <iostream>
#include <thread>

#include "sluice/cli/commands.h"
#include "sluice/cli/context.h"
#include "sluice/cli/stop_signal.h"
#include "sluice/core/error.h"
#include "sluice/ui/ui_server.h"

namespace sluice::cli {
namespace {

int serve_ui(const std::string& warehouse_uri, const std::string& host, int port) {
  ui::UiServer server([warehouse_uri] { return open_warehouse(warehouse_uri, Open::kQuery); });
  const int bound = server.bind(host, port);  // refuses any host but the loopback first
  // Opened once now, so a wrong path is told at once; then again for every request.
  open_warehouse(warehouse_uri, Open::kQuery);
  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << "Serving the Sluice UI of " << warehouse_uri << " (read-only) on port " << bound
            << ": open http://" << shown << ":" << bound << "/ ; stop it with Ctrl-C." << std::endl;
  stop_on_signals();
  std::thread watcher([&server] {
    wait_for_stop();
    server.stop();
  });
  server.run();
  request_stop();
  watcher.join();
  return 0;
}

}  // namespace

int cmd_ui(const Args& args) {
  return serve_ui(warehouse_path(args), args.text("host"), static_cast<int>(args.integer("port")));
}

}  // namespace sluice::cli

#pragma once
// `sluice ui`: a local page over the warehouse, served by cpp-httplib on the loopback interface
// only. The page (HTML, CSS, JS) is compiled into the binary and asks one JSON endpoint; each
// request opens the warehouse read-only and closes it again, so a sync may run between two looks
// (a DuckDB file is locked while it is open).
#include <functional>
#include <memory>
#include <string>

#include "sluice/load/destination.h"

namespace httplib {
class Server;
}

namespace sluice::ui {

class UiServer {
 public:
  using Opener = std::function<std::unique_ptr<Destination>()>;
  explicit UiServer(Opener open);
  ~UiServer();
  UiServer(const UiServer&) = delete;
  UiServer& operator=(const UiServer&) = delete;

  // Binds `host` (127.0.0.1, localhost or ::1; anything else is a usage error) and `port` (0: a
  // free one); returns the port. A port in use is a usage error naming it.
  int bind(const std::string& host, int port);
  // Serves until stop() (from another thread or a signal's watcher).
  void run();
  void stop();

 private:
  Opener open_;
  std::unique_ptr<httplib::Server> server_;
};

// Whether `host` names the loopback interface.
bool is_loopback(const std::string& host);

}  // namespace sluice::ui

#include "sluice/ui/ui_server.h"

#include <httplib.h>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/redact.h"
#include "sluice/ui/ui_page.h"
#include "sluice/ui/warehouse_view.h"

namespace sluice::ui {
namespace {

void answer_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(), "application/json");
}

}  // namespace

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

UiServer::UiServer(Opener open)
    : open_(std::move(open)), server_(std::make_unique<httplib::Server>()) {
  for (const PageFile& f : page_files()) {
    server_->Get(std::string(f.path), [&f](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      // Everything the page uses is served from here: no script, style or font from elsewhere.
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; style-src 'self'");
      res.set_content(std::string(f.body), std::string(f.type));
    });
  }
  server_->Get("/api/warehouse", [this](const httplib::Request&, httplib::Response& res) {
    try {
      auto warehouse = open_();
      answer_json(res, 200, warehouse_view(*warehouse));
    } catch (const std::exception& e) {
      // A sync holding the file, a warehouse not made yet: the page shows the sentence.
      log_warning(std::string("ui: ") + e.what());
      answer_json(res, 503, {{"error", redact(e.what())}});
    }
  });
}

UiServer::~UiServer() = default;

int UiServer::bind(const std::string& host, int port) {
  if (!is_loopback(host))
    throw Error(ErrorKind::kUsage,
                "`sluice ui` serves only this machine: use --host 127.0.0.1 "
                "(or ::1), not " +
                    host + ".");
  const std::string address = host == "localhost" ? "127.0.0.1" : host;
  if (port == 0) {
    int bound = server_->bind_to_any_port(address);
    if (bound > 0) return bound;
  } else if (server_->bind_to_port(address, port)) {
    return port;
  }
  throw Error(ErrorKind::kUsage, "Could not listen on " + address + " port " +
                                     std::to_string(port) +
                                     "; it may be in use: choose another with --port.");
}

void UiServer::run() {
  server_->listen_after_bind();
}

void UiServer::stop() {
  server_->stop();
}

}  // namespace sluice::ui

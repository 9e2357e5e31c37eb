#pragma once
// The requests of one YAML connector: the engine's Requester (authentication, retries with
// Retry-After, the request budget) with the source's own error handling on top. Shared by its
// streams; safe across threads as the Requester is.
#include <simdjson.h>

#include <functional>
#include <memory>

#include "sluice/declarative/error_handler.h"
#include "sluice/http/requester.h"

namespace sluice::declarative {

class ApiClient {
 public:
  ApiClient(std::string api_name, std::unique_ptr<Authenticator> auth, ClientOptions client,
            ErrorHandling handling);
  Response send(const Request& request);
  // The body parsed; a body holding the error path is an API error.
  simdjson::dom::element parse(const std::string& body, const Request& request,
                               simdjson::dom::parser& parser);
  // A stream's own budget: requests whose URL path holds `path_part` are paced under
  // `per_minute` too (besides the source's `requests_per_minute`). Call before any request.
  void limit_endpoint(const std::string& name, double per_minute, std::string path_part);
  // The budget every request waits in (tests replace its clock).
  RateBudget& budget() { return *budget_; }
  int64_t requests_sent() const { return requester_.requests_sent(); }
  void set_sleeper(std::function<void(int64_t)> sleeper);

 private:
  std::string api_name_;
  ErrorHandling handling_;
  Requester requester_;
  std::function<void(int64_t)> sleep_;
  std::shared_ptr<RateBudget> budget_ = std::make_shared<RateBudget>();
};

}  // namespace sluice::declarative

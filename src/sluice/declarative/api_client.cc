#include "sluice/declarative/api_client.h"

#include <thread>

#include "sluice/json/flatten.h"

namespace sluice::declarative {

ApiClient::ApiClient(std::string api_name, std::unique_ptr<Authenticator> auth,
                     ClientOptions client, ErrorHandling handling)
    : api_name_(api_name),
      handling_(std::move(handling)),
      requester_(std::move(api_name), std::move(auth), client,
                 RetryOptions{.max_attempts = handling_.max_attempts,
                              .base_delay_ms = handling_.base_delay_ms}),
      sleep_([](int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }) {
  if (handling_.requests_per_minute > 0)
    budget_->add_limit("requests_per_minute", handling_.requests_per_minute,
                       [](const Request&) { return true; });
  requester_.set_rate_budget(budget_);
}

void ApiClient::limit_endpoint(const std::string& name, double per_minute, std::string path_part) {
  budget_->add_limit(name, per_minute, [part = std::move(path_part)](const Request& r) {
    return url_path(r.url).find(part) != std::string::npos;
  });
}

void ApiClient::set_sleeper(std::function<void(int64_t)> sleeper) {
  requester_.set_sleeper(sleeper);
  sleep_ = std::move(sleeper);
}

Response ApiClient::send(const Request& request) {
  for (int attempt = 1;; ++attempt) {
    try {
      return requester_.send(request);
    } catch (const HttpStatusError& e) {
      StatusVerdict v = judge_status(handling_, e.status(), attempt);
      if (v.action == StatusVerdict::Action::kAuth)
        throw Error(ErrorKind::kAuth,
                    api_name_ + " refused the credentials (HTTP " + std::to_string(e.status()) +
                        " to " + url_path(request.url) + "); check them in the configuration.");
      if (v.action == StatusVerdict::Action::kRethrow) throw;
      sleep_(v.delay_ms);
    }
  }
}

simdjson::dom::element ApiClient::parse(const std::string& body, const Request& request,
                                        simdjson::dom::parser& parser) {
  simdjson::dom::element doc = requester_.parse_json(body, request, parser);
  simdjson::dom::element error;
  if (!handling_.error_pointer.empty() && !doc.at_pointer(handling_.error_pointer).get(error) &&
      !error.is_null())
    throw Error(ErrorKind::kApi, api_name_ + " answered " + url_path(request.url) +
                                     " with an error: " + to_json_text(error) + ".");
  return doc;
}

}  // namespace sluice::declarative

#include "sluice/http/requester.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "sluice/core/log.h"
#include "sluice/http/request_tally.h"

namespace sluice {
namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string api_error_text(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (!parser.parse(body.data(), body.size()).get(doc)) {
    std::string_view s;
    for (const char* ptr : {"/error", "/message", "/error/message", "/meta/error/errorMessage",
                            "/result", "/errors/0/message"}) {
      if (!doc.at_pointer(ptr).get(s) && !s.empty()) return std::string(s);
    }
  }
  std::string text(body.substr(0, 200));
  for (auto& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

Requester::Requester(std::string api_name, std::unique_ptr<Authenticator> auth,
                     ClientOptions client, RetryOptions retry)
    : api_name_(std::move(api_name)),
      auth_(std::move(auth)),
      clients_(std::make_unique<ClientPool>(std::move(client))),
      retry_(retry),
      rng_(std::random_device{}()),
      sleep_([](int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }) {}

Response Requester::send(Request request, std::string reuse) {
  Request base = request;
  bool reauthorized = false;
  for (int attempt = 1;; ++attempt) {
    Request r = base;
    if (budget_) budget_->acquire(r);
    Response resp;
    resp.body = std::move(reuse);  // a retry starts from fresh memory: rare, and simpler
    resp.body.clear();
    TransportError terr;
    bool answered = false, refreshed = false;
    {
      std::lock_guard lock(*guard_);
      if (auth_) auth_->apply(r);
    }
    ++requests_;
    tally_request();
    answered = clients_->take()->perform(r, resp, terr);
    {
      std::lock_guard lock(*guard_);
      if (answered && resp.status >= 200 && resp.status < 300 && auth_) auth_->on_success();
      if (answered && resp.status == 401 && auth_ && !reauthorized)
        refreshed = auth_->refresh_after_unauthorized(r);
    }
    std::string where = r.method + " " + url_path(base.url);
    if (answered && resp.status >= 200 && resp.status < 300) {
      if (budget_) budget_->on_success(r);
      return resp;
    }
    if (refreshed) {
      reauthorized = true;
      --attempt;
      continue;
    }
    if (answered && resp.status == 429) {
      ++throttled_;
      if (budget_) budget_->on_throttled(r);
    }
    std::optional<long> status;
    std::optional<std::string_view> retry_after;
    if (answered) {
      status = resp.status;
      if (const std::string* h = resp.header("retry-after")) retry_after = *h;
    }
    RetryOptions policy = retry_;
    // No server at all is more often a wrong base_url than a blip: fewer tries before saying so.
    if (!answered && terr.connect_failed) policy.max_attempts = std::min(policy.max_attempts, 3);
    RetryDecision d;
    {
      std::lock_guard lock(*guard_);
      d = decide_retry(attempt, status, retry_after, unix_now(), policy, rng_);
    }
    if (d.retry) {
      ++retries_;
      tally_retry();
      log_warning(api_name_ + " " + where + ": " +
                  (answered ? "HTTP " + std::to_string(resp.status) : terr.message) + "; retry " +
                  std::to_string(attempt) + " in " + std::to_string(d.delay_ms) + " ms");
      sleep_(d.delay_ms);
      continue;
    }
    if (!answered) {
      throw Error(ErrorKind::kNetwork, "Could not reach " + api_name_ + " at " + base.url + " (" +
                                           terr.message + ") after " + std::to_string(attempt) +
                                           " attempts; check base_url and the network.");
    }
    std::string api_text = api_error_text(resp.body);
    ErrorKind kind = ErrorKind::kApi;
    std::string advice = "check the request and try again.";
    if (resp.status == 401 || resp.status == 403) {
      kind = ErrorKind::kAuth;
      advice = "check the credentials in the configuration.";
    } else if (resp.status == 404) {
      kind = ErrorKind::kNotFound;
      advice = "check base_url and the identifiers in the configuration.";
    } else if (is_retryable_status(resp.status)) {
      advice =
          "the API kept failing after " + std::to_string(attempt) + " attempts; try again later.";
    }
    throw HttpStatusError(kind, resp.status, api_text,
                          api_name_ + " answered HTTP " + std::to_string(resp.status) + " to " +
                              where + ": \"" + api_text + "\"; " + advice,
                          resp.body.substr(0, 4096));
  }
}

simdjson::dom::element Requester::send_json(Request request, simdjson::dom::parser& parser) {
  std::string where = request.method + " " + url_path(request.url);
  for (int attempt = 1;; ++attempt) {
    Response resp = send(request);
    simdjson::dom::element doc;
    auto err = parser.parse(resp.body).get(doc);
    if (!err) return doc;
    // A 200 whose body is cut short, garbled or a proxy's HTML page is a failed answer, not data:
    // it is asked again like a 5xx before the sync gives up.
    // Three tries at most: a wrong base_url that serves a web page should fail soon.
    RetryOptions policy = retry_;
    policy.max_attempts = std::min(policy.max_attempts, 3);
    RetryDecision d;
    {
      std::lock_guard lock(*guard_);
      d = decide_retry(attempt, 502, std::nullopt, unix_now(), policy, rng_);
    }
    if (!d.retry)
      throw Error(ErrorKind::kApi,
                  api_name_ + " answered " + where + " with a body that is not JSON (" +
                      simdjson::error_message(err) + ") " + std::to_string(attempt) +
                      " times; check base_url points at the API.");
    ++retries_;
    tally_retry();
    log_warning(api_name_ + " " + where + ": the answer is not JSON (" +
                simdjson::error_message(err) + "); retry " + std::to_string(attempt) + " in " +
                std::to_string(d.delay_ms) + " ms");
    sleep_(d.delay_ms);
  }
}

simdjson::dom::element Requester::parse_json(const std::string& body, const Request& request,
                                             simdjson::dom::parser& parser) {
  simdjson::dom::element doc;
  if (!parser.parse(body).get(doc)) return doc;
  return send_json(request, parser);
}

}  // namespace sluice

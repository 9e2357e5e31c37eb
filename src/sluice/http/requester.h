#pragma once
// Sends requests with authentication and the retry policy, and turns final failures into errors
// that name the status and the API's own error text.
#include <simdjson.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "sluice/core/error.h"
#include "sluice/http/auth.h"
#include "sluice/http/client.h"
#include "sluice/http/client_pool.h"
#include "sluice/http/rate_budget.h"
#include "sluice/http/retry_policy.h"

namespace sluice {

class HttpStatusError : public Error {
 public:
  HttpStatusError(ErrorKind kind, long status, std::string api_message, const std::string& text,
                  std::string body = {})
      : Error(kind, text),
        status_(status),
        api_message_(std::move(api_message)),
        body_(std::move(body)) {}
  long status() const { return status_; }
  const std::string& api_message() const { return api_message_; }
  // The start of the error body, for APIs whose error codes live in it.
  const std::string& body() const { return body_; }

 private:
  long status_;
  std::string api_message_;
  std::string body_;
};

// The API's own words from an error body: `error`, `message`, `error.message`,
// `meta.error.errorMessage` or `result`; else the start of the body.
std::string api_error_text(std::string_view body);

// Safe to share between threads: requests sent at once each take a connection of their own from
// a pool; the authenticator is used one request at a time; budget waits and backoff sleeps run
// unlocked.
class Requester {
 public:
  Requester(std::string api_name, std::unique_ptr<Authenticator> auth, ClientOptions client = {},
            RetryOptions retry = {});

  // The response of a successful (2xx) request; throws HttpStatusError or Error otherwise. The
  // body is written into `reuse`'s memory: a reader that hands back its last body allocates and
  // page-faults nothing new for pages of the same size.
  Response send(Request request, std::string reuse = {});
  // send(), then parse the body as JSON into `parser`; a body that is not JSON is an API error.
  simdjson::dom::element send_json(Request request, simdjson::dom::parser& parser);
  // Parses the body a send() of `request` returned (fetched ahead on another thread, kept as text
  // because a parsed page is several times larger); a body that is not JSON is asked for again
  // as send_json() would.
  simdjson::dom::element parse_json(const std::string& body, const Request& request,
                                    simdjson::dom::parser& parser);

  int64_t requests_sent() const { return requests_; }
  int64_t retries() const { return retries_; }
  // Tests replace the sleep so that backoff is observed, not waited for.
  void set_sleeper(std::function<void(int64_t ms)> sleeper) { sleep_ = std::move(sleeper); }
  // Every attempt, retries included, waits for room in this budget first.
  void set_rate_budget(std::shared_ptr<RateBudget> budget) { budget_ = std::move(budget); }
  int64_t throttled() const { return throttled_; }

 private:
  std::string api_name_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<ClientPool> clients_;
  RetryOptions retry_;
  std::mt19937_64 rng_;
  std::function<void(int64_t)> sleep_;
  std::shared_ptr<RateBudget> budget_;
  std::unique_ptr<std::mutex> guard_ = std::make_unique<std::mutex>();  // auth_, rng_
  std::atomic<int64_t> throttled_{0};
  std::atomic<int64_t> requests_{0};
  std::atomic<int64_t> retries_{0};
};

}  // namespace sluice

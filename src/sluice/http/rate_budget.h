#pragma once
// A client-side request budget: named limits of N requests per minute, each applying to the
// requests a predicate picks (an endpoint, or all of them). Requests are paced evenly rather than
// sent in bursts, so a sliding minute never holds more than the limit. A 429 halves the pace of
// every limit the request fell under; successes win it back a little at a time (AIMD), so a
// budget shared with other clients settles below the server's limit instead of failing.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "sluice/http/request.h"

namespace sluice {

class RateBudget {
 public:
  using Matcher = std::function<bool(const Request&)>;
  using Clock = std::chrono::steady_clock;

  void add_limit(std::string name, double per_minute, Matcher applies);
  // Waits until every limit that applies has room, then spends it. Thread safe.
  void acquire(const Request& request);
  void on_throttled(const Request& request);
  void on_success(const Request& request);
  // Milliseconds spent waiting in acquire, for the summary and the benchmark.
  int64_t waited_ms() const;
  // Tests observe the pacing instead of sleeping through it.
  void set_clock(std::function<Clock::time_point()> now,
                 std::function<void(Clock::duration)> sleep);

 private:
  struct Limit {
    std::string name;
    double per_minute;
    Matcher applies;
    double factor = 1.0;       // the share of per_minute currently allowed
    Clock::time_point next{};  // the earliest time the next request may go
  };
  mutable std::mutex mutex_;
  std::vector<Limit> limits_;
  int64_t waited_ms_ = 0;
  std::function<Clock::time_point()> now_ = [] { return Clock::now(); };
  std::function<void(Clock::duration)> sleep_;
};

}  // namespace sluice

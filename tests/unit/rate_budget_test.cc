// The request budget on a simulated clock: even pacing per endpoint, limits that stack, a 429
// halving the pace and successes winning it back.
#include "sluice/http/rate_budget.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

using Clock = RateBudget::Clock;

struct Simulated {
  Clock::time_point now{};
  std::vector<Clock::time_point> sent;
  void attach(RateBudget& b) {
    b.set_clock([this] { return now; }, [this](Clock::duration d) { now += d; });
  }
};

Request at(const std::string& path, const std::string& method = "GET") {
  Request r;
  r.method = method;
  r.url = "https://x.qualtrics.com/API/v3" + path;
  return r;
}

bool is_export(const Request& r) {
  return r.url.find("/export") != std::string::npos;
}

// The most requests inside any window of `window` (start inclusive, end exclusive).
int most_in_window(const std::vector<Clock::time_point>& sent, Clock::duration window) {
  int best = 0;
  for (size_t i = 0; i < sent.size(); ++i) {
    int n = 0;
    for (size_t j = i; j < sent.size() && sent[j] < sent[i] + window; ++j) ++n;
    best = std::max(best, n);
  }
  return best;
}

TEST(RateBudget, PacesEachEndpointUnderItsLimitInAnySlidingMinute) {
  RateBudget b;
  Simulated sim;
  sim.attach(b);
  b.add_limit("overall", 3000, [](const Request&) { return true; });
  b.add_limit("exports", 100, is_export);
  std::vector<Clock::time_point> exports, all;
  for (int i = 0; i < 600; ++i) {
    Request r = at(i % 3 == 0 ? "/surveys/SV_1/export-responses" : "/surveys");
    b.acquire(r);
    all.push_back(sim.now);
    if (is_export(r)) exports.push_back(sim.now);
  }
  EXPECT_LE(most_in_window(exports, std::chrono::minutes(1)), 100);
  EXPECT_LE(most_in_window(all, std::chrono::minutes(1)), 3000);
  // Paced, not starved: 200 exports at 100/min take about two minutes.
  EXPECT_LT(sim.now - Clock::time_point{}, std::chrono::seconds(125));
  EXPECT_GT(b.waited_ms(), 100000);
}

TEST(RateBudget, AThrottleHalvesThePaceAndSuccessesWinItBack) {
  RateBudget b;
  Simulated sim;
  sim.attach(b);
  b.add_limit("exports", 60, is_export);
  Request r = at("/export");
  b.acquire(r);
  auto t0 = sim.now;
  b.acquire(r);
  auto normal = sim.now - t0;
  b.on_throttled(r);
  b.acquire(r);  // the slot already promised
  t0 = sim.now;
  b.acquire(r);
  EXPECT_EQ(sim.now - t0, normal * 2) << "half the pace after a 429";
  for (int i = 0; i < 40; ++i) b.on_success(r);
  b.acquire(r);
  t0 = sim.now;
  b.acquire(r);
  EXPECT_EQ(sim.now - t0, normal);
}

TEST(RateBudget, ARequestHeldByAStricterLimitDoesNotHoldBackTheOthers) {
  // Callers on several threads, all arriving at once: the clock does not move while they wait.
  RateBudget b;
  Clock::time_point now{};
  std::vector<Clock::duration> waits;
  b.set_clock([&] { return now; }, [&](Clock::duration d) { waits.push_back(d); });
  b.add_limit("overall", 3000, [](const Request&) { return true; });
  b.add_limit("exports", 100, is_export);
  for (int i = 0; i < 3; ++i) b.acquire(at("/surveys/SV_1/export-responses", "POST"));
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_GT(waits[1], std::chrono::milliseconds(1200)) << "exports stay paced";
  b.acquire(at("/surveys"));
  ASSERT_EQ(waits.size(), 3u);
  EXPECT_LT(waits[2], std::chrono::milliseconds(100)) << "a list request waits behind no export";
}

TEST(RateBudget, RequestsOutsideEveryLimitGoAtOnce) {
  RateBudget b;
  Simulated sim;
  sim.attach(b);
  b.add_limit("exports", 1, is_export);
  for (int i = 0; i < 100; ++i) b.acquire(at("/surveys"));
  EXPECT_EQ(sim.now, Clock::time_point{});
}

}  // namespace
}  // namespace sluice

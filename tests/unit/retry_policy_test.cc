#include "sluice/http/retry_policy.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

constexpr int64_t kNow = 1445412480;  // Wed, 21 Oct 2015 07:28:00 GMT

TEST(RetryPolicy, RetriesThrottlingServerErrorsAndTransportFailures) {
  std::mt19937_64 rng(1);
  RetryOptions o;
  for (long status : {429L, 500L, 502L, 503L, 504L, 408L})
    EXPECT_TRUE(decide_retry(1, status, std::nullopt, kNow, o, rng).retry) << status;
  EXPECT_TRUE(decide_retry(1, std::nullopt, std::nullopt, kNow, o, rng).retry);
}

TEST(RetryPolicy, FailsAtOnceOnClientErrors) {
  std::mt19937_64 rng(1);
  RetryOptions o;
  for (long status : {400L, 401L, 403L, 404L, 422L})
    EXPECT_FALSE(decide_retry(1, status, std::nullopt, kNow, o, rng).retry) << status;
}

TEST(RetryPolicy, StopsAfterTheLastAttempt) {
  std::mt19937_64 rng(1);
  RetryOptions o;
  o.max_attempts = 3;
  EXPECT_TRUE(decide_retry(2, 503L, std::nullopt, kNow, o, rng).retry);
  EXPECT_FALSE(decide_retry(3, 503L, std::nullopt, kNow, o, rng).retry);
}

TEST(RetryPolicy, BacksOffExponentiallyWithJitterAndACap) {
  std::mt19937_64 rng(7);
  RetryOptions o;
  o.base_delay_ms = 100;
  o.max_delay_ms = 1000;
  o.max_attempts = 20;
  for (int attempt = 1; attempt <= 6; ++attempt) {
    int64_t step = std::min<int64_t>(100LL << (attempt - 1), 1000);
    for (int k = 0; k < 50; ++k) {
      auto d = decide_retry(attempt, 500L, std::nullopt, kNow, o, rng);
      ASSERT_TRUE(d.retry);
      EXPECT_GE(d.delay_ms, step / 2) << attempt;
      EXPECT_LE(d.delay_ms, step) << attempt;
    }
  }
}

TEST(RetryPolicy, HonoursRetryAfterInSecondsAndAsAnHttpDate) {
  std::mt19937_64 rng(1);
  RetryOptions o;
  auto d = decide_retry(1, 429L, std::string_view("7"), kNow, o, rng);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay_ms, 7000);
  d = decide_retry(1, 429L, std::string_view("0"), kNow, o, rng);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay_ms, 0);
  d = decide_retry(1, 503L, std::string_view("Wed, 21 Oct 2015 07:28:30 GMT"), kNow, o, rng);
  EXPECT_EQ(d.delay_ms, 30000);
  // A date in the past means "now"; garbage falls back to backoff.
  EXPECT_EQ(parse_retry_after_ms("Wed, 21 Oct 2015 07:00:00 GMT", kNow), 0);
  EXPECT_FALSE(parse_retry_after_ms("soon", kNow).has_value());
  d = decide_retry(1, 429L, std::string_view("soon"), kNow, o, rng);
  EXPECT_TRUE(d.retry);
  EXPECT_LE(d.delay_ms, o.base_delay_ms);
}

TEST(RetryPolicy, GivesUpOnARetryAfterTooLongToWaitFor) {
  std::mt19937_64 rng(1);
  RetryOptions o;
  o.max_retry_after_ms = 60000;
  EXPECT_FALSE(decide_retry(1, 429L, std::string_view("3600"), kNow, o, rng).retry);
}

TEST(RetryPolicy, RetryAfterIsIgnoredForStatusesThatAreNotRetried) {
  std::mt19937_64 rng(1);
  EXPECT_FALSE(decide_retry(1, 400L, std::string_view("1"), kNow, RetryOptions{}, rng).retry);
}

}  // namespace
}  // namespace sluice

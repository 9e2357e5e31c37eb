#pragma once
// When to try a request again, and how long to wait first: 429, 5xx and transport errors are
// retried with exponential backoff and jitter, honouring Retry-After; other statuses fail at once.
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace sluice {

struct RetryOptions {
  int max_attempts = 6;                         // including the first
  int64_t base_delay_ms = 500;                  // first backoff, doubled per attempt
  int64_t max_delay_ms = 60000;                 // cap of one backoff
  int64_t max_retry_after_ms = 15 * 60 * 1000;  // a longer Retry-After is not worth waiting for
};

struct RetryDecision {
  bool retry = false;
  int64_t delay_ms = 0;
};

// `status` is nullopt for a transport error. `attempt` counts from 1 (the request just made).
// `retry_after` is the raw header, if any; `now_unix_seconds` resolves an HTTP-date in it.
RetryDecision decide_retry(int attempt, std::optional<long> status,
                           std::optional<std::string_view> retry_after, int64_t now_unix_seconds,
                           const RetryOptions& options, std::mt19937_64& rng);

bool is_retryable_status(long status);

// Retry-After as milliseconds from now: delta seconds ("120") or an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT"); nullopt when unreadable. A date in the past gives 0.
std::optional<int64_t> parse_retry_after_ms(std::string_view value, int64_t now_unix_seconds);

}  // namespace sluice

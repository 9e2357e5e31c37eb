#include "sluice/http/retry_policy.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include "sluice/core/timestamp.h"

namespace sluice {
namespace {

std::optional<int64_t> parse_http_date(std::string_view v) {
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto comma = v.find(", ");
  if (comma == std::string_view::npos) return std::nullopt;
  v.remove_prefix(comma + 2);
  if (v.size() < 20) return std::nullopt;
  auto num = [&](size_t pos, size_t len, int& out) {
    auto [p, ec] = std::from_chars(v.data() + pos, v.data() + pos + len, out);
    return ec == std::errc() && p == v.data() + pos + len;
  };
  int day, year, h, m, s;
  if (!num(0, 2, day) || !num(7, 4, year) || !num(12, 2, h) || !num(15, 2, m) || !num(18, 2, s))
    return std::nullopt;
  auto month = std::find(kMonths.begin(), kMonths.end(), v.substr(3, 3));
  if (month == kMonths.end()) return std::nullopt;
  unsigned mo = static_cast<unsigned>(month - kMonths.begin()) + 1;
  return days_from_civil(year, mo, static_cast<unsigned>(day)) * 86400 + h * 3600 + m * 60 + s;
}

}  // namespace

bool is_retryable_status(long status) {
  return status == 429 || status == 408 || (status >= 500 && status <= 599);
}

std::optional<int64_t> parse_retry_after_ms(std::string_view value, int64_t now_unix_seconds) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  double seconds;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && p == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return static_cast<int64_t>(std::ceil(seconds * 1000));
  }
  auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  return std::max<int64_t>(0, (*when - now_unix_seconds) * 1000);
}

RetryDecision decide_retry(int attempt, std::optional<long> status,
                           std::optional<std::string_view> retry_after, int64_t now_unix_seconds,
                           const RetryOptions& options, std::mt19937_64& rng) {
  if (status && !is_retryable_status(*status)) return {};
  if (attempt >= options.max_attempts) return {};
  if (retry_after) {
    if (auto ms = parse_retry_after_ms(*retry_after, now_unix_seconds)) {
      if (*ms > options.max_retry_after_ms) return {};
      return {true, *ms};
    }
  }
  // Full exponential step with jitter in [50%, 100%], so that many clients do not retry in step.
  int64_t step = options.base_delay_ms << std::min(attempt - 1, 20);
  step = std::min(step, options.max_delay_ms);
  std::uniform_int_distribution<int64_t> jitter(step / 2, step);
  return {true, jitter(rng)};
}

}  // namespace sluice

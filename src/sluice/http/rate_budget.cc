#include "sluice/http/rate_budget.h"

#include <algorithm>
#include <thread>

namespace sluice {

void RateBudget::add_limit(std::string name, double per_minute, Matcher applies) {
  std::lock_guard lock(mutex_);
  limits_.push_back({std::move(name), std::max(per_minute, 1.0), std::move(applies)});
}

void RateBudget::acquire(const Request& request) {
  Clock::duration wait{};
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = now_();
    // The slot is reserved under the lock, so concurrent callers queue one interval apart.
    Clock::time_point at = now;
    for (auto& l : limits_)
      if (l.applies(request)) at = std::max(at, l.next);
    for (auto& l : limits_) {
      if (!l.applies(request)) continue;
      // 1% under the limit absorbs the jitter of when a paced request actually leaves.
      const double seconds = 60.0 / (l.per_minute * 0.99 * l.factor);
      // Each limit spends its own next slot: a request held back by a stricter limit (an export
      // waiting its turn) must not push every other request behind it on the looser ones.
      l.next = std::max(l.next, now) +
               std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    }
    wait = at - now;
    waited_ms_ += std::chrono::duration_cast<std::chrono::milliseconds>(wait).count();
  }
  if (wait > Clock::duration::zero()) {
    if (sleep_)
      sleep_(wait);
    else
      std::this_thread::sleep_for(wait);
  }
}

void RateBudget::on_throttled(const Request& request) {
  std::lock_guard lock(mutex_);
  for (auto& l : limits_)
    if (l.applies(request)) l.factor = std::max(l.factor / 2, 1.0 / 64);
}

void RateBudget::on_success(const Request& request) {
  std::lock_guard lock(mutex_);
  for (auto& l : limits_)
    if (l.applies(request)) l.factor = std::min(1.0, l.factor + 0.05);
}

int64_t RateBudget::waited_ms() const {
  std::lock_guard lock(mutex_);
  return waited_ms_;
}

void RateBudget::set_clock(std::function<Clock::time_point()> now,
                           std::function<void(Clock::duration)> sleep) {
  std::lock_guard lock(mutex_);
  now_ = std::move(now);
  sleep_ = std::move(sleep);
}

}  // namespace sluice

#include "sluice/sandbox/sliding_window.h"

namespace sluice {

std::optional<int64_t> SlidingWindow::admit() {
  if (limit_ <= 0) return std::nullopt;
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  while (!recent_.empty() && now - recent_.front() >= window_) recent_.pop_front();
  if (static_cast<int64_t>(recent_.size()) < limit_) {
    recent_.push_back(now);
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(recent_.front() + window_ - now)
      .count();
}

}  // namespace sluice

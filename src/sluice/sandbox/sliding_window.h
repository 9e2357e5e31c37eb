#pragma once
// A server-side rate limit as APIs enforce it: at most `limit` requests in any window of
// `window_seconds`. Sandboxes answer 429 when admit() refuses. Thread safe.
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace sluice {

class SlidingWindow {
 public:
  SlidingWindow(int64_t limit, int64_t window_seconds)
      : limit_(limit), window_(std::chrono::seconds(window_seconds < 1 ? 1 : window_seconds)) {}
  // nullopt: admitted (and counted). Otherwise the milliseconds until a request would be admitted.
  // A limit of 0 or less admits everything.
  std::optional<int64_t> admit();

 private:
  int64_t limit_;
  std::chrono::steady_clock::duration window_;
  std::mutex mutex_;
  std::deque<std::chrono::steady_clock::time_point> recent_;
};

}  // namespace sluice

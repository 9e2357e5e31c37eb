#include "sluice/http/call_limiter.h"

#include <algorithm>
#include <thread>

namespace sluice {

CallLimiter::CallLimiter(size_t max_running, size_t max_waiting, int retry_after_seconds)
    : max_running_(std::max<size_t>(1, max_running)),
      max_waiting_(max_waiting),
      retry_after_seconds_(retry_after_seconds) {}

size_t CallLimiter::default_max_running() {
  return std::clamp<size_t>(std::thread::hardware_concurrency(), 2, 4);
}

Handler CallLimiter::wrap(Handler inner) {
  return [this, inner = std::move(inner)](const ServerRequest& request) {
    {
      std::unique_lock lock(mutex_);
      if (running_ >= max_running_) {
        if (waiting_ >= max_waiting_) {
          ServerResponse busy = ServerResponse::error(
              503, "The server is running as many calls as it accepts; try again shortly.");
          busy.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds_));
          return busy;
        }
        ++waiting_;
        slot_free_.wait(lock, [this] { return running_ < max_running_; });
        --waiting_;
      }
      ++running_;
    }
    struct Release {
      CallLimiter* self;
      ~Release() {
        {
          std::lock_guard lock(self->mutex_);
          --self->running_;
        }
        self->slot_free_.notify_one();
      }
    } release{this};
    return inner(request);
  };
}

}  // namespace sluice

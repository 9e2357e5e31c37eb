#pragma once
// Bounds how many handler calls run at once (each function call holds a connector, its pages
// and an answer of up to the response budget in memory). Beyond the bound calls wait in a short
// queue; beyond the queue they are answered 503 with Retry-After at once, and the caller (Fivetran
// retries) comes back later.
#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "sluice/http/http_server.h"

namespace sluice {

class CallLimiter {
 public:
  CallLimiter(size_t max_running, size_t max_waiting, int retry_after_seconds = 5);

  // The number of calls at once when none is configured: the machine's cores, at least 2 and at
  // most 4 (a call at the default budget holds about 45 MB; the README's 300 MB bound holds at 4).
  static size_t default_max_running();

  // Wraps `inner` so that it runs under the bound.
  Handler wrap(Handler inner);

  size_t max_running() const { return max_running_; }
  size_t max_waiting() const { return max_waiting_; }

 private:
  size_t max_running_;
  size_t max_waiting_;
  int retry_after_seconds_;
  std::mutex mutex_;
  std::condition_variable slot_free_;
  size_t running_ = 0;
  size_t waiting_ = 0;
};

}  // namespace sluice

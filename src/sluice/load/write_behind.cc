#include "sluice/load/write_behind.h"

namespace sluice {

WriteBehind::WriteBehind(size_t max_queued_weight, bool threaded)
    : max_weight_(max_queued_weight), threaded_(threaded) {}

WriteBehind::~WriteBehind() {
  {
    std::unique_lock lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void WriteBehind::submit(size_t weight, std::function<void()> task) {
  if (!threaded_) {
    if (failure_) std::rethrow_exception(failure_);
    try {
      task();
    } catch (...) {
      failure_ = std::current_exception();
      throw;
    }
    return;
  }
  std::unique_lock lock(mutex_);
  // One hand-over may always wait behind a full queue: a heavy task is never refused.
  changed_.wait(
      lock, [&] { return failure_ || queue_.empty() || queued_weight_ + weight <= max_weight_; });
  if (failure_) std::rethrow_exception(failure_);
  queue_.push_back({weight, std::move(task)});
  queued_weight_ += weight;
  if (!worker_.joinable()) worker_ = std::thread([this] { work(); });
  changed_.notify_all();
}

std::exception_ptr WriteBehind::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.empty() && !busy_; });
  return failure_;
}

void WriteBehind::drain() {
  if (std::exception_ptr e = wait()) std::rethrow_exception(e);
}

void WriteBehind::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left
    Task task = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    if (!failure_) {
      lock.unlock();
      std::exception_ptr failed;
      try {
        task.run();
      } catch (...) {
        failed = std::current_exception();
      }
      task.run = nullptr;  // what the task held (rows) is freed before the bound is lifted
      lock.lock();
      if (failed && !failure_) failure_ = failed;
    }
    queued_weight_ -= task.weight;
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace sluice

#include "sluice/http/connection_pool.h"

#include <sys/socket.h>

namespace sluice {
namespace {
// The connection being closed is served by a pool thread (not by HttpServer::serve_connection).
thread_local bool t_pool_thread = false;
}  // namespace

ConnectionPool::ConnectionPool(size_t max_connections, size_t max_queued)
    : max_connections_(std::max<size_t>(1, max_connections)), max_queued_(max_queued) {}

ConnectionPool::~ConnectionPool() {
  shutdown();
}

bool ConnectionPool::submit(std::function<void()> serve) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(serve));
    if (waiting_threads_ + finishing_threads_ < queue_.size() && threads_.size() < max_connections_)
      threads_.emplace_back([this] { work(); });
  }
  work_ready_.notify_one();
  return true;
}

bool ConnectionPool::should_yield(int fd) {
  std::lock_guard lock(mutex_);
  if (queue_.size() <= waiting_threads_ + finishing_threads_ + yielding_) return false;
  // Only the longest-idle connection yields, and only after a second: one that just connected
  // is about to send its request.
  const auto now = Clock::now();
  auto oldest = open_.end();
  for (auto it = open_.begin(); it != open_.end(); ++it)
    if (it->second.idle && !it->second.yielding &&
        (oldest == open_.end() || it->second.since < oldest->second.since))
      oldest = it;
  if (oldest == open_.end() || oldest->first != fd ||
      now - oldest->second.since < std::chrono::seconds(1))
    return false;
  oldest->second.yielding = true;
  ++yielding_;
  return true;
}

void ConnectionPool::work() {
  t_pool_thread = true;
  bool served = false;
  for (;;) {
    std::function<void()> serve;
    {
      std::unique_lock lock(mutex_);
      if (served && finishing_threads_ > 0) --finishing_threads_;
      served = true;
      ++waiting_threads_;
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      --waiting_threads_;
      if (queue_.empty()) return;  // stopping, nothing left to serve
      serve = std::move(queue_.front());
      queue_.pop_front();
    }
    serve();
  }
}

void ConnectionPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [fd, c] : open_) ::shutdown(fd, SHUT_RDWR);
    threads.swap(threads_);
  }
  work_ready_.notify_all();
  // Connections still queued are served (and see the server stopping) before the threads end.
  for (auto& t : threads) t.join();
}

void ConnectionPool::opened(int fd) {
  std::lock_guard lock(mutex_);
  open_[fd] = {true, false, Clock::now()};
  if (stopping_) ::shutdown(fd, SHUT_RDWR);
}

void ConnectionPool::set_idle(int fd, bool idle) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(fd);
  if (it == open_.end()) return;
  it->second.idle = idle;
  it->second.since = Clock::now();
}

void ConnectionPool::closed(int fd) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(fd);
  if (it == open_.end()) return;
  if (it->second.yielding) --yielding_;
  open_.erase(it);
  // Its thread takes the next connection in a moment: a newcomer need not start another.
  if (t_pool_thread) ++finishing_threads_;
}

size_t ConnectionPool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

size_t ConnectionPool::threads() const {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

}  // namespace sluice

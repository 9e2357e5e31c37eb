#pragma once
// The threads that serve HttpServer's connections: one thread per open connection (cpp-httplib
// serves a connection on one thread from its first request to its close), at most
// `max_connections` of them, started as needed and kept for the next connection. A connection
// past the bound waits in a queue of at most `max_queued` (past that it is refused), and the
// longest-idle open connection (between requests for a second or more) gives up its thread to it.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace sluice {

class ConnectionPool {
 public:
  ConnectionPool(size_t max_connections, size_t max_queued);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Runs `serve` (which serves one accepted connection) on a pool thread; returns false, without
  // running it, when the connection is refused.
  bool submit(std::function<void()> serve);
  // Stops taking connections, closes every open one and waits for the threads.
  void shutdown();

  // Called by `serve` on its thread: the connection on `fd` is open, between requests (idle)
  // or in one, and closed (before `fd` is closed).
  void opened(int fd);
  void set_idle(int fd, bool idle);
  void closed(int fd);
  // Asked now and then by an idle connection: true when it should close so that a waiting
  // connection gets its thread.
  bool should_yield(int fd);

  size_t open_connections() const;
  size_t threads() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Connection {
    bool idle = true;
    bool yielding = false;
    Clock::time_point since;
  };
  void work();

  const size_t max_connections_;
  const size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<std::function<void()>> queue_;
  std::map<int, Connection> open_;
  std::vector<std::thread> threads_;
  size_t waiting_threads_ = 0;
  size_t finishing_threads_ = 0;  // done with a connection, about to wait for the next
  size_t yielding_ = 0;           // idle connections closing to make room
  bool stopping_ = false;
};

}  // namespace sluice

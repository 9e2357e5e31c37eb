#pragma once
// Runs the warehouse's work on a thread of its own, in the order it was handed over, so a
// connector parses and shapes the next rows while the last ones are written. What is queued is
// bounded by a weight (rows): a producer that gets ahead waits. The first task that fails stops
// everything after it (a later commit never runs), and the failure comes back to the producer,
// as the same exception, at its next hand-over or wait.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace sluice {

class WriteBehind {
 public:
  // `threaded` false runs each task at once on the caller's thread (same order, same failures).
  WriteBehind(size_t max_queued_weight, bool threaded);
  ~WriteBehind();  // finishes what is queued, quietly
  WriteBehind(const WriteBehind&) = delete;
  WriteBehind& operator=(const WriteBehind&) = delete;

  // Queues `task`; waits while more than the bound is queued. Throws an earlier task's failure.
  void submit(size_t weight, std::function<void()> task);
  // Waits until every queued task has run; returns the first failure, if any.
  std::exception_ptr wait();
  // wait(), throwing the failure.
  void drain();

 private:
  struct Task {
    size_t weight;
    std::function<void()> run;
  };
  void work();

  const size_t max_weight_;
  const bool threaded_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Task> queue_;
  size_t queued_weight_ = 0;
  bool busy_ = false;  // the worker is running a task it took off the queue
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread worker_;  // started by the first submit
};

}  // namespace sluice

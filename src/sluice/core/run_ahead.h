#pragma once
// Work items 0..n-1 produced on worker threads, at most `ahead` of them at once, and consumed in
// order on the caller's thread: waiting (network, an export being prepared) overlaps, while what
// the consumer does — loading, checkpoints — happens exactly as in a sequential read. On every
// way out, workers still running see `cancel` set and are waited for before anything they use goes
// away.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <future>
#include <vector>

namespace sluice {

template <class T>
void run_ahead(size_t n, size_t ahead,
               const std::function<T(size_t i, const std::atomic<bool>& cancel)>& produce,
               const std::function<void(size_t i, std::future<T>& result)>& consume) {
  std::atomic<bool> cancel{false};
  std::vector<std::future<T>> results(n);
  struct StopWorkers {
    std::atomic<bool>& cancel;
    std::vector<std::future<T>>& results;
    ~StopWorkers() {
      cancel = true;
      for (auto& f : results)
        if (f.valid()) f.wait();
    }
  } stop{cancel, results};
  ahead = std::max<size_t>(1, ahead);
  size_t launched = 0;
  for (size_t i = 0; i < n; ++i) {
    for (; launched < n && launched < i + ahead; ++launched)
      results[launched] = std::async(
          std::launch::async, [&produce, &cancel, j = launched] { return produce(j, cancel); });
    consume(i, results[i]);
    results[i] = {};  // what it held is released before the next item
  }
}

}  // namespace sluice

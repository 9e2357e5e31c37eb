#include "sluice/http/request_tally.h"

#include <atomic>

namespace sluice {
namespace {

std::atomic<int64_t> requests{0}, retries{0};

}  // namespace

RequestTally request_tally() {
  return {requests.load(std::memory_order_relaxed), retries.load(std::memory_order_relaxed)};
}
void tally_request() {
  requests.fetch_add(1, std::memory_order_relaxed);
}
void tally_retry() {
  retries.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace sluice

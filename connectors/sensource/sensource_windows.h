#pragma once
// How the metrics history is cut into requests. The API has no pagination: one request returns
// every entity's hourly rows for its window, so a window's length must shrink as the number of
// entities grows, or one answer (and the memory holding it) grows with the deployment.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sluice::sensource {

// Rows one request may bring back (entities × hours): about 5 MB of JSON.
constexpr int64_t kRowsPerRequest = 30000;

struct Window {
  int64_t start;  // microseconds since the epoch, inclusive
  int64_t end;    // exclusive
};

// Hours per request for `entities` entities: at most `max_days` days, at least one hour.
int64_t window_hours(size_t entities, int64_t max_days);

// Half-open windows of `hours` from `start` until the end of the hour holding `now`.
std::vector<Window> plan_windows(int64_t start, int64_t now, int64_t hours);

}  // namespace sluice::sensource

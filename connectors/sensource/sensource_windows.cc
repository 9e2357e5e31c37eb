#include "connectors/sensource/sensource_windows.h"

#include <algorithm>

namespace sluice::sensource {

constexpr int64_t kHour = 3600LL * 1000000;

int64_t window_hours(size_t entities, int64_t max_days) {
  const int64_t by_rows = kRowsPerRequest / std::max<int64_t>(1, static_cast<int64_t>(entities));
  return std::clamp<int64_t>(by_rows, 1, max_days * 24);
}

std::vector<Window> plan_windows(int64_t start, int64_t now, int64_t hours) {
  const int64_t end = (now / kHour + 1) * kHour;
  const int64_t step = hours * kHour;
  std::vector<Window> out;
  for (int64_t ws = start; ws < now; ws += step) out.push_back({ws, std::min(ws + step, end)});
  return out;
}

}  // namespace sluice::sensource

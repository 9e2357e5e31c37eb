// Window planning: a request's rows (entities × hours) stay bounded however large the deployment,
// and the windows tile the history without a gap or an overlap.
#include "connectors/sensource/sensource_windows.h"

#include <gtest/gtest.h>

#include "sluice/core/timestamp.h"

namespace sluice::sensource {
namespace {

constexpr int64_t kHour = 3600LL * 1000000;

TEST(SenSourceWindows, FewEntitiesAreReadInWholeWindowDays) {
  EXPECT_EQ(window_hours(40, 30), 720);
  EXPECT_EQ(window_hours(0, 30), 720);  // an empty listing: nothing to bound by
  EXPECT_EQ(window_hours(4, 2), 48);
}

TEST(SenSourceWindows, ManyEntitiesShortenTheWindowToBoundTheAnswer) {
  EXPECT_EQ(window_hours(4000, 30), 7);
  EXPECT_LE(window_hours(4000, 30) * 4000, kRowsPerRequest);
  EXPECT_EQ(window_hours(1000000, 30), 1) << "never shorter than the hour the rows are grouped by";
}

TEST(SenSourceWindows, WindowsTileTheHistoryUpToTheCurrentHour) {
  const int64_t start = *parse_timestamp("2026-01-01T00:00:00Z");
  const int64_t now = *parse_timestamp("2026-01-02T05:30:00Z");
  std::vector<Window> w = plan_windows(start, now, 7);
  ASSERT_EQ(w.size(), 5u);  // 29.5 hours in steps of 7
  EXPECT_EQ(w.front().start, start);
  for (size_t i = 1; i < w.size(); ++i) EXPECT_EQ(w[i].start, w[i - 1].end);
  for (const auto& x : w) EXPECT_LE(x.end - x.start, 7 * kHour);
  EXPECT_EQ(w.back().end, *parse_timestamp("2026-01-02T06:00:00Z")) << "the open hour included";
  EXPECT_TRUE(plan_windows(now, now, 7).empty());
}

}  // namespace
}  // namespace sluice::sensource

// How often a sync's checkpoints commit, as data: the configured interval for the first seconds
// (what the restart tests' kills rely on), then a quarter of the time spent, up to the cap.
#include <gtest/gtest.h>

#include "sluice/load/loader.h"

namespace sluice {
namespace {

using std::chrono::milliseconds;

TEST(CommitInterval, StretchesWithTheSyncUpToItsCap) {
  const LoaderOptions o;  // 1 s, stretched up to 5 s
  EXPECT_EQ(commit_interval(o, milliseconds(0)), milliseconds(1000));
  EXPECT_EQ(commit_interval(o, milliseconds(3999)), milliseconds(1000));
  EXPECT_EQ(commit_interval(o, milliseconds(10000)), milliseconds(2500));
  EXPECT_EQ(commit_interval(o, milliseconds(20000)), milliseconds(5000));
  EXPECT_EQ(commit_interval(o, milliseconds(3600000)), milliseconds(5000));
}

TEST(CommitInterval, EveryCheckpointOrALongerFloorIsKept) {
  LoaderOptions every;
  every.commit_interval_ms = 0;  // every checkpoint commits, however long the sync
  EXPECT_EQ(commit_interval(every, milliseconds(3600000)), milliseconds(0));
  LoaderOptions lake;
  lake.commit_interval_ms = 8000;  // a floor above the cap (a lake's) is kept as it is
  EXPECT_EQ(commit_interval(lake, milliseconds(0)), milliseconds(8000));
  EXPECT_EQ(commit_interval(lake, milliseconds(3600000)), milliseconds(8000));
}

}  // namespace
}  // namespace sluice

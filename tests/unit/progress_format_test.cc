// The progress display's text: counts, durations, bars, and lines cut to the terminal.
#include "sluice/runtime/progress_format.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(ProgressFormat, CountsDurationsAndBars) {
  EXPECT_EQ(format_count(0), "0");
  EXPECT_EQ(format_count(999), "999");
  EXPECT_EQ(format_count(1000), "1,000");
  EXPECT_EQ(format_count(1234567), "1,234,567");
  EXPECT_EQ(format_duration(4.4), "4s");
  EXPECT_EQ(format_duration(125), "2m05s");
  EXPECT_EQ(format_duration(3600 + 7 * 60), "1h07m");
  EXPECT_EQ(progress_bar(0.5, 4), "\u2588\u2588\u2591\u2591");
  EXPECT_EQ(progress_bar(1.7, 2), "\u2588\u2588");
}

TEST(ProgressFormat, LineWithATotalShowsPercentageAndTimeLeft) {
  TableProgress t{"responses", 250, 1000, 0.25, 10.0, false};
  EXPECT_EQ(progress_line(t, 12, 200),
            "  responses     \u2588\u2588\u2588\u2588\u2588\u2588\u2591\u2591\u2591\u2591\u2591"
            "\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591\u2591  25%"
            "  250 of 1,000 rows  25/s  30s left");
  t.complete = true;
  EXPECT_NE(progress_line(t, 12, 200).find("100%  250 rows  25/s  in 10s"), std::string::npos);
}

TEST(ProgressFormat, LineWithoutATotalHasNoBarAndIsCutToTheTerminal) {
  TableProgress t{"answers", 12345, -1, -1, 2.0, false};
  EXPECT_EQ(progress_line(t, 7, 200), "  answers  12,345 rows  6,173/s");
  EXPECT_EQ(progress_line(t, 7, 12), "  answers  1");
  EXPECT_EQ(summary_line(t), "answers: 12,345 rows in 2.0 s (6,173 rows/s)");
}

}  // namespace
}  // namespace sluice

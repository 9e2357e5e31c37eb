#include "sluice/core/timestamp.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

constexpr int64_t kBase = 1735689600LL * 1000000;  // 2025-01-01T00:00:00Z

TEST(Timestamp, ParsesEveryShapeTheApisSend) {
  struct Case {
    const char* text;
    int64_t micros;
  } cases[] = {
      {"2025-01-01T00:00:00Z", kBase},
      {"2025-01-01T00:00:00.123Z", kBase + 123000},
      {"2025-01-01T00:00:00.123456Z", kBase + 123456},
      {"2025-01-01T00:00:00.123456789Z", kBase + 123456},
      {"2025-01-01T02:00:00+02:00", kBase},
      {"2024-12-31T19:00:00-05:00", kBase},
      {"2025-01-01T05:30:00+0530", kBase},
      {"2025-01-01 00:00:00", kBase},
      {"2025-01-01 00:00:00.5", kBase + 500000},
      {"2025-01-01", kBase},
      {"2025-01-01T00:00Z", kBase},
      {"2025-01-01t00:00:00z", kBase},
  };
  for (const auto& c : cases) {
    auto t = parse_timestamp(c.text);
    ASSERT_TRUE(t.has_value()) << c.text;
    EXPECT_EQ(*t, c.micros) << c.text;
  }
}

TEST(Timestamp, RejectsWhatIsNotATime) {
  for (const char* bad :
       {"", "yesterday", "2025-13-01", "2025-02-30", "2025-01-01T25:00:00Z", "2025-01-01T00:00:00+",
        "2025-01-01X00:00:00", "12345", "2025-01-01T00:00:00Zjunk"}) {
    EXPECT_FALSE(parse_timestamp(bad).has_value()) << bad;
  }
}

TEST(Timestamp, TellsDatesZonesAndNaiveTimesApart) {
  EXPECT_TRUE(parse_time("2025-01-01")->date_only);
  EXPECT_TRUE(parse_time("2025-01-01T00:00:00Z")->has_zone);
  EXPECT_FALSE(parse_time("2025-01-01 00:00:00")->has_zone);
}

TEST(Timestamp, FormatsRoundTrip) {
  EXPECT_EQ(format_timestamp(kBase), "2025-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(kBase + 123000), "2025-01-01T00:00:00.123Z");
  EXPECT_EQ(format_timestamp(kBase + 123456), "2025-01-01T00:00:00.123456Z");
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(-1000000), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_date(days_from_civil(2024, 2, 29)), "2024-02-29");
  for (int64_t t : {kBase, kBase + 1, int64_t{951782400000000}, int64_t{4102444799999999}})
    EXPECT_EQ(parse_timestamp(format_timestamp(t)), t);
}

}  // namespace
}  // namespace sluice

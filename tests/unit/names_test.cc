#include "sluice/core/names.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(Names, NormaliseAsFivetranDoes) {
  EXPECT_EQ(normalize_name("zoneId"), "zone_id");
  EXPECT_EQ(normalize_name("recordDate_hour_1"), "record_date_hour_1");
  EXPECT_EQ(normalize_name("Survey ID"), "survey_id");
  EXPECT_EQ(normalize_name("HTTPStatus"), "http_status");
  EXPECT_EQ(normalize_name("already_snake"), "already_snake");
  EXPECT_EQ(normalize_name("x\"; DROP TABLE responses; --"), "x_drop_table_responses");
  EXPECT_EQ(normalize_name("1st"), "_1st");
  EXPECT_EQ(normalize_name("__private"), "private");
  EXPECT_EQ(normalize_name("!!!"), "_");
}

}  // namespace
}  // namespace sluice

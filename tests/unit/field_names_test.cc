#include "sluice/json/field_names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sluice/json/flatten.h"

namespace sluice {
namespace {

void expect_same_records(const Record& a, const Record& b) {
  ASSERT_EQ(a.fields.size(), b.fields.size());
  for (size_t i = 0; i < a.fields.size(); ++i) {
    EXPECT_EQ(a.fields[i].name, b.fields[i].name);
    EXPECT_EQ(a.fields[i].value, b.fields[i].value) << a.fields[i].name;
  }
}

// Records whose shapes change from one to the next (keys reordered, added, dropped, nested, two
// keys normalising to one name) flatten exactly as they do without the cache.
TEST(FieldNames, FlattenWithCachedNamesEqualsFlatten) {
  const std::vector<std::string> texts = {
      R"({"zoneId":"z1","recordDate_hour_1":"2025-06-01T00:00:00.000Z","sumins":3})",
      R"({"zoneId":"z2","recordDate_hour_1":"2025-06-01T01:00:00.000Z","sumins":4})",
      R"({"recordDate_hour_1":"x","zoneId":"z3","sumouts":5,"sumins":null})",
      R"({"zoneId":"z4","meta":{"HTTPStatus":200,"zoneId":"inner"},"zone_id":"dup"})",
      R"({"zoneId":"z5"})",
      R"({})",
      R"({"zoneId":"z6","recordDate_hour_1":"2025-06-01T02:00:00.000Z","sumins":6})",
  };
  simdjson::dom::parser p;
  FieldNames names;
  for (int round = 0; round < 2; ++round) {
    for (const auto& t : texts) {
      simdjson::dom::object o = p.parse(t).get_object().value();
      Record plain = flatten(o);
      Record cached = flatten(o, names);
      expect_same_records(plain, cached);
    }
  }
}

TEST(FieldNames, NamesStayRightPastTheCacheBound) {
  FieldNames names;
  EXPECT_EQ(names("recordDate_hour_1"), "record_date_hour_1");
  EXPECT_EQ(names("HTTPStatus"), "http_status");
  for (int i = 0; i < 10000; ++i) {
    names.start_record();
    ASSERT_EQ(names("keyNumber" + std::to_string(i)), "key_number" + std::to_string(i));
  }
  names.start_record();
  EXPECT_EQ(names("recordDate_hour_1"), "record_date_hour_1");
}

}  // namespace
}  // namespace sluice

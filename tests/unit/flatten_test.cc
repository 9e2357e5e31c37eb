#include "sluice/json/flatten.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

simdjson::dom::object parse(simdjson::dom::parser& p, const std::string& text) {
  return p.parse(text).get_object().value();
}

TEST(Flatten, NestedObjectsBecomeUnderscoreColumns) {
  simdjson::dom::parser p;
  Record r = flatten(parse(p, R"({"uuid":"a","config":{"theme":{"color":"red"},"maxShows":3},
      "tags":["x","y"],"empty":{},"nothing":null,"score":9.5,"ok":true,"big":18446744073709551615})"));
  ASSERT_NE(r.find("config_theme_color"), nullptr);
  EXPECT_EQ(*r.find("config_theme_color"), Value::string("red"));
  EXPECT_EQ(*r.find("config_max_shows"), Value::integer(3));
  EXPECT_EQ(*r.find("tags"), Value::json(R"(["x","y"])"));
  EXPECT_EQ(*r.find("empty"), Value::json("{}"));
  EXPECT_TRUE(r.find("nothing")->is_null());
  EXPECT_EQ(*r.find("score"), Value::real(9.5));
  EXPECT_EQ(*r.find("ok"), Value::boolean(true));
  EXPECT_EQ(*r.find("big"), Value::string("18446744073709551615"));
  EXPECT_EQ(r.fields.size(), 9u);
}

TEST(Flatten, DeepObjectsStopAtTheDepthLimit) {
  simdjson::dom::parser p;
  FlattenOptions o;
  o.max_depth = 1;
  Record r = flatten(parse(p, R"({"a":{"b":{"c":1}}})"), o);
  ASSERT_EQ(r.fields.size(), 1u);
  EXPECT_EQ(r.fields[0].name, "a_b");
  EXPECT_EQ(r.fields[0].value, Value::json(R"({"c":1})"));
}

TEST(Flatten, ArraysSplitIntoChildRecordsWithTheParentKey) {
  simdjson::dom::parser p;
  auto doc = parse(p, R"({"items":[{"id":1,"meta":{"k":"v"}},7]})");
  Record parent;
  parent.set("survey_uuid", Value::string("s1"));
  auto children = child_records(doc["items"].get_array().value(), parent);
  ASSERT_EQ(children.size(), 2u);
  EXPECT_EQ(*children[0].find("survey_uuid"), Value::string("s1"));
  EXPECT_EQ(*children[0].find("_index"), Value::integer(0));
  EXPECT_EQ(*children[0].find("meta_k"), Value::string("v"));
  EXPECT_EQ(*children[1].find("value"), Value::integer(7));
}

}  // namespace
}  // namespace sluice

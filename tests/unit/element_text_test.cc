// Answer-like values as text and their JSON types: a page in, the exact text and type out.
#include "sluice/json/element_text.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(ElementText, EachJsonTypeAsTextAndAsAWord) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(std::string_view(
      R"({"s":"héllo","i":42,"d":2.5,"w":3.0,"b":true,"n":null,"a":[1,"x"],"o":{"k":1}})"));
  std::string buffer;
  auto text = [&](const char* key) { return element_as_text(doc[key].value(), buffer); };
  auto type = [&](const char* key) { return std::string(json_type_name(doc[key].type())); };
  EXPECT_EQ(text("s"), "héllo");
  EXPECT_EQ(text("i"), "42");
  EXPECT_EQ(text("d"), "2.5");
  EXPECT_EQ(text("w"), "3");
  EXPECT_EQ(text("b"), "true");
  EXPECT_EQ(text("n"), std::nullopt);
  EXPECT_EQ(text("a"), R"([1,"x"])");
  EXPECT_EQ(text("o"), R"({"k":1})");
  EXPECT_EQ(type("s"), "text");
  EXPECT_EQ(type("i"), "number");
  EXPECT_EQ(type("d"), "number");
  EXPECT_EQ(type("b"), "boolean");
  EXPECT_EQ(type("n"), "null");
  EXPECT_EQ(type("a"), "array");
  EXPECT_EQ(type("o"), "object");
}

}  // namespace
}  // namespace sluice

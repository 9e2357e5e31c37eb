// Cells read from a parsed object are the values fields.h and to_value give for the same fields,
// and text made for a row stays put while the row grows.
#include "sluice/sdk/row_cells.h"

#include <gtest/gtest.h>

#include "sluice/json/fields.h"
#include "sluice/json/flatten.h"

namespace sluice {
namespace {

std::string text_of(const Value& v) {
  return std::to_string(static_cast<int>(v.kind)) + ":" + v.to_text();
}

TEST(RowCells, EachReaderGivesItsFieldsNamesakesValue) {
  const std::string object = R"({"s": "Ünï 日本", "i": -7, "u": 18446744073709551615, "d": 2.5,
    "b": true, "n": null, "a": [1, {"x": "y"}], "o": {"k": [true, null]}, "e": {}, "t": "7"})";
  simdjson::dom::parser parser;
  simdjson::dom::object o = parser.parse(object).get_object().value();
  const char* keys[] = {"s", "i", "u", "d", "b", "n", "a", "o", "e", "t", "missing"};
  RowCells cells;
  for (int round = 0; round < 2; ++round) {  // the second row reuses the first's kept strings
    cells.clear();
    for (const char* k : keys) {
      cells.add_text(o, k);
      cells.add_value(o, k);
      cells.add_json(o, k);
    }
    ASSERT_EQ(cells.size(), 3 * std::size(keys));
    size_t at = 0;
    for (const char* k : keys) {
      EXPECT_EQ(text_of(cells[at++].value()), text_of(field_text(o, k))) << k;
      EXPECT_EQ(text_of(cells[at++].value()), text_of(field_value(o, k))) << k;
      EXPECT_EQ(text_of(cells[at++].value()), text_of(field_json(o, k))) << k;
    }
  }
  cells.clear();
  for (auto [key, element] : o) cells.add(element);
  size_t at = 0;
  for (auto [key, element] : o) EXPECT_EQ(text_of(cells[at++].value()), text_of(to_value(element)));
  // A kept value's text is a copy: the value may go.
  cells.clear();
  {
    Value gone = Value::string(std::string(40, 'k'));
    cells.add(gone);
  }
  EXPECT_EQ(cells[0].value().s, std::string(40, 'k'));
}

}  // namespace
}  // namespace sluice

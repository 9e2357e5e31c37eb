// Rows flattened by position are the Records flatten() and Record::set make of the same objects,
// whatever their shapes do from one row to the next, and a repeated shape is the same RowShape.
#include "sluice/sdk/flat_row.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

struct Rows : Emitter {
  std::vector<Record> records;
  std::vector<uint64_t> shape_ids;  // 0 for a row that came as a Record
  void upsert(const std::string&, Record r) override {
    records.push_back(std::move(r));
    shape_ids.push_back(0);
  }
  void upsert_row(const std::string&, const RowShape& shape, const Cell* cells) override {
    records.push_back(record_of(shape, cells));
    shape_ids.push_back(shape.id());
  }
  void update(const std::string&, Record) override {}
  void remove(const std::string&, Record) override {}
  void truncate(const std::string&) override {}
  void checkpoint(const nlohmann::json&) override {}
};

std::string text_of(const Record& r) {
  std::string out;
  for (const Field& f : r.fields)
    out += f.name + "=" + std::to_string(static_cast<int>(f.value.kind)) + ":" + f.value.to_text() +
           ";";
  return out;
}

TEST(FlatRow, RowsOfChangingShapesAreTheRecordsFlattenMakes) {
  const std::string long_text(5000, 'q');
  const std::string page = R"([
    {"Id": 1, "a": {"b": 1, "c": {"d": "x"}}, "e": {}, "f": [1, {"g": 2}], "big": 18446744073709551615},
    {"Id": 2, "a": {"b": 2, "c": {"d": "y"}}, "e": {}, "f": [], "big": 3},
    {"Id": 3, "a": {"b": 2.5, "c": {"d": null}}, "e": {}, "f": null, "big": true},
    {"Id": 4, "a": {"b": 3}, "extra": "Ünïcödé 日本", "e": {}},
    {"Id": 5, "a": {"b": 3, "c": {"d": "z"}}, "e": {}, "f": [], "big": 4},
    {"Id": 6, "a_b": "twice", "a": {"b": "again"}},
    {"Id": 7, "deep": {"l1": {"l2": {"l3": 1}}}, "long": ")" +
                           long_text + R"("},
    {"Id": 8, "a": {"b": 4, "c": {"d": "w"}}, "e": {}, "f": [], "big": 5},
    {"ID": 9}
  ])";
  simdjson::dom::parser parser;
  simdjson::dom::array items = parser.parse(page).get_array().value();
  FlattenOptions options;
  options.max_depth = 2;  // "deep" keeps its third level as JSON
  FlatRow row(options);
  Rows out;
  std::vector<Record> want;
  for (simdjson::dom::element item : items) {
    row.clear();
    row.flatten(item.get_object().value());
    row.upsert(out, "t");
    want.push_back(flatten(item.get_object().value(), options));
  }
  ASSERT_EQ(out.records.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k)
    EXPECT_EQ(text_of(out.records[k]), text_of(want[k])) << "row " << k;
  EXPECT_EQ(out.shape_ids[0], out.shape_ids[1]);  // the same names: the same shape
  EXPECT_EQ(out.shape_ids[1], out.shape_ids[2]);
  EXPECT_NE(out.shape_ids[3], out.shape_ids[1]);
  EXPECT_EQ(out.shape_ids[4], out.shape_ids[1]);  // a shape seen before is found again
  EXPECT_EQ(out.shape_ids[5], 0u);                // a_b named twice: as a Record
  EXPECT_EQ(out.shape_ids[7], out.shape_ids[1]);
  EXPECT_NE(out.shape_ids[8], 0u);
}

// Names set after flattening replace or append as Record::set does; a row built but not upserted
// does not leave its names behind for the next one.
TEST(FlatRow, SetReplacesOrAppendsAndAnUnsentRowDoesNotConfuseTheNext) {
  simdjson::dom::parser parser;
  simdjson::dom::element a = parser.parse(std::string(R"({"x": 1, "y": "two"})")).value();
  simdjson::dom::parser parser2;
  simdjson::dom::element b = parser2.parse(std::string(R"({"x": 1, "z": "two"})")).value();
  FlatRow row;
  Rows out;
  auto build = [&](simdjson::dom::element e, bool set) {
    row.clear();
    row.flatten(e.get_object().value());
    if (!set) return;
    row.set("y", Value::string("set"));
    row.set("w", Cell{Value::Kind::kInt, 9, 0, {}});
  };
  build(a, true);
  row.upsert(out, "t");
  build(b, true);
  row.upsert(out, "t");
  build(a, false);
  row.upsert(out, "t");
  build(b, false);  // not sent
  build(b, false);
  row.upsert(out, "t");
  ASSERT_EQ(out.records.size(), 4u);
  EXPECT_EQ(text_of(out.records[0]), "x=2:1;y=4:set;w=2:9;");
  EXPECT_EQ(text_of(out.records[1]), "x=2:1;z=4:two;y=4:set;w=2:9;");
  EXPECT_EQ(text_of(out.records[3]), "x=2:1;z=4:two;");
  EXPECT_NE(out.shape_ids[2], out.shape_ids[3]);
}

}  // namespace
}  // namespace sluice

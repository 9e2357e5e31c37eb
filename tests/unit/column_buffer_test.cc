// A batch column as data: values in, the same values out, whatever kinds, NULLs and widenings.
#include "sluice/load/column_buffer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sluice/load/batch.h"

namespace sluice {
namespace {

std::vector<Value> read_all(const ColumnBuffer& c) {
  std::vector<Value> out;
  for (size_t r = 0; r < c.size(); ++r) out.push_back(c.get(r));
  return out;
}

ColumnBuffer of(const std::vector<Value>& values) {
  ColumnBuffer c;
  for (const auto& v : values) c.push(v);
  return c;
}

TEST(ColumnBuffer, EachKindComesBackExactlyWithItsNulls) {
  const std::string long_text(70000, 'z');
  const std::vector<std::vector<Value>> columns = {
      {Value::integer(-9000000000000000000), Value(), Value::integer(7)},
      {Value::real(2.5), Value::real(-0.0), Value(), Value::real(1e300)},
      {Value::boolean(true), Value(), Value::boolean(false)},
      {Value(), Value::string("Ünïcödé 日本 🎉"), Value::string(""), Value(),
       Value::string(long_text)},
      {Value::json(R"({"a":[1,2]})"), Value(), Value::json("\"x\"")},
      {Value::timestamp(1704164645000000), Value(), Value::timestamp(-1)},
      {Value::date(19724), Value()},
      {Value(), Value()},
  };
  for (const auto& values : columns) {
    const ColumnBuffer c = of(values);
    EXPECT_FALSE(c.mixed());
    EXPECT_EQ(read_all(c), values);
  }
  const ColumnBuffer text = of(columns[3]);
  EXPECT_EQ(text.kind(), Value::Kind::kString);
  EXPECT_EQ(text.text(4), long_text);
  EXPECT_EQ(text.text(1), "Ünïcödé 日本 🎉");
}

// Integer, then double, then text in one column: it turns mixed and keeps each value as it came,
// so the destination widens every earlier value exactly.
TEST(ColumnBuffer, AWideningMidBatchKeepsEveryEarlierValue) {
  const std::vector<Value> values = {Value::integer(5),
                                     Value(),
                                     Value::integer(9007199254740993),
                                     Value::real(2.5),
                                     Value::string("seven"),
                                     Value::json("[1]"),
                                     Value::integer(6)};
  const ColumnBuffer c = of(values);
  EXPECT_TRUE(c.mixed());
  EXPECT_EQ(read_all(c), values);
  // Text then JSON is a change of kind too.
  const std::vector<Value> texts = {Value::string("a"), Value::json("{}"), Value::string("b")};
  EXPECT_EQ(read_all(of(texts)), texts);
}

TEST(ColumnBuffer, PopDropsTheLastRowAndItsText) {
  ColumnBuffer c = of({Value::string("keep"), Value::string("drop")});
  c.pop();
  c.push(Value::string("new"));
  EXPECT_EQ(read_all(c), (std::vector<Value>{Value::string("keep"), Value::string("new")}));
  EXPECT_EQ(c.text(1), "new");
}

// A column first seen in the third row is NULL in the two before; a row that skips a column is
// NULL there.
TEST(Batch, ColumnsFirstSeenLaterAndSkippedAreNull) {
  Batch b;
  b.data.resize(b.columns.size());
  const size_t id = b.add_column("id");
  b.data[id].push(Value::integer(1));
  b.end_row();
  b.data[id].push(Value::integer(2));
  b.end_row();
  const size_t late = b.add_column("late");
  b.data[late].push(Value::string("x"));
  b.end_row();
  b.data[id].push(Value::integer(4));
  b.end_row();
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b.value(0, late), Value());
  EXPECT_EQ(b.value(1, late), Value());
  EXPECT_EQ(b.value(2, late), Value::string("x"));
  EXPECT_EQ(b.value(2, id), Value());
  EXPECT_EQ(b.value(3, late), Value());
  const Batch odd = b.select({false, true, false, true}, true);
  ASSERT_EQ(odd.size(), 2u);
  EXPECT_EQ(odd.value(0, id), Value::integer(2));
  EXPECT_EQ(odd.value(1, id), Value::integer(4));
  EXPECT_EQ(odd.value(1, late), Value());
}

}  // namespace
}  // namespace sluice

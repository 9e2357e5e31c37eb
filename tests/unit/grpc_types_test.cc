// The partner SDK's typed values: each value goes as its column's declared type when it fits there
// (as the warehouse stores it), else as the type the column widens to; DECIMAL columns carry the
// warehouse's precision and scale.
#include "sluice/protocols/grpc/grpc_types.h"

#include <gtest/gtest.h>

namespace sluice::grpc_protocol {
namespace {

sdk::ValueType typed(const Value& v, std::optional<ColumnType> declared) {
  sdk::ValueType out;
  to_value_type(v, declared, &out);
  return out;
}

TEST(GrpcTypes, ValuesTakeTheirColumnsDeclaredType) {
  EXPECT_EQ(typed(Value::string("7"), ColumnType::kShort).short_(), 7);
  EXPECT_EQ(typed(Value::string("70000"), ColumnType::kInt).int_(), 70000);
  EXPECT_EQ(typed(Value::integer(7), ColumnType::kLong).long_(), 7);
  EXPECT_EQ(typed(Value::string("1.5"), ColumnType::kDecimal).decimal(), "1.5");
  EXPECT_EQ(typed(Value::integer(3), ColumnType::kDecimal).decimal(), "3");
  EXPECT_FLOAT_EQ(typed(Value::string("0.25"), ColumnType::kFloat).float_(), 0.25f);
  EXPECT_EQ(typed(Value::integer(42), ColumnType::kString).string(), "42");
  EXPECT_EQ(typed(Value::string("{\"a\":1}"), ColumnType::kJson).json(), "\"{\\\"a\\\":1}\"");
  EXPECT_TRUE(typed(Value::boolean(true), ColumnType::kBoolean).bool_());
  const auto naive = typed(Value::string("2026-01-02T03:04:05.5"), ColumnType::kNaiveDateTime);
  ASSERT_TRUE(naive.has_naive_datetime());
  EXPECT_EQ(naive.naive_datetime().seconds(), 1767323045);
  EXPECT_EQ(naive.naive_datetime().nanos(), 500000000);
  EXPECT_TRUE(
      typed(Value::string("2026-01-02T03:04:05Z"), ColumnType::kUtcDateTime).has_utc_datetime());
  const auto date = typed(Value::date(20455), ColumnType::kNaiveDate);
  ASSERT_TRUE(date.has_naive_date());
  EXPECT_EQ(date.naive_date().seconds(), 20455LL * 86400);
  EXPECT_TRUE(typed(Value::null(), ColumnType::kLong).null());
}

TEST(GrpcTypes, AValueThatDoesNotFitGoesAsTheWidenedType) {
  // Out of a SHORT's or an INT's range: a LONG, never a truncated number.
  EXPECT_EQ(typed(Value::string("70000"), ColumnType::kShort).long_(), 70000);
  EXPECT_EQ(typed(Value::string("10000000000"), ColumnType::kInt).long_(), 10000000000);
  EXPECT_EQ(typed(Value::real(2.5), ColumnType::kLong).double_(), 2.5);
  // As the loader widens: a fraction in a DECIMAL column makes it DOUBLE, a zoned time in a naive
  // column makes it UTC.
  EXPECT_EQ(typed(Value::real(1.5), ColumnType::kDecimal).double_(), 1.5);
  EXPECT_TRUE(typed(Value::timestamp(0), ColumnType::kNaiveDateTime).has_utc_datetime());
  EXPECT_EQ(typed(Value::string("soon"), ColumnType::kUtcDateTime).string(), "soon");
  // Undeclared: by the value's own kind.
  EXPECT_EQ(typed(Value::integer(9), std::nullopt).long_(), 9);
  EXPECT_EQ(typed(Value::json("[1]"), std::nullopt).json(), "[1]");
}

TEST(GrpcTypes, TablesCarryKeysTypesAndDecimalParams) {
  TableSpec spec{"t",
                 {"id", "region"},
                 {{"id", ColumnType::kLong}, {"amount", ColumnType::kDecimal}},
                 WriteMode::kMerge,
                 ""};
  sdk::Table table;
  to_table(spec, &table);
  ASSERT_EQ(table.columns_size(), 3);
  EXPECT_EQ(table.columns(0).type(), sdk::LONG);
  EXPECT_TRUE(table.columns(0).primary_key());
  EXPECT_EQ(table.columns(1).type(), sdk::DECIMAL);
  EXPECT_FALSE(table.columns(1).primary_key());
  EXPECT_EQ(table.columns(1).params().decimal().precision(), 38u);
  EXPECT_EQ(table.columns(1).params().decimal().scale(), 9u);
  EXPECT_FALSE(table.columns(0).has_params());
  // A key the connector did not declare is still a key, as text.
  EXPECT_EQ(table.columns(2).name(), "region");
  EXPECT_EQ(table.columns(2).type(), sdk::STRING);
  EXPECT_TRUE(table.columns(2).primary_key());
}

}  // namespace
}  // namespace sluice::grpc_protocol

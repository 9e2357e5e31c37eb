#include "sluice/core/types.h"

#include <gtest/gtest.h>

#include "sluice/json/infer.h"

namespace sluice {
namespace {

TEST(Types, WideningGoesOneWay) {
  EXPECT_EQ(widen(ColumnType::kBoolean, ColumnType::kLong), ColumnType::kLong);
  EXPECT_EQ(widen(ColumnType::kLong, ColumnType::kInt), ColumnType::kLong);
  EXPECT_EQ(widen(ColumnType::kLong, ColumnType::kDouble), ColumnType::kDouble);
  EXPECT_EQ(widen(ColumnType::kDecimal, ColumnType::kLong), ColumnType::kDecimal);
  EXPECT_EQ(widen(ColumnType::kDouble, ColumnType::kString), ColumnType::kString);
  EXPECT_EQ(widen(ColumnType::kString, ColumnType::kJson), ColumnType::kJson);
  EXPECT_EQ(widen(ColumnType::kNaiveDate, ColumnType::kUtcDateTime), ColumnType::kUtcDateTime);
  EXPECT_EQ(widen(ColumnType::kNaiveDate, ColumnType::kNaiveDateTime), ColumnType::kNaiveDateTime);
  EXPECT_EQ(widen(ColumnType::kUtcDateTime, ColumnType::kLong), ColumnType::kString);
  EXPECT_TRUE(widens_to(ColumnType::kInt, ColumnType::kLong));
  EXPECT_FALSE(widens_to(ColumnType::kString, ColumnType::kLong));
}

TEST(Types, InferenceFromValues) {
  EXPECT_EQ(infer_type(Value::boolean(true)), ColumnType::kBoolean);
  EXPECT_EQ(infer_type(Value::integer(5)), ColumnType::kLong);
  EXPECT_EQ(infer_type(Value::real(1.5)), ColumnType::kDouble);
  EXPECT_EQ(infer_type(Value::string("hello")), ColumnType::kString);
  EXPECT_EQ(infer_type(Value::string("5")), ColumnType::kString);
  EXPECT_EQ(infer_type(Value::string("2025-01-01T00:00:00Z")), ColumnType::kUtcDateTime);
  EXPECT_EQ(infer_type(Value::string("2025-01-01 00:00:00")), ColumnType::kNaiveDateTime);
  EXPECT_EQ(infer_type(Value::string("2025-01-01")), ColumnType::kNaiveDate);
  EXPECT_EQ(infer_type(Value::json("[1,2]")), ColumnType::kJson);
  EXPECT_FALSE(infer_type(Value::null()).has_value());
}

TEST(Types, CoercionToColumnTypes) {
  EXPECT_EQ(coerce(Value::string("42"), ColumnType::kLong), Value::integer(42));
  EXPECT_EQ(coerce(Value::integer(42), ColumnType::kString), Value::string("42"));
  EXPECT_EQ(coerce(Value::real(2.0), ColumnType::kLong), Value::integer(2));
  EXPECT_EQ(coerce(Value::integer(3), ColumnType::kDouble), Value::real(3.0));
  EXPECT_EQ(coerce(Value::string("abc"), ColumnType::kJson), Value::json("\"abc\""));
  EXPECT_EQ(coerce(Value::integer(7), ColumnType::kJson), Value::json("7"));
  EXPECT_EQ(coerce(Value::string("2025-01-01T01:00:00+01:00"), ColumnType::kUtcDateTime),
            Value::timestamp(1735689600LL * 1000000));
  EXPECT_TRUE(coerce(Value::string("x"), ColumnType::kLong).is_null());
  EXPECT_TRUE(coerce(Value::null(), ColumnType::kString).is_null());
}

}  // namespace
}  // namespace sluice

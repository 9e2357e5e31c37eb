#include "sluice/destinations/duckdb/duckdb_sql.h"

namespace sluice::duck {

std::string sql_type(ColumnType t) {
  switch (t) {
    case ColumnType::kBoolean:
      return "BOOLEAN";
    case ColumnType::kShort:
      return "SMALLINT";
    case ColumnType::kInt:
      return "INTEGER";
    case ColumnType::kLong:
      return "BIGINT";
    case ColumnType::kDecimal:
      return "DECIMAL(38,9)";
    case ColumnType::kFloat:
      return "FLOAT";
    case ColumnType::kDouble:
      return "DOUBLE";
    case ColumnType::kNaiveDate:
      return "DATE";
    case ColumnType::kNaiveDateTime:
      return "TIMESTAMP";
    case ColumnType::kUtcDateTime:
      return "TIMESTAMPTZ";
    case ColumnType::kBinary:
      return "BLOB";
    case ColumnType::kString:
      return "VARCHAR";
    case ColumnType::kJson:
      return "JSON";
  }
  return "VARCHAR";
}

ColumnType column_type_from_sql(std::string_view t) {
  if (t == "BOOLEAN") return ColumnType::kBoolean;
  if (t == "SMALLINT") return ColumnType::kShort;
  if (t == "INTEGER") return ColumnType::kInt;
  if (t == "BIGINT") return ColumnType::kLong;
  if (t.rfind("DECIMAL", 0) == 0) return ColumnType::kDecimal;
  if (t == "FLOAT") return ColumnType::kFloat;
  if (t == "DOUBLE") return ColumnType::kDouble;
  if (t == "DATE") return ColumnType::kNaiveDate;
  if (t == "TIMESTAMP") return ColumnType::kNaiveDateTime;
  if (t == "TIMESTAMP WITH TIME ZONE" || t == "TIMESTAMPTZ") return ColumnType::kUtcDateTime;
  if (t == "BLOB") return ColumnType::kBinary;
  if (t == "JSON") return ColumnType::kJson;
  return ColumnType::kString;
}

}  // namespace sluice::duck

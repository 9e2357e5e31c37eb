#include "sluice/destinations/postgres/pg_types.h"

namespace sluice::pg {

std::string sql_type(ColumnType t) {
  switch (t) {
    case ColumnType::kBoolean:
      return "boolean";
    case ColumnType::kShort:
      return "smallint";
    case ColumnType::kInt:
      return "integer";
    case ColumnType::kLong:
      return "bigint";
    case ColumnType::kDecimal:
      return "numeric";
    case ColumnType::kFloat:
      return "real";
    case ColumnType::kDouble:
      return "double precision";
    case ColumnType::kNaiveDate:
      return "date";
    case ColumnType::kNaiveDateTime:
      return "timestamp";
    case ColumnType::kUtcDateTime:
      return "timestamptz";
    case ColumnType::kBinary:
      return "bytea";
    case ColumnType::kString:
      return "text";
    case ColumnType::kJson:
      return "jsonb";
  }
  return "text";
}

ColumnType column_type_from_sql(std::string_view t) {
  if (t == "boolean") return ColumnType::kBoolean;
  if (t == "smallint") return ColumnType::kShort;
  if (t == "integer") return ColumnType::kInt;
  if (t == "bigint") return ColumnType::kLong;
  if (t == "numeric") return ColumnType::kDecimal;
  if (t == "real") return ColumnType::kFloat;
  if (t == "double precision") return ColumnType::kDouble;
  if (t == "date") return ColumnType::kNaiveDate;
  if (t == "timestamp without time zone") return ColumnType::kNaiveDateTime;
  if (t == "timestamp with time zone") return ColumnType::kUtcDateTime;
  if (t == "bytea") return ColumnType::kBinary;
  if (t == "jsonb" || t == "json") return ColumnType::kJson;
  return ColumnType::kString;
}

}  // namespace sluice::pg

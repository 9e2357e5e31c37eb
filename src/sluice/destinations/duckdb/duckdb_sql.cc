#include "sluice/destinations/duckdb/duckdb_sql.h"

namespace sluice::duck {

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

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

std::string key_join(const std::vector<std::string>& keys, std::string_view a, std::string_view b) {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) out += " AND ";
    out += std::string(a) + "." + quote_ident(k) + " = " + std::string(b) + "." + quote_ident(k);
  }
  return out;
}

std::string join_quoted(const std::vector<std::string>& names, std::string_view prefix) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += std::string(prefix) + quote_ident(n);
  }
  return out;
}

}  // namespace sluice::duck

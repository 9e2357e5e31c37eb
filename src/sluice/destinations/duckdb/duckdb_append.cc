#include "sluice/destinations/duckdb/duckdb_append.h"

#include "sluice/core/error.h"
#include "sluice/json/infer.h"

namespace sluice::duck {
namespace {

duckdb_state append_exact(duckdb_appender a, const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull:
      return duckdb_append_null(a);
    case Value::Kind::kBool:
      return duckdb_append_bool(a, v.b);
    case Value::Kind::kInt:
      return duckdb_append_int64(a, v.i);
    case Value::Kind::kDouble:
      return duckdb_append_double(a, v.d);
    case Value::Kind::kTimestamp:
      return duckdb_append_timestamp(a, duckdb_timestamp{v.i});
    case Value::Kind::kDate:
      return duckdb_append_date(a, duckdb_date{static_cast<int32_t>(v.i)});
    case Value::Kind::kString:
    case Value::Kind::kJson:
      return duckdb_append_varchar_length(a, v.s.data(), v.s.size());
  }
  return duckdb_append_null(a);
}

}  // namespace

std::vector<ColumnType> batch_types(const std::vector<ColumnSpec>& columns, const Batch& batch) {
  std::vector<ColumnType> types;
  for (const auto& name : batch.columns) {
    ColumnType type = ColumnType::kString;
    for (const auto& c : columns)
      if (c.name == name) type = c.type;
    types.push_back(type);
  }
  return types;
}

duckdb_state append_value(duckdb_appender a, const Value& raw, ColumnType type) {
  // The common cases need no conversion (and no copy of the text).
  if ((raw.kind == Value::Kind::kString && type == ColumnType::kString) ||
      (raw.kind == Value::Kind::kJson && type == ColumnType::kJson))
    return duckdb_append_varchar_length(a, raw.s.data(), raw.s.size());
  if (raw.kind == Value::Kind::kNull) return duckdb_append_null(a);
  return append_exact(a, coerce(raw, type));
}

void append_rows(Connection& db, const std::string& table, const std::vector<std::string>& columns,
                 const std::vector<ColumnType>& types, const std::vector<std::vector<Value>>& rows,
                 const std::vector<std::string>& extra_columns, const std::vector<Value>& extra,
                 const std::vector<ColumnType>& extra_types, const std::vector<bool>* only) {
  duckdb_appender a;
  bool failed =
      duckdb_appender_create_ext(db.raw(), nullptr, "main", table.c_str(), &a) == DuckDBError;
  // Named columns: the batch may carry a subset, in its own order; the rest default to NULL.
  for (size_t c = 0; !failed && c < columns.size(); ++c)
    failed = duckdb_appender_add_column(a, columns[c].c_str()) == DuckDBError;
  for (size_t c = 0; !failed && c < extra_columns.size(); ++c)
    failed = duckdb_appender_add_column(a, extra_columns[c].c_str()) == DuckDBError;
  static const Value kNull;
  for (size_t r = 0; !failed && r < rows.size(); ++r) {
    if (only && !(*only)[r]) continue;
    const auto& row = rows[r];
    for (size_t c = 0; !failed && c < types.size(); ++c)
      failed = append_value(a, c < row.size() ? row[c] : kNull, types[c]) == DuckDBError;
    for (size_t c = 0; !failed && c < extra.size(); ++c)
      failed = append_value(a, extra[c], extra_types[c]) == DuckDBError;
    if (!failed) failed = duckdb_appender_end_row(a) == DuckDBError;
  }
  if (!failed) failed = duckdb_appender_close(a) == DuckDBError;
  std::string message = failed && duckdb_appender_error(a) ? duckdb_appender_error(a) : "";
  duckdb_appender_destroy(&a);
  if (failed)
    throw Error(ErrorKind::kWarehouse,
                "Could not write rows of table " + table + " in " + db.path() + ": " + message);
}

}  // namespace sluice::duck

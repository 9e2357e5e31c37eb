#include "sluice/destinations/duckdb/duckdb_stage.h"

#include "sluice/core/error.h"
#include "sluice/destinations/duckdb/duckdb_append.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/json/infer.h"
#include "sluice/load/sql_text.h"

namespace sluice::duck {
namespace {

// The stage keeps a few wide physical types; the INSERT … SELECT casts to the table's types.
std::string stage_type(ColumnType t) {
  switch (t) {
    case ColumnType::kBoolean:
      return "BOOLEAN";
    case ColumnType::kShort:
    case ColumnType::kInt:
    case ColumnType::kLong:
      return "BIGINT";
    case ColumnType::kDecimal:
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      return "DOUBLE";
    case ColumnType::kNaiveDate:
      return "DATE";
    case ColumnType::kNaiveDateTime:
    case ColumnType::kUtcDateTime:
      return "TIMESTAMP";
    default:
      return "VARCHAR";
  }
}

}  // namespace

void write_stage(Connection& db, const std::string& stage, const std::vector<ColumnSpec>& columns,
                 const Batch& batch) {
  std::vector<ColumnType> types = batch_types(columns, batch);
  std::string sql = "CREATE OR REPLACE TEMP TABLE " + sql::quote_ident(stage) + " (_seq BIGINT";
  for (size_t c = 0; c < types.size(); ++c)
    sql += ", " + sql::quote_ident(batch.columns[c]) + " " + stage_type(types[c]);
  db.exec(sql + ")");
  duckdb_appender appender;
  if (duckdb_appender_create_ext(db.raw(), "temp", "main", stage.c_str(), &appender) ==
      DuckDBError) {
    std::string message = duckdb_appender_error(appender) ? duckdb_appender_error(appender) : "";
    duckdb_appender_destroy(&appender);
    throw Error(ErrorKind::kWarehouse, "Could not stage rows in " + db.path() + ": " + message);
  }
  static const Value kNull;
  int64_t seq = 0;
  bool failed = false;
  for (const auto& row : batch.rows) {
    failed |= duckdb_append_int64(appender, seq++) == DuckDBError;
    for (size_t c = 0; c < types.size(); ++c)
      failed |= append_value(appender, c < row.size() ? row[c] : kNull, types[c]) == DuckDBError;
    failed |= duckdb_appender_end_row(appender) == DuckDBError;
    if (failed) break;
  }
  if (!failed) failed = duckdb_appender_close(appender) == DuckDBError;
  std::string message =
      failed && duckdb_appender_error(appender) ? duckdb_appender_error(appender) : "";
  duckdb_appender_destroy(&appender);
  if (failed)
    throw Error(ErrorKind::kWarehouse, "Could not stage rows in " + db.path() + ": " + message);
}

}  // namespace sluice::duck

#include "sluice/destinations/duckdb/duckdb_stage.h"

#include "sluice/destinations/duckdb/duckdb_append.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/destinations/sql/sql_destination.h"
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
  AppendTarget target;
  target.catalog = "temp";
  target.table = stage;
  target.numbered = true;
  append_rows(db, target, batch, types);
}

}  // namespace sluice::duck

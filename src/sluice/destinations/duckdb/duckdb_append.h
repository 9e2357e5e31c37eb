#pragma once
// DuckDB's appender, shared by the staging table and the direct path into a table: one value at a
// time, coerced to its column's type.
#include <duckdb.h>

#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/core/types.h"
#include "sluice/core/value.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/load/batch.h"

namespace sluice::duck {

// The type of each of the batch's columns as the table has it (text when the table lacks it).
std::vector<ColumnType> batch_types(const std::vector<ColumnSpec>& columns, const Batch& batch);

duckdb_state append_value(duckdb_appender a, const Value& raw, ColumnType type);

// Appends `rows` (laid out as `columns`, typed `types`) straight into `table` of schema `main`,
// inside the connection's open transaction; `extra` are constants appended after each row's
// values, into the columns named `extra_columns`; with `only`, just the rows marked there. Throws
// Error(kWarehouse) on failure.
void append_rows(Connection& db, const std::string& table, const std::vector<std::string>& columns,
                 const std::vector<ColumnType>& types, const std::vector<std::vector<Value>>& rows,
                 const std::vector<std::string>& extra_columns, const std::vector<Value>& extra,
                 const std::vector<ColumnType>& extra_types,
                 const std::vector<bool>* only = nullptr);

}  // namespace sluice::duck

#pragma once
// DuckDB's appender, shared by the staging table and the direct path into a table: rows go in as
// data chunks (duckdb_chunk), each value coerced to its column's type.
#include <duckdb.h>

#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/core/types.h"
#include "sluice/core/value.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/load/batch.h"

namespace sluice::duck {

// Where rows go and what each carries besides the batch's own values.
struct AppendTarget {
  const char* catalog = nullptr;  // nullptr: the database's own; "temp" for a temporary table
  std::string table;              // in schema `main`
  bool numbered = false;          // a first column takes each row's position in the batch
  // Constants appended after each row's values, into the columns named here.
  std::vector<std::string> extra_columns;
  std::vector<Value> extra;
  std::vector<ColumnType> extra_types;
};

// Appends the batch's rows (typed `types`, one per batch column) into the target inside the
// connection's open transaction; with `only`, just the rows marked there. Throws Error(kWarehouse)
// on failure.
void append_rows(Connection& db, const AppendTarget& target, const Batch& batch,
                 const std::vector<ColumnType>& types, const std::vector<bool>* only = nullptr);

}  // namespace sluice::duck

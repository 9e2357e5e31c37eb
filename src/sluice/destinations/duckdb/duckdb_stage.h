#pragma once
// Writes a batch into a temporary staging table through DuckDB's appender, values coerced to
// the types of their target columns.
#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/load/batch.h"

namespace sluice::duck {

// (Re)creates `stage` with a `_seq` column (the row's position) and one column per batch column.
void write_stage(Connection& db, const std::string& stage, const std::vector<ColumnSpec>& columns,
                 const Batch& batch);

}  // namespace sluice::duck

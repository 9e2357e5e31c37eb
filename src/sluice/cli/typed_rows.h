#pragma once
// A query's rows with JSON types, for `sluice query --format json|jsonl|csv`: numbers as numbers,
// booleans as booleans, NULL as null, dates and timestamps as ISO-8601 strings, JSON columns as
// JSON, everything else as text.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sluice/load/destination.h"

namespace sluice::cli {

struct TypedRows {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::ordered_json>> rows;
};

// Runs one read-only statement (the user's, or one Sluice wraps around it).
using RunQuery = std::function<QueryResult(const std::string& sql)>;

// DuckDB (and a Parquet lake, read through DuckDB) types the values by the query's own column
// types (DESCRIBE); PostgreSQL's row_to_json types them itself. A statement that cannot be
// described or wrapped (SHOW, EXPLAIN) prints as text.
TypedRows typed_rows(const RunQuery& run, const std::string& sql, bool postgres);

}  // namespace sluice::cli

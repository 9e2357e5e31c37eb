#pragma once
// A batch as the data of `COPY … FROM STDIN (FORMAT binary)`, encoded straight from its column
// buffers: each value goes in PostgreSQL's own binary form (int8, float8, microseconds since
// 2000-01-01, …), so the server parses no text and Sluice makes no string per cell.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/core/types.h"
#include "sluice/load/batch.h"

namespace sluice::pg {

// Receives the encoded data in order, in pieces of about a megabyte.
using CopySink = std::function<void(std::string_view)>;

// The whole COPY data for a table of columns `_seq bigint` (the row's position in the batch) and
// then the batch's columns, typed `types` (PostgreSQL's names for them: pg_types). Each value is
// first coerced to its column's type as a widened column's earlier values must be; a value the
// column's PostgreSQL type cannot hold (70,000 in a smallint) throws Error(kWarehouse).
void write_binary_copy(const Batch& batch, const std::vector<ColumnType>& types,
                       const CopySink& sink);

}  // namespace sluice::pg

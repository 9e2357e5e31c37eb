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

// Which rows a COPY carries and what besides the batch's own values.
struct CopyRows {
  bool numbered = true;  // a first column, `_seq bigint`: the row's position in the batch
  const std::vector<bool>* only = nullptr;  // the rows to write; all when null
  // Constants after each row's values, into the columns named here.
  std::vector<std::string> extra_columns;
  std::vector<Value> extra;
  std::vector<ColumnType> extra_types;
};

// The whole COPY data for a table of the columns `rows` describes around the batch's columns,
// typed `types` (PostgreSQL's names for them: pg_types). Each value is first coerced to its
// column's type as a widened column's earlier values must be; a value the column's PostgreSQL
// type cannot hold (70,000 in a smallint) throws Error(kWarehouse).
void write_binary_copy(const Batch& batch, const std::vector<ColumnType>& types,
                       const CopySink& sink, const CopyRows& rows = {});

}  // namespace sluice::pg

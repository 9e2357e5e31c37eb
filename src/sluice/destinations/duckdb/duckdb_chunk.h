#pragma once
// Rows appended to DuckDB a data chunk (2,048 rows) at a time: each value is written straight into
// its column's vector (fixed-width data, validity mask, strings with their lengths), and DuckDB
// receives whole chunks instead of one call per value.
#include <duckdb.h>

#include <functional>
#include <string>
#include <vector>

#include "sluice/core/types.h"
#include "sluice/core/value.h"
#include "sluice/load/column_buffer.h"

namespace sluice::duck {

class ChunkAppender {
 public:
  // Receives each full chunk and owns it from then on; false: it could not take it.
  using Sink = std::function<bool(duckdb_data_chunk)>;
  // `types` are the types of the appender's active columns, in order. Without a sink, chunks go
  // into the appender; with one (the bench's ready-made chunks), to the sink.
  ChunkAppender(duckdb_appender appender, const std::vector<ColumnType>& types, Sink sink = {});
  ~ChunkAppender();
  ChunkAppender(const ChunkAppender&) = delete;
  ChunkAppender& operator=(const ChunkAppender&) = delete;

  // Cell `column` of the current row; a cell never set stays NULL.
  void set(size_t column, const Value& value);
  // The same from row `row` of a batch column: a value whose kind the column holds as it is goes
  // straight into the vector, without a Value.
  void set(size_t column, const ColumnBuffer& data, size_t row);
  // Ends the current row; appends the chunk once it is full. False when DuckDB refused a chunk.
  bool end_row();
  // Appends what is left. False when DuckDB refused it.
  bool flush();

 private:
  // How a column's vector is filled: the vector's physical layout, and the type values are
  // converted to first.
  enum class Fill { kBool, kInt64, kDouble, kDate, kMicros, kText };
  struct Column {
    Fill fill;
    ColumnType as;  // what values are coerced to
    duckdb_vector vector = nullptr;
    void* data = nullptr;
    uint64_t* validity = nullptr;
  };
  void bind_vectors();

  duckdb_appender appender_;
  Sink sink_;
  std::vector<duckdb_logical_type> logical_;  // the vectors' types, for each new chunk
  duckdb_data_chunk chunk_ = nullptr;
  std::vector<Column> columns_;
  std::vector<bool> set_;  // cells of the current row given a value
  size_t row_ = 0;
  size_t capacity_ = 0;
};

}  // namespace sluice::duck

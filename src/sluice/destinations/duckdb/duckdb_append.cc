#include "sluice/destinations/duckdb/duckdb_append.h"

#include "sluice/core/error.h"
#include "sluice/destinations/duckdb/duckdb_chunk.h"

namespace sluice::duck {

void append_rows(Connection& db, const AppendTarget& target, const Batch& batch,
                 const std::vector<ColumnType>& types, const std::vector<bool>* only) {
  const std::vector<std::string>& columns = batch.columns;
  duckdb_appender a;
  bool failed = duckdb_appender_create_ext(db.raw(), target.catalog, "main", target.table.c_str(),
                                           &a) == DuckDBError;
  std::vector<ColumnType> all;
  // Named columns: the batch may carry a subset, in its own order; the rest default to NULL. A
  // numbered target's first column is not named: the stage has no others.
  if (target.numbered) all.push_back(ColumnType::kLong);
  for (size_t c = 0; !target.numbered && !failed && c < columns.size(); ++c)
    failed = duckdb_appender_add_column(a, columns[c].c_str()) == DuckDBError;
  for (size_t c = 0; !failed && c < target.extra_columns.size(); ++c)
    failed = duckdb_appender_add_column(a, target.extra_columns[c].c_str()) == DuckDBError;
  all.insert(all.end(), types.begin(), types.end());
  all.insert(all.end(), target.extra_types.begin(), target.extra_types.end());
  if (!failed) {
    ChunkAppender chunks(a, all);
    const size_t first = target.numbered ? 1 : 0;
    const size_t after = first + types.size();
    for (size_t r = 0; !failed && r < batch.size(); ++r) {
      if (only && !(*only)[r]) continue;
      if (target.numbered) chunks.set(0, Value::integer(static_cast<int64_t>(r)));
      for (size_t c = 0; c < types.size(); ++c) chunks.set(first + c, batch.data[c], r);
      for (size_t c = 0; c < target.extra.size(); ++c) chunks.set(after + c, target.extra[c]);
      failed = !chunks.end_row();
    }
    if (!failed) failed = !chunks.flush();
  }
  if (!failed) failed = duckdb_appender_close(a) == DuckDBError;
  std::string message = failed && duckdb_appender_error(a) ? duckdb_appender_error(a) : "";
  duckdb_appender_destroy(&a);
  if (failed)
    throw Error(ErrorKind::kWarehouse, "Could not write rows of table " + target.table + " in " +
                                           db.path() + ": " + message);
}

}  // namespace sluice::duck

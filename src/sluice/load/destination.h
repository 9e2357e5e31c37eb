#pragma once
// What the loader needs of a warehouse. One transaction per checkpoint: begin(), schema changes and
// batches, write_state(), commit(). A crash before commit() leaves the last checkpoint intact.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/load/batch.h"

namespace sluice {

struct RunRecord {
  std::string run_id;
  std::string connection;
  std::string connector;
  int64_t started_at = 0;  // microseconds since the epoch
  int64_t ended_at = 0;    // 0 while running
  std::string status;      // running, succeeded, failed
  nlohmann::json rows_by_table = nlohmann::json::object();
  int64_t operations = 0;
  int64_t requests = 0;  // HTTP requests sent, retries included
  int64_t retries = 0;
  std::string error;
};

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

class Destination {
 public:
  virtual ~Destination() = default;
  virtual std::string describe() const = 0;
  // Takes the connection's sync lock for as long as the destination is open; throws
  // Error(kLocked) naming the holder when another sync has it. A DuckDB file's own lock suffices.
  virtual void lock(const std::string& connection) { (void)connection; }

  // The last committed state of a connection; null when it has none.
  virtual nlohmann::json read_state(const std::string& connection) = 0;
  // The table's data columns (without the `_sluice_` bookkeeping ones), or nullopt if it is absent.
  virtual std::optional<std::vector<ColumnSpec>> table_columns(const std::string& table) = 0;

  // Checkpoints share a commit for at least this long when the loader batches commits at all
  // (LoaderOptions::commit_interval_ms > 0): each commit of a lake is a file per table.
  virtual int commit_interval_floor_ms() const { return 0; }

  virtual void begin() = 0;
  virtual void create_table(const TableSpec& spec, const std::vector<ColumnSpec>& columns) = 0;
  virtual void add_column(const std::string& table, const ColumnSpec& column) = 0;
  virtual void widen_column(const std::string& table, const ColumnSpec& column) = 0;
  // `columns` is the table's full column list with current types; `synced_at` the sync's time.
  virtual void apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns,
                     const Batch& batch, int64_t synced_at) = 0;
  virtual void write_state(const std::string& connection, const nlohmann::json& state) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  // Run history is written in transactions of its own.
  virtual void record_run(const RunRecord& run) = 0;
  // Forgets a connection's state (and, with drop_tables, its tables) so the next sync starts over.
  virtual void reset(const std::string& connection,
                     const std::vector<std::string>& drop_tables) = 0;
  virtual QueryResult query(const std::string& sql) = 0;
};

}  // namespace sluice

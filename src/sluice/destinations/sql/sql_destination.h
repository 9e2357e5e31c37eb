#pragma once
// What the SQL warehouses share: bookkeeping tables, DDL, and the set-based statements that merge
// a staged batch (DISTINCT ON for the newest change per key, INSERT … ON CONFLICT). A dialect
// supplies type names, qualified table names, statement execution and the staging of rows.
#include <string>
#include <string_view>

#include "sluice/load/destination.h"

namespace sluice {

// The type of each of the batch's columns as the table has it (text when the table lacks it).
std::vector<ColumnType> batch_types(const std::vector<ColumnSpec>& columns, const Batch& batch);

// The bookkeeping a row written straight into a table (not merged) carries, appended to
// `columns`, `values` and `types`: _sluice_synced, and _sluice_deleted (false) unless the table
// is append-only.
void direct_bookkeeping(const TableSpec& spec, int64_t synced_at, std::vector<std::string>& columns,
                        std::vector<Value>& values, std::vector<ColumnType>& types);

class SqlDestination : public Destination {
 public:
  nlohmann::json read_state(const std::string& connection) override;
  std::optional<std::vector<ColumnSpec>> table_columns(const std::string& table) override;
  void begin() override { exec("BEGIN TRANSACTION"); }
  void commit() override { exec("COMMIT"); }
  void rollback() override { exec("ROLLBACK"); }
  void create_table(const TableSpec& spec, const std::vector<ColumnSpec>& columns) override;
  void add_column(const std::string& table, const ColumnSpec& column) override;
  void widen_column(const std::string& table, const ColumnSpec& column) override;
  void apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) override;
  void write_state(const std::string& connection, const nlohmann::json& state) override;
  void record_run(const RunRecord& run) override;
  void reset(const std::string& connection, const std::vector<std::string>& drop_tables) override;
  QueryResult query(const std::string& sql) override { return run(sql); }

 protected:
  // Whether data tables get a PRIMARY KEY constraint (the ON CONFLICT merges need one).
  virtual bool key_constraint() const { return true; }
  // Creates `_sluice_state` and `_sluice_runs` when missing.
  void create_bookkeeping();

  virtual std::string type_sql(ColumnType t) const = 0;
  virtual ColumnType type_from_sql(std::string_view data_type) const = 0;
  // The schema that holds the tables, as information_schema names it.
  virtual std::string schema_name() const = 0;
  virtual std::string json_function() const = 0;  // turns any value into JSON: to_json / to_jsonb
  virtual void exec(const std::string& sql) = 0;
  virtual QueryResult run(const std::string& sql) = 0;
  // Loads `batch` into a temporary table `_sluice_stage` with a `_seq` column (the row's position)
  // and one column per batch column, typed for `columns`.
  virtual void stage(const std::vector<ColumnSpec>& columns, const Batch& batch) = 0;

  std::string table_ref(const std::string& name) const;
};

}  // namespace sluice

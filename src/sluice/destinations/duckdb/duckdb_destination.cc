#include "sluice/destinations/duckdb/duckdb_destination.h"

#include <map>

#include "sluice/destinations/duckdb/duckdb_append.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/destinations/duckdb/duckdb_memory.h"
#include "sluice/destinations/duckdb/duckdb_merge.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/destinations/duckdb/duckdb_stage.h"
#include "sluice/destinations/duckdb/duckdb_tuning.h"
#include "sluice/destinations/sql/fresh_keys.h"
#include "sluice/destinations/sql/sql_destination.h"
#include "sluice/load/sql_text.h"

namespace sluice {
namespace {

// DuckDB tables carry no key constraint: its index holds every key in memory and makes each merge
// a lookup per row. Instead, while a table that started empty is being filled, the hashes of the
// keys written so far prove most batches new, and those go straight in through the appender; any
// batch that may touch an existing key, and every table that held rows before, merges by joins.
class DuckDbDestination : public SqlDestination {
 public:
  DuckDbDestination(const std::string& path, bool read_only)
      : db_(path, read_only),
        memory_(duck::tuning_from_env().memory_limit),
        fresh_(duck::tuning_from_env().key_set_bytes) {
    if (!read_only) create_bookkeeping();
  }
  std::string describe() const override { return "duckdb://" + db_.path(); }

  void apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) override {
    memory_.fit(db_, spec.name, columns.size() + 2);  // and _sluice_synced, _sluice_deleted
    if (constrained(spec.name) || batch.op == OpKind::kDelete || batch.op == OpKind::kTruncate) {
      SqlDestination::apply(spec, columns, batch, synced_at);
      return;
    }
    std::vector<ColumnType> types = batch_types(columns, batch);
    std::vector<bool> is_new;
    const size_t new_rows = fresh_.mark_new(
        spec, types, batch,
        [&] {
          return *run("SELECT count(*) FROM (SELECT 1 FROM " + table_ref(spec.name) + " LIMIT 1)")
                      .rows[0][0] == "0";
        },
        is_new);
    const bool all = new_rows == batch.size();
    // An append table keeps the newest of a key's rows in a batch, as its merge (and PostgreSQL)
    // does: a batch that repeats a key merges whole, rather than its first row going in here.
    if (batch.op == OpKind::kUpsert && new_rows > 0 && (all || spec.mode != WriteMode::kAppend)) {
      append_direct(spec, types, batch, synced_at, all ? nullptr : &is_new);
      if (all) return;
      // Only the rows whose keys the table may hold already are merged.
      merge(spec, columns, batch.select(is_new, false), synced_at);
      return;
    }
    merge(spec, columns, batch, synced_at);
  }

  void reset(const std::string& connection, const std::vector<std::string>& drop) override {
    SqlDestination::reset(connection, drop);
    for (const auto& t : drop) {
      constrained_.erase(t);
      fresh_.forget(t);
    }
  }

 protected:
  bool key_constraint() const override { return false; }
  std::string type_sql(ColumnType t) const override { return duck::sql_type(t); }
  ColumnType type_from_sql(std::string_view t) const override {
    return duck::column_type_from_sql(t);
  }
  std::string schema_name() const override { return "main"; }
  std::string json_function() const override { return "to_json"; }
  void exec(const std::string& sql) override { db_.exec(sql); }
  QueryResult run(const std::string& sql) override { return db_.query(sql); }
  void stage(const std::vector<ColumnSpec>& columns, const Batch& batch) override {
    duck::write_stage(db_, "_sluice_stage", columns, batch);
  }

 private:
  // Whether the table has a PRIMARY KEY constraint (an earlier Sluice created it so): it then
  // always merges.
  bool constrained(const std::string& table) {
    auto it = constrained_.find(table);
    if (it != constrained_.end()) return it->second;
    const bool has = *run("SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'main' "
                          "AND table_name = " +
                          sql::quote_literal(table) + " AND constraint_type = 'PRIMARY KEY'")
                          .rows[0][0] != "0";
    return constrained_[table] = has;
  }

  void merge(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) {
    stage(columns, batch);
    for (const auto& s :
         duck::keyless_merge_sql(spec, table_ref(spec.name), "_sluice_stage", batch, synced_at))
      exec(s);
  }

  void append_direct(const TableSpec& spec, const std::vector<ColumnType>& types,
                     const Batch& batch, int64_t synced_at, const std::vector<bool>* only) {
    duck::AppendTarget target;
    target.table = spec.name;
    direct_bookkeeping(spec, synced_at, target.extra_columns, target.extra, target.extra_types);
    duck::append_rows(db_, target, batch, types, only);
  }

  duck::Connection db_;
  duck::MemoryFit memory_;
  std::map<std::string, bool> constrained_;
  FreshKeys fresh_;
};

}  // namespace

std::unique_ptr<Destination> open_duckdb(const std::string& path, bool read_only) {
  return std::make_unique<DuckDbDestination>(path, read_only);
}

}  // namespace sluice

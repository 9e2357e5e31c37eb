#include "sluice/destinations/duckdb/duckdb_destination.h"

#include <map>

#include "sluice/destinations/duckdb/duckdb_append.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/destinations/duckdb/duckdb_memory.h"
#include "sluice/destinations/duckdb/duckdb_merge.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/destinations/duckdb/duckdb_stage.h"
#include "sluice/destinations/duckdb/duckdb_tuning.h"
#include "sluice/destinations/sql/sql_destination.h"
#include "sluice/load/key_set.h"
#include "sluice/load/row_hash.h"
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
        key_set_bytes_(duck::tuning_from_env().key_set_bytes),
        memory_(duck::tuning_from_env().memory_limit) {
    if (!read_only) create_bookkeeping();
  }
  std::string describe() const override { return "duckdb://" + db_.path(); }

  void apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) override {
    memory_.fit(db_, spec.name, columns.size() + 2);  // and _sluice_synced, _sluice_deleted
    Tracked& t = tracked(spec.name);
    if (t.key_constraint || batch.op == OpKind::kDelete || batch.op == OpKind::kTruncate) {
      SqlDestination::apply(spec, columns, batch, synced_at);
      return;
    }
    std::vector<ColumnType> types = duck::batch_types(columns, batch);
    std::vector<bool> is_new;
    size_t new_rows = track_keys(t, spec, types, batch, is_new);
    if (batch.op == OpKind::kUpsert && new_rows > 0) {
      append_direct(spec, types, batch, synced_at, new_rows == batch.size() ? nullptr : &is_new);
      if (new_rows == batch.size()) return;
      // Only the rows whose keys the table may hold already are merged.
      merge(spec, columns, batch.select(is_new, false), synced_at);
      return;
    }
    merge(spec, columns, batch, synced_at);
  }

  void reset(const std::string& connection, const std::vector<std::string>& drop) override {
    SqlDestination::reset(connection, drop);
    for (const auto& t : drop) tracked_.erase(t);
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
  struct Tracked {
    bool key_constraint = false;  // a table an earlier Sluice created with PRIMARY KEY
    bool fresh = false;           // empty when first written: `keys` knows every key it holds
    KeySet keys;
    std::vector<ColumnType> key_types;
  };

  Tracked& tracked(const std::string& table) {
    auto it = tracked_.find(table);
    if (it != tracked_.end()) return it->second;
    Tracked& t = tracked_[table];
    t.keys = KeySet(key_set_bytes_);
    const std::string name = sql::quote_literal(table);
    t.key_constraint = *run("SELECT count(*) FROM duckdb_constraints() WHERE schema_name = 'main' "
                            "AND table_name = " +
                            name + " AND constraint_type = 'PRIMARY KEY'")
                            .rows[0][0] != "0";
    t.fresh =
        *run("SELECT count(*) FROM (SELECT 1 FROM " + table_ref(table) + " LIMIT 1)").rows[0][0] ==
        "0";
    return t;
  }

  void merge(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) {
    stage(columns, batch);
    for (const auto& s :
         duck::keyless_merge_sql(spec, table_ref(spec.name), "_sluice_stage", batch, synced_at))
      exec(s);
  }

  // Records the batch's key hashes and marks the rows whose key is certainly new to the table (the
  // first of its key in the batch, too); returns how many. A table that held rows before, or whose
  // key column changed type, marks none.
  size_t track_keys(Tracked& t, const TableSpec& spec, const std::vector<ColumnType>& types,
                    const Batch& batch, std::vector<bool>& is_new) {
    is_new.assign(batch.size(), false);
    if (!t.fresh) return 0;
    std::vector<size_t> positions;
    std::vector<ColumnType> key_types;
    for (const auto& key : spec.primary_key) {
      size_t p = 0;
      while (p < batch.columns.size() && batch.columns[p] != key) ++p;
      if (p == batch.columns.size()) return stop_tracking(t);
      positions.push_back(p);
      key_types.push_back(types[p]);
    }
    if (t.key_types.empty()) t.key_types = key_types;
    if (t.key_types != key_types) return stop_tracking(t);
    std::vector<uint64_t> hashes(batch.size());
    for (size_t r = 0; r < batch.size(); ++r) hashes[r] = key_hash(batch, r, positions, key_types);
    return t.keys.insert_all(hashes, is_new);
  }

  void append_direct(const TableSpec& spec, const std::vector<ColumnType>& types,
                     const Batch& batch, int64_t synced_at, const std::vector<bool>* only) {
    duck::AppendTarget target;
    target.table = spec.name;
    target.extra_columns = {"_sluice_synced"};
    target.extra = {Value::timestamp(synced_at)};
    target.extra_types = {ColumnType::kUtcDateTime};
    if (spec.mode != WriteMode::kAppend) {  // soft deletes
      target.extra_columns.push_back("_sluice_deleted");
      target.extra.push_back(Value::boolean(false));
      target.extra_types.push_back(ColumnType::kBoolean);
    }
    duck::append_rows(db_, target, batch, types, only);
  }

  static size_t stop_tracking(Tracked& t) {
    t.fresh = false;
    t.keys.clear();
    return 0;
  }

  duck::Connection db_;
  size_t key_set_bytes_;
  duck::MemoryFit memory_;
  std::map<std::string, Tracked> tracked_;
};

}  // namespace

std::unique_ptr<Destination> open_duckdb(const std::string& path, bool read_only) {
  return std::make_unique<DuckDbDestination>(path, read_only);
}

}  // namespace sluice

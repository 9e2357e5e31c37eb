#include "sluice/destinations/duckdb/duckdb_destination.h"

#include <algorithm>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/timestamp.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/destinations/duckdb/duckdb_stage.h"
#include "sluice/load/sql_text.h"

namespace sluice {
namespace {

using sql::join_quoted;
using sql::key_join;
using sql::quote_ident;
using sql::quote_literal;

constexpr const char* kStage = "_sluice_stage";

std::string synced_literal(int64_t micros) {
  return "TIMESTAMPTZ " + quote_literal(format_timestamp(micros));
}

class DuckDbDestination : public Destination {
 public:
  DuckDbDestination(const std::string& path, bool read_only) : db_(path, read_only) {
    if (read_only) return;
    db_.exec(
        "CREATE TABLE IF NOT EXISTS _sluice_state (connection VARCHAR, state VARCHAR, "
        "updated_at TIMESTAMPTZ)");
    db_.exec(
        "CREATE TABLE IF NOT EXISTS _sluice_runs (run_id VARCHAR, connection VARCHAR, connector "
        "VARCHAR, started_at TIMESTAMPTZ, ended_at TIMESTAMPTZ, status VARCHAR, rows_by_table "
        "JSON, "
        "operations BIGINT, error VARCHAR)");
  }

  std::string describe() const override { return "duckdb://" + db_.path(); }

  nlohmann::json read_state(const std::string& connection) override {
    QueryResult r = db_.query("SELECT state FROM _sluice_state WHERE connection = " +
                              quote_literal(connection));
    if (r.rows.empty() || !r.rows[0][0]) return nullptr;
    try {
      return nlohmann::json::parse(*r.rows[0][0]);
    } catch (const std::exception&) {
      throw Error(ErrorKind::kWarehouse, "The saved state of connection " + connection + " in " +
                                             db_.path() +
                                             " is unreadable; run `sluice reset` to "
                                             "start that connection over.");
    }
  }

  std::optional<std::vector<ColumnSpec>> table_columns(const std::string& table) override {
    QueryResult r = db_.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' "
        "AND table_name = " +
        quote_literal(table) + " ORDER BY ordinal_position");
    if (r.rows.empty()) return std::nullopt;
    std::vector<ColumnSpec> out;
    for (const auto& row : r.rows) {
      const std::string& name = *row[0];
      if (name == "_sluice_synced" || name == "_sluice_deleted") continue;
      out.push_back({name, duck::column_type_from_sql(*row[1])});
    }
    return out;
  }

  void begin() override { db_.exec("BEGIN TRANSACTION"); }
  void commit() override { db_.exec("COMMIT"); }
  void rollback() override { db_.exec("ROLLBACK"); }

  void create_table(const TableSpec& spec, const std::vector<ColumnSpec>& columns) override {
    std::string sql = "CREATE TABLE IF NOT EXISTS " + quote_ident(spec.name) + " (";
    for (const auto& c : columns) sql += quote_ident(c.name) + " " + duck::sql_type(c.type) + ", ";
    sql += "_sluice_synced TIMESTAMPTZ";
    if (spec.mode != WriteMode::kAppend) sql += ", _sluice_deleted BOOLEAN";
    // The key's index lets a checkpoint merge by lookups instead of scanning the whole table.
    sql += ", PRIMARY KEY (" + join_quoted(spec.primary_key) + ")";
    db_.exec(sql + ")");
  }

  void add_column(const std::string& table, const ColumnSpec& c) override {
    db_.exec("ALTER TABLE " + quote_ident(table) + " ADD COLUMN " + quote_ident(c.name) + " " +
             duck::sql_type(c.type));
  }

  void widen_column(const std::string& table, const ColumnSpec& c) override {
    std::string using_expr =
        c.type == ColumnType::kJson ? " USING to_json(" + quote_ident(c.name) + ")" : "";
    db_.exec("ALTER TABLE " + quote_ident(table) + " ALTER COLUMN " + quote_ident(c.name) +
             " SET DATA TYPE " + duck::sql_type(c.type) + using_expr);
  }

  void apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) override {
    const std::string t = quote_ident(spec.name);
    const std::string ts = synced_literal(synced_at);
    const bool soft = spec.mode != WriteMode::kAppend;
    if (batch.op == OpKind::kTruncate) {
      if (soft)
        db_.exec("UPDATE " + t + " SET _sluice_deleted = true WHERE _sluice_synced < " + ts);
      return;
    }
    duck::write_stage(db_, kStage, columns, batch);
    const auto& keys = spec.primary_key;
    // The last operation on a key within the batch wins.
    std::string latest = " FROM (SELECT * FROM " + std::string(kStage) +
                         " QUALIFY row_number() OVER "
                         "(PARTITION BY " +
                         join_quoted(keys) + " ORDER BY _seq DESC) = 1) s";
    std::string tail = ", _sluice_synced" + std::string(soft ? ", _sluice_deleted" : "");
    std::string tail_values = ", " + ts + (soft ? ", false" : "");
    switch (batch.op) {
      case OpKind::kUpsert: {
        if (spec.mode == WriteMode::kAppend) {
          // A re-read after a crash must not duplicate: keys already present are left alone.
          db_.exec("INSERT OR IGNORE INTO " + t + " (" + join_quoted(batch.columns) + tail +
                   ") SELECT " + join_quoted(batch.columns, "s.") + tail_values + latest);
          break;
        }
        // Upsert replaces the whole row: every column is written, NULL where the record has none.
        std::string cols, values;
        for (const auto& c : columns) {
          bool present =
              std::find(batch.columns.begin(), batch.columns.end(), c.name) != batch.columns.end();
          cols += quote_ident(c.name) + ", ";
          values += (present ? "s." + quote_ident(c.name) : std::string("NULL")) + ", ";
        }
        db_.exec("INSERT OR REPLACE INTO " + t + " (" + cols.substr(0, cols.size() - 2) + tail +
                 ") SELECT " + values.substr(0, values.size() - 2) + tail_values + latest);
        break;
      }
      case OpKind::kUpdate: {
        std::string set = "_sluice_synced = EXCLUDED._sluice_synced";
        for (const auto& c : batch.columns)
          if (std::find(keys.begin(), keys.end(), c) == keys.end())
            set += ", " + quote_ident(c) + " = EXCLUDED." + quote_ident(c);
        db_.exec("INSERT INTO " + t + " (" + join_quoted(batch.columns) + tail + ") SELECT " +
                 join_quoted(batch.columns, "s.") + tail_values + latest + " ON CONFLICT (" +
                 join_quoted(keys) + ") DO UPDATE SET " + set);
        break;
      }
      case OpKind::kDelete:
        if (soft) {
          db_.exec("UPDATE " + t + " d SET _sluice_deleted = true, _sluice_synced = " + ts +
                   " FROM " + kStage + " s WHERE " + key_join(keys, "d", "s"));
        } else {
          log_warning("table " + spec.name + " is append-only; a delete was ignored");
        }
        break;
      case OpKind::kTruncate:
        break;
    }
  }

  void write_state(const std::string& connection, const nlohmann::json& state) override {
    db_.exec("DELETE FROM _sluice_state WHERE connection = " + quote_literal(connection));
    db_.exec("INSERT INTO _sluice_state VALUES (" + quote_literal(connection) + ", " +
             quote_literal(state.dump()) + ", now())");
  }

  void record_run(const RunRecord& run) override {
    auto time = [](int64_t micros) {
      return micros ? synced_literal(micros) : std::string("NULL");
    };
    db_.exec("BEGIN TRANSACTION");
    db_.exec("DELETE FROM _sluice_runs WHERE run_id = " + quote_literal(run.run_id));
    db_.exec("INSERT INTO _sluice_runs VALUES (" + quote_literal(run.run_id) + ", " +
             quote_literal(run.connection) + ", " + quote_literal(run.connector) + ", " +
             time(run.started_at) + ", " + time(run.ended_at) + ", " + quote_literal(run.status) +
             ", " + quote_literal(run.rows_by_table.dump()) + ", " +
             std::to_string(run.operations) + ", " +
             (run.error.empty() ? "NULL" : quote_literal(run.error)) + ")");
    db_.exec("COMMIT");
  }

  void reset(const std::string& connection, const std::vector<std::string>& drop_tables) override {
    db_.exec("BEGIN TRANSACTION");
    db_.exec("DELETE FROM _sluice_state WHERE connection = " + quote_literal(connection));
    for (const auto& t : drop_tables) db_.exec("DROP TABLE IF EXISTS " + quote_ident(t));
    db_.exec("COMMIT");
  }

  QueryResult query(const std::string& sql) override { return db_.query(sql); }

 private:
  duck::Connection db_;
};

}  // namespace

std::unique_ptr<Destination> open_duckdb(const std::string& path, bool read_only) {
  return std::make_unique<DuckDbDestination>(path, read_only);
}

}  // namespace sluice

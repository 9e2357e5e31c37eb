#include "sluice/destinations/postgres/postgres_destination.h"

#include <algorithm>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/timestamp.h"
#include "sluice/destinations/postgres/pg_connection.h"
#include "sluice/destinations/postgres/pg_types.h"
#include "sluice/load/sql_text.h"

namespace sluice {
namespace {

using sql::join_quoted;
using sql::key_join;
using sql::quote_ident;
using sql::quote_literal;

std::string ts_literal(int64_t micros) {
  return quote_literal(format_timestamp(micros)) + "::timestamptz";
}

class PostgresDestination : public Destination {
 public:
  explicit PostgresDestination(const pg::Target& target)
      : target_(target), db_(target), schema_(quote_ident(target.schema)) {
    db_.exec("CREATE SCHEMA IF NOT EXISTS " + schema_);
    db_.exec("SET search_path = " + schema_ + ", public");
    db_.exec("CREATE TABLE IF NOT EXISTS " + schema_ +
             "._sluice_state (connection text PRIMARY KEY, state jsonb, updated_at timestamptz)");
    db_.exec(
        "CREATE TABLE IF NOT EXISTS " + schema_ +
        "._sluice_runs (run_id text PRIMARY KEY, connection text, connector text, started_at "
        "timestamptz, ended_at timestamptz, status text, rows_by_table jsonb, operations bigint, "
        "error text)");
  }

  std::string describe() const override {
    return target_.display + " (schema " + target_.schema + ")";
  }

  void lock(const std::string& connection) override {
    std::string key = quote_literal(target_.schema + ":" + connection);
    db_.exec("SET application_name = " + quote_literal("sluice sync " + connection));
    QueryResult r =
        db_.query("SELECT pg_try_advisory_lock(hashtext('sluice'), hashtext(" + key + "))");
    if (r.rows.at(0).at(0) == "t") return;
    QueryResult holder = db_.query(
        "SELECT a.pid, coalesce(a.client_addr::text, 'local'), to_char(a.backend_start AT TIME "
        "ZONE "
        "'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_locks l JOIN pg_stat_activity a ON a.pid "
        "= "
        "l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = "
        "(hashtext('sluice')::bigint & 4294967295) AND l.objid::bigint = (hashtext(" +
        key + ")::bigint & 4294967295) LIMIT 1");
    std::string who;
    if (!holder.rows.empty())
      who = " (PostgreSQL backend " + holder.rows[0][0].value_or("?") + " from " +
            holder.rows[0][1].value_or("?") + ", connected at " + holder.rows[0][2].value_or("?") +
            ")";
    throw Error(ErrorKind::kLocked, "Another sync of connection " + connection + " is running" +
                                        who + "; wait for it to finish, then sync again.");
  }

  nlohmann::json read_state(const std::string& connection) override {
    QueryResult r = db_.query("SELECT state::text FROM " + schema_ +
                              "._sluice_state WHERE connection = " + quote_literal(connection));
    if (r.rows.empty() || !r.rows[0][0]) return nullptr;
    return nlohmann::json::parse(*r.rows[0][0]);
  }

  std::optional<std::vector<ColumnSpec>> table_columns(const std::string& table) override {
    QueryResult r = db_.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = " +
        quote_literal(target_.schema) + " AND table_name = " + quote_literal(table) +
        " ORDER BY ordinal_position");
    if (r.rows.empty()) return std::nullopt;
    std::vector<ColumnSpec> out;
    for (const auto& row : r.rows) {
      if (*row[0] == "_sluice_synced" || *row[0] == "_sluice_deleted") continue;
      out.push_back({*row[0], pg::column_type_from_sql(*row[1])});
    }
    return out;
  }

  void begin() override { db_.exec("BEGIN"); }
  void commit() override { db_.exec("COMMIT"); }
  void rollback() override { db_.exec("ROLLBACK"); }

  void create_table(const TableSpec& spec, const std::vector<ColumnSpec>& columns) override {
    std::string s = "CREATE TABLE IF NOT EXISTS " + table(spec.name) + " (";
    for (const auto& c : columns) s += quote_ident(c.name) + " " + pg::sql_type(c.type) + ", ";
    s += "_sluice_synced timestamptz";
    if (spec.mode != WriteMode::kAppend) s += ", _sluice_deleted boolean";
    db_.exec(s + ", PRIMARY KEY (" + join_quoted(spec.primary_key) + "))");
  }

  void add_column(const std::string& t, const ColumnSpec& c) override {
    db_.exec("ALTER TABLE " + table(t) + " ADD COLUMN IF NOT EXISTS " + quote_ident(c.name) + " " +
             pg::sql_type(c.type));
  }

  void widen_column(const std::string& t, const ColumnSpec& c) override {
    std::string col = quote_ident(c.name);
    std::string using_expr =
        c.type == ColumnType::kJson ? "to_jsonb(" + col + ")" : col + "::" + pg::sql_type(c.type);
    db_.exec("ALTER TABLE " + table(t) + " ALTER COLUMN " + col + " TYPE " + pg::sql_type(c.type) +
             " USING " + using_expr);
  }

  void apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) override {
    const std::string t = table(spec.name);
    const std::string ts = ts_literal(synced_at);
    const bool soft = spec.mode != WriteMode::kAppend;
    if (batch.op == OpKind::kTruncate) {
      if (soft)
        db_.exec("UPDATE " + t + " SET _sluice_deleted = true WHERE _sluice_synced < " + ts);
      return;
    }
    stage(columns, batch);
    const auto& keys = spec.primary_key;
    std::string latest = " FROM (SELECT DISTINCT ON (" + join_quoted(keys) +
                         ") * FROM _sluice_stage ORDER BY " + join_quoted(keys) + ", _seq DESC) s";
    std::string tail = ", _sluice_synced" + std::string(soft ? ", _sluice_deleted" : "");
    std::string tail_values = ", " + ts + (soft ? ", false" : "");
    std::string conflict = " ON CONFLICT (" + join_quoted(keys) + ") DO ";
    switch (batch.op) {
      case OpKind::kUpsert: {
        if (spec.mode == WriteMode::kAppend) {
          db_.exec("INSERT INTO " + t + " (" + join_quoted(batch.columns) + tail + ") SELECT " +
                   join_quoted(batch.columns, "s.") + tail_values + latest + conflict + "NOTHING");
          break;
        }
        // Upsert replaces the whole row: columns the record lacks become NULL.
        std::string cols, values,
            set = "_sluice_synced = EXCLUDED._sluice_synced, _sluice_deleted = false";
        for (const auto& c : columns) {
          bool present =
              std::find(batch.columns.begin(), batch.columns.end(), c.name) != batch.columns.end();
          cols += quote_ident(c.name) + ", ";
          values += (present ? "s." + quote_ident(c.name) : "NULL::" + pg::sql_type(c.type)) + ", ";
          if (std::find(keys.begin(), keys.end(), c.name) == keys.end())
            set += ", " + quote_ident(c.name) + " = EXCLUDED." + quote_ident(c.name);
        }
        db_.exec("INSERT INTO " + t + " (" + cols.substr(0, cols.size() - 2) + tail + ") SELECT " +
                 values.substr(0, values.size() - 2) + tail_values + latest + conflict +
                 "UPDATE SET " + set);
        break;
      }
      case OpKind::kUpdate: {
        std::string set = "_sluice_synced = EXCLUDED._sluice_synced";
        for (const auto& c : batch.columns)
          if (std::find(keys.begin(), keys.end(), c) == keys.end())
            set += ", " + quote_ident(c) + " = EXCLUDED." + quote_ident(c);
        db_.exec("INSERT INTO " + t + " (" + join_quoted(batch.columns) + tail + ") SELECT " +
                 join_quoted(batch.columns, "s.") + tail_values + latest + conflict +
                 "UPDATE SET " + set);
        break;
      }
      case OpKind::kDelete:
        if (soft) {
          db_.exec("UPDATE " + t + " d SET _sluice_deleted = true, _sluice_synced = " + ts +
                   " FROM _sluice_stage s WHERE " + key_join(keys, "d", "s"));
        } else {
          log_warning("table " + spec.name + " is append-only; a delete was ignored");
        }
        break;
      case OpKind::kTruncate:
        break;
    }
  }

  void write_state(const std::string& connection, const nlohmann::json& state) override {
    db_.exec("INSERT INTO " + schema_ + "._sluice_state VALUES (" + quote_literal(connection) +
             ", " + quote_literal(state.dump()) +
             "::jsonb, now()) ON CONFLICT (connection) DO UPDATE SET state "
             "= EXCLUDED.state, updated_at = EXCLUDED.updated_at");
  }

  void record_run(const RunRecord& run) override {
    auto time = [](int64_t micros) { return micros ? ts_literal(micros) : std::string("NULL"); };
    db_.exec("INSERT INTO " + schema_ + "._sluice_runs VALUES (" + quote_literal(run.run_id) +
             ", " + quote_literal(run.connection) + ", " + quote_literal(run.connector) + ", " +
             time(run.started_at) + ", " + time(run.ended_at) + ", " + quote_literal(run.status) +
             ", " + quote_literal(run.rows_by_table.dump()) + "::jsonb, " +
             std::to_string(run.operations) + ", " +
             (run.error.empty() ? "NULL" : quote_literal(run.error)) +
             ") ON CONFLICT (run_id) DO UPDATE SET ended_at = EXCLUDED.ended_at, status = "
             "EXCLUDED.status, rows_by_table = EXCLUDED.rows_by_table, operations = "
             "EXCLUDED.operations, error = EXCLUDED.error");
  }

  void reset(const std::string& connection, const std::vector<std::string>& drop_tables) override {
    db_.exec("BEGIN");
    db_.exec("DELETE FROM " + schema_ +
             "._sluice_state WHERE connection = " + quote_literal(connection));
    for (const auto& t : drop_tables) db_.exec("DROP TABLE IF EXISTS " + table(t));
    db_.exec("COMMIT");
  }

  QueryResult query(const std::string& sql) override { return db_.query(sql); }

 private:
  std::string table(const std::string& name) const { return schema_ + "." + quote_ident(name); }

  void stage(const std::vector<ColumnSpec>& columns, const Batch& batch) {
    std::vector<ColumnType> types;
    std::string ddl = "CREATE TEMP TABLE _sluice_stage (_seq bigint";
    for (const auto& name : batch.columns) {
      ColumnType t = ColumnType::kString;
      for (const auto& c : columns)
        if (c.name == name) t = c.type;
      types.push_back(t);
      ddl += ", " + quote_ident(name) + " " + pg::sql_type(t);
    }
    db_.exec("DROP TABLE IF EXISTS pg_temp._sluice_stage");
    db_.exec(ddl + ")");
    std::vector<std::vector<std::optional<std::string>>> rows;
    rows.reserve(batch.rows.size());
    static const Value kNull;
    int64_t seq = 0;
    for (const auto& row : batch.rows) {
      std::vector<std::optional<std::string>> text;
      text.reserve(types.size() + 1);
      text.emplace_back(std::to_string(seq++));
      for (size_t c = 0; c < types.size(); ++c)
        text.push_back(pg::copy_text(c < row.size() ? row[c] : kNull, types[c]));
      rows.push_back(std::move(text));
    }
    db_.copy_in("COPY _sluice_stage (_seq" +
                    (batch.columns.empty() ? "" : ", " + join_quoted(batch.columns)) +
                    ") FROM STDIN",
                rows);
  }

  pg::Target target_;
  pg::Connection db_;
  std::string schema_;
};

}  // namespace

std::unique_ptr<Destination> open_postgres(const std::string& uri) {
  return std::make_unique<PostgresDestination>(pg::parse_target(uri));
}

}  // namespace sluice

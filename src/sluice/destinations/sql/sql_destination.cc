#include "sluice/destinations/sql/sql_destination.h"

#include <algorithm>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/timestamp.h"
#include "sluice/load/sql_text.h"

namespace sluice {
namespace {

using sql::join_quoted;
using sql::key_join;
using sql::quote_ident;
using sql::quote_literal;

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::vector<ColumnType> batch_types(const std::vector<ColumnSpec>& columns, const Batch& batch) {
  std::vector<ColumnType> types;
  for (const auto& name : batch.columns) {
    ColumnType type = ColumnType::kString;
    for (const auto& c : columns)
      if (c.name == name) type = c.type;
    types.push_back(type);
  }
  return types;
}

void direct_bookkeeping(const TableSpec& spec, int64_t synced_at, std::vector<std::string>& columns,
                        std::vector<Value>& values, std::vector<ColumnType>& types) {
  columns.push_back("_sluice_synced");
  values.push_back(Value::timestamp(synced_at));
  types.push_back(ColumnType::kUtcDateTime);
  if (spec.mode == WriteMode::kAppend) return;
  columns.push_back("_sluice_deleted");  // soft deletes
  values.push_back(Value::boolean(false));
  types.push_back(ColumnType::kBoolean);
}

std::string SqlDestination::table_ref(const std::string& name) const {
  return quote_ident(schema_name()) + "." + quote_ident(name);
}

void SqlDestination::create_bookkeeping() {
  const std::string text = type_sql(ColumnType::kString), time = type_sql(ColumnType::kUtcDateTime),
                    json = type_sql(ColumnType::kJson);
  exec("CREATE TABLE IF NOT EXISTS " + table_ref("_sluice_state") + " (connection " + text +
       " PRIMARY KEY, state " + text + ", updated_at " + time + ")");
  exec("CREATE TABLE IF NOT EXISTS " + table_ref("_sluice_runs") + " (run_id " + text +
       " PRIMARY KEY, connection " + text + ", connector " + text + ", started_at " + time +
       ", ended_at " + time + ", status " + text + ", rows_by_table " + json + ", operations " +
       type_sql(ColumnType::kLong) + ", error " + text + ")");
  // Added later: a warehouse made by an older Sluice gets them on its next sync. Only then: an
  // ALTER TABLE locks the table even when it changes nothing.
  const auto present = table_columns("_sluice_runs");
  for (const char* counter : {"requests", "retries"}) {
    const bool has = present && std::any_of(present->begin(), present->end(),
                                            [&](const ColumnSpec& c) { return c.name == counter; });
    if (!has)
      exec("ALTER TABLE " + table_ref("_sluice_runs") + " ADD COLUMN IF NOT EXISTS " + counter +
           " " + type_sql(ColumnType::kLong));
  }
}

nlohmann::json SqlDestination::read_state(const std::string& connection) {
  QueryResult r = run("SELECT state FROM " + table_ref("_sluice_state") +
                      " WHERE connection = " + quote_literal(connection));
  if (r.rows.empty() || !r.rows[0][0]) return nullptr;
  try {
    return nlohmann::json::parse(*r.rows[0][0]);
  } catch (const std::exception&) {
    throw Error(ErrorKind::kWarehouse,
                "The saved state of connection " + connection + " in " + describe() +
                    " is unreadable; run `sluice reset` to start that connection over.");
  }
}

std::optional<std::vector<ColumnSpec>> SqlDestination::table_columns(const std::string& table) {
  QueryResult r =
      run("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = " +
          quote_literal(schema_name()) + " AND table_name = " + quote_literal(table) +
          " ORDER BY ordinal_position");
  if (r.rows.empty()) return std::nullopt;
  std::vector<ColumnSpec> out;
  for (const auto& row : r.rows) {
    if (*row[0] == "_sluice_synced" || *row[0] == "_sluice_deleted") continue;
    out.push_back({*row[0], type_from_sql(*row[1])});
  }
  return out;
}

void SqlDestination::create_table(const TableSpec& spec, const std::vector<ColumnSpec>& columns) {
  std::string s = "CREATE TABLE IF NOT EXISTS " + table_ref(spec.name) + " (";
  for (const auto& c : columns) s += quote_ident(c.name) + " " + type_sql(c.type) + ", ";
  s += "_sluice_synced " + type_sql(ColumnType::kUtcDateTime);
  if (spec.mode != WriteMode::kAppend) s += ", _sluice_deleted " + type_sql(ColumnType::kBoolean);
  // The key's index lets a checkpoint merge by lookups instead of scanning the whole table.
  if (key_constraint()) s += ", PRIMARY KEY (" + join_quoted(spec.primary_key) + ")";
  exec(s + ")");
}

void SqlDestination::add_column(const std::string& table, const ColumnSpec& c) {
  exec("ALTER TABLE " + table_ref(table) + " ADD COLUMN IF NOT EXISTS " + quote_ident(c.name) +
       " " + type_sql(c.type));
}

void SqlDestination::widen_column(const std::string& table, const ColumnSpec& c) {
  std::string col = quote_ident(c.name);
  std::string using_expr = c.type == ColumnType::kJson
                               ? json_function() + "(" + col + ")"
                               : "CAST(" + col + " AS " + type_sql(c.type) + ")";
  exec("ALTER TABLE " + table_ref(table) + " ALTER COLUMN " + col + " SET DATA TYPE " +
       type_sql(c.type) + " USING " + using_expr);
}

void SqlDestination::apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns,
                           const Batch& batch, int64_t synced_at) {
  const std::string t = table_ref(spec.name);
  const std::string ts = sql::timestamp_literal(synced_at);
  const bool soft = spec.mode != WriteMode::kAppend;
  if (batch.op == OpKind::kTruncate) {
    if (soft) exec("UPDATE " + t + " SET _sluice_deleted = true WHERE _sluice_synced < " + ts);
    return;
  }
  stage(columns, batch);
  const auto& keys = spec.primary_key;
  // The newest change to a key within the batch wins.
  std::string latest = sql::latest_staged(keys, "_sluice_stage");
  std::string tail = ", _sluice_synced" + std::string(soft ? ", _sluice_deleted" : "");
  std::string tail_values = ", " + ts + (soft ? ", false" : "");
  std::string conflict = " ON CONFLICT (" + join_quoted(keys) + ") DO ";
  switch (batch.op) {
    case OpKind::kUpsert: {
      if (spec.mode == WriteMode::kAppend) {
        // A re-read after a crash must not duplicate: keys already present are left alone.
        exec("INSERT INTO " + t + " (" + join_quoted(batch.columns) + tail + ") SELECT " +
             join_quoted(batch.columns, "s.") + tail_values + latest + conflict + "NOTHING");
        break;
      }
      // Upsert replaces the whole row: columns the record lacks become NULL.
      std::string cols, values,
          set = "_sluice_synced = EXCLUDED._sluice_synced, _sluice_deleted = false";
      for (const auto& c : columns) {
        cols += quote_ident(c.name) + ", ";
        values += (contains(batch.columns, c.name) ? "s." + quote_ident(c.name)
                                                   : "CAST(NULL AS " + type_sql(c.type) + ")") +
                  ", ";
        if (!contains(keys, c.name))
          set += ", " + quote_ident(c.name) + " = EXCLUDED." + quote_ident(c.name);
      }
      exec("INSERT INTO " + t + " (" + cols.substr(0, cols.size() - 2) + tail + ") SELECT " +
           values.substr(0, values.size() - 2) + tail_values + latest + conflict + "UPDATE SET " +
           set);
      break;
    }
    case OpKind::kUpdate: {
      // Only the given columns change; a missing row is created with them.
      std::string set = "_sluice_synced = EXCLUDED._sluice_synced";
      for (const auto& c : batch.columns)
        if (!contains(keys, c)) set += ", " + quote_ident(c) + " = EXCLUDED." + quote_ident(c);
      exec("INSERT INTO " + t + " (" + join_quoted(batch.columns) + tail + ") SELECT " +
           join_quoted(batch.columns, "s.") + tail_values + latest + conflict + "UPDATE SET " +
           set);
      break;
    }
    case OpKind::kDelete:
      if (soft) {
        exec("UPDATE " + t + " AS d SET _sluice_deleted = true, _sluice_synced = " + ts +
             " FROM _sluice_stage s WHERE " + key_join(keys, "d", "s"));
      } else {
        log_warning("table " + spec.name + " is append-only; a delete was ignored");
      }
      break;
    case OpKind::kTruncate:
      break;
  }
}

void SqlDestination::write_state(const std::string& connection, const nlohmann::json& state) {
  exec("INSERT INTO " + table_ref("_sluice_state") + " VALUES (" + quote_literal(connection) +
       ", " + quote_literal(state.dump()) +
       ", now()) ON CONFLICT (connection) DO UPDATE SET state = EXCLUDED.state, "
       "updated_at = EXCLUDED.updated_at");
}

void SqlDestination::record_run(const RunRecord& r) {
  auto time = [](int64_t micros) {
    return micros ? sql::timestamp_literal(micros) : std::string("NULL");
  };
  exec("INSERT INTO " + table_ref("_sluice_runs") +
       " (run_id, connection, connector, started_at, ended_at, status, rows_by_table, operations, "
       "requests, retries, error) VALUES (" +
       quote_literal(r.run_id) + ", " + quote_literal(r.connection) + ", " +
       quote_literal(r.connector) + ", " + time(r.started_at) + ", " + time(r.ended_at) + ", " +
       quote_literal(r.status) + ", " + quote_literal(r.rows_by_table.dump()) + ", " +
       std::to_string(r.operations) + ", " + std::to_string(r.requests) + ", " +
       std::to_string(r.retries) + ", " + (r.error.empty() ? "NULL" : quote_literal(r.error)) +
       ") ON CONFLICT (run_id) DO UPDATE SET ended_at = EXCLUDED.ended_at, status = "
       "EXCLUDED.status, rows_by_table = EXCLUDED.rows_by_table, operations = "
       "EXCLUDED.operations, requests = EXCLUDED.requests, retries = EXCLUDED.retries, error = "
       "EXCLUDED.error");
}

void SqlDestination::reset(const std::string& connection,
                           const std::vector<std::string>& drop_tables) {
  begin();
  exec("DELETE FROM " + table_ref("_sluice_state") +
       " WHERE connection = " + quote_literal(connection));
  for (const auto& t : drop_tables) exec("DROP TABLE IF EXISTS " + table_ref(t));
  commit();
}

}  // namespace sluice

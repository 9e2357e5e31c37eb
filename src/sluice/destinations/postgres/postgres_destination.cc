#include "sluice/destinations/postgres/postgres_destination.h"

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/destinations/postgres/pg_connection.h"
#include "sluice/destinations/postgres/pg_types.h"
#include "sluice/destinations/sql/fresh_keys.h"
#include "sluice/destinations/sql/sql_destination.h"
#include "sluice/load/sql_text.h"

namespace sluice {
namespace {

using sql::join_quoted;
using sql::quote_ident;
using sql::quote_literal;

class PostgresDestination : public SqlDestination {
 public:
  PostgresDestination(const pg::Target& target, bool read_only)
      : target_(target), db_(target), read_only_(read_only) {
    if (read_only_) {
      db_.exec("SET default_transaction_read_only = on");
    } else {
      db_.exec("CREATE SCHEMA IF NOT EXISTS " + quote_ident(target_.schema));
    }
    // Unqualified names in `sluice query` resolve to the connection's schema.
    db_.exec("SET search_path = " + quote_ident(target_.schema) + ", public");
    if (!read_only_) create_bookkeeping();
  }

  std::string describe() const override {
    return target_.display + " (schema " + target_.schema + ")";
  }

  // Rows whose keys are certainly new to a table that was empty when this sync first wrote it go
  // straight into it by COPY (most of a first sync's rows); the rest stage and merge.
  void apply(const TableSpec& spec, const std::vector<ColumnSpec>& columns, const Batch& batch,
             int64_t synced_at) override {
    if (batch.op == OpKind::kDelete || batch.op == OpKind::kTruncate)
      return SqlDestination::apply(spec, columns, batch, synced_at);
    const std::vector<ColumnType> types = batch_types(columns, batch);
    std::vector<bool> is_new;
    const size_t new_rows = fresh_.mark_new(
        spec, types, batch,
        [&] {
          return db_.query("SELECT NOT EXISTS (SELECT 1 FROM " + table_ref(spec.name) + ")")
                     .rows.at(0)
                     .at(0) == "t";
        },
        is_new);
    const bool all = new_rows == batch.size();
    // An append table keeps the newest of a key's rows in a batch, as its merge does: a batch
    // that repeats a key merges whole.
    if (batch.op != OpKind::kUpsert || new_rows == 0 || (spec.mode == WriteMode::kAppend && !all))
      return SqlDestination::apply(spec, columns, batch, synced_at);
    if (!try_copy_direct(spec, types, batch, synced_at, all ? nullptr : &is_new)) {
      SqlDestination::apply(spec, columns, batch, synced_at);
      log_warning("table " + spec.name +
                  ": a key written as new was in the table already (another connection writes "
                  "it too?); its rows merge from now on");
      return;
    }
    // Only the rows whose keys the table may hold already are merged.
    if (!all) SqlDestination::apply(spec, columns, batch.select(is_new, false), synced_at);
  }

  void reset(const std::string& connection, const std::vector<std::string>& drop) override {
    SqlDestination::reset(connection, drop);
    for (const auto& t : drop) fresh_.forget(t);
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

 protected:
  std::string type_sql(ColumnType t) const override { return pg::sql_type(t); }
  ColumnType type_from_sql(std::string_view t) const override {
    return pg::column_type_from_sql(t);
  }
  std::string schema_name() const override { return target_.schema; }
  std::string json_function() const override { return "to_jsonb"; }
  void exec(const std::string& sql) override { db_.exec(sql); }
  QueryResult run(const std::string& sql) override {
    if (!read_only_) return db_.query(sql);
    // Its own READ ONLY transaction, rolled back: a statement cannot switch it to read-write.
    db_.exec("BEGIN READ ONLY");
    try {
      QueryResult r = db_.query(sql);
      db_.exec("ROLLBACK");
      return r;
    } catch (...) {
      db_.exec("ROLLBACK");
      throw;
    }
  }

  void stage(const std::vector<ColumnSpec>& columns, const Batch& batch) override {
    const std::vector<ColumnType> types = batch_types(columns, batch);
    std::string ddl = "CREATE TEMP TABLE _sluice_stage (_seq bigint";
    for (size_t c = 0; c < types.size(); ++c)
      ddl += ", " + quote_ident(batch.columns[c]) + " " + pg::sql_type(types[c]);
    db_.exec("DROP TABLE IF EXISTS pg_temp._sluice_stage");
    db_.exec(ddl + ")");
    // Binary: the server parses no text, and no value becomes a string on the way.
    db_.copy_in("COPY _sluice_stage (_seq" +
                    (batch.columns.empty() ? "" : ", " + join_quoted(batch.columns)) +
                    ") FROM STDIN (FORMAT binary)",
                [&](const pg::CopySink& sink) { pg::write_binary_copy(batch, types, sink); });
  }

 private:
  // The rows `only` marks (all when null) straight into the table, with their bookkeeping.
  void copy_direct(const TableSpec& spec, const std::vector<ColumnType>& types, const Batch& batch,
                   int64_t synced_at, const std::vector<bool>* only) {
    pg::CopyRows rows;
    rows.numbered = false;
    rows.only = only;
    direct_bookkeeping(spec, synced_at, rows.extra_columns, rows.extra, rows.extra_types);
    std::vector<std::string> names = batch.columns;
    names.insert(names.end(), rows.extra_columns.begin(), rows.extra_columns.end());
    db_.copy_in(
        "COPY " + table_ref(spec.name) + " (" + join_quoted(names) + ") FROM STDIN (FORMAT binary)",
        [&](const pg::CopySink& sink) { pg::write_binary_copy(batch, types, sink, rows); });
  }

  // Whether a direct COPY went in. It runs inside a savepoint: when the server refuses it (a key
  // the table held after all) it is undone, and the table merges from then on.
  bool try_copy_direct(const TableSpec& spec, const std::vector<ColumnType>& types,
                       const Batch& batch, int64_t synced_at, const std::vector<bool>* only) {
    db_.exec("SAVEPOINT sluice_direct");
    try {
      copy_direct(spec, types, batch, synced_at, only);
    } catch (const Error&) {
      const std::exception_ptr refused = std::current_exception();
      try {
        db_.exec("ROLLBACK TO SAVEPOINT sluice_direct");
      } catch (const Error&) {
        std::rethrow_exception(refused);  // the connection's own trouble: its first sentence
      }
      fresh_.stop(spec.name);
      return false;
    }
    db_.exec("RELEASE SAVEPOINT sluice_direct");
    return true;
  }

  pg::Target target_;
  pg::Connection db_;
  bool read_only_ = false;
  FreshKeys fresh_{key_set_bytes_from_env()};
};

}  // namespace

std::unique_ptr<Destination> open_postgres(const std::string& uri, bool read_only) {
  return std::make_unique<PostgresDestination>(pg::parse_target(uri), read_only);
}

}  // namespace sluice

#include "sluice/destinations/postgres/postgres_destination.h"

#include "sluice/core/error.h"
#include "sluice/destinations/postgres/pg_connection.h"
#include "sluice/destinations/postgres/pg_types.h"
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
    // Binary: the server parses no text, and no value becomes a string on the way.
    db_.copy_in("COPY _sluice_stage (_seq" +
                    (batch.columns.empty() ? "" : ", " + join_quoted(batch.columns)) +
                    ") FROM STDIN (FORMAT binary)",
                [&](const pg::CopySink& sink) { pg::write_binary_copy(batch, types, sink); });
  }

  pg::Target target_;
  pg::Connection db_;
  bool read_only_ = false;
};

}  // namespace

std::unique_ptr<Destination> open_postgres(const std::string& uri, bool read_only) {
  return std::make_unique<PostgresDestination>(pg::parse_target(uri), read_only);
}

}  // namespace sluice

#include "sluice/destinations/parquet/parquet_views.h"

#include <algorithm>

#include "sluice/core/timestamp.h"
#include "sluice/core/types.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/load/sql_text.h"

namespace sluice::parquet {

using sql::join_quoted;
using sql::quote_ident;
using sql::quote_literal;

std::string changes_view_sql(const std::string& root, const std::string& name) {
  return "CREATE OR REPLACE VIEW " + quote_ident(name + "__changes") +
         " AS SELECT * FROM read_parquet(" + quote_literal(root + "/" + name + "/*/*.parquet") +
         ", hive_partitioning = true, union_by_name = true)";
}

std::string latest_view_sql(const std::string& name, const nlohmann::json& table,
                            const std::set<std::string>& present) {
  std::vector<std::string> keys = table["keys"].get<std::vector<std::string>>();
  std::string select = join_quoted(keys);
  for (const auto& c : table["columns"]) {
    std::string col = c["name"].get<std::string>();
    if (std::find(keys.begin(), keys.end(), col) != keys.end()) continue;
    if (!present.count(col)) {
      select += ", NULL AS " + quote_ident(col);
      continue;
    }
    // A column's value is that of the newest change that set it: an upsert sets every column
    // (absent ones to NULL), a partial update only those it lists.
    select += ", arg_max(" + quote_ident(col) +
              ", _sluice_seq) FILTER (WHERE _sluice_op = 'upsert' OR "
              "list_contains(_sluice_columns, " +
              quote_literal(col) + ")) AS " + quote_ident(col);
  }
  std::string deleted =
      "coalesce(arg_max(_sluice_deleted, _sluice_seq) FILTER (WHERE _sluice_op IN ('upsert', "
      "'delete')), false)";
  if (table.contains("truncated_before"))
    deleted += " OR max(_sluice_synced) < TIMESTAMPTZ " +
               quote_literal(format_timestamp(table["truncated_before"].get<int64_t>()));
  select += ", max(_sluice_synced) AS _sluice_synced";
  if (table.value("mode", "merge") != "append") select += ", " + deleted + " AS _sluice_deleted";
  return "CREATE OR REPLACE VIEW " + quote_ident(name) + " AS SELECT " + select + " FROM " +
         quote_ident(name + "__changes") + " GROUP BY " + join_quoted(keys);
}

namespace {

std::string empty_select(const nlohmann::json& table, const std::string& tail) {
  std::string select;
  for (const auto& c : table["columns"]) {
    auto type = parse_type_name(c["type"].get<std::string>());
    select += (select.empty() ? "" : ", ") + std::string("CAST(NULL AS ") +
              duck::sql_type(type.value_or(ColumnType::kString)) + ") AS " +
              quote_ident(c["name"].get<std::string>());
  }
  return "SELECT " + select + tail + " WHERE false";
}

}  // namespace

std::string empty_changes_view_sql(const std::string& name, const nlohmann::json& table) {
  return "CREATE OR REPLACE VIEW " + quote_ident(name + "__changes") + " AS " +
         empty_select(table, ", CAST(NULL AS TIMESTAMPTZ) AS _sluice_synced");
}

std::string empty_latest_view_sql(const std::string& name, const nlohmann::json& table) {
  std::string tail = ", CAST(NULL AS TIMESTAMPTZ) AS _sluice_synced";
  if (table.value("mode", "merge") != "append")
    tail += ", CAST(NULL AS BOOLEAN) AS _sluice_deleted";
  return "CREATE OR REPLACE VIEW " + quote_ident(name) + " AS " + empty_select(table, tail);
}

std::string runs_view_sql(const std::string& runs_dir) {
  return "CREATE OR REPLACE VIEW _sluice_runs AS SELECT run_id, connection, connector, started_at, "
         "ended_at, status, rows_by_table, operations, requests, retries, NULLIF(error, '') AS "
         "error FROM read_json(" +
         quote_literal(runs_dir + "/*.json") +
         ", format = 'auto', columns = {run_id: 'VARCHAR', connection: 'VARCHAR', connector: "
         "'VARCHAR', started_at: 'TIMESTAMPTZ', ended_at: 'TIMESTAMPTZ', status: 'VARCHAR', "
         "rows_by_table: 'JSON', operations: 'BIGINT', requests: 'BIGINT', retries: 'BIGINT', "
         "error: 'VARCHAR'})";
}

}  // namespace sluice::parquet

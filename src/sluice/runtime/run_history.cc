#include "sluice/runtime/run_history.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "sluice/core/error.h"
#include "sluice/core/timestamp.h"
#include "sluice/load/sql_text.h"

namespace sluice {
namespace {

std::optional<double> number(const std::optional<std::string>& cell) {
  if (!cell || cell->empty()) return std::nullopt;
  try {
    return std::stod(*cell);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string iso(double seconds) {
  return format_timestamp(static_cast<int64_t>(std::llround(seconds * 1e6)));
}

}  // namespace

std::vector<RunRow> read_runs(Destination& warehouse, const std::string& connection,
                              int64_t limit) {
  QueryResult shape;
  try {
    shape = warehouse.query("SELECT * FROM _sluice_runs LIMIT 0");
  } catch (const Error&) {
    return {};  // no sync has recorded a run here yet
  }
  // Columns added later (requests, retries) read as NULL in a table made before them. Times as
  // epoch seconds: the same text from DuckDB and PostgreSQL whatever the session's time zone.
  const std::set<std::string> present(shape.columns.begin(), shape.columns.end());
  auto column = [&](const std::string& name) {
    return present.count(name) ? name : "NULL AS " + name;
  };
  std::string sql =
      "SELECT run_id, connection, connector, status, error, "
      "CAST(extract(epoch FROM started_at) AS DOUBLE PRECISION), "
      "CAST(extract(epoch FROM ended_at) AS DOUBLE PRECISION), CAST(rows_by_table AS TEXT), "
      "operations, " +
      column("requests") + ", " + column("retries") + " FROM _sluice_runs";
  if (!connection.empty()) sql += " WHERE connection = " + sql::quote_literal(connection);
  sql += " ORDER BY started_at DESC LIMIT " + std::to_string(std::max<int64_t>(limit, 0));
  std::vector<RunRow> out;
  for (const auto& row : warehouse.query(sql).rows) {
    RunRow r;
    r.run_id = row[0].value_or("");
    r.connection = row[1].value_or("");
    r.connector = row[2].value_or("");
    r.status = row[3].value_or("");
    r.error = row[4].value_or("");
    r.started_at = number(row[5]).value_or(0);
    r.ended_at = number(row[6]);
    if (row[7]) {
      r.rows_by_table = nlohmann::json::parse(*row[7], nullptr, false);
      if (!r.rows_by_table.is_object()) r.rows_by_table = nlohmann::json::object();
    }
    for (const auto& [table, n] : r.rows_by_table.items())
      if (n.is_number_integer()) r.rows += n.get<int64_t>();
    r.operations = static_cast<int64_t>(number(row[8]).value_or(0));
    if (auto n = number(row[9])) r.requests = static_cast<int64_t>(*n);
    if (auto n = number(row[10])) r.retries = static_cast<int64_t>(*n);
    out.push_back(std::move(r));
  }
  return out;
}

nlohmann::json run_json(const RunRow& r) {
  auto optional = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"run_id", r.run_id},
          {"connection", r.connection},
          {"connector", r.connector},
          {"status", r.status},
          {"started_at", iso(r.started_at)},
          {"ended_at", r.ended_at ? nlohmann::json(iso(*r.ended_at)) : nlohmann::json()},
          {"seconds", r.ended_at ? nlohmann::json(*r.ended_at - r.started_at) : nlohmann::json()},
          {"rows", r.rows},
          {"rows_by_table", r.rows_by_table},
          {"operations", r.operations},
          {"requests", optional(r.requests)},
          {"retries", optional(r.retries)},
          {"error", r.error.empty() ? nlohmann::json() : nlohmann::json(r.error)}};
}

}  // namespace sluice

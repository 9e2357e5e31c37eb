#include "sluice/ui/warehouse_view.h"

#include <algorithm>
#include <set>

#include "sluice/core/error.h"
#include "sluice/core/types.h"
#include "sluice/load/sql_text.h"
#include "sluice/runtime/run_history.h"

namespace sluice::ui {
namespace {

// The chart shows this many runs; each table shows this many of its newest rows.
constexpr int64_t kRuns = 200;
constexpr int64_t kNewestRows = 8;

nlohmann::json table_view(Destination& warehouse, const std::string& name) {
  nlohmann::json t = {{"name", name}};
  auto columns = warehouse.table_columns(name);
  if (!columns) return nullptr;  // named by a run, dropped since (sluice reset --drop-tables)
  t["columns"] = nlohmann::json::array();
  for (const ColumnSpec& c : *columns)
    t["columns"].push_back({{"name", c.name}, {"type", std::string(type_name(c.type))}});
  const std::string ref = sql::quote_ident(name);
  QueryResult count = warehouse.query("SELECT count(*) FROM " + ref);
  t["rows"] = count.rows.empty() || !count.rows[0][0] ? 0 : std::stoll(*count.rows[0][0]);
  QueryResult newest =
      warehouse.query("SELECT * FROM " + ref + " ORDER BY _sluice_synced DESC LIMIT " +
                      std::to_string(kNewestRows));
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : newest.rows) {
    nlohmann::json r = nlohmann::json::array();
    for (const auto& cell : row) r.push_back(cell ? nlohmann::json(*cell) : nlohmann::json());
    rows.push_back(std::move(r));
  }
  t["newest"] = {{"columns", newest.columns}, {"rows", std::move(rows)}};
  return t;
}

}  // namespace

nlohmann::json warehouse_view(Destination& warehouse) {
  std::vector<RunRow> runs = read_runs(warehouse, "", kRuns);
  std::reverse(runs.begin(), runs.end());  // oldest first, as a time axis reads
  nlohmann::json out = {{"warehouse", warehouse.describe()}, {"runs", nlohmann::json::array()}};
  std::set<std::string> names;
  for (const RunRow& r : runs) {
    out["runs"].push_back(run_json(r));
    for (const auto& [table, n] : r.rows_by_table.items()) names.insert(table);
  }
  out["tables"] = nlohmann::json::array();
  for (const std::string& name : names)
    if (nlohmann::json t = table_view(warehouse, name); !t.is_null())
      out["tables"].push_back(std::move(t));
  return out;
}

}  // namespace sluice::ui

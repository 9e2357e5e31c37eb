// `sluice runs`: the run history (`_sluice_runs`) of the warehouse, newest first, read-only.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "sluice/cli/commands.h"
#include "sluice/cli/context.h"
#include "sluice/cli/table_printer.h"
#include "sluice/core/timestamp.h"
#include "sluice/runtime/run_history.h"

namespace sluice::cli {
namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

std::string count_text(const std::optional<int64_t>& n) {
  return n ? std::to_string(*n) : "";
}

int list_runs(const std::string& warehouse_uri, const std::string& connection, int64_t limit,
              bool json) {
  auto warehouse = open_warehouse(warehouse_uri, Open::kQuery);
  std::vector<RunRow> runs = read_runs(*warehouse, connection, limit);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const RunRow& r : runs) out.push_back(run_json(r));
    std::cout << out.dump() << "\n";
    return 0;
  }
  if (runs.empty()) {
    std::cout << "No runs recorded in " << warehouse->describe()
              << (connection.empty() ? "" : " for " + connection)
              << " yet; `sluice sync <connector>` records one per sync.\n";
    return 0;
  }
  QueryResult table;
  table.columns = {"started (UTC)", "connection", "status",  "duration",
                   "rows",          "requests",   "retries", "error"};
  bool unfinished = false;
  for (const RunRow& r : runs) {
    std::string started =
        format_timestamp(static_cast<int64_t>(std::floor(r.started_at)) * 1000000);
    started = started.substr(0, 19);
    started[10] = ' ';
    std::string status = r.status;
    if (!r.ended_at) {
      status = "unfinished";
      unfinished = true;
    }
    table.rows.push_back(
        {started, r.connection, status, r.ended_at ? seconds_text(*r.ended_at - r.started_at) : "",
         std::to_string(r.rows), count_text(r.requests), count_text(r.retries), r.error});
  }
  print_table(std::cout, table, 60);
  if (unfinished)
    std::cout << "unfinished: no end was recorded; that sync is still running, or it was killed "
                 "(its data stands at its last checkpoint and the next sync resumes there).\n";
  return 0;
}

}  // namespace

int cmd_runs(const Args& args) {
  return list_runs(warehouse_path(args), args.get("connection").value_or(""), args.integer("limit"),
                   args.flag("json"));
}

}  // namespace sluice::cli

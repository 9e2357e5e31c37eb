#pragma once
// What the local page shows, as JSON, read from an open warehouse: the run history and, for every
// table a run wrote, its row count, columns with their types, and its newest rows.
#include <nlohmann/json.hpp>

#include "sluice/load/destination.h"

namespace sluice::ui {

// {warehouse, runs: [run_json…] oldest first, tables: [{name, rows, columns: [{name, type}],
//  newest: {columns, rows}}]}. Tables are those the runs name, in name order.
nlohmann::json warehouse_view(Destination& warehouse);

}  // namespace sluice::ui

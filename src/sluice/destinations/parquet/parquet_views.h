#pragma once
// The SQL a reader uses on the change log: per table, `<t>__changes` (every change row) and `<t>`
// (the latest row per key, partial updates folded in, deletes and truncates applied).
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace sluice::parquet {

// `table` is the manifest's description: {keys, mode, columns: [{name, type}], truncated_before}.
std::string changes_view_sql(const std::string& root, const std::string& name);
// `present` names the columns the change files actually hold; others read as NULL.
std::string latest_view_sql(const std::string& name, const nlohmann::json& table,
                            const std::set<std::string>& present);
// A table declared but never written (no change file yet, e.g. a source that has none of its
// rows): both views, empty, with the declared columns and types, since read_parquet refuses a
// pattern that matches no file and would fail every query of the lake.
std::string empty_changes_view_sql(const std::string& name, const nlohmann::json& table);
std::string empty_latest_view_sql(const std::string& name, const nlohmann::json& table);
// `_sluice_runs` over the run files in `runs_dir`, typed as the SQL warehouses type it (a field an
// older file lacks reads as NULL; rows_by_table stays JSON whatever tables it names).
std::string runs_view_sql(const std::string& runs_dir);

}  // namespace sluice::parquet

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

}  // namespace sluice::parquet

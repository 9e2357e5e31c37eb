#pragma once
// Reads a warehouse back for comparisons: every table as sorted text rows, without the columns
// that differ between runs by design (`_sluice_synced`).
#include <string>
#include <vector>

#include "sluice/load/destination.h"

namespace sluice::testing {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

Rows query_warehouse(const std::string& path, const std::string& sql);
// All rows of `table`, `_sluice_synced` left out, ordered by every column.
Rows dump_table(const std::string& path, const std::string& table);
std::string scalar(const std::string& path, const std::string& sql);

}  // namespace sluice::testing

#pragma once
// Rows in one comparable form for the partner SDK tests: the live rows of a warehouse table, and
// the rows a client applied from an Update stream, each row a set of "column=value" cells in
// normalized_dump's notation, NULLs left out (a column a row lacks is NULL on either side).
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "sluice/load/destination.h"

namespace sluice::testing {

using RowSet = std::multiset<std::string>;

// A streamed value as [kind, value]: kind the name of the ValueType field that was set, times in
// microseconds since the epoch; null for NULL.
std::string streamed_text(const nlohmann::json& v);
// Applied rows ({key: {column: [kind, value]}}) as a RowSet.
RowSet streamed_rows(const nlohmann::json& rows);
// The table's live rows (not soft-deleted), Sluice's own `_sluice_*` columns left out.
RowSet warehouse_rows(Destination& d, const std::string& table);
// The first difference between two row sets, or "" when they are equal.
std::string first_difference(const RowSet& got, const RowSet& want);

}  // namespace sluice::testing

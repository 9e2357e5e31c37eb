#pragma once
// A table from any destination in one comparable form, so DuckDB and PostgreSQL can be compared
// row for row: times as ISO 8601 UTC, booleans as true/false, JSON re-serialised with sorted keys,
// numbers in one notation, `_sluice_synced` left out, rows sorted.
#include <string>
#include <vector>

#include "sluice/load/destination.h"

namespace sluice::testing {

std::vector<std::string> normalized_dump(Destination& destination, const std::string& table);
// One value as normalized_dump writes it (NULL for no value).
std::string normalized_value(const std::optional<std::string>& value, ColumnType type);

// The test PostgreSQL server's URL (from SLUICE_TEST_PG, set by scripts/test.sh); when it is
// not set, the calling test fails (with what to do) and "" is returned.
std::string test_pg_url();
// A URL for a fresh schema of its own on the test server.
std::string fresh_pg_schema_url(const std::string& prefix);

}  // namespace sluice::testing

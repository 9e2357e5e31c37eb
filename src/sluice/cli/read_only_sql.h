#pragma once
// What `sluice query` agrees to run: one statement that reads (SELECT, WITH, VALUES, TABLE,
// FROM, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN). Anything else is refused with one sentence (exit 64)
// before it reaches the warehouse, which is opened read-only as well (DuckDB without external
// access, PostgreSQL in a READ ONLY transaction), so what slips past the words still writes
// nothing.
#include <string_view>

namespace sluice::cli {

// Throws a usage error naming what is refused.
void refuse_unless_read_only(std::string_view sql);

}  // namespace sluice::cli

#pragma once
// How much memory and how many threads a DuckDB warehouse may use, from the environment. The
// defaults keep a sync's memory bounded by these settings rather than by the data's size.
#include <cstddef>
#include <string>

namespace sluice::duck {

struct Tuning {
  std::string memory_limit = "48MB";        // DuckDB's buffer pool; merges past it spill to disk
  std::string threads = "1";                // the engine's reader already takes the other core
  size_t key_set_bytes = size_t{16} << 20;  // per table: sql/fresh_keys
};

// Reads SLUICE_DUCKDB_MEMORY_LIMIT, SLUICE_DUCKDB_THREADS and SLUICE_KEY_SET_MB; a malformed
// value is a configuration error that names the variable.
Tuning tuning_from_env();

}  // namespace sluice::duck

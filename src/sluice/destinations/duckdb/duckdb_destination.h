#pragma once
// The embedded default warehouse: one DuckDB file. Rows arrive through the appender into a staging
// table and are merged with set-based SQL, all inside the checkpoint's transaction.
#include <memory>
#include <string>

#include "sluice/load/destination.h"

namespace sluice {

// Opens (or creates) the warehouse file. Throws Error(kLocked) when another process holds it and
// Error(kWarehouse) when it is not a DuckDB file or cannot be written.
std::unique_ptr<Destination> open_duckdb(const std::string& path, bool read_only = false);

}  // namespace sluice

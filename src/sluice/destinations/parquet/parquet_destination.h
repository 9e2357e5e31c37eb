#pragma once
// A lake warehouse: Parquet files written through DuckDB's writer, one folder per table,
// Hive-style partitions by sync date, an append-only change log (`_sluice_synced`, `_sluice_seq`,
// `_sluice_op`, `_sluice_columns`, `_sluice_deleted`) from which a reader computes the latest row
// per key. Files are written under temporary names and committed by a per-checkpoint manifest.
#include <memory>
#include <string>

#include "sluice/load/destination.h"

namespace sluice {

std::unique_ptr<Destination> open_parquet(const std::string& directory);

}  // namespace sluice

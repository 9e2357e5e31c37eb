#pragma once
// DuckDB's memory limit grows with the widest table written. To write and checkpoint a row group
// DuckDB holds a block or two of every column at once: measured, 50 text columns were written
// with 48 MB, 100 failed ("could not allocate block of size 256 KiB") from the first commit and
// needed 128 MB, 300 needed 384 MB; four tables of 50 at once needed 64 MB, far less than their
// sum. So about 1.3 MB a column of the widest table.
// A limit that suits narrow tables would make a wide survey's sync fail, so the configured limit
// is a floor and a wider table raises it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/destinations/duckdb/duckdb_connection.h"

namespace sluice::duck {

// Bytes in a DuckDB size such as "48MB", "1.5GB" or "512 MiB" (KB/MB/GB are powers of 1000, KiB/
// MiB/GiB of 1024, as DuckDB reads them); nullopt for what it cannot read (a percentage, say).
std::optional<uint64_t> parse_size(std::string_view text);

// The memory limit a table of `columns` columns needs.
uint64_t bytes_for_columns(size_t columns);

class MemoryFit {
 public:
  // `configured` is the limit the database was opened with (SLUICE_DUCKDB_MEMORY_LIMIT).
  explicit MemoryFit(const std::string& configured) : limit_(parse_size(configured)) {}
  // Raises the limit when `table` with `columns` columns needs more than it allows; logs why.
  void fit(Connection& db, const std::string& table, size_t columns);
  std::optional<uint64_t> limit() const { return limit_; }

 private:
  std::optional<uint64_t> limit_;  // unknown: a limit this cannot read is left as it is
};

}  // namespace sluice::duck

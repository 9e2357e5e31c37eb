#include "sluice/destinations/duckdb/duckdb_memory.h"

#include <cctype>
#include <charconv>

#include "sluice/core/log.h"

namespace sluice::duck {
namespace {

constexpr uint64_t kMB = 1000 * 1000;

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text) {
  const std::string s = lower(text);
  double n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || n < 0) return std::nullopt;
  const std::string unit(end, s.data() + s.size());
  static const std::pair<const char*, double> kUnits[] = {{"", 1},
                                                          {"b", 1},
                                                          {"kb", 1e3},
                                                          {"mb", 1e6},
                                                          {"gb", 1e9},
                                                          {"tb", 1e12},
                                                          {"kib", 1024.0},
                                                          {"mib", 1048576.0},
                                                          {"gib", 1073741824.0},
                                                          {"tib", 1099511627776.0}};
  for (const auto& [name, scale] : kUnits)
    if (unit == name) return static_cast<uint64_t>(n * scale);
  return std::nullopt;
}

uint64_t bytes_for_columns(size_t columns) {
  return columns * 1300 * 1000;
}

void MemoryFit::fit(Connection& db, const std::string& table, size_t columns) {
  const uint64_t need = bytes_for_columns(columns);
  if (!limit_ || need <= *limit_) return;
  const uint64_t mb = (need + kMB - 1) / kMB;
  db.exec("SET memory_limit = '" + std::to_string(mb) + "MB'");
  log_info("table " + table + " has " + std::to_string(columns) +
           " columns; DuckDB's memory limit is raised to " + std::to_string(mb) +
           " MB to write it (SLUICE_DUCKDB_MEMORY_LIMIT sets the floor)");
  limit_ = mb * kMB;
}

}  // namespace sluice::duck

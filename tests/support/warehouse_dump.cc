#include "support/warehouse_dump.h"

#include "sluice/destinations/duckdb/duckdb_destination.h"

namespace sluice::testing {

Rows query_warehouse(const std::string& path, const std::string& sql) {
  auto dest = open_duckdb(path, true);
  return dest->query(sql).rows;
}

Rows dump_table(const std::string& path, const std::string& table) {
  return query_warehouse(path,
                         "SELECT * EXCLUDE (_sluice_synced) FROM \"" + table + "\" ORDER BY ALL");
}

std::string scalar(const std::string& path, const std::string& sql) {
  Rows r = query_warehouse(path, sql);
  return r.empty() || r[0].empty() || !r[0][0] ? "NULL" : *r[0][0];
}

}  // namespace sluice::testing

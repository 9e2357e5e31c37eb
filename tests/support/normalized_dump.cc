#include "support/normalized_dump.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>

#include "sluice/core/timestamp.h"

namespace sluice::testing {

std::string normalized_value(const std::optional<std::string>& v, ColumnType type) {
  if (!v) return "NULL";
  switch (type) {
    case ColumnType::kBoolean:
      return (*v == "t" || *v == "true") ? "true" : "false";
    case ColumnType::kNaiveDateTime:
    case ColumnType::kUtcDateTime: {
      auto t = parse_timestamp(*v);
      return t ? format_timestamp(*t) : "bad time " + *v;
    }
    case ColumnType::kJson:
      return nlohmann::json::parse(*v).dump();
    case ColumnType::kFloat:
    case ColumnType::kDouble:
    case ColumnType::kDecimal: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.12g", std::stod(*v));
      return buf;
    }
    default:
      return *v;
  }
}

std::vector<std::string> normalized_dump(Destination& d, const std::string& table) {
  auto columns = d.table_columns(table);
  if (!columns) return {};
  // Append tables keep no deletion flag.
  QueryResult probe = d.query("SELECT * FROM \"" + table + "\" LIMIT 0");
  if (std::find(probe.columns.begin(), probe.columns.end(), "_sluice_deleted") !=
      probe.columns.end())
    columns->push_back({"_sluice_deleted", ColumnType::kBoolean});
  std::string select;
  for (const auto& c : *columns) select += (select.empty() ? "" : ", ") + ("\"" + c.name + "\"");
  QueryResult r = d.query("SELECT " + select + " FROM \"" + table + "\"");
  std::vector<std::string> rows;
  for (const auto& row : r.rows) {
    std::string line;
    for (size_t k = 0; k < row.size(); ++k)
      line += (*columns)[k].name + "=" + normalized_value(row[k], (*columns)[k].type) + "|";
    rows.push_back(std::move(line));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string test_pg_url() {
  const char* url = std::getenv("SLUICE_TEST_PG");
  // A PostgreSQL test that cannot reach PostgreSQL fails; it never passes by skipping.
  if (!url || !*url)
    ADD_FAILURE() << "SLUICE_TEST_PG is not set: run the tests with scripts/test.sh, which starts "
                     "PostgreSQL, or export the URL that `bash scripts/pg_cluster.sh start DIR` "
                     "prints";
  return url ? url : "";
}

std::string fresh_pg_schema_url(const std::string& prefix) {
  std::random_device rd;
  return test_pg_url() + "?schema=" + prefix + "_" + std::to_string(rd() % 100000000);
}

}  // namespace sluice::testing

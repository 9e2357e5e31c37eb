#include "bench/connector_limits.h"

#include <duckdb.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "sluice/destinations/duckdb/duckdb_append.h"
#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/json/infer.h"
#include "sluice/load/sql_text.h"
#include "sluice/sdk/connector_config.h"
#include "sluice/sdk/registry.h"

namespace sluice::bench {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Collects what a connector emits, untouched: the rows the append limit then writes.
class Collector : public Emitter {
 public:
  std::map<std::string, std::vector<Record>> tables;
  void upsert(const std::string& t, Record r) override { tables[t].push_back(std::move(r)); }
  void update(const std::string& t, Record r) override { tables[t].push_back(std::move(r)); }
  void remove(const std::string&, Record) override {}
  void truncate(const std::string&) override {}
  void checkpoint(const nlohmann::json&) override {}
};

}  // namespace

ConnectorLimits measure_connector_limits(const std::string& name, const std::string& config_json,
                                         const std::string& scratch) {
  ConnectorLimits out;
  auto connector = make_connector(name);
  Validated v = validate_config(connector->spec(), nlohmann::json::parse(config_json));
  Collector rows;
  auto t = Clock::now();
  connector->update(v.config, nlohmann::json::object(), rows);
  out.read_seconds = since(t);
  const std::string file = scratch + "/append_limit_" + name + ".duckdb";
  std::filesystem::remove(file);
  duck::Connection db(file, false);
  t = Clock::now();
  for (auto& [table, records] : rows.tables) {
    std::vector<std::string> cols;
    std::map<std::string, ColumnType> types;
    for (const auto& r : records)
      for (const auto& f : r.fields) {
        auto it = types.find(f.name);
        auto inferred = infer_type(f.value);
        if (it == types.end()) {
          cols.push_back(f.name);
          types[f.name] = inferred.value_or(ColumnType::kString);
        } else if (inferred) {
          it->second = widen(it->second, *inferred);
        }
      }
    std::string ddl = "CREATE TABLE " + sql::quote_ident(table) + " (";
    std::vector<ColumnType> col_types;
    for (size_t k = 0; k < cols.size(); ++k) {
      ddl += (k ? ", " : "") + sql::quote_ident(cols[k]) + " " + duck::sql_type(types[cols[k]]);
      col_types.push_back(types[cols[k]]);
    }
    db.exec(ddl + ")");
    // Rows laid out as the table's columns, the way the loader hands them over.
    std::vector<std::vector<Value>> laid;
    laid.reserve(records.size());
    for (auto& r : records) {
      std::vector<Value> row(cols.size());
      for (auto& f : r.fields)
        for (size_t k = 0; k < cols.size(); ++k)
          if (cols[k] == f.name) row[k] = std::move(f.value);
      laid.push_back(std::move(row));
    }
    records.clear();
    out.rows += static_cast<long long>(laid.size());
    auto start = Clock::now();
    duck::AppendTarget target;
    target.table = table;
    duck::append_rows(db, target, cols, col_types, laid);
    out.append_seconds += since(start);
  }
  return out;
}

}  // namespace sluice::bench

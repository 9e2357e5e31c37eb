#include "bench/connector_limits.h"

#include <duckdb.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "bench/cpu_clock.h"
#include "sluice/destinations/duckdb/duckdb_chunk.h"
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

// The columns of a table in first-seen order, each with the type its values widen to.
void infer_columns(const std::vector<Record>& records, std::vector<std::string>& cols,
                   std::vector<ColumnType>& types) {
  std::map<std::string, size_t> at;
  for (const auto& r : records)
    for (const auto& f : r.fields) {
      auto inferred = infer_type(f.value);
      auto it = at.find(f.name);
      if (it == at.end()) {
        at[f.name] = cols.size();
        cols.push_back(f.name);
        types.push_back(inferred.value_or(ColumnType::kString));
      } else if (inferred) {
        types[it->second] = widen(types[it->second], *inferred);
      }
    }
}

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
  // Every table's rows as data chunks of its columns' types, before the clock starts.
  std::vector<std::pair<std::string, std::vector<duckdb_data_chunk>>> chunks;
  for (auto& [table, records] : rows.tables) {
    std::vector<std::string> cols;
    std::vector<ColumnType> types;
    infer_columns(records, cols, types);
    std::string ddl = "CREATE TABLE " + sql::quote_ident(table) + " (";
    for (size_t k = 0; k < cols.size(); ++k)
      ddl += (k ? ", " : "") + sql::quote_ident(cols[k]) + " " + duck::sql_type(types[k]);
    db.exec(ddl + ")");
    std::map<std::string, size_t> position;
    for (size_t k = 0; k < cols.size(); ++k) position[cols[k]] = k;
    duckdb_appender a;
    duckdb_appender_create(db.raw(), "main", table.c_str(), &a);
    auto& mine = chunks.emplace_back(table, std::vector<duckdb_data_chunk>{}).second;
    {
      duck::ChunkAppender filler(a, types, [&](duckdb_data_chunk c) {
        mine.push_back(c);
        return true;
      });
      for (const auto& r : records) {
        for (const auto& f : r.fields) filler.set(position[f.name], f.value);
        filler.end_row();
      }
      filler.flush();
    }
    duckdb_appender_destroy(&a);
    out.rows += static_cast<long long>(records.size());
    records.clear();
    records.shrink_to_fit();
  }
  t = Clock::now();
  const double cpu = process_cpu_seconds();
  db.exec("BEGIN");
  for (auto& [table, list] : chunks) {
    duckdb_appender a;
    duckdb_appender_create(db.raw(), "main", table.c_str(), &a);
    for (auto& c : list) {
      if (duckdb_append_data_chunk(a, c) == DuckDBError)
        throw std::runtime_error("bench append limit: DuckDB refused a chunk of " + table);
      duckdb_destroy_data_chunk(&c);
    }
    duckdb_appender_close(a);
    duckdb_appender_destroy(&a);
  }
  db.exec("COMMIT");
  db.exec("CHECKPOINT");
  out.append_cpu_seconds = process_cpu_seconds() - cpu;
  out.append_seconds = since(t);
  return out;
}

}  // namespace sluice::bench

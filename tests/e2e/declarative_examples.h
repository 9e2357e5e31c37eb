#pragma once
// Where examples/declarative/ is, for the tests that run its sources, and a sync of one of them
// (or of the C++ connector it re-expresses) into a DuckDB file.
#include <filesystem>
#include <string>
#include <vector>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/runtime/sync_engine.h"
#include "sluice/sdk/connector_config.h"

namespace sluice::testing {

// __FILE__ is relative to the build folder when ccache's base_dir rewrites it.
inline std::string declarative_example(const std::string& file) {
  namespace fs = std::filesystem;
  fs::path here = fs::path(__FILE__).is_absolute()
                      ? fs::path(__FILE__)
                      : fs::read_symlink("/proc/self/exe").parent_path() / __FILE__;
  return (here.parent_path().parent_path().parent_path() / "examples" / "declarative" / file)
      .lexically_normal()
      .string();
}

// Syncs `connector` with `raw` into `warehouse` and returns the tables it declared.
inline std::vector<std::string> sync_into(Connector& connector, const Config& raw,
                                          const std::string& warehouse) {
  Config config = validated_config(connector, raw, "the test configuration");
  auto dest = open_duckdb(warehouse);
  SyncOptions o;
  o.progress = false;
  run_sync(connector, config, *dest, o);
  std::vector<std::string> tables;
  for (const auto& t : connector.schema(config)) tables.push_back(t.name);
  return tables;
}

}  // namespace sluice::testing

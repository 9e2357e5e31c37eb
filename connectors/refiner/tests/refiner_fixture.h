#pragma once
// Shared set-up of the Refiner end-to-end tests: a sandbox, a folder, a configuration pointing at
// the sandbox, and `sluice` runs against them.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "support/process.h"
#include "support/sandbox_server.h"
#include "support/temp_dir.h"
#include "support/warehouse_dump.h"

namespace sluice::testing {

constexpr const char* kSandboxKey = "sandbox-refiner-key-0001";

class RefinerE2E : public ::testing::Test {
 protected:
  void start(std::map<std::string, std::string> flags, int latency_ms = 0) {
    sandbox = std::make_unique<SandboxServer>("refiner", std::move(flags), latency_ms);
    config = {{"api_key", kSandboxKey},
              {"base_url", sandbox->base_url() + "/v1/"},
              {"start_date", "2024-01-01T00:00:00Z"}};
  }
  std::string write_config(const nlohmann::json& c,
                           const std::string& name = "configuration.json") {
    write_file(dir.file(name), c.dump(2));
    return dir.file(name);
  }
  ProcessResult sluice(std::vector<std::string> args) {
    args.insert(args.begin(), sluice_binary());
    return run_process(args, dir.path().string());
  }
  // `sluice sync refiner` with the fixture's configuration into `warehouse`.
  ProcessResult sync(const std::string& warehouse = "warehouse.duckdb") {
    write_config(config);
    return sluice({"sync", "refiner", "--warehouse", warehouse, "--no-progress"});
  }
  std::string warehouse(const std::string& name = "warehouse.duckdb") const {
    return dir.file(name);
  }

  TempDir dir;
  std::unique_ptr<SandboxServer> sandbox;
  nlohmann::json config;
};

}  // namespace sluice::testing

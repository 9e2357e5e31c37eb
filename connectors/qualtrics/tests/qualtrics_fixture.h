#pragma once
// Shared set-up of the Qualtrics end-to-end tests: the sandbox with fixed data, the sandbox's own
// configuration with fast export polling, and readers of the sandbox's counters.
#include <nlohmann/json.hpp>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/http/client.h"

namespace sluice::testing {

// 2026-01-01T00:00:00Z: the first response of every survey is recorded just after it.
constexpr int64_t kQualtricsBase = 1767225600;
constexpr const char* kQualtricsToken = "qualtrics-sandbox-token-0001";

class QualtricsE2E : public RefinerE2E {
 protected:
  void start_qualtrics(std::map<std::string, std::string> flags, int latency_ms = 0) {
    flags.emplace("base-time", std::to_string(kQualtricsBase));
    flags.emplace("export-polls", "3");
    sandbox = std::make_unique<SandboxServer>("qualtrics", std::move(flags), latency_ms);
    config = nlohmann::json::parse(sandbox->example_config());
    config["export_poll_interval_ms"] = 20;
  }
  ProcessResult sync_qualtrics(const std::string& destination = "warehouse.duckdb") {
    write_config(config);
    return sluice({"sync", "qualtrics", "--warehouse", destination, "--no-progress"});
  }
  nlohmann::json stats() { return nlohmann::json::parse(get("/__sandbox/stats").body); }
  Response get(const std::string& path, Params headers = {}) {
    HttpClient client;
    Request r;
    r.url = sandbox->base_url() + path;
    r.headers = std::move(headers);
    Response resp;
    TransportError err;
    client.perform(r, resp, err);
    return resp;
  }
  // Upserts per table of the newest run, from the run history.
  nlohmann::json last_run_rows(const std::string& destination = "warehouse.duckdb") {
    return nlohmann::json::parse(
        scalar(warehouse(destination),
               "SELECT rows_by_table FROM _sluice_runs ORDER BY started_at DESC LIMIT 1"));
  }
};

}  // namespace sluice::testing

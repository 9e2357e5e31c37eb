#pragma once
// Shared set-up of the Qualtrics end-to-end tests: the sandbox with fixed data, the sandbox's own
// configuration with fast export polling, and readers of the sandbox's counters.
#include <nlohmann/json.hpp>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/http/client.h"
#include "sluice/http/request.h"

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
  // The offset a sandbox skipToken ("b+<offset*7+3>/==", as the server decodes it) stands at.
  static int64_t skip_token_offset(const std::string& token) {
    return (std::stoll(token.substr(2, token.find('/') - 2)) - 3) / 7;
  }
  // The offset of a saved nextPage URL: its skipToken's, or its `offset` parameter's.
  static int64_t next_page_offset(const std::string& url) {
    auto param = [&](const std::string& name) {
      const size_t at = url.find(name + "=");
      if (at == std::string::npos) return std::string();
      const size_t from = at + name.size() + 1;
      return url_decode(url.substr(from, url.find('&', from) - from));
    };
    const std::string token = param("skipToken");
    return token.empty() ? std::stoll(param("offset")) : skip_token_offset(token);
  }
  // The offset a request asks for: its skipToken's or its `offset` (0: the list's first page).
  static int64_t request_offset(const Params& query) {
    const std::string token = query_param(query, "skipToken"),
                      offset = query_param(query, "offset");
    return !token.empty() ? skip_token_offset(token) : offset.empty() ? 0 : std::stoll(offset);
  }
  // Upserts per table of the newest run, from the run history.
  nlohmann::json last_run_rows(const std::string& destination = "warehouse.duckdb") {
    return nlohmann::json::parse(
        scalar(warehouse(destination),
               "SELECT rows_by_table FROM _sluice_runs ORDER BY started_at DESC LIMIT 1"));
  }
};

}  // namespace sluice::testing

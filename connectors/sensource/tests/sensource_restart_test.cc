// A SenSource sync killed (SIGKILL) inside the hourly metrics restarts at the window its last
// checkpoint committed: the restart's first traffic request starts there, and it asks for no
// more windows than are left. The warehouse ends as a sync never killed left it.
#include <chrono>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/core/timestamp.h"

namespace sluice::testing {
namespace {

constexpr int64_t kDay = 86400LL * 1000000;

class SenSourceRestart : public RefinerE2E {
 protected:
  // Forty days of data, read a day a window, one window at a time; the same data from two
  // sandboxes: the reference without latency, the killed sync at 60 ms a request (checkpoints
  // commit at most once a second).
  void start_sensource(int latency_ms) {
    const std::string first =
        format_timestamp(now_micros() / kDay * kDay - 40 * kDay).substr(0, 10);
    sandbox = std::make_unique<SandboxServer>(
        "sensource", std::map<std::string, std::string>{{"data-start", first}}, latency_ms);
    config = {{"client_id", "sandbox-client"},
              {"client_secret", "sandbox-secret-0001"},
              {"start_date", first},
              {"base_url", sandbox->base_url()},
              {"auth_url", sandbox->base_url() + "/oauth/token"},
              {"static_endpoints", "location,site,zone,space,sensor"},
              {"window_days", 1},
              {"window_concurrency", 1}};
  }
};

TEST_F(SenSourceRestart, KilledInsideTheMetricsItReadsOnFromItsWindow) {
  start_sensource(0);
  write_config(config);
  ASSERT_EQ(
      sluice({"sync", "sensource", "--warehouse", "reference.duckdb", "--no-progress"}).exit_code,
      0);
  start_sensource(60);
  nlohmann::json state = kill_inside("sensource", "/api/data/traffic", 24);
  const nlohmann::json& at = state["streams"]["traffic"];
  ASSERT_TRUE(at.contains("next_start")) << "no checkpoint inside the traffic: " << state.dump();
  const int64_t next_start = *parse_timestamp(at["next_start"].get<std::string>());
  std::vector<Params> windows = restart("sensource", "/api/data/traffic");
  ASSERT_FALSE(windows.empty());
  EXPECT_EQ(parse_timestamp(query_param(windows.front(), "startDate")), next_start)
      << query_param(windows.front(), "startDate");
  const int64_t left = (now_micros() - next_start + kDay - 1) / kDay;
  EXPECT_LE(static_cast<int64_t>(windows.size()), left + 1);
  std::cout << "[ restart ] sensource traffic: killed at " << at["next_start"]
            << "; the restart asked for " << windows.size() << " of 41 windows\n";
  for (const char* table : {"traffic", "occupancy", "zone"})
    EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), table) ==
                dump_table(warehouse("killed.duckdb"), table))
        << table;
}

}  // namespace
}  // namespace sluice::testing

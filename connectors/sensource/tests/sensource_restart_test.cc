// A SenSource sync killed (SIGKILL) inside the hourly metrics (traffic, then occupancy) restarts
// at the window its last checkpoint committed: the restart's first request of that stream starts
// there, and it asks for no more windows than are left. The warehouse ends as a sync never killed
// left it.
#include <chrono>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/core/timestamp.h"

namespace sluice::testing {
namespace {

constexpr int64_t kDay = 86400LL * 1000000;

class SenSourceRestart : public RefinerE2E, public ::testing::WithParamInterface<std::string> {
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

TEST_P(SenSourceRestart, KilledInsideTheMetricsItReadsOnFromItsWindow) {
  const std::string stream = GetParam(), path = "/api/data/" + stream;
  start_sensource(0);
  write_config(config);
  ASSERT_EQ(
      sluice({"sync", "sensource", "--warehouse", "reference.duckdb", "--no-progress"}).exit_code,
      0);
  start_sensource(60);
  // Occupancy reads ahead while traffic loads, but commits only after it: 30 of its 41 windows
  // in, traffic is done and some occupancy windows have landed.
  nlohmann::json state = kill_inside("sensource", path, stream == "traffic" ? 24 : 30);
  const nlohmann::json& at = state["streams"][stream];
  ASSERT_TRUE(at.contains("next_start"))
      << "no checkpoint inside " << stream << ": " << state.dump();
  const int64_t next_start = *parse_timestamp(at["next_start"].get<std::string>());
  EXPECT_EQ(scalar(warehouse("killed.duckdb"), "SELECT count(*) FROM " + stream +
                                                   " WHERE record_date_hour_1 >= '" +
                                                   at["next_start"].get<std::string>() + "'"),
            "0")
      << "nothing past the committed window landed";
  EXPECT_NE(scalar(warehouse("killed.duckdb"), "SELECT count(*) FROM " + stream), "0");
  std::vector<Params> windows = restart("sensource", path);
  ASSERT_FALSE(windows.empty());
  EXPECT_EQ(parse_timestamp(query_param(windows.front(), "startDate")), next_start)
      << query_param(windows.front(), "startDate");
  const int64_t left = (now_micros() - next_start + kDay - 1) / kDay;
  EXPECT_LE(static_cast<int64_t>(windows.size()), left + 1);
  std::cout << "[ restart ] sensource " << stream << ": killed at " << at["next_start"]
            << "; the restart asked for " << windows.size() << " of 41 windows\n";
  for (const char* table : {"traffic", "occupancy", "zone"})
    EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), table) ==
                dump_table(warehouse("killed.duckdb"), table))
        << table;
}

INSTANTIATE_TEST_SUITE_P(Metrics, SenSourceRestart, ::testing::Values("traffic", "occupancy"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sluice::testing

// SenSource's windows are planned before the first is asked for: on a terminal each metrics table
// shows a bar and a percentage that move as windows land (reported from streams read ahead).
#include <regex>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/core/timestamp.h"
#include "support/terminal_process.h"

namespace sluice::testing {
namespace {

TEST(SenSourceProgress, MetricsTablesShowTheShareOfWindowsLoaded) {
  TempDir dir;
  // Windows of 30 days from 2026-01-01 to today (a dozen or so), one at a time, 40 ms an answer:
  // the first table's bar moves for about half a second.
  SandboxServer sandbox(
      "sensource",
      {{"data-start", "2026-01-01"},
       {"data-end", std::to_string(*parse_timestamp("2026-01-05T00:00:00Z") / 1000000)}},
      60);
  nlohmann::json config = {{"client_id", "sandbox-client"},
                           {"client_secret", "sandbox-secret-0001"},
                           {"start_date", "2026-01-01"},
                           {"base_url", sandbox.base_url()},
                           {"auth_url", sandbox.base_url() + "/oauth/token"},
                           {"static_endpoints", "location,site,zone,space,sensor"},
                           {"window_days", 30},
                           {"window_concurrency", 1}};
  write_file(dir.file("configuration.json"), config.dump());
  ProcessResult r =
      run_on_terminal({sluice_binary(), "sync", "sensource", "--warehouse", dir.file("w.duckdb")},
                      dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // The stream loaded first is drawn as its windows land; one read ahead meanwhile replays its
  // reports at its turn, so only its end is sure to be drawn.
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("traffic +(\u2588|\u2591){24} +[1-9][0-9]?% +[0-9,]+ rows")))
      << r.out;
  for (const char* table : {"traffic", "occupancy"})
    EXPECT_TRUE(std::regex_search(r.out, std::regex(std::string(table) + " +(\u2588){24} 100%")))
        << table;
}

}  // namespace
}  // namespace sluice::testing

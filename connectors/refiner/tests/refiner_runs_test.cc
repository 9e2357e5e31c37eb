// `sluice runs` over a warehouse the Refiner sandbox filled in two syncs: the run history as a table
// and as JSON, the same history in PostgreSQL and a Parquet lake, and a killed sync's run.
#include <regex>

#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {
namespace {

class RefinerRuns : public RefinerE2E {
 protected:
  void SetUp() override {
    start({{"responses", "300"}});
    ASSERT_EQ(sync().exit_code, 0);
    sandbox->admin_post("/__sandbox/responses?count=20");
    ASSERT_EQ(sync().exit_code, 0);
    runs = query_warehouse(warehouse(),
                           "SELECT run_id, rows_by_table->>'responses' FROM _sluice_runs "
                           "ORDER BY started_at");
    ASSERT_EQ(runs.size(), 2u);
  }
  Rows runs;
};

TEST_F(RefinerRuns, RunsListsBothSyncsNewestFirstAsATableAndAsJson) {
  ProcessResult table = sluice({"runs", "--warehouse", warehouse()});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(std::regex_search(table.out, std::regex("refiner +\\| succeeded +\\|"))) << table.out;
  EXPECT_NE(table.out.find("(2 rows)"), std::string::npos) << table.out;

  ProcessResult json = sluice({"runs", "--warehouse", warehouse(), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json listed = nlohmann::json::parse(json.out);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["run_id"], *runs[1][0]);  // newest first
  EXPECT_EQ(listed[1]["run_id"], *runs[0][0]);
  EXPECT_EQ(listed[1]["rows_by_table"]["responses"], 270);  // 300, every tenth a partial
  EXPECT_EQ(listed[0]["rows_by_table"]["responses"].get<int64_t>(), std::stoll(*runs[1][1]));
  for (const auto& run : listed) {
    EXPECT_EQ(run["status"], "succeeded");
    EXPECT_EQ(run["connection"], "refiner");
    EXPECT_GT(run["requests"].get<int64_t>(), 0);
    EXPECT_EQ(run["retries"], 0);
    EXPECT_TRUE(run["error"].is_null());
    EXPECT_GE(run["seconds"].get<double>(), 0.0);
    EXPECT_TRUE(std::regex_match(run["started_at"].get<std::string>(),
                                 std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z")));
  }
  ProcessResult other = sluice({"runs", "--warehouse", warehouse(), "--connection", "other"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.out.find("No runs recorded"), std::string::npos) << other.out;
}

TEST_F(RefinerRuns, PostgresAndParquetKeepTheSameHistory) {
  ASSERT_FALSE(test_pg_url().empty());
  std::vector<nlohmann::json> listed;
  for (const std::string& destination :
       {fresh_pg_schema_url("runs"), "parquet://" + dir.file("lake")}) {
    ProcessResult r = sluice({"sync", "refiner", "--destination", destination, "--no-progress"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ProcessResult json = sluice({"runs", "--destination", destination, "--json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    nlohmann::json runs_there = nlohmann::json::parse(json.out);
    ASSERT_EQ(runs_there.size(), 1u) << destination;
    EXPECT_EQ(runs_there[0]["status"], "succeeded");
    EXPECT_GT(runs_there[0]["requests"].get<int64_t>(), 0);
    EXPECT_EQ(runs_there[0]["retries"], 0);
    EXPECT_FALSE(runs_there[0]["ended_at"].is_null());
    listed.push_back(runs_there[0]);
  }
  EXPECT_EQ(listed[0]["rows_by_table"], listed[1]["rows_by_table"]);
  EXPECT_EQ(listed[0]["rows_by_table"]["responses"], 288);  // 320, every tenth a partial
  EXPECT_EQ(listed[0]["requests"], listed[1]["requests"]);
}

TEST_F(RefinerE2E, AKilledSyncShowsAsUnfinished) {
  start({{"responses", "3000"}}, /*latency_ms=*/20);
  config["page_length"] = 100;
  write_config(config);
  pid_t pid = spawn_process(
      {sluice_binary(), "sync", "refiner", "--warehouse", warehouse(), "--no-progress"},
      dir.file("sync.out"), dir.file("sync.err"), dir.path().string());
  wait_for_requests(6);
  ::kill(pid, SIGKILL);
  EXPECT_EQ(wait_process(pid), 128 + SIGKILL);
  ProcessResult table = sluice({"runs", "--warehouse", warehouse()});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(std::regex_search(table.out, std::regex("refiner +\\| unfinished +\\|")))
      << table.out;
  EXPECT_NE(table.out.find("it was killed"), std::string::npos) << table.out;
  ProcessResult json = sluice({"runs", "--warehouse", warehouse(), "--json"});
  nlohmann::json listed = nlohmann::json::parse(json.out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["status"], "running");
  EXPECT_TRUE(listed[0]["ended_at"].is_null());
  EXPECT_TRUE(listed[0]["seconds"].is_null());
}

}  // namespace
}  // namespace sluice::testing

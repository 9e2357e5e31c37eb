// A slow API is read in time windows at once: the same rows and state as one list, and a sync
// killed while several windows download resumes to them too.
#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {
namespace {

constexpr const char* kWindows = "reading 3 time windows at once";
constexpr const char* kState = "SELECT state FROM _sluice_state WHERE connection = 'refiner'";

void expect_same_warehouse(const std::string& expected, const std::string& actual) {
  for (const char* table : {"surveys", "questions", "responses", "answers", "respondents"}) {
    Rows want = dump_table(expected, table);
    Rows got = dump_table(actual, table);
    EXPECT_EQ(got.size(), want.size()) << table;
    EXPECT_TRUE(got == want) << table;
  }
  EXPECT_EQ(scalar(actual, kState), scalar(expected, kState));
}

TEST_F(RefinerE2E, ASlowApiIsReadInTimeWindowsAtOnceWithTheSameResult) {
  start({{"responses", "3000"}}, /*latency_ms=*/25);
  config["page_length"] = 100;
  config["window_concurrency"] = 1;
  ProcessResult one = sync("one_list.duckdb");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.err.find(kWindows), std::string::npos) << one.err;
  const int64_t one_list_requests = sandbox->requests();

  config["window_concurrency"] = 3;
  ProcessResult windows = sync("windows.duckdb");
  ASSERT_EQ(windows.exit_code, 0) << windows.err;
  EXPECT_NE(windows.err.find(kWindows), std::string::npos) << windows.err;
  // Two one-item probes find the span; each window ends on a page of its own.
  EXPECT_GE(sandbox->requests() - one_list_requests, one_list_requests + 2);
  expect_same_warehouse(warehouse("one_list.duckdb"), warehouse("windows.duckdb"));
  EXPECT_GT(std::stoi(scalar(warehouse("windows.duckdb"), "SELECT count(*) FROM responses")), 2000)
      << "the completed ones of the 3,000";
}

TEST_F(RefinerE2E, ASyncKilledWhileWindowsDownloadResumesToTheSameWarehouse) {
  // About 95 requests at 60 ms, three at a time: killed after 75 of them, the sync has committed
  // checkpoints (at most one commit a second) from inside the windows.
  start({{"responses", "9000"}}, /*latency_ms=*/60);
  config["page_length"] = 100;
  config["checkpoint_every"] = 150;
  config["window_concurrency"] = 1;
  ASSERT_EQ(sync("reference.duckdb").exit_code, 0);
  config["window_concurrency"] = 3;
  write_config(config);
  const int64_t before = sandbox->requests();
  pid_t pid = spawn_process(
      {sluice_binary(), "sync", "refiner", "--warehouse", "killed.duckdb", "--no-progress"},
      dir.file("out"), dir.file("err"), dir.path().string());
  wait_for_requests(before + 75);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sync ended before it was killed";
  EXPECT_NE(scalar(warehouse("killed.duckdb"), kState).find("\"list\""), std::string::npos)
      << "the kill landed before any checkpoint inside the responses";
  ProcessResult r = sync("killed.duckdb");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_warehouse(warehouse("reference.duckdb"), warehouse("killed.duckdb"));
}

}  // namespace
}  // namespace sluice::testing

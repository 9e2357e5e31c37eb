// A sync killed with SIGKILL at random moments, then resumed, ends with the same warehouse and
// state as a sync that was never interrupted.
#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {
namespace {

TEST_F(RefinerE2E, KilledSyncResumesToTheSameWarehouse) {
  start({{"responses", "3000"}}, /*latency_ms=*/10);
  config["page_length"] = 100;
  config["checkpoint_every"] = 200;
  ASSERT_EQ(sync("reference.duckdb").exit_code, 0);
  unsigned seed =
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count());
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  EXPECT_GE(kill_syncs("killed.duckdb", 3, rng), 1);
  ProcessResult r = sync("killed.duckdb");
  ASSERT_EQ(r.exit_code, 0) << r.err;

  for (const char* table : {"surveys", "questions", "responses", "answers", "respondents"}) {
    Rows expected = dump_table(warehouse("reference.duckdb"), table);
    Rows actual = dump_table(warehouse("killed.duckdb"), table);
    EXPECT_EQ(actual.size(), expected.size()) << table;
    EXPECT_TRUE(actual == expected) << table;
  }
  const char* state = "SELECT state FROM _sluice_state WHERE connection = 'refiner'";
  EXPECT_EQ(scalar(warehouse("killed.duckdb"), state),
            scalar(warehouse("reference.duckdb"), state));
  // Runs that were killed stay in the history as never finished; the last one succeeded.
  EXPECT_EQ(scalar(warehouse("killed.duckdb"),
                   "SELECT status FROM _sluice_runs ORDER BY started_at DESC LIMIT 1"),
            "succeeded");
}

}  // namespace
}  // namespace sluice::testing

// A Qualtrics export reports percentComplete while it is prepared: on a terminal the responses'
// bar moves with it (half of each survey's share), then with each survey loaded.
#include <regex>

#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "support/terminal_process.h"

namespace sluice::testing {
namespace {

TEST_F(QualtricsE2E, ResponsesShowTheExportsPercentComplete) {
  // Six polls an export, the first after 40 ms: each export takes half a second to prepare.
  start_qualtrics({{"export-polls", "6"}});
  config["export_poll_interval_ms"] = 40;
  write_config(config);
  ProcessResult r = run_on_terminal(
      {sluice_binary(), "sync", "qualtrics", "--warehouse", warehouse()}, dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Part way through an export (below the first survey's share of a third) and at the end.
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex("survey_responses +(\u2588|\u2591){24} +([1-9]|[12][0-9]|3[0-2])% ")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("survey_responses +(\u2588){24} 100%"))) << r.out;
}

}  // namespace
}  // namespace sluice::testing

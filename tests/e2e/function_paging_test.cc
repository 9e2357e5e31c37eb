// Every connector's first sync paged through `sluice serve function` as Fivetran pages it (Refiner
// has its own, connectors/refiner/tests/refiner_paging_test.cc): with a budget smaller than one
// page and with the default budget over a sandbox larger than one answer, every call's state
// moves, the sync finishes, the rows equal a local `sluice sync` of the same sandbox, and no row
// is sent twice.

#include "connectors/countly/tests/countly_recent.h"
#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "sluice/core/timestamp.h"
#include "support/function_pager.h"

namespace sluice::testing {
namespace {

class FunctionPaging : public QualtricsE2E {
 protected:
  void start_countly(int64_t users) {
    sandbox = recent_countly(users, config);
    connector = "countly";
  }
  void start_sensource(int64_t locations) {
    sandbox = std::make_unique<SandboxServer>(
        "sensource",
        std::map<std::string, std::string>{
            {"locations", std::to_string(locations)},
            {"data-start", "2026-01-01"},
            {"data-end", std::to_string(*parse_timestamp("2026-01-31T00:00:00Z") / 1000000)}});
    config = {{"client_id", "sandbox-client"},
              {"client_secret", "sandbox-secret-0001"},
              {"start_date", "2026-01-01"},
              {"base_url", sandbox->base_url()},
              {"auth_url", sandbox->base_url() + "/oauth/token"},
              {"static_endpoints", "location,site,zone,space,sensor"}};
    connector = "sensource";
  }
  void start_qualtrics_with(int64_t responses) {
    // Two surveys: every call starts its exports again, and the client paces export requests
    // at the API's 100 a minute.
    start_qualtrics(
        {{"responses", std::to_string(responses)}, {"surveys", "2"}, {"contacts", "3000"}});
    connector = "qualtrics";
  }

  // A local sync, then the same sandbox paged with `budget` (0: the default) in at least
  // `fewest_calls` calls.
  void expect_paged_like_local(size_t budget, int fewest_calls) {
    write_config(config);
    ProcessResult local =
        sluice({"sync", connector, "--warehouse", "warehouse.duckdb", "--no-progress"});
    ASSERT_EQ(local.exit_code, 0) << local.err;
    ServedFunction served(connector, dir.path().string(), budget);
    PagedSync paged = page_function(served.url(), config, 400);
    EXPECT_TRUE(paged.finished) << paged.failure;
    EXPECT_GE(paged.calls, fewest_calls);
    EXPECT_TRUE(paged.repeated.empty())
        << paged.repeated.size() << " rows sent twice, e.g. " << paged.repeated.front();
    EXPECT_TRUE(paged.keys_again.empty()) << paged.keys_again.begin()->second << " keys of "
                                          << paged.keys_again.begin()->first << " sent again";
    std::vector<std::string> diff = differences(paged, warehouse());
    EXPECT_TRUE(diff.empty()) << diff.size() << " differences, first: " << diff.front();
    EXPECT_LT(paged.largest, 6u * 1024 * 1024) << "under AWS Lambda's 6 MB";
    std::cout << "[ paging ] " << connector << " budget " << (budget ? budget : 4u << 20) << ": "
              << paged.calls << " calls, " << paged.rows << " rows, " << paged.bytes
              << " bytes (largest answer " << paged.largest << ")\n";
  }
  std::string connector;
};

TEST_F(FunctionPaging, CountlyUnderABudgetSmallerThanOnePage) {
  start_countly(2000);
  expect_paged_like_local(10000, 10);
}

TEST_F(FunctionPaging, CountlyOverMoreThanOneDefaultAnswer) {
  start_countly(20000);
  expect_paged_like_local(0, 2);
}

TEST_F(FunctionPaging, SenSourceUnderABudgetSmallerThanOnePage) {
  start_sensource(2);
  expect_paged_like_local(10000, 3);
}

TEST_F(FunctionPaging, SenSourceOverMoreThanOneDefaultAnswer) {
  start_sensource(30);
  expect_paged_like_local(0, 2);
}

TEST_F(FunctionPaging, QualtricsUnderABudgetSmallerThanOnePage) {
  start_qualtrics_with(1000);
  config["checkpoint_every"] = 250;  // checkpoints inside an export: resumed calls skip into it
  expect_paged_like_local(10000, 5);
}

TEST_F(FunctionPaging, QualtricsOverMoreThanOneDefaultAnswer) {
  start_qualtrics_with(9000);
  expect_paged_like_local(0, 2);
}

}  // namespace
}  // namespace sluice::testing

// A Countly sync killed (SIGKILL) inside the users restarts at the position its last checkpoint
// committed (the last last-seen time and the users at it already read): the restart's first page
// asks for exactly that, and it asks for no more pages than the users left fill, plus the short
// last one. The warehouse ends as a sync never killed left it.
#include "connectors/countly/tests/countly_recent.h"
#include "connectors/refiner/tests/refiner_fixture.h"

namespace sluice::testing {
namespace {

constexpr int64_t kUsers = 3000, kPage = 100;

class CountlyRestart : public RefinerE2E {
 protected:
  // The same users from two sandboxes: the reference without latency, the killed sync at 60 ms a
  // request (30 pages take seconds; checkpoints commit at most once a second).
  void start_countly(int latency_ms) {
    sandbox = recent_countly(kUsers, config, latency_ms);
    config["max_records_per_page"] = kPage;
  }
  std::vector<Params> user_pages(const std::vector<Params>& requests) {
    std::vector<Params> out;
    for (const auto& q : requests)
      if (query_param(q, "method") == "user_details") out.push_back(q);
    return out;
  }
};

TEST_F(CountlyRestart, KilledInsideTheUsersItReadsOnFromItsPosition) {
  start_countly(0);
  write_config(config);
  ASSERT_EQ(
      sluice({"sync", "countly", "--warehouse", "reference.duckdb", "--no-progress"}).exit_code, 0);
  start_countly(60);
  nlohmann::json state = kill_inside("countly", "/o", 24);
  const nlohmann::json& window = state["streams"]["users"]["window"];
  ASSERT_TRUE(window.is_object()) << "no checkpoint inside the users: " << state.dump();
  const int64_t committed =
      std::stoll(scalar(warehouse("killed.duckdb"), "SELECT count(*) FROM users"));
  EXPECT_GT(committed, 0);
  const size_t apps = sandbox->requests_to("/o/apps/mine").size(),
               groups = sandbox->requests_to("/o/groups").size();
  std::vector<Params> pages = user_pages(restart("countly", "/o"));
  // The apps and the groups (one request each) were read and committed before the users: the
  // restart goes on in the users without asking for them again.
  EXPECT_EQ(sandbox->requests_to("/o/apps/mine").size(), apps);
  EXPECT_EQ(sandbox->requests_to("/o/groups").size(), groups);
  ASSERT_FALSE(pages.empty());
  // The first page starts where the checkpoint stood: from its last-seen time, past the users
  // at that time already read.
  EXPECT_NE(query_param(pages.front(), "query")
                .find("\"$gte\":" + std::to_string(window["from"].get<int64_t>())),
            std::string::npos)
      << query_param(pages.front(), "query");
  EXPECT_EQ(query_param(pages.front(), "iDisplayStart"),
            std::to_string(window["skip"].get<int64_t>()));
  const int64_t left = kUsers - committed;
  EXPECT_LE(static_cast<int64_t>(pages.size()), left / kPage + 1);
  std::cout << "[ restart ] countly users: killed with " << committed << " of " << kUsers
            << " committed; the restart asked for " << pages.size() << " of " << kUsers / kPage + 1
            << " pages\n";
  EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), "users") ==
              dump_table(warehouse("killed.duckdb"), "users"));
}

}  // namespace
}  // namespace sluice::testing

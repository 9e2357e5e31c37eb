// End to end: `sluice sync countly` against both editions of the sandbox.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

#include "connectors/countly/countly_data.h"
#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/core/timestamp.h"

namespace sluice::testing {
namespace {

constexpr const char* kKey = "countly-sandbox-key-000001";
constexpr int64_t kDay = 86400;

class CountlyE2E : public RefinerE2E {
 protected:
  // The sandbox's users were last seen from 100 days ago, a minute apart.
  int64_t base = (std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count() -
                  100 * kDay) /
                 kDay * kDay;
  countly::CountlyData data{countly::CountlyShape{7, 3, 1000, base, 60}};

  void start_countly(std::map<std::string, std::string> flags) {
    flags["base-time"] = std::to_string(base);
    sandbox = std::make_unique<SandboxServer>("countly", std::move(flags));
    config = {{"api_key", kKey}, {"app_id", data.app_id(0)}, {"base_url", sandbox->base_url()}};
  }
  ProcessResult sync_countly(const std::string& destination = "warehouse.duckdb") {
    write_config(config);
    return sluice({"sync", "countly", "--warehouse", destination, "--no-progress"});
  }
};

TEST_F(CountlyE2E, EnterpriseServerFillsAppsGroupsAndUsers) {
  start_countly({{"users", "1000"}});
  config["max_records_per_page"] = "250";  // numbers as strings, as in the seed
  ProcessResult r = sync_countly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string w = warehouse();
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM apps"), "3");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM apps WHERE salt IS NULL"), "1");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM groups"), "2");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM users"), "1000");
  for (int64_t i : {0, 1, 5, 999}) {
    Rows row = query_warehouse(
        w,
        "SELECT strftime(last_seen, '%Y-%m-%dT%H:%M:%SZ'), byear IS NULL, email IS NULL, "
        "custom_data->>'plan' IS NOT NULL, typeof(custom_data), device_id FROM users "
        "WHERE user_id = '" +
            data.user_id(i) + "'");
    ASSERT_EQ(row.size(), 1u) << i;
    EXPECT_EQ(row[0],
              (std::vector<std::optional<std::string>>{
                  format_timestamp((base + i * 60) * 1000000), i % 5 == 0 ? "true" : "false",
                  i % 6 == 0 ? "true" : "false", "true", "JSON", "device-" + std::to_string(i)}))
        << i;
  }
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM users WHERE phone = '' OR email = ''"), "0")
      << "NULL stays NULL";
  nlohmann::json state = nlohmann::json::parse(scalar(w, "SELECT state FROM _sluice_state"));
  EXPECT_TRUE(state["streams"]["users"]["cursor"].is_number());
  EXPECT_FALSE(state["streams"]["users"].contains("window"));
}

TEST_F(CountlyE2E, SecondSyncReadsOnlyUsersSeenSince) {
  start_countly({{"users", "500"}});
  ASSERT_EQ(sync_countly().exit_code, 0);
  sandbox->admin_post("/__sandbox/users?count=40");
  ProcessResult r = sync_countly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM users"), "540");
  EXPECT_EQ(
      scalar(warehouse(),
             "SELECT rows_by_table->>'users' FROM _sluice_runs ORDER BY started_at DESC LIMIT 1"),
      "40");
}

TEST_F(CountlyE2E, CommunityServerIsReadThroughTheDbviewer) {
  start_countly({{"users", "300"}, {"edition", "community"}});
  config["enable_groups_sync"] = "true";
  ProcessResult r = sync_countly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("groups are not available on this server"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("reading users through the dbviewer"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM users"), "300");
  EXPECT_EQ(scalar(warehouse(),
                   "SELECT count(*) FROM information_schema.tables WHERE table_name = 'groups'"),
            "1");
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM groups"), "0");
}

TEST_F(CountlyE2E, LongTasksAndEmptyAppMapsAreSurvived) {
  start_countly({{"users", "400"}, {"task-every", "3"}, {"broken-apps", "1"}});
  config["max_records_per_page"] = 100;
  ProcessResult r = sync_countly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("answered user_details with task"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("answered /o/apps/mine with no apps"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM users"), "400");
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM apps"), "0");
}

TEST_F(CountlyE2E, KilledSyncResumesToTheSameUsers) {
  start_countly({{"users", "3000"}});
  config["max_records_per_page"] = 100;
  ASSERT_EQ(sync_countly("reference.duckdb").exit_code, 0);
  unsigned seed =
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count());
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  EXPECT_GE(kill_syncs("killed.duckdb", 3, rng, "countly", 25), 1);
  ASSERT_EQ(sync_countly("killed.duckdb").exit_code, 0);
  for (const char* t : {"apps", "groups", "users"})
    EXPECT_TRUE(dump_table(warehouse("killed.duckdb"), t) ==
                dump_table(warehouse("reference.duckdb"), t))
        << t;
}

TEST_F(CountlyE2E, BadKeysAndAppsAreNamed) {
  start_countly({{"users", "10"}});
  config["api_key"] = "not-the-right-key-123456";
  ProcessResult r = sync_countly();
  EXPECT_EQ(r.exit_code, 77) << r.err;
  EXPECT_NE(r.err.find("Countly refused the api_key (HTTP 401: \"User does not exist\")"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("not-the-right-key-123456"), std::string::npos) << r.err;
  config["api_key"] = kKey;
  config["app_id"] = "0123456789abcdef01234567";
  r = sync_countly();
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("Countly does not know app_id 0123456789abcdef01234567"), std::string::npos)
      << r.err;
  config["app_id"] = "my-app";
  config["max_records_per_page"] = 0;
  r = sync_countly();
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("`max_records_per_page` must be between 1 and 1000"), std::string::npos)
      << r.err;
  config["max_records_per_page"] = 100;
  r = sync_countly();
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("`app_id` must be the app's 24-character hex id"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find(kKey), std::string::npos);
  EXPECT_EQ(r.err.find(kKey), std::string::npos);
}

TEST_F(CountlyE2E, CheckNamesTheApp) {
  start_countly({{"users", "10"}});
  write_config(config);
  ProcessResult r = sluice({"check", "countly"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "OK: Connected to Countly; app " + data.app_id(0) + " is \"App 1\".\n");
}

}  // namespace
}  // namespace sluice::testing

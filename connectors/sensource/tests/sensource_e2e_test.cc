// End to end: `sluice sync sensource` against the sandbox — exact hourly rows over half-open
// windows, token expiry and a token stolen by another client, client-side entity filters,
// incremental re-reading of today, bad credentials, SIGKILL resume.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/core/timestamp.h"
#include "sluice/http/client.h"

namespace sluice::testing {
namespace {

// Data from 2026-01-01T00:00Z to 2026-01-10T00:00Z inclusive: 217 hours.
constexpr int64_t kHours = 217;

class SenSourceE2E : public RefinerE2E {
 protected:
  void start_sensource(std::map<std::string, std::string> flags, int latency_ms = 0) {
    flags["data-start"] = "2026-01-01";
    flags["data-end"] = std::to_string(*parse_timestamp("2026-01-10T00:00:00Z") / 1000000);
    sandbox = std::make_unique<SandboxServer>("sensource", std::move(flags), latency_ms);
    config = {{"client_id", "sandbox-client"},
              {"client_secret", "sandbox-secret-0001"},
              {"start_date", "2026-01-01"},
              {"base_url", sandbox->base_url()},
              {"auth_url", sandbox->base_url() + "/oauth/token"},
              {"static_endpoints", "location,site,zone,space,sensor"},
              {"window_days", 10}};
  }
  ProcessResult sync_sensource(const std::string& destination = "warehouse.duckdb") {
    write_config(config);
    return sluice({"sync", "sensource", "--warehouse", destination, "--no-progress"});
  }
  nlohmann::json stats() {
    HttpClient client;
    Request r;
    r.url = sandbox->base_url() + "/__sandbox/stats";
    Response resp;
    TransportError err;
    client.perform(r, resp, err);
    return nlohmann::json::parse(resp.body);
  }
};

TEST_F(SenSourceE2E, HourlyRowsLandOnceAcrossHalfOpenWindows) {
  start_sensource({});
  config["window_days"] =
      2;  // window edges inside the data, where an inclusive endDate repeats an hour
  ProcessResult r = sync_sensource();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string w = warehouse();
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM location"), "2");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM site"), "4");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM zone"), "4");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM space"), "2");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM sensor"), "4");
  EXPECT_EQ(
      scalar(w, "SELECT count(*) FROM space WHERE coalesce(max_capacity, capacity) IS NOT NULL"),
      "2");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM traffic"), std::to_string(kHours * 4));
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM occupancy"), std::to_string(kHours * 2));
  EXPECT_EQ(
      scalar(w, "SELECT count(*) - count(DISTINCT (zone_id, record_date_hour_1)) FROM traffic"),
      "0");
  EXPECT_EQ(scalar(w,
                   "SELECT strftime(min(record_date_hour_1), '%Y-%m-%dT%H:%M:%SZ') || ' ' || "
                   "strftime(max(record_date_hour_1), '%Y-%m-%dT%H:%M:%SZ') FROM traffic"),
            "2026-01-01T00:00:00Z 2026-01-10T00:00:00Z");
  EXPECT_EQ(scalar(w, "SELECT typeof(avgoccupancy) FROM occupancy LIMIT 1"), "DOUBLE");
  EXPECT_NE(scalar(w, "SELECT count(*) FROM occupancy WHERE minoccupancy < 0"), "0")
      << "negative occupancy kept";
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM occupancy WHERE avgoccupancy * 2 <> minoccupancy"),
            "0");
  EXPECT_NE(scalar(w, "SELECT count(*) FROM traffic WHERE name IS NULL"), "0")
      << "a missing name stays NULL";
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM location WHERE postal_code LIKE '0%'"), "2")
      << "postal codes stay text";
}

TEST_F(SenSourceE2E, ManyEntitiesShortenTheWindowsSoNoAnswerGrowsWithTheDeployment) {
  start_sensource({{"locations", "300"}});  // 600 zones: 50 hours a request, not 10 days
  config["static_endpoints"] = "location";  // the zone and space lists are asked for anyway
  ProcessResult r = sync_sensource();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json s = stats();
  EXPECT_GT(s["largest_answer_rows"].get<int64_t>(), 0) << s.dump();
  // The sandbox answers endDate inclusively: one more hour of every entity.
  EXPECT_LE(s["largest_answer_rows"].get<int64_t>(), 30000 + 600) << s.dump();
  std::string w = warehouse();
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM traffic"), std::to_string(kHours * 600));
  EXPECT_EQ(scalar(w, "SELECT count(DISTINCT (zone_id, record_date_hour_1)) FROM traffic"),
            std::to_string(kHours * 600));
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM occupancy"), std::to_string(kHours * 300));
}

TEST_F(SenSourceE2E, AStolenTokenIsReplacedOnce) {
  start_sensource({}, /*latency_ms=*/100);  // 100 ms a request: the sync outlasts the theft
  write_config(config);
  pid_t pid = spawn_process({sluice_binary(), "sync", "sensource", "--no-progress"},
                            dir.file("out"), dir.file("err"), dir.path().string());
  wait_for_requests(6);
  // Another client with the same credentials mints a token: ours stops working. The token
  // endpoint refuses mints 200 ms apart, and streams read at once get here sooner: ask again.
  HttpClient client;
  Request steal;
  steal.method = "POST";
  steal.url = sandbox->base_url() + "/oauth/token";
  steal.body =
      "grant_type=client_credentials&client_id=sandbox-client&client_secret=sandbox-secret-0001";
  Response resp;
  TransportError err;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.perform(steal, resp, err));
    if (resp.status != 429) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(resp.status, 200) << resp.body;
  ASSERT_EQ(wait_process(pid), 0) << read_file(dir.file("err"));
  nlohmann::json s = stats();
  EXPECT_EQ(s["mints"].get<int>(), 3) << "ours, the thief's, ours again: " << s.dump();
  // Requests in flight when the token was stolen are each refused once (both metrics read four
  // windows at a time), yet only one new token is minted for them.
  EXPECT_GE(s["unauthorized"].get<int>(), 1) << s.dump();
  EXPECT_LE(s["unauthorized"].get<int>(), 8) << s.dump();
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM traffic"), std::to_string(kHours * 4));
  EXPECT_EQ(read_file(dir.file("err")).find("sandbox-secret-0001"), std::string::npos);
}

TEST_F(SenSourceE2E, AShortLivedTokenIsRefreshedBeforeItExpires) {
  start_sensource({{"expires-in", "2"}}, /*latency_ms=*/30);
  config["window_concurrency"] = 1;  // one window at a time: the sync outlasts the token
  ProcessResult r = sync_sensource();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json s = stats();
  EXPECT_GE(s["mints"].get<int>(), 2) << s.dump();
  EXPECT_EQ(s["unauthorized"].get<int>(), 0)
      << "refreshed ahead of expiry, not after a 401: " << s.dump();
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM occupancy"), std::to_string(kHours * 2));
}

TEST_F(SenSourceE2E, EntityFiltersAreAppliedHereBecauseTheServerIgnoresThem) {
  start_sensource({{"messages", "1"}});
  ASSERT_EQ(sync_sensource().exit_code, 0);
  std::string zone = scalar(warehouse(), "SELECT zone_id FROM zone ORDER BY name LIMIT 1");
  std::string space = scalar(warehouse(), "SELECT space_id FROM space ORDER BY name LIMIT 1");
  config["zone_ids"] = zone;
  config["space_ids"] = nlohmann::json::array({space});
  ProcessResult r = sync_sensource("filtered.duckdb");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Data for some sensors may be delayed"), std::string::npos)
      << "messages are logged";
  EXPECT_EQ(scalar(warehouse("filtered.duckdb"), "SELECT count(*) FROM traffic"),
            std::to_string(kHours));
  EXPECT_EQ(scalar(warehouse("filtered.duckdb"), "SELECT count(DISTINCT zone_id) FROM traffic"),
            "1");
  EXPECT_EQ(scalar(warehouse("filtered.duckdb"), "SELECT count(*) FROM occupancy"),
            std::to_string(kHours));
}

TEST_F(SenSourceE2E, SecondSyncRereadsOnlyFromTodaysMidnight) {
  start_sensource({});
  ASSERT_EQ(sync_sensource().exit_code, 0);
  nlohmann::json first = stats();
  int64_t before = sandbox->requests();
  ASSERT_EQ(sync_sensource().exit_code, 0);
  nlohmann::json second = stats();
  // One token, minted once and never refused; then five static tables and one window per metrics
  // stream (7 reads). A token request may also meet the sandbox's 200 ms mint throttle (429) and be
  // retried, so the count allows those and nothing else: a second window or page would pass it.
  EXPECT_EQ(second["mints"].get<int>() - first["mints"].get<int>(), 1) << second.dump();
  EXPECT_EQ(second["unauthorized"].get<int>() - first["unauthorized"].get<int>(), 0);
  int64_t requests = sandbox->requests() - before - 1;  // the stats call itself
  EXPECT_GE(requests, 8);
  EXPECT_LE(requests, 8 + 2) << "7 reads, a token, and at most two throttled token requests";
  nlohmann::json state =
      nlohmann::json::parse(scalar(warehouse(), "SELECT state FROM _sluice_state"));
  int64_t today = now_micros() / (86400LL * 1000000) * (86400LL * 1000000);
  EXPECT_EQ(state["streams"]["traffic"]["next_start"], format_timestamp(today));
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM traffic"), std::to_string(kHours * 4));
}

TEST_F(SenSourceE2E, WrongCredentialsAreNamedWithoutTheSecret) {
  start_sensource({});
  config["client_secret"] = "wrong-secret-9876";
  ProcessResult r = sync_sensource();
  EXPECT_EQ(r.exit_code, 77) << r.err;
  EXPECT_NE(r.err.find("refused the client credentials"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("wrong-secret-9876"), std::string::npos) << r.err;
  config["client_secret"] = "sandbox-secret-0001";
  config["static_endpoints"] = "location,floor";
  r = sync_sensource();
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("not \"floor\""), std::string::npos) << r.err;
}

TEST_F(SenSourceE2E, KilledSyncResumesToTheSameRows) {
  start_sensource({}, /*latency_ms=*/15);
  ASSERT_EQ(sync_sensource("reference.duckdb").exit_code, 0);
  unsigned seed =
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count());
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  EXPECT_GE(kill_syncs("killed.duckdb", 3, rng, "sensource", 40), 1);
  ASSERT_EQ(sync_sensource("killed.duckdb").exit_code, 0);
  for (const char* t : {"location", "site", "zone", "space", "sensor", "traffic", "occupancy"})
    EXPECT_TRUE(dump_table(warehouse("killed.duckdb"), t) ==
                dump_table(warehouse("reference.duckdb"), t))
        << t;
}

}  // namespace
}  // namespace sluice::testing

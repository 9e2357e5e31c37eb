// `sluice runs` and `sluice ui` over a warehouse the Refiner sandbox filled in two syncs: the run
// history as a table and as JSON, and the local page as a real browser (headless Chromium) shows
// it once its script has run: both runs, every table with its row count and its columns.
#include <regex>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/runtime/progress_format.h"
#include "support/serve_process.h"

namespace sluice::testing {
namespace {

const std::vector<std::string> kTables = {"answers", "questions", "respondents", "responses",
                                          "surveys"};

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

TEST_F(RefinerRuns, UiInHeadlessChromiumShowsBothRunsAndEveryTable) {
  ServeProcess ui({"ui", "--warehouse", warehouse()}, dir.path().string(), "ui");
  ASSERT_FALSE(ui.port().empty()) << ui.out();
  // The DOM after the page's script has fetched the warehouse and drawn it.
  ProcessResult page =
      run_process({"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                   "--user-data-dir=" + dir.file("chromium"), "--virtual-time-budget=15000",
                   "--dump-dom", "http://127.0.0.1:" + ui.port() + "/"},
                  dir.path().string());
  ASSERT_EQ(page.exit_code, 0) << "headless Chromium is needed (apt-get install chromium, as "
                                  "scripts/setup.sh does): "
                               << page.err;
  const std::string& dom = page.out;
  ASSERT_NE(dom.find("data-ready=\"true\""), std::string::npos) << dom;
  // Both runs: a bar of the chart and a row of the table each.
  for (const auto& run : runs) {
    EXPECT_NE(dom.find("class=\"run-bar succeeded\""), std::string::npos);
    const std::string id = "data-run-id=\"" + *run[0] + "\"";
    size_t first = dom.find(id);
    ASSERT_NE(first, std::string::npos) << *run[0];
    EXPECT_NE(dom.find(id, first + 1), std::string::npos) << *run[0];
  }
  // Every table with its row count and each of its columns with its type.
  auto duck = open_duckdb(warehouse(), true);
  for (const std::string& t : kTables) {
    size_t at = dom.find("data-table=\"" + t + "\"");
    ASSERT_NE(at, std::string::npos) << t;
    const std::string card = dom.substr(at, dom.find("data-table=", at + 1) - at);
    const std::string rows = scalar(warehouse(), "SELECT count(*) FROM " + t);
    EXPECT_NE(card.find("<b>" + format_count(std::stoll(rows)) + "</b> rows"), std::string::npos)
        << t << " should show " << rows << " rows";
    auto columns = duck->table_columns(t);
    ASSERT_TRUE(columns && !columns->empty()) << t;
    for (const ColumnSpec& c : *columns)
      EXPECT_NE(card.find("data-column=\"" + c.name + "\" data-type=\"" +
                          std::string(type_name(c.type)) + "\""),
                std::string::npos)
          << t << "." << c.name;
    EXPECT_NE(card.find("Newest rows"), std::string::npos) << t;
  }
}

TEST_F(RefinerRuns, AHistoryFromBeforeTheCountersIsReadAndGetsThemOnTheNextSync) {
  {  // _sluice_runs as a Sluice before requests and retries made it
    auto duck = open_duckdb(warehouse());
    duck->query("ALTER TABLE _sluice_runs DROP COLUMN requests");
    duck->query("ALTER TABLE _sluice_runs DROP COLUMN retries");
  }
  ProcessResult before = sluice({"runs", "--warehouse", warehouse(), "--json"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  nlohmann::json old_runs = nlohmann::json::parse(before.out);
  ASSERT_EQ(old_runs.size(), 2u);
  EXPECT_TRUE(old_runs[0]["requests"].is_null());
  EXPECT_TRUE(old_runs[0]["retries"].is_null());
  ASSERT_EQ(sync().exit_code, 0);
  nlohmann::json after =
      nlohmann::json::parse(sluice({"runs", "--warehouse", warehouse(), "--json"}).out);
  ASSERT_EQ(after.size(), 3u);
  EXPECT_GT(after[0]["requests"].get<int64_t>(), 0);
  EXPECT_EQ(after[0]["retries"], 0);
  EXPECT_TRUE(after[1]["requests"].is_null());
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

TEST_F(RefinerRuns, UiListensOnTheLoopbackOnly) {
  ProcessResult r = sluice({"ui", "--warehouse", warehouse(), "--host", "0.0.0.0"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("serves only this machine"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace sluice::testing

// Qualtrics under trouble: a failed export stops at once, rate limits are paced or waited out,
// bad tokens, ids and options are named, and a sync killed at random resumes to the same tables.
#include <gtest/gtest.h>

#include "connectors/qualtrics/tests/qualtrics_fixture.h"

namespace sluice::testing {
namespace {

TEST_F(QualtricsE2E, AFailedExportStopsPollingAndLoadsNothingOfIt) {
  start_qualtrics({{"responses", "60"}, {"fail-exports", "1"}});
  ProcessResult r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 76) << r.err;
  EXPECT_NE(r.err.find("of survey SV_"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("failed (ES_1: \"The export could not be completed.\")"), std::string::npos)
      << r.err;
  // Exports of the next surveys run ahead (export_concurrency); a job is polled until `failed`
  // (the third poll) and never again, and those running ahead stop once the sync gives up.
  const int64_t exports = stats()["exports"], polls = stats()["polls"];
  EXPECT_GE(exports, 1);
  EXPECT_LE(exports, 4);
  EXPECT_GE(polls, 3);
  EXPECT_LE(polls, 3 * exports) << "no poll after `failed`";
  // Everything before the export landed; the run is recorded as failed.
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM contacts"), "250");
  EXPECT_EQ(scalar(warehouse(), "SELECT status FROM _sluice_runs"), "failed");
  ProcessResult again = sync_qualtrics();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM survey_responses"), "60");
}

TEST_F(QualtricsE2E, TheRequestBudgetKeepsExportsUnderTheEndpointLimit) {
  // The server allows 4 export creations (and 4 downloads) in any 2 s; the connector is told
  // 90 a minute and must never meet a 429.
  start_qualtrics(
      {{"surveys", "6"}, {"responses", "60"}, {"export-limit", "4"}, {"rate-window", "2"}});
  config["export_rate_limit_per_minute"] = 90;
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stats()["throttled"], 0) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM survey_responses"), "60");
}

TEST_F(QualtricsE2E, ThrottledWithoutRetryAfterTheSyncBacksOffAndFinishes) {
  // One export call per 2 s and no Retry-After, as live probes saw: back off anyway.
  start_qualtrics(
      {{"surveys", "3"}, {"responses", "30"}, {"export-limit", "1"}, {"rate-window", "2"}});
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(stats()["throttled"].get<int>(), 0);
  EXPECT_NE(r.err.find("HTTP 429; retry"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM survey_responses"), "30");
}

TEST_F(QualtricsE2E, BadTokensIdsAndOptionsAreNamedAndChangeNothing) {
  start_qualtrics({{"responses", "30"}});
  ASSERT_EQ(sync_qualtrics().exit_code, 0);
  const std::string before = scalar(warehouse(), "SELECT state FROM _sluice_state");

  nlohmann::json good = config;
  config["api_token"] = "wrong-token-abcdef-123";
  ProcessResult r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 77) << r.err;
  EXPECT_NE(r.err.find("Qualtrics refused the api_token (HTTP 401, DCD_7, request "),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("wrong-token-abcdef-123"), std::string::npos) << r.err;
  r = sluice({"check", "qualtrics"});
  EXPECT_EQ(r.exit_code, 77) << r.err;

  config = good;
  config["tables"] = {{"survey_definitions", {{"surveyId", "SV_doesNotExist1"}}}};
  r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 66) << r.err;
  EXPECT_NE(r.err.find("Qualtrics has nothing at GET /API/v3/survey-definitions/SV_doesNotExist1 "
                       "(HTTP 404"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(scalar(warehouse(),
                   "SELECT count(*) FROM survey_definitions WHERE NOT "
                   "_sluice_deleted"),
            "3")
      << "a failed snapshot deletes nothing";

  config["tables"] = {{"survey_responses", nlohmann::json::object()},
                      {"contacts", {{"mailingListId", "CG_x"}}},
                      {"answers", nlohmann::json::object()}};
  r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("table survey_responses needs \"surveyId\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("table contacts needs \"directoryId\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("names \"answers\", which is not a table"), std::string::npos) << r.err;

  config = good;
  config["tables"] = {{"distributions", {{"surveyId", "12345"}}}};
  r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("\"12345\" is not a survey id"), std::string::npos) << r.err;

  config = good;
  config.erase("base_url");
  config["datacenter_id"] = "fra1.evil.example/x";
  r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_NE(r.err.find("is not a datacenter id"), std::string::npos) << r.err;

  config = good;
  config["export_format"] = "xml";
  r = sync_qualtrics();
  EXPECT_EQ(r.exit_code, 78) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT state FROM _sluice_state"), before);
}

TEST_F(QualtricsE2E, KilledAtRandomItResumesToTheSameTables) {
  start_qualtrics({{"responses", "3000"}, {"file-rows", "400"}, {"contacts", "2500"}});
  config["checkpoint_every"] = 150;
  ASSERT_EQ(sync_qualtrics("reference.duckdb").exit_code, 0);
  std::mt19937 rng(std::random_device{}());
  EXPECT_GE(kill_syncs("killed.duckdb", 3, rng, "qualtrics", 22), 1);
  ProcessResult r = sync_qualtrics("killed.duckdb");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* t :
       {"surveys", "survey_definitions", "survey_responses", "distributions", "contacts"})
    EXPECT_TRUE(dump_table(warehouse("killed.duckdb"), t) ==
                dump_table(warehouse("reference.duckdb"), t))
        << t;
  EXPECT_EQ(scalar(warehouse("killed.duckdb"), "SELECT state FROM _sluice_state"),
            scalar(warehouse("reference.duckdb"), "SELECT state FROM _sluice_state"));
}

TEST_F(QualtricsE2E, AProxiedRequestsNoticeIsLogged) {
  start_qualtrics({{"responses", "3"}, {"notice", "1"}});
  config["tables"] = {{"surveys", nlohmann::json::object()}};
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Request proxied"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace sluice::testing

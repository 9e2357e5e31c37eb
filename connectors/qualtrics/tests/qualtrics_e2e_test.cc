// End to end: `sluice sync qualtrics` against the sandbox — the five tables exactly, every file
// of a split export read in both formats, incremental second syncs by continuation token and by
// recorded date, a refused token, snapshots that delete only after a whole read.
#include <gtest/gtest.h>

#include "connectors/qualtrics/qualtrics_data.h"
#include "connectors/qualtrics/tests/qualtrics_fixture.h"

namespace sluice::testing {
namespace {

class QualtricsFormats : public QualtricsE2E, public ::testing::WithParamInterface<const char*> {};

TEST_P(QualtricsFormats, FirstSyncReadsEveryFileOfASplitExport) {
  // 100 responses per survey, 40 per file: three files in every ZIP; the second download 503s.
  start_qualtrics({{"responses", "300"}, {"file-rows", "40"}, {"file-errors", "1"}});
  config["export_format"] = GetParam();
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string w = warehouse();
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM surveys"), "3");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM survey_definitions"), "3");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM survey_responses"), "300");
  EXPECT_EQ(scalar(w, "SELECT count(DISTINCT (survey_id, response_id)) FROM survey_responses"),
            "300");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM distributions"), "12");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM contacts"), "250");
  EXPECT_NE(r.err.find("100 responses in 3 file(s)"), std::string::npos) << r.err;
  nlohmann::json s = stats();
  EXPECT_EQ(s["exports"], 3);
  EXPECT_EQ(s["polls"], 9) << "three polls per export, as the sandbox needs";

  // Response 5 of the second survey, field for field against the generator.
  qualtrics::QualtricsData data({11, 3, 300, 4, 250, kQualtricsBase * 1000, 1000});
  JsonWriter jw;
  data.write_response(jw, 1, 5);
  nlohmann::json want = nlohmann::json::parse(jw.str());
  const nlohmann::json& v = want["values"];
  Rows got = query_warehouse(
      w,
      "SELECT strftime(recorded_date, '%Y-%m-%dT%H:%M:%S.%gZ'), status, progress, duration, "
      "finished, location_latitude, distribution_channel, json_extract(\"values\", '$.QID3'), "
      "json_extract_string(labels, '$.finished'), typeof(location_latitude), typeof(finished) "
      "FROM survey_responses WHERE response_id = '" +
          want["responseId"].get<std::string>() + "' AND survey_id = '" + data.survey_id(1) + "'");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(*got[0][0], v["recordedDate"].get<std::string>());
  EXPECT_EQ(*got[0][1], std::to_string(v["status"].get<int>()));
  EXPECT_EQ(*got[0][2], std::to_string(v["progress"].get<int>()));
  EXPECT_EQ(*got[0][3], std::to_string(v["duration"].get<int>()));
  EXPECT_EQ(*got[0][4], v["finished"].get<int>() == 1 ? "true" : "false");
  EXPECT_DOUBLE_EQ(std::stod(*got[0][5]), std::stod(v["locationLatitude"].get<std::string>()));
  EXPECT_EQ(*got[0][6], v["distributionChannel"].get<std::string>());
  EXPECT_EQ(nlohmann::json::parse(*got[0][7]), v["QID3"]) << "multi-select stays an array";
  EXPECT_EQ(*got[0][8], want["labels"]["finished"].get<std::string>());
  EXPECT_EQ(*got[0][9], "DOUBLE");
  EXPECT_EQ(*got[0][10], "BOOLEAN");

  EXPECT_EQ(scalar(w,
                   "SELECT any_value(typeof(question_count)) || ' ' || min(question_count) FROM "
                   "survey_definitions"),
            "BIGINT 4")
      << "QuestionCount arrives as a string";
  EXPECT_EQ(scalar(w,
                   "SELECT count(*) FROM survey_definitions WHERE json_extract_string(questions, "
                   "'$.QID1.QuestionType') = 'MC'"),
            "3");
  EXPECT_EQ(scalar(w,
                   "SELECT count(*) FROM distributions WHERE json_extract(stats, '$.sent') IS "
                   "NOT NULL AND survey_id = json_extract_string(survey_link, '$.surveyId')"),
            "12");
  EXPECT_EQ(r.err.find(kQualtricsToken), std::string::npos);
  EXPECT_EQ(r.out.find(kQualtricsToken), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(JsonAndNdjson, QualtricsFormats, ::testing::Values("json", "ndjson"));

TEST_F(QualtricsE2E, SecondSyncExportsOnlyNewResponsesByContinuationToken) {
  start_qualtrics({{"responses", "300"}});
  ASSERT_EQ(sync_qualtrics().exit_code, 0);
  const int64_t served = stats()["rows_served"];
  EXPECT_EQ(served, 300);
  sandbox->admin_post("/__sandbox/responses?survey=1&count=7");
  sandbox->admin_post("/__sandbox/surveys/touch?survey=2");
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stats()["rows_served"].get<int64_t>() - served, 7) << "only the new responses";
  const std::string w = warehouse();
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM survey_responses"), "307");
  EXPECT_EQ(scalar(w, "SELECT count(DISTINCT (survey_id, response_id)) FROM survey_responses"),
            "307");
  nlohmann::json rows = last_run_rows();
  EXPECT_EQ(rows["surveys"], 1) << "only the touched survey: " << rows.dump();
  EXPECT_EQ(rows["survey_responses"], 7) << rows.dump();
  EXPECT_LE(rows["distributions"].get<int>(), 4) << "the changed one and each survey's newest "
                                                    "(an inclusive cursor): "
                                                 << rows.dump();
  // The changed distribution's stats count the new responses.
  EXPECT_EQ(scalar(w,
                   "SELECT count(*) FROM distributions WHERE modified_date > now() - INTERVAL "
                   "1 HOUR"),
            "1");
  nlohmann::json state = nlohmann::json::parse(scalar(w, "SELECT state FROM _sluice_state"));
  EXPECT_EQ(state["streams"]["survey_responses"]["surveys"].size(), 3u) << "a cursor per survey";
  for (auto& [id, c] : state["streams"]["survey_responses"]["surveys"].items())
    EXPECT_TRUE(c.contains("continuation_token")) << id;
}

TEST_F(QualtricsE2E, RecordedDateIncrementsRereadOnlyTheOverlap) {
  // Responses an hour apart: a 60-minute overlap re-reads one or two per survey.
  start_qualtrics({{"responses", "300"}, {"spacing-ms", "3600000"}});
  config["responses_incremental"] = "recorded_date";
  ASSERT_EQ(sync_qualtrics().exit_code, 0);
  const int64_t served = stats()["rows_served"];
  sandbox->admin_post("/__sandbox/responses?survey=0&count=5");
  ASSERT_EQ(sync_qualtrics().exit_code, 0);
  const int64_t again = stats()["rows_served"].get<int64_t>() - served;
  EXPECT_GE(again, 5);
  EXPECT_LE(again, 5 + 3 * 2) << "the overlap, not everything";
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM survey_responses"), "305");
}

TEST_F(QualtricsE2E, ARefusedContinuationTokenFallsBackToTheRecordedDate) {
  start_qualtrics({{"responses", "90"}, {"spacing-ms", "3600000"}});
  ASSERT_EQ(sync_qualtrics().exit_code, 0);
  // The same data behind a server that refuses every token (as when they expire).
  std::string state = scalar(warehouse(), "SELECT state FROM _sluice_state");
  start_qualtrics({{"responses", "90"}, {"spacing-ms", "3600000"}, {"reject-tokens", "1"}});
  sandbox->admin_post("/__sandbox/responses?survey=2&count=4");
  ProcessResult r = sync_qualtrics();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("refused the saved continuation token"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM survey_responses"), "94");
  EXPECT_EQ(scalar(warehouse(), "SELECT count(DISTINCT response_id) FROM survey_responses"), "94");
  EXPECT_LE(stats()["rows_served"].get<int64_t>(), 4 + 3 * 2);
}

TEST_F(QualtricsE2E, ContactsSnapshotDeletesOnlyAfterAWholeRead) {
  start_qualtrics({{"contacts", "2500"}});
  config["tables"] = {{"contacts", config["tables"]["contacts"]}};
  ASSERT_EQ(sync_qualtrics().exit_code, 0);  // three pages joined by skipToken, followed verbatim
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM contacts WHERE NOT _sluice_deleted"), "2500");
  sandbox->admin_post("/__sandbox/contacts/remove?count=100");
  // A read that fails on its second page deletes nothing.
  sandbox->admin_post("/__sandbox/error-every?n=2");
  config["retry_attempts"] = 0;
  ProcessResult failed = sync_qualtrics();
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_NE(failed.err.find("HTTP 503"), std::string::npos) << failed.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM contacts WHERE NOT _sluice_deleted"), "2500");
  sandbox->admin_post("/__sandbox/error-every?n=0");
  ASSERT_EQ(sync_qualtrics().exit_code, 0);
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM contacts WHERE NOT _sluice_deleted"), "2400");
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM contacts WHERE _sluice_deleted"), "100");
}

TEST_F(QualtricsE2E, SandboxSpeaksTheRealEnvelopeAndPaging) {
  start_qualtrics({{"distributions", "5"}});
  Response none = get("/API/v3/surveys");
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(nlohmann::json::parse(none.body)["meta"]["error"]["errorCode"], "ATP_2");
  Response wrong = get("/API/v3/surveys", {{"X-API-TOKEN", "nope"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(nlohmann::json::parse(wrong.body)["meta"]["error"]["errorCode"], "DCD_7");
  Response unknown = get("/API/v3/nothing-here", {{"X-API-TOKEN", kQualtricsToken}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_FALSE(nlohmann::json::parse(unknown.body)["meta"]["error"].contains("errorCode"));
  Response surveys = get("/API/v3/surveys", {{"X-API-TOKEN", kQualtricsToken}});
  std::string id = nlohmann::json::parse(surveys.body)["result"]["elements"][0]["id"];
  Response page = get("/API/v3/distributions?surveyId=" + id + "&pageSize=2",
                      {{"X-API-TOKEN", kQualtricsToken}});
  std::string next = nlohmann::json::parse(page.body)["result"]["nextPage"];
  EXPECT_NE(next.find("skipToken=b%2B"), std::string::npos) << next;
  // Cutting the token out and encoding it again breaks it, as on the real API.
  std::string token = next.substr(next.find("skipToken=") + 10);
  Response broken = get("/API/v3/distributions?surveyId=" + id + "&skipToken=" + url_encode(token),
                        {{"X-API-TOKEN", kQualtricsToken}});
  EXPECT_EQ(broken.status, 400);
  Response lower = get("/API/v3/distributions?surveyid=" + id, {{"X-API-TOKEN", kQualtricsToken}});
  EXPECT_EQ(lower.status, 400) << "parameter names are case-sensitive";
}

}  // namespace
}  // namespace sluice::testing

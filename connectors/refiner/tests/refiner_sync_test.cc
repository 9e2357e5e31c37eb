// End to end: `sluice sync refiner` against the sandbox, with the exact warehouse asserted.
#include "connectors/refiner/refiner_data.h"
#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/core/timestamp.h"

namespace sluice::testing {
namespace {

using refiner::DataShape;
using refiner::RefinerData;

TEST_F(RefinerE2E, FirstSyncFillsTheFiveTablesExactly) {
  start({{"responses", "1000"}});
  ProcessResult r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string w = warehouse();
  // 1000 responses, every tenth a partial (not read by default); 4 answers each; 250 contacts.
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM surveys"), "4");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM surveys WHERE archived_at IS NOT NULL"), "1");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM questions"), "16");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM responses"), "900");
  EXPECT_EQ(scalar(w, "SELECT count(DISTINCT uuid) FROM responses"), "900");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM answers"), "3600");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM respondents"), "250");
  EXPECT_EQ(
      scalar(
          w,
          "SELECT count(*) FROM responses WHERE user_id NOT IN (SELECT user_id FROM respondents)"),
      "0");

  RefinerData data(DataShape{42, 4, 250, 1000});
  for (int64_t i : {0, 1, 8, 500, 998}) {
    int64_t c = data.contact_of(i);
    std::string user = c % 5 == 0 ? data.contact_uuid(c) : "user-" + std::to_string(c);
    Rows row = query_warehouse(
        w,
        "SELECT survey_uuid, user_id, strftime(last_data_reception_at, '%Y-%m-%dT%H:%M:%SZ'), "
        "typeof(last_data_reception_at), typeof(score), score BETWEEN 0 AND 10, completed_at IS "
        "NOT NULL "
        "FROM responses WHERE uuid = '" +
            data.response_uuid(i) + "'");
    ASSERT_EQ(row.size(), 1u) << i;
    EXPECT_EQ(row[0], (std::vector<std::optional<std::string>>{
                          data.form_uuid(static_cast<int>(i % 4)), user,
                          format_timestamp(data.reception_seconds(i) * 1000000),
                          "TIMESTAMP WITH TIME ZONE", "BIGINT", "true", "true"}))
        << i;
  }
  // Partials are not read; nulls stay NULL; arrays are JSON text.
  EXPECT_EQ(
      scalar(w, "SELECT count(*) FROM responses WHERE uuid = '" + data.response_uuid(9) + "'"),
      "0");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM answers WHERE answer_value = 'None'"), "0");
  EXPECT_NE(
      scalar(
          w,
          "SELECT count(*) FROM answers WHERE answer_value IS NULL AND question_id LIKE '%reason'"),
      "0");
  EXPECT_EQ(
      scalar(w, "SELECT min(answer_value LIKE '[%') FROM answers WHERE answer_type = 'array'"),
      "true");
  // Respondents keep what /contacts gave when responses update them partially.
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM respondents WHERE first_seen_at IS NULL"), "0");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM questions WHERE question_type = 'nps_rating'"), "4");
  EXPECT_NE(r.out.find("responses"), std::string::npos);
  EXPECT_NE(r.out.find("succeeded"), std::string::npos);
  EXPECT_EQ(scalar(w, "SELECT status FROM _sluice_runs"), "succeeded");
}

TEST_F(RefinerE2E, SecondSyncFetchesOnlyNewResponses) {
  start({{"responses", "1000"}});
  config["overlap_minutes"] = 0;
  ASSERT_EQ(sync().exit_code, 0);
  sandbox->admin_post("/__sandbox/responses?count=100");
  ProcessResult r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string w = warehouse();
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM responses"), "990");
  EXPECT_EQ(scalar(w, "SELECT count(*) - count(DISTINCT uuid) FROM responses"), "0");
  EXPECT_EQ(
      scalar(w, "SELECT count(*) - count(DISTINCT (response_uuid, question_id)) FROM answers"),
      "0");
  // 90 new completed responses; the one at the cursor is listed again (the start is inclusive)
  // but not sent: the state remembers it was.
  EXPECT_EQ(
      scalar(
          w,
          "SELECT rows_by_table->>'responses' FROM _sluice_runs ORDER BY started_at DESC LIMIT 1"),
      "90");
  RefinerData data(DataShape{42, 4, 250, 1100});
  nlohmann::json state = nlohmann::json::parse(
      scalar(w, "SELECT state FROM _sluice_state WHERE connection = 'refiner'"));
  EXPECT_EQ(state["streams"]["responses"]["cursor"],
            format_timestamp(data.reception_seconds(1098) * 1000000));
}

// The default 60-minute look-back lists about 56 responses again (late ones arrive there), but the
// state remembers which were sent: none is written or sent twice.
TEST_F(RefinerE2E, OverlapWindowIsListedAgainButOnlyWhatIsNewIsSent) {
  start({{"responses", "600"}});
  ASSERT_EQ(sync().exit_code, 0);
  const size_t listed_before = sandbox->requests_to("/responses").size();
  ASSERT_EQ(sync().exit_code, 0);
  EXPECT_GT(sandbox->requests_to("/responses").size(), listed_before);
  std::string w = warehouse();
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM responses"), "540");
  EXPECT_EQ(scalar(w,
                   "SELECT coalesce((rows_by_table->>'responses')::INT, 0) FROM _sluice_runs "
                   "ORDER BY started_at DESC LIMIT 1"),
            "0");
  nlohmann::json state = nlohmann::json::parse(
      scalar(w, "SELECT state FROM _sluice_state WHERE connection = 'refiner'"));
  EXPECT_GE(state["streams"]["responses"]["overlap_seen"].size(), 50u) << state.dump();
}

TEST_F(RefinerE2E, ThrottlingAndServerErrorsAreRetried) {
  start({{"responses", "300"}, {"throttle-every", "3"}, {"error-every", "5"}});
  config["page_length"] = 100;
  ProcessResult r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("HTTP 429; retry"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("HTTP 503; retry"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM responses"), "270");
}

TEST_F(RefinerE2E, RateLimitIsWaitedOutWithRetryAfter) {
  start({{"responses", "100"}, {"rate-limit", "2"}, {"rate-window", "2"}});
  config["page_length"] = 1000;
  // Two requests pass, the third meets 429 with Retry-After up to the end of the window.
  ProcessResult r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("HTTP 429; retry 1 in"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM responses"), "90");
}

TEST_F(RefinerE2E, PartialsAreReadWhenAsked) {
  start({{"responses", "100"}});
  config["include"] = "all";
  ASSERT_EQ(sync().exit_code, 0);
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM responses"), "100");
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM responses WHERE completed_at IS NULL"), "10");
}

// Without /contacts every respondent comes from the responses that name them: each person is
// written once (the repeats in later responses carry the same values and are skipped) and holds
// exactly what the API says of them.
TEST_F(RefinerE2E, RespondentsFromResponsesAloneAreWrittenOncePerPerson) {
  start({{"responses", "1000"}});
  config["sync_contacts"] = false;
  ProcessResult r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string w = warehouse();
  const std::string people = scalar(w, "SELECT count(DISTINCT user_id) FROM responses");
  EXPECT_EQ(scalar(w, "SELECT count(*) FROM respondents"), people);
  EXPECT_EQ(scalar(w, "SELECT rows_by_table->>'respondents' FROM _sluice_runs"), people);
  RefinerData data(DataShape{42, 4, 250, 1000});
  for (int64_t i : {0, 3, 500, 998}) {
    int64_t c = data.contact_of(i);
    std::string user = c % 5 == 0 ? data.contact_uuid(c) : "user-" + std::to_string(c);
    Rows row = query_warehouse(w,
                               "SELECT contact_uuid, email, name, attributes IS NULL, "
                               "first_seen_at IS NULL FROM respondents WHERE user_id = '" +
                                   user + "'");
    ASSERT_EQ(row.size(), 1u) << i;
    EXPECT_EQ(row[0][0], data.contact_uuid(c));
    EXPECT_EQ(row[0][1],
              c % 7 == 0 ? std::nullopt
                         : std::optional<std::string>("user" + std::to_string(c) + "@example.com"));
    EXPECT_EQ(row[0][2], "User " + std::to_string(c));
    EXPECT_EQ(row[0][3], c % 11 == 0 ? "true" : "false");
    EXPECT_EQ(row[0][4], "true");  // only /contacts knows it
  }
}

}  // namespace
}  // namespace sluice::testing

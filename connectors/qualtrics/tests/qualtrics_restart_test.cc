// A Qualtrics sync killed (SIGKILL) inside the response exports goes on from its committed
// position: the surveys whose exports had landed are asked again only for what is new (their
// continuation tokens), so the restart downloads at most the rows of the surveys not yet landed,
// one export each; the warehouse ends as a sync never killed left it.
#include <sys/wait.h>

#include "connectors/qualtrics/tests/qualtrics_fixture.h"

namespace sluice::testing {
namespace {

constexpr int kSurveys = 6;
constexpr int kPerSurvey = 1000;

class QualtricsRestart : public QualtricsE2E {
 protected:
  void start(int latency_ms) {
    start_qualtrics({{"surveys", std::to_string(kSurveys)},
                     {"responses", std::to_string(kSurveys * kPerSurvey)}},
                    latency_ms);
    // One export at a time, checkpoints inside it: what a kill leaves is a position in order.
    config["export_concurrency"] = 1;
    config["checkpoint_every"] = 100;
    config["tables"] = {{"survey_responses", {{"surveyId", "*"}}}};
  }
};

TEST_F(QualtricsRestart, KilledInsideTheExportsItReadsOnFromTheSurveysNotLanded) {
  start(0);
  ASSERT_EQ(sync_qualtrics("reference.duckdb").exit_code, 0);
  start(100);
  // Killed as the fifth export's file is asked for: at 100 ms a request (six or more an export)
  // that is about 3 s in, and commits (at most one a second) have landed whole surveys by then.
  nlohmann::json state = kill_inside("qualtrics", "/file", kSurveys - 1);
  const nlohmann::json surveys =
      state["streams"]["survey_responses"].value("surveys", nlohmann::json::object());
  int landed = 0;
  for (const auto& [id, at] : surveys.items())
    if (at.contains("continuation_token")) ++landed;
  ASSERT_GE(landed, 1) << "no survey had landed when the sync was killed: " << state.dump();
  ASSERT_LT(landed, kSurveys) << "every survey had landed: the kill came too late";
  const int64_t served_before = stats()["rows_served"].get<int64_t>();
  restart("qualtrics", "/file");
  const int64_t served = stats()["rows_served"].get<int64_t>() - served_before;
  std::cout << "[ restart ] qualtrics: " << landed << " of " << kSurveys
            << " surveys had landed; the restart downloaded " << served << " rows\n";
  EXPECT_LE(served, static_cast<int64_t>(kSurveys - landed) * kPerSurvey);
  EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), "survey_responses") ==
              dump_table(warehouse("killed.duckdb"), "survey_responses"));
  EXPECT_EQ(scalar(warehouse("killed.duckdb"), "SELECT count(*) FROM survey_responses"),
            std::to_string(kSurveys * kPerSurvey));
}

}  // namespace
}  // namespace sluice::testing

namespace sluice::testing {
namespace {

// The survey list cannot be filtered, so it is read whole each sync; a sync killed inside it goes
// on at the page its last checkpoint saved (its nextPage URL as the server gave it).
TEST_F(QualtricsE2E, KilledInsideTheSurveyListItGoesOnFromTheSavedPage) {
  auto start = [&](int latency_ms) {
    start_qualtrics({{"surveys", "2000"}, {"responses", "2000"}}, latency_ms);
    config["tables"] = {{"surveys", nlohmann::json::object()}};
  };
  start(0);
  ASSERT_EQ(sync_qualtrics("reference.duckdb").exit_code, 0);
  start(150);
  // Twelve of twenty pages in, at 150 ms a page: checkpoints (at most one a second) have landed.
  nlohmann::json state = kill_inside("qualtrics", "/surveys", 12);
  const nlohmann::json& at = state["streams"]["surveys"];
  ASSERT_TRUE(at.contains("next_page")) << "no checkpoint inside the list: " << state.dump();
  const std::string saved = at["next_page"];
  std::vector<Params> pages = restart("qualtrics", "/surveys");
  ASSERT_FALSE(pages.empty());
  const std::string offset = query_param(pages.front(), "offset");
  EXPECT_FALSE(offset.empty()) << "the restart began at the first page";
  EXPECT_NE(saved.find("offset=" + offset + "&"), std::string::npos)
      << saved << " vs the restart's first offset " << offset;
  EXPECT_LT(pages.size(), 20u);  // the list is 20 pages of 100
  std::cout << "[ restart ] qualtrics surveys: the restart asked for " << pages.size()
            << " of 20 pages\n";
  EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), "surveys") ==
              dump_table(warehouse("killed.duckdb"), "surveys"));
}

}  // namespace
}  // namespace sluice::testing

namespace sluice::testing {
namespace {

// One request per survey's definition, a checkpoint after each ({after: id}): a sync killed among
// them asks again only for the definitions after the last one committed.
TEST_F(QualtricsE2E, KilledInsideTheDefinitionsItAsksOnlyForTheRest) {
  auto start = [&](int latency_ms) {
    start_qualtrics({{"surveys", "20"}, {"responses", "20"}}, latency_ms);
    config["tables"] = {{"survey_definitions", {{"surveyId", "*"}}}};
  };
  start(0);
  ASSERT_EQ(sync_qualtrics("reference.duckdb").exit_code, 0);
  start(100);
  const nlohmann::json state = kill_inside("qualtrics", "/survey-definitions", 14);
  const std::string after = state.value("streams", nlohmann::json::object())
                                .value("survey_definitions", nlohmann::json::object())
                                .value("after", std::string());
  ASSERT_FALSE(after.empty()) << "no definition committed: " << state.dump();
  const int64_t committed =
      std::stoll(scalar(warehouse("killed.duckdb"), "SELECT count(*) FROM survey_definitions"));
  EXPECT_GT(committed, 0);
  EXPECT_EQ(scalar(warehouse("killed.duckdb"),
                   "SELECT count(*) FROM survey_definitions WHERE survey_id = '" + after + "'"),
            "1")
      << "the saved survey is one the killed run committed";
  const size_t asked_for_saved = sandbox->requests_to("/survey-definitions/" + after).size();
  const std::vector<Params> sent = restart("qualtrics", "/survey-definitions");
  EXPECT_EQ(static_cast<int64_t>(sent.size()), 20 - committed) << "only the rest, each once";
  EXPECT_EQ(sandbox->requests_to("/survey-definitions/" + after).size(), asked_for_saved);
  std::cout << "[ restart ] qualtrics survey_definitions: killed with " << committed
            << " of 20 committed; the restart asked for " << sent.size() << ", "
            << static_cast<int64_t>(sent.size()) - (20 - committed) << " again\n";
  EXPECT_TRUE(dump_table(warehouse("reference.duckdb"), "survey_definitions") ==
              dump_table(warehouse("killed.duckdb"), "survey_definitions"));
}

}  // namespace
}  // namespace sluice::testing

// Data that changes under a sync: a list that grows while it is read (`grow`) and records that
// arrive late, older than the newest already read but inside the overlap window (`late`). One
// sync under the fault, then one more once the data is still: the warehouse must equal a single
// clean sync of the final data — nothing lost, nothing doubled. With the overlap switched off the
// late records must go missing, which proves the test can see a loss.
#include <chrono>
#include <thread>

#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "sluice/core/timestamp.h"
#include "support/reliability_log.h"

namespace sluice::testing {
namespace {

class ChangingData : public QualtricsE2E {
 protected:
  struct Outcome {
    int64_t injected = 0;
    bool same = false;
  };

  Outcome catch_up(const std::string& connector, std::map<std::string, std::string> flags,
                   const nlohmann::json& settings, const std::vector<std::string>& tables,
                   const std::string& plan) {
    const std::string kind = plan.substr(0, plan.find('@'));
    flags["faults"] = plan;
    sandbox = std::make_unique<SandboxServer>(connector, flags);
    config = nlohmann::json::parse(sandbox->example_config());
    config.update(settings);
    write_config(config);
    auto sync = [&](const std::string& destination) {
      ProcessResult r = sluice({"sync", connector, "--warehouse", destination, "--no-progress"});
      EXPECT_EQ(r.exit_code, 0) << connector << ": " << r.err;
    };
    sync("moving.duckdb");
    // Once more after the sync read past where the change lands, so the next sync must find it.
    sandbox->admin_post("/__sandbox/faults/fire?kind=" + kind);
    sandbox->admin_post("/__sandbox/faults?enabled=0");
    // Windows end at the clock's second; a record stamped this second belongs to the next one.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    Outcome out;
    out.injected = nlohmann::json::parse(get("/__sandbox/faults").body).value(kind, int64_t{0});
    sync("moving.duckdb");
    sync("reference.duckdb");
    std::cout << "[ " << kind << " ] " << connector << ": " << out.injected << " injected\n";
    out.same = true;
    for (const auto& t : tables) {
      const bool equal =
          dump_table(warehouse("moving.duckdb"), t) == dump_table(warehouse("reference.duckdb"), t);
      out.same = out.same && equal;
      if (!equal) std::cout << "[ " << kind << " ] " << connector << "." << t << " differs\n";
    }
    return out;
  }

  void expect_caught_up(const std::string& connector, std::map<std::string, std::string> flags,
                        const nlohmann::json& settings, const std::vector<std::string>& tables,
                        const std::string& plan) {
    Outcome o = catch_up(connector, std::move(flags), settings, tables, plan);
    EXPECT_GE(o.injected, 2) << "the sandbox never changed its data under " << plan;
    EXPECT_TRUE(o.same) << connector << " under " << plan << " lost or doubled rows";
    record_reliability(
        "faults", connector,
        "injected=" + std::to_string(o.injected) + " kinds=1 survived=" + (o.same ? "yes" : "no"));
  }
};

TEST_F(ChangingData, RefinerListGrowsWhileRead) {
  expect_caught_up("refiner", {{"responses", "600"}}, {{"page_length", 40}},
                   {"responses", "answers", "respondents"}, "grow@3");
}

TEST_F(ChangingData, RefinerLateResponsesInsideTheOverlap) {
  expect_caught_up("refiner", {{"responses", "600"}}, {{"page_length", 40}},
                   {"responses", "answers", "respondents"}, "late@6");
}

TEST_F(ChangingData, RefinerLateResponsesAreLostWithoutOverlap) {
  Outcome o = catch_up("refiner", {{"responses", "600"}},
                       {{"page_length", 40}, {"overlap_minutes", 0}}, {"responses"}, "late@6");
  EXPECT_GE(o.injected, 1);
  EXPECT_FALSE(o.same)
      << "late responses were found without an overlap: the late fault is not late";
}

TEST_F(ChangingData, CountlyListGrowsWhileRead) {
  expect_caught_up("countly", {{"users", "300"}}, {{"max_records_per_page", 20}}, {"users"},
                   "grow@2");
}

TEST_F(ChangingData, CountlyLateUsersInsideTheOverlap) {
  expect_caught_up("countly", {{"users", "300"}}, {{"max_records_per_page", 20}}, {"users"},
                   "late@3");
}

TEST_F(ChangingData, CountlyLateUsersAreLostWithoutOverlap) {
  Outcome o = catch_up("countly", {{"users", "300"}},
                       {{"max_records_per_page", 20}, {"overlap_minutes", 0}}, {"users"}, "late@3");
  EXPECT_GE(o.injected, 1);
  EXPECT_FALSE(o.same) << "late users were found without an overlap: the late fault is not late";
}

TEST_F(ChangingData, SenSourceLateCountsForToday) {
  // Hourly data for the last three days up to the current hour, a day per request; today's counts
  // change under the sync and after it, and today is read again by the next sync.
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int64_t hour = now / 3600 * 3600;
  expect_caught_up(
      "sensource",
      {{"data-start", format_timestamp((hour - 3 * 86400) * 1000000).substr(0, 10)},
       {"data-end", std::to_string(hour)},
       {"locations", "2"}},
      {{"window_days", 1}, {"start_date", format_timestamp((hour - 3 * 86400) * 1000000)}},
      {"traffic", "occupancy"}, "late@2");
}

TEST_F(ChangingData, QualtricsSurveyGrowsWhileExported) {
  expect_caught_up("qualtrics",
                   {{"surveys", "3"},
                    {"responses", "300"},
                    {"base-time", std::to_string(kQualtricsBase)},
                    {"export-polls", "3"}},
                   {{"export_poll_interval_ms", 20}}, {"survey_responses"}, "grow@2");
}

// Responses recorded but not yet exportable (indexing lag) become visible later: the continuation
// token resumes at the first one an export skipped, and recorded-date increments re-read the
// overlap; without the overlap they are lost.
std::map<std::string, std::string> qualtrics_lag_flags() {
  return {{"surveys", "3"},
          {"responses", "300"},
          {"base-time", std::to_string(kQualtricsBase)},
          {"export-polls", "3"}};
}

TEST_F(ChangingData, QualtricsLateResponsesByContinuationToken) {
  expect_caught_up("qualtrics", qualtrics_lag_flags(), {{"export_poll_interval_ms", 20}},
                   {"survey_responses"}, "late@5");
}

TEST_F(ChangingData, QualtricsLateResponsesByRecordedDateInsideTheOverlap) {
  expect_caught_up("qualtrics", qualtrics_lag_flags(),
                   {{"export_poll_interval_ms", 20}, {"responses_incremental", "recorded_date"}},
                   {"survey_responses"}, "late@5");
}

TEST_F(ChangingData, QualtricsLateResponsesAreLostWithoutOverlap) {
  Outcome o = catch_up("qualtrics", qualtrics_lag_flags(),
                       {{"export_poll_interval_ms", 20},
                        {"responses_incremental", "recorded_date"},
                        {"overlap_minutes", 0}},
                       {"survey_responses"}, "late@5");
  EXPECT_GE(o.injected, 1);
  EXPECT_FALSE(o.same) << "late responses were found without an overlap: the fault is not late";
}

}  // namespace
}  // namespace sluice::testing

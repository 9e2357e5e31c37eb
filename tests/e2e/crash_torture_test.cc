// Crash torture: for every connector, runs that each start from an empty warehouse, kill the sync
// with SIGKILL at random moments (one to three times), resume it, and compare every table and
// the state with a clean reference sync of the same sandbox: no row lost, none doubled.
// SLUICE_TORTURE_ROUNDS sets the runs per connector (default 8: 32 across the four connectors).
#include <random>

#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "support/reliability_log.h"

namespace sluice::testing {
namespace {

struct Case {
  std::string connector;
  std::map<std::string, std::string> flags;
  nlohmann::json settings;
  std::vector<std::string> tables;
  // Countly's cursor is the end of the window read, i.e. the time of the sync: a later run's
  // state differs in value, not in shape, and must not be behind the reference.
  bool exact_state = true;
};

// The state's keys, recursively, for states whose values depend on when the sync ran.
std::string shape(const nlohmann::json& j) {
  if (!j.is_object()) return j.is_number() ? "n" : j.type_name();
  std::string out = "{";
  for (const auto& [k, v] : j.items()) out += k + ":" + shape(v) + ",";
  return out + "}";
}

std::vector<Case> cases() {
  return {
      {"refiner",
       {{"responses", "3000"}},
       {{"page_length", 100}, {"checkpoint_every", 200}, {"start_date", "2024-01-01T00:00:00Z"}},
       {"surveys", "questions", "responses", "answers", "respondents"}},
      {"countly",
       {{"users", "3000"}},
       {{"max_records_per_page", 100}},
       {"apps", "groups", "users"},
       false},
      {"sensource",
       {{"data-start", "2026-01-01"}, {"data-end", "1770000000"}},
       {{"window_days", 5}, {"start_date", "2026-01-01"}},
       {"location", "site", "zone", "space", "sensor", "traffic", "occupancy"}},
      {"qualtrics",
       {{"surveys", "4"},
        {"responses", "4000"},
        {"file-rows", "300"},
        {"contacts", "2500"},
        {"base-time", std::to_string(kQualtricsBase)},
        {"export-polls", "2"}},
       {{"export_poll_interval_ms", 20}, {"checkpoint_every", 250}},
       {"surveys", "survey_definitions", "survey_responses", "distributions", "contacts"}},
  };
}

// Sorted rows of `a` missing from `b` (a multiset difference).
size_t missing(const Rows& a, const Rows& b) {
  size_t n = 0, j = 0;
  for (const auto& row : a) {
    while (j < b.size() && b[j] < row) ++j;
    if (j < b.size() && b[j] == row)
      ++j;
    else
      ++n;
  }
  return n;
}

class CrashTorture : public QualtricsE2E, public ::testing::WithParamInterface<size_t> {};

TEST_P(CrashTorture, KilledAtRandomMomentsEveryRunResumesToTheReference) {
  const Case c = cases()[GetParam()];
  const char* env = std::getenv("SLUICE_TORTURE_ROUNDS");
  const int runs = env ? std::max(1, std::atoi(env)) : 8;
  sandbox = std::make_unique<SandboxServer>(c.connector, c.flags);
  config = nlohmann::json::parse(sandbox->example_config());
  config.update(c.settings);
  write_config(config);
  auto sync_into = [&](const std::string& w) {
    return sluice({"sync", c.connector, "--warehouse", w, "--no-progress"});
  };
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(sync_into("reference.duckdb").exit_code, 0);
  const int64_t reference_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  std::mt19937 rng(std::random_device{}());
  int passed = 0, kills = 0;
  size_t duplicates = 0, lost = 0;
  for (int run = 0; run < runs; ++run) {
    const std::string w = "run" + std::to_string(run) + ".duckdb";
    const int times = std::uniform_int_distribution<int>(1, 3)(rng);
    for (int k = 0; k < times; ++k) {
      // A random moment within the time a whole sync takes.
      const int64_t at =
          std::uniform_int_distribution<int64_t>(5, std::max<int64_t>(10, reference_ms))(rng);
      pid_t pid =
          spawn_process({sluice_binary(), "sync", c.connector, "--warehouse", w, "--no-progress"},
                        dir.file("out"), dir.file("err"), dir.path().string());
      std::this_thread::sleep_for(std::chrono::milliseconds(at));
      if (::kill(pid, SIGKILL) == 0) ++kills;
      wait_process(pid);
    }
    ProcessResult r = sync_into(w);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    bool same = r.exit_code == 0;
    for (const auto& t : c.tables) {
      Rows got = dump_table(warehouse(w), t), want = dump_table(warehouse("reference.duckdb"), t);
      duplicates += missing(got, want);
      lost += missing(want, got);
      if (got != want) {
        same = false;
        ADD_FAILURE() << c.connector << " run " << run << ": table " << t << " differs ("
                      << got.size() << " rows, reference " << want.size() << ")";
      }
    }
    const std::string state_sql = "SELECT state FROM _sluice_state";
    nlohmann::json got_state = nlohmann::json::parse(scalar(warehouse(w), state_sql));
    nlohmann::json want_state =
        nlohmann::json::parse(scalar(warehouse("reference.duckdb"), state_sql));
    const bool state_same = c.exact_state ? got_state == want_state
                                          : shape(got_state) == shape(want_state) &&
                                                got_state.dump() >= want_state.dump();
    if (!state_same) {
      same = false;
      ADD_FAILURE() << c.connector << " run " << run << ": the state differs";
    }
    passed += same;
  }
  record_reliability("crash", c.connector,
                     "runs=" + std::to_string(runs) + " passed=" + std::to_string(passed) +
                         " kills=" + std::to_string(kills) + " duplicates=" +
                         std::to_string(duplicates) + " lost=" + std::to_string(lost));
}

INSTANTIATE_TEST_SUITE_P(EveryConnector, CrashTorture, ::testing::Range<size_t>(0, 4),
                         [](const auto& info) { return cases()[info.param].connector; });

}  // namespace
}  // namespace sluice::testing

// Crash torture: for every connector, runs that each start from an empty warehouse, kill the sync
// with SIGKILL at random moments (one to three times), resume it, and compare every table and
// the state with a clean reference sync of the same sandbox: no row lost, none doubled.
// SLUICE_TORTURE_ROUNDS sets the runs per connector (default 8: 32 across the four connectors).
#include <sys/wait.h>

#include <filesystem>
#include <random>

#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "sluice/core/timestamp.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
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
  // Each sandbox answer waits this long, so that a sync outlasts the loader's one-second commit
  // interval and lands its data over several commits: a faster sync commits once, at its end,
  // and no kill can find it part-way.
  int latency_ms = 0;
};

// `got` has `want`'s shape and no position behind it, compared as values: numbers and times
// (ISO 8601 text) at or past want's, everything else equal. (Compared as JSON text, "10" sorted
// before "9" and a later time in another notation could read as earlier.)
bool not_behind(const nlohmann::json& got, const nlohmann::json& want) {
  if (got.type() != want.type() && !(got.is_number() && want.is_number())) return false;
  if (got.is_object()) {
    if (got.size() != want.size()) return false;
    for (const auto& [k, v] : want.items())
      if (!got.contains(k) || !not_behind(got[k], v)) return false;
    return true;
  }
  if (got.is_array()) {
    if (got.size() != want.size()) return false;
    for (size_t i = 0; i < got.size(); ++i)
      if (!not_behind(got[i], want[i])) return false;
    return true;
  }
  if (got.is_number()) return got.get<double>() >= want.get<double>();
  if (got.is_string()) {
    auto g = parse_timestamp(got.get<std::string>()), w = parse_timestamp(want.get<std::string>());
    return g && w ? *g >= *w : got == want;
  }
  return got == want;
}

std::vector<Case> cases() {
  return {
      {"refiner",
       {{"responses", "3000"}},
       {{"page_length", 100}, {"checkpoint_every", 200}, {"start_date", "2024-01-01T00:00:00Z"}},
       {"surveys", "questions", "responses", "answers", "respondents"},
       true,
       60},
      {"countly",
       {{"users", "3000"}},
       {{"max_records_per_page", 100}},
       {"apps", "groups", "users"},
       false,
       60},
      {"sensource",
       {{"data-start", "2026-01-01"}, {"data-end", "1770000000"}},
       {{"window_days", 5}, {"start_date", "2026-01-01"}},
       {"location", "site", "zone", "space", "sensor", "traffic", "occupancy"},
       true,
       60},
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

// The rows of `tables` in the warehouse at `path` (0 for a table or a warehouse not there yet).
size_t landed_rows(const std::string& path, const std::vector<std::string>& tables) {
  if (!std::filesystem::exists(path)) return 0;
  size_t rows = 0;
  for (const auto& t : tables) {
    try {
      rows += std::stoull(
          open_duckdb(path, true)->query("SELECT count(*) FROM " + t).rows.at(0).at(0).value());
    } catch (const std::exception&) {
      // not created yet
    }
  }
  return rows;
}

struct Kill {
  bool interrupted = false;  // still running when SIGKILL reached it, and ended by it
  size_t landed = 0;         // rows in the warehouse afterwards
};

// Starts `args`, waits `at_ms`, and kills the process if it is still running.
Kill kill_sync_at(const std::vector<std::string>& args, int64_t at_ms, const std::string& path,
                  const std::vector<std::string>& tables) {
  TempDir logs;
  pid_t pid = spawn_process(args, logs.file("out"), logs.file("err"),
                            std::filesystem::path(path).parent_path().string());
  std::this_thread::sleep_for(std::chrono::milliseconds(at_ms));
  int status = 0;
  const bool running = ::waitpid(pid, &status, WNOHANG) == 0;
  if (running) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  return {running && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, landed_rows(path, tables)};
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
  sandbox = std::make_unique<SandboxServer>(c.connector, c.flags, c.latency_ms);
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
  size_t reference_rows = 0;
  for (const auto& t : c.tables)
    reference_rows += dump_table(warehouse("reference.duckdb"), t).size();
  int passed = 0, kills = 0, attempts_total = 0;
  size_t duplicates = 0, lost = 0;
  for (int run = 0; run < runs; ++run) {
    const std::string w = "run" + std::to_string(run) + ".duckdb";
    const int times = std::uniform_int_distribution<int>(1, 3)(rng);
    // A kill counts only when it interrupted a sync part-way: the process was still running when
    // SIGKILL reached it, and the warehouse then held some of the reference's rows but not all.
    // The first kill of a run is retried until one counts: one that came too late (the sync had
    // finished) begins the run again from an empty warehouse, and the moment is drawn between the
    // latest too-early and the earliest too-late one seen. Up to two more kills follow, each
    // striking the resumed sync at a random moment; they count under the same rule.
    int64_t lo = 5, hi = std::max<int64_t>(10, reference_ms);
    int run_kills = 0;
    for (int attempt = 0; attempt < 16 && run_kills < times; ++attempt) {
      ++attempts_total;
      const int64_t at = std::uniform_int_distribution<int64_t>(lo, std::max(lo, hi))(rng);
      const Kill k =
          kill_sync_at({sluice_binary(), "sync", c.connector, "--warehouse", w, "--no-progress"},
                       at, warehouse(w), c.tables);
      const bool counts = k.interrupted && k.landed > 0 && k.landed < reference_rows;
      if (counts) {
        ++run_kills;
        hi = std::max(lo, at - 1);  // the resumed sync has less left to do
      } else if (run_kills > 0) {
        break;  // the resumed sync finished first: the run goes on to its comparison
      } else if (!k.interrupted || k.landed >= reference_rows) {
        hi = at;
        std::filesystem::remove(dir.file(w));
        std::filesystem::remove(dir.file(w + ".wal"));
      } else {
        lo = at;
      }
    }
    EXPECT_GE(run_kills, 1) << c.connector << " run " << run
                            << ": no kill interrupted the sync part-way";
    kills += run_kills;
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
    const bool state_same =
        c.exact_state ? got_state == want_state : not_behind(got_state, want_state);
    if (!state_same) {
      same = false;
      ADD_FAILURE() << c.connector << " run " << run << ": the state differs";
    }
    passed += same;
  }
  std::cout << "[ torture ] " << c.connector << ": " << runs << " runs, " << kills
            << " kills that interrupted a sync part-way (" << attempts_total << " attempts)\n";
  record_reliability("crash", c.connector,
                     "runs=" + std::to_string(runs) + " passed=" + std::to_string(passed) +
                         " kills=" + std::to_string(kills) + " duplicates=" +
                         std::to_string(duplicates) + " lost=" + std::to_string(lost));
}

INSTANTIATE_TEST_SUITE_P(EveryConnector, CrashTorture, ::testing::Range<size_t>(0, 4),
                         [](const auto& info) { return cases()[info.param].connector; });

}  // namespace
}  // namespace sluice::testing

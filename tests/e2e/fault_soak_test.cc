// Fault soak: every connector syncs its sandbox under a mixed fault plan — 429s with and without
// Retry-After (and Retry-After: 0), bursts of 5xx, connections reset mid-body, truncated and
// malformed JSON, HTML error pages with status 200, answers slower than the client's timeout —
// and lands exactly what a clean sync of the same data lands.
#include "connectors/qualtrics/tests/qualtrics_fixture.h"
#include "support/reliability_log.h"

namespace sluice::testing {
namespace {

// Primes apart, so that faults rarely fall on one request's retries in a row.
constexpr const char* kPlan =
    "429-none@31,429-zero@37,503@41x2,reset@43,html@47,truncate@53,429@59,malformed@61,500@67,"
    "504@71,502@73,slow@79:2500";

class FaultSoak : public QualtricsE2E {
 protected:
  // Syncs `connector` from a clean sandbox and from a faulty one with the same data; the tables
  // must match, and every fault kind must have been met.
  void soak(const std::string& connector, std::map<std::string, std::string> flags,
            const nlohmann::json& settings, const std::vector<std::string>& tables) {
    auto run = [&](const std::string& destination, bool faulty) {
      auto f = flags;
      if (faulty) f["faults"] = kPlan;
      sandbox = std::make_unique<SandboxServer>(connector, f);
      config = nlohmann::json::parse(sandbox->example_config());
      config.update(settings);
      write_config(config);
      ProcessResult r = sluice({"sync", connector, "--warehouse", destination, "--no-progress"});
      EXPECT_EQ(r.exit_code, 0) << connector << (faulty ? " under faults: " : ": ") << r.err;
      return r;
    };
    run("reference.duckdb", false);
    ProcessResult r = run("faulty.duckdb", true);
    nlohmann::json injected = nlohmann::json::parse(get("/__sandbox/faults").body);
    std::cout << "[ soak ] " << connector << ": " << sandbox->requests() << " requests, faults "
              << injected.dump() << "\n";
    EXPECT_GE(injected.size(), 8u)
        << "the sync was too short to meet most faults: " << injected.dump();
    bool same = r.exit_code == 0;
    for (const auto& t : tables) {
      const bool equal =
          dump_table(warehouse("faulty.duckdb"), t) == dump_table(warehouse("reference.duckdb"), t);
      EXPECT_TRUE(equal) << connector << "." << t;
      same = same && equal;
    }
    int64_t total = 0;
    for (const auto& [kind, n] : injected.items()) total += n.get<int64_t>();
    record_reliability("faults", connector,
                       "injected=" + std::to_string(total) + " kinds=" +
                           std::to_string(injected.size()) + " survived=" + (same ? "yes" : "no"));
  }

  // A next page answered with the previous one (a cursor that does not advance, the same records
  // on two pages): the sync either survives it and matches a clean sync, or stops with a sentence
  // and exit code instead of looping or landing a short table; a clean rerun then completes it.
  void stall(const std::string& connector, std::map<std::string, std::string> flags,
             const nlohmann::json& settings, const std::vector<std::string>& tables) {
    auto run = [&](const std::string& destination, const char* faults) {
      auto f = flags;
      if (faults) f["faults"] = faults;
      sandbox = std::make_unique<SandboxServer>(connector, f);
      config = nlohmann::json::parse(sandbox->example_config());
      config.update(settings);
      // Where the connector has a `tables` setting, it reads only the tables compared.
      if (config.contains("tables")) {
        nlohmann::json kept = nlohmann::json::object();
        for (const auto& t : config["tables"].items())
          if (std::find(tables.begin(), tables.end(), t.key()) != tables.end())
            kept[t.key()] = t.value();
        config["tables"] = kept;
      }
      write_config(config);
      return sluice({"sync", connector, "--warehouse", destination, "--no-progress"});
    };
    ASSERT_EQ(run("reference.duckdb", nullptr).exit_code, 0);
    ProcessResult r = run("stalled.duckdb", "stall@2");
    nlohmann::json injected = nlohmann::json::parse(get("/__sandbox/faults").body);
    std::cout << "[ stall ] " << connector << ": exit " << r.exit_code << ", faults "
              << injected.dump() << "\n";
    EXPECT_GE(injected.value("stall", 0), 1) << "no next page was stalled";
    auto same = [&] {
      bool all = true;
      for (const auto& t : tables)
        all &= dump_table(warehouse("stalled.duckdb"), t) ==
               dump_table(warehouse("reference.duckdb"), t);
      return all;
    };
    if (r.exit_code == 0) {
      EXPECT_TRUE(same()) << connector << " accepted a stalled page and landed other rows";
    } else {
      EXPECT_NE(r.err.find("twice"), std::string::npos) << r.err;
      EXPECT_EQ(r.exit_code, 76) << r.err;
      ASSERT_EQ(run("stalled.duckdb", nullptr).exit_code, 0);
      EXPECT_TRUE(same()) << connector << ": the clean rerun did not complete the tables";
    }
    record_reliability("faults", connector,
                       "injected=" + std::to_string(injected.value("stall", 0)) +
                           " kinds=1 survived=" + (r.exit_code == 0 ? "yes" : "stopped"));
  }
};

TEST_F(FaultSoak, Refiner) {
  soak(
      "refiner", {{"responses", "4000"}},
      {{"page_length", 40}, {"request_timeout_seconds", 2}, {"start_date", "2024-01-01T00:00:00Z"}},
      {"surveys", "questions", "responses", "answers", "respondents"});
}

TEST_F(FaultSoak, Countly) {
  soak("countly", {{"users", "1600"}},
       {{"max_records_per_page", 20}, {"request_timeout_seconds", 2}, {"retry_attempts", 8}},
       {"apps", "groups", "users"});
}

TEST_F(FaultSoak, SenSource) {
  soak("sensource", {{"data-start", "2026-01-01"}, {"data-end", "1768608000"}},
       {{"window_days", 10}, {"request_timeout_seconds", 2}, {"start_date", "2026-01-01"}},
       {"location", "site", "zone", "space", "sensor", "traffic", "occupancy"});
}

TEST_F(FaultSoak, Qualtrics) {
  soak("qualtrics",
       {{"surveys", "14"},
        {"responses", "1400"},
        {"contacts", "1500"},
        {"distributions", "3"},
        {"base-time", std::to_string(kQualtricsBase)},
        {"export-polls", "2"}},
       // No `tables`: all nine, the XM Directory lists found rather than configured.
       {{"export_poll_interval_ms", 20},
        {"request_timeout_seconds", 2},
        {"retry_attempts", 8},
        {"tables", nullptr}},
       {"surveys", "survey_definitions", "survey_responses", "distributions", "contacts",
        "directories", "mailing_lists", "directory_contacts", "users"});
}

TEST_F(FaultSoak, StalledPagesRefiner) {
  stall("refiner", {{"responses", "600"}}, {{"page_length", 40}},
        {"surveys", "responses", "answers", "respondents"});
}

TEST_F(FaultSoak, StalledPagesCountly) {
  stall("countly", {{"users", "300"}}, {{"max_records_per_page", 20}}, {"apps", "users"});
}

TEST_F(FaultSoak, StalledPagesQualtrics) {
  // Enough surveys (offset pages) and contacts (skipToken pages) for lists of several pages.
  stall("qualtrics",
        {{"surveys", "120"},
         {"responses", "120"},
         {"contacts", "1200"},
         {"base-time", std::to_string(kQualtricsBase)}},
        nlohmann::json::object(), {"surveys", "contacts"});
}

}  // namespace
}  // namespace sluice::testing

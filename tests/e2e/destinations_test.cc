// Every connector's sandbox synced into each destination yields the same rows: DuckDB as the
// reference, PostgreSQL (when the test server is up) and Parquet read back through DuckDB.
#include <stdlib.h>

#include <chrono>

#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/destinations/parquet/parquet_destination.h"
#include "sluice/destinations/postgres/postgres_destination.h"

namespace sluice::testing {
namespace {

class EveryDestination : public RefinerE2E {
 protected:
  // Syncs `connector` (its sandbox already started, `config` set) into DuckDB, Parquet and
  // PostgreSQL (SLUICE_TEST_PG; without it the test fails), and compares `tables` across them.
  void compare(const std::string& connector, const std::vector<std::string>& tables) {
    write_config(config);
    auto run = [&](const std::string& destination) {
      ProcessResult r = sluice({"sync", connector, "--destination", destination, "--no-progress"});
      ASSERT_EQ(r.exit_code, 0) << destination << ": " << r.err;
    };
    run("reference.duckdb");
    run("parquet://" + dir.file("lake"));
    expect_same_rows(*open_duckdb(warehouse("reference.duckdb"), true),
                     *open_parquet(dir.file("lake")), tables);
    ASSERT_FALSE(test_pg_url().empty());
    std::string pg = fresh_pg_schema_url(connector);
    run(pg);
    expect_same_rows(*open_duckdb(warehouse("reference.duckdb"), true), *open_postgres(pg), tables);
  }
};

TEST_F(EveryDestination, CountlyLandsTheSameRowsEverywhere) {
  int64_t base = (std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count() -
                  100 * 86400) /
                 86400 * 86400;
  sandbox = std::make_unique<SandboxServer>(
      "countly",
      std::map<std::string, std::string>{{"users", "700"}, {"base-time", std::to_string(base)}});
  config = nlohmann::json::parse(sandbox->example_config());
  compare("countly", {"apps", "groups", "users"});
}

TEST_F(EveryDestination, SenSourceLandsTheSameRowsEverywhere) {
  sandbox = std::make_unique<SandboxServer>(
      "sensource",
      std::map<std::string, std::string>{{"data-start", "2026-01-01"}, {"data-end", "1767916800"}});
  config = nlohmann::json::parse(sandbox->example_config());
  config["window_days"] = 60;
  compare("sensource", {"location", "site", "zone", "space", "sensor", "traffic", "occupancy"});
}

TEST_F(EveryDestination, QualtricsLandsTheSameRowsEverywhere) {
  sandbox = std::make_unique<SandboxServer>(
      "qualtrics", std::map<std::string, std::string>{
                       {"responses", "240"}, {"file-rows", "50"}, {"base-time", "1767225600"}});
  config = nlohmann::json::parse(sandbox->example_config());
  config["export_poll_interval_ms"] = 20;
  for (const char* t : {"directories", "mailing_lists", "directory_contacts", "users"})
    config["tables"][t] = nlohmann::json::object();
  compare("qualtrics", {"surveys", "survey_definitions", "survey_responses", "distributions",
                        "contacts", "directories", "mailing_lists", "directory_contacts", "users"});
}

// DuckDB's Parquet writer holds a row group of every column in the engine's memory while it writes
// one: a commit of 20,000 responses (95,020 rows) under a 16 MB limit failed with its default row
// group of 122,880 rows, and so did 100,000 responses now and then under the default 48 MB.
TEST_F(EveryDestination, AParquetCommitOfManyRowsFitsASmallMemoryLimit) {
  start({{"responses", "20000"}});
  write_config(config);
  ASSERT_EQ(
      sluice({"sync", "refiner", "--destination", "reference.duckdb", "--no-progress"}).exit_code,
      0);
  ::setenv("SLUICE_DUCKDB_MEMORY_LIMIT", "16MB", 1);
  ProcessResult r = sluice(
      {"sync", "refiner", "--destination", "parquet://" + dir.file("lake"), "--no-progress"});
  ::unsetenv("SLUICE_DUCKDB_MEMORY_LIMIT");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_rows(*open_duckdb(warehouse("reference.duckdb"), true),
                   *open_parquet(dir.file("lake")));
}

}  // namespace
}  // namespace sluice::testing

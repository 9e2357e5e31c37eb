// The Refiner suite into Parquet files: read back through DuckDB, the latest row per key equals
// the DuckDB warehouse, after incremental syncs, SIGKILL and schema drift; nothing uncommitted
// is left behind.
#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/destinations/parquet/parquet_destination.h"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

// Every .parquet file is listed by a manifest and no temporary file is left.
void expect_only_committed_files(const fs::path& root) {
  std::set<std::string> listed;
  for (const auto& e : fs::recursive_directory_iterator(root / "_sluice" / "manifests")) {
    if (e.path().extension() != ".json") continue;
    auto m = nlohmann::json::parse(read_file(e.path().string()));
    for (const auto& f : m["files"]) listed.insert(f["path"].get<std::string>());
  }
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    EXPECT_NE(e.path().extension(), ".tmp") << e.path();
    if (e.path().extension() == ".parquet") {
      ++files;
      EXPECT_TRUE(listed.count(fs::relative(e.path(), root).string())) << e.path();
    }
  }
  EXPECT_GT(files, 0);
}

TEST_F(RefinerE2E, ParquetHoldsTheSameLatestRowsAsDuckDB) {
  start({{"responses", "1000"}});
  std::string lake = "parquet://" + dir.file("lake");
  ASSERT_EQ(sync().exit_code, 0);
  ProcessResult r = sync(lake);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_rows(*open_duckdb(warehouse(), true), *open_parquet(dir.file("lake")));
  sandbox->admin_post("/__sandbox/responses?count=100");
  ASSERT_EQ(sync().exit_code, 0);
  ASSERT_EQ(sync(lake).exit_code, 0);
  expect_same_rows(*open_duckdb(warehouse(), true), *open_parquet(dir.file("lake")));
  expect_only_committed_files(dir.file("lake"));
  // Hive partitions by sync date; the change log keeps every version.
  auto lake_db = open_parquet(dir.file("lake"));
  EXPECT_EQ(lake_db->query("SELECT count(DISTINCT sync_date) FROM responses__changes").rows[0][0],
            "1");
  EXPECT_GE(std::stoll(*lake_db->query("SELECT count(*) FROM responses__changes").rows[0][0]), 990);
  ProcessResult q =
      sluice({"query", "SELECT count(*) AS n FROM responses", "--destination", lake, "--json"});
  EXPECT_EQ(q.out, "[{\"n\":990}]\n") << q.err;
  ProcessResult state = sluice({"state", "show", "refiner", "--destination", lake});
  EXPECT_TRUE(nlohmann::json::parse(state.out)["streams"]["responses"]["cursor"].is_string())
      << state.out;
}

TEST_F(RefinerE2E, ParquetSyncKilledAndResumedHasTheSameRows) {
  start({{"responses", "3000"}}, /*latency_ms=*/10);
  config["page_length"] = 100;
  config["checkpoint_every"] = 200;
  ASSERT_EQ(sync("reference.duckdb").exit_code, 0);
  std::string lake = "parquet://" + dir.file("lake");
  unsigned seed =
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count());
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  EXPECT_GE(kill_syncs(lake, 3, rng), 1);
  ProcessResult r = sync(lake);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_rows(*open_duckdb(warehouse("reference.duckdb"), true),
                   *open_parquet(dir.file("lake")));
  expect_only_committed_files(dir.file("lake"));
  EXPECT_EQ(open_parquet(dir.file("lake"))->read_state("refiner"),
            open_duckdb(warehouse("reference.duckdb"), true)->read_state("refiner"));
}

TEST_F(RefinerE2E, ParquetTakesSchemaDriftAndOneSyncAtATime) {
  // Slow enough that the first sync is surely still writing when the second starts, even on a
  // loaded machine.
  start({{"responses", "400"}, {"drift-after", "200"}}, /*latency_ms=*/100);
  config["checkpoint_every"] = 50;
  config["page_length"] = 50;
  std::string lake = "parquet://" + dir.file("lake");
  write_config(config);
  pid_t first =
      spawn_process({sluice_binary(), "sync", "refiner", "--destination", lake, "--no-progress"},
                    dir.file("first.out"), dir.file("first.err"), dir.path().string());
  wait_for_requests(2);
  ProcessResult second = sluice({"sync", "refiner", "--destination", lake, "--no-progress"});
  EXPECT_EQ(second.exit_code, 75) << second.err;
  EXPECT_NE(second.err.find("Another sync of connection refiner is writing"), std::string::npos)
      << second.err;
  ASSERT_EQ(wait_process(first), 0) << read_file(dir.file("first.err"));
  ASSERT_EQ(sync().exit_code, 0);
  expect_same_rows(*open_duckdb(warehouse(), true), *open_parquet(dir.file("lake")));
  auto lake_db = open_parquet(dir.file("lake"));
  EXPECT_EQ(lake_db->query("SELECT count(*) FROM responses WHERE locale IS NOT NULL").rows[0][0],
            "180");
  EXPECT_EQ(
      lake_db->query("SELECT count(*) FROM responses WHERE show_counter LIKE '% times'").rows[0][0],
      "180");
}

}  // namespace
}  // namespace sluice::testing

// A process killed after a text column widened to JSON, before DuckDB folded its log into the
// file: the next open replays that log and finds every committed row.
#include "sluice/destinations/duckdb/duckdb_wal_replay.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "sluice/destinations/duckdb/duckdb_connection.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/load/loader.h"
#include "support/temp_dir.h"

namespace sluice {
namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

Record tagged(int64_t id, Value tags) {
  Record r;
  r.set("id", Value::integer(id));
  r.set("tags", std::move(tags));
  return r;
}

// In a child that dies without closing the warehouse (as SIGKILL would leave it): a row with
// text tags committed, then one with JSON tags, which widens the column through to_json().
void widen_then_die(const std::string& path) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto dest = open_duckdb(path);
    std::vector<TableSpec> tables = {{"people", {"id"}, {}, WriteMode::kMerge, ""}};
    LoaderOptions each;
    each.commit_interval_ms = 0;
    each.write_behind = false;
    Loader l(*dest, tables, "c", 1000000, each);
    l.upsert("people", tagged(1, Value::string("plain")));
    l.checkpoint({{"n", 1}});
    l.upsert("people", tagged(2, Value::json(R"(["a","b"])")));
    l.checkpoint({{"n", 2}});
    _exit(0);  // no destructor: the log stays as a kill leaves it
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(DuckDbWalReplay, AWarehouseKilledAfterAWideningToJsonOpensWithEveryCommittedRow) {
  testing::TempDir dir;
  const std::string path = dir.file("w.duckdb");
  widen_then_die(path);
  // The case this is about: the widening is still only in the log.
  ASSERT_TRUE(std::filesystem::exists(path + ".wal"));
  auto dest = open_duckdb(path);
  EXPECT_EQ(dest->query("SELECT id, tags, typeof(tags) FROM people ORDER BY id").rows,
            (Rows{{"1", "\"plain\"", "JSON"}, {"2", "[\"a\",\"b\"]", "JSON"}}));
  EXPECT_EQ(dest->read_state("c"), (nlohmann::json{{"n", 2}}));
}

TEST(DuckDbWalReplay, AReaderOpensItToo) {
  testing::TempDir dir;
  const std::string path = dir.file("w.duckdb");
  widen_then_die(path);
  ASSERT_TRUE(std::filesystem::exists(path + ".wal"));
  duck::Connection reader(path, /*read_only=*/true);
  EXPECT_EQ(reader.query("SELECT count(*) FROM people").rows, (Rows{{"2"}}));
}

TEST(DuckDbWalReplay, OnlyReplayFailuresAreRecognised) {
  EXPECT_TRUE(duck::is_wal_replay_failure(
      "INTERNAL Error: Failure while replaying WAL file \"w.db.wal\": Calling "
      "DatabaseManager::GetDefaultDatabase with no default database set"));
  EXPECT_FALSE(duck::is_wal_replay_failure("IO Error: Could not set lock on file"));
}

}  // namespace
}  // namespace sluice

// The loader and the DuckDB destination together: operations in, the exact table out.
#include <gtest/gtest.h>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/load/loader.h"
#include "support/temp_dir.h"

namespace sluice {
namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

Record rec(std::initializer_list<std::pair<const char*, Value>> fields) {
  Record r;
  for (const auto& [k, v] : fields) r.set(k, v);
  return r;
}

class LoaderTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  std::string path = dir.file("w.duckdb");
  std::unique_ptr<Destination> dest = open_duckdb(path);
  std::vector<TableSpec> tables = {
      {"people",
       {"id"},
       {{"id", ColumnType::kLong}, {"name", ColumnType::kString}},
       WriteMode::kMerge,
       ""},
      {"events", {"id"}, {{"id", ColumnType::kString}}, WriteMode::kAppend, ""},
      {"logs", {}, {}, WriteMode::kMerge, ""},
  };
  Rows q(const std::string& sql) { return dest->query(sql).rows; }
  // Every checkpoint its own commit, written inside the call, so each can be read back at once.
  LoaderOptions each = [] {
    LoaderOptions o;
    o.commit_interval_ms = 0;
    o.write_behind = false;
    return o;
  }();
};

TEST_F(LoaderTest, UpsertReplacesTheWholeRowAndTheLastOneWins) {
  Loader l(*dest, tables, "c", 1000000, each);
  l.upsert("people", rec({{"id", Value::integer(1)},
                          {"name", Value::string("Ann")},
                          {"age", Value::integer(30)}}));
  l.upsert("people", rec({{"id", Value::integer(2)}, {"name", Value::string("Bob")}}));
  l.upsert("people", rec({{"id", Value::integer(1)}, {"name", Value::string("Anne")}}));
  l.checkpoint({{"n", 1}});
  EXPECT_EQ(q("SELECT id, name, age, _sluice_deleted FROM people ORDER BY id"),
            (Rows{{"1", "Anne", std::nullopt, "false"}, {"2", "Bob", std::nullopt, "false"}}));
  EXPECT_EQ(dest->read_state("c"), (nlohmann::json{{"n", 1}}));
}

TEST_F(LoaderTest, PartialUpdateKeepsOtherColumnsAndCreatesMissingRows) {
  Loader l(*dest, tables, "c", 1000000, each);
  l.upsert("people", rec({{"id", Value::integer(1)},
                          {"name", Value::string("Ann")},
                          {"city", Value::string("Oslo")}}));
  l.checkpoint({});
  l.update("people", rec({{"id", Value::integer(1)}, {"city", Value::string("Bergen")}}));
  l.update("people", rec({{"id", Value::integer(3)}, {"city", Value::string("Rome")}}));
  l.checkpoint({});
  EXPECT_EQ(q("SELECT id, name, city FROM people ORDER BY id"),
            (Rows{{"1", "Ann", "Bergen"}, {"3", std::nullopt, "Rome"}}));
}

TEST_F(LoaderTest, DeletesAndTruncatesAreSoft) {
  {
    Loader l(*dest, tables, "c", 1000000, each);
    l.upsert("people", rec({{"id", Value::integer(1)}}));
    l.upsert("people", rec({{"id", Value::integer(2)}}));
    l.remove("people", rec({{"id", Value::integer(1)}}));
    l.checkpoint({});
  }
  EXPECT_EQ(q("SELECT id, _sluice_deleted FROM people ORDER BY id"),
            (Rows{{"1", "true"}, {"2", "false"}}));
  Loader later(*dest, tables, "c", 2000000, each);
  later.truncate("people");
  later.upsert("people", rec({{"id", Value::integer(2)}}));
  later.checkpoint({});
  EXPECT_EQ(q("SELECT id, _sluice_deleted FROM people ORDER BY id"),
            (Rows{{"1", "true"}, {"2", "false"}}));
  Loader again(*dest, tables, "c", 3000000, each);
  again.truncate("people");
  again.checkpoint({});
  EXPECT_EQ(q("SELECT count(*) FROM people WHERE _sluice_deleted"), (Rows{{"2"}}));
}

TEST_F(LoaderTest, TypeDriftWidensInPlaceAndNewColumnsAppear) {
  Loader l(*dest, tables, "c", 1000000, each);
  l.upsert("people", rec({{"id", Value::integer(1)}, {"score", Value::integer(5)}}));
  l.checkpoint({});
  l.upsert("people",
           rec({{"id", Value::integer(2)}, {"score", Value::string("7")}}));  // still fits
  l.checkpoint({});
  EXPECT_EQ(q("SELECT data_type FROM information_schema.columns WHERE table_name='people' AND "
              "column_name='score'"),
            (Rows{{"BIGINT"}}));
  l.upsert("people", rec({{"id", Value::integer(3)},
                          {"score", Value::string("high")},
                          {"seen", Value::string("2025-01-01T10:00:00+02:00")}}));
  l.checkpoint({});
  EXPECT_EQ(
      q("SELECT id, score, strftime(seen, '%Y-%m-%d %H:%M') FROM people ORDER BY id"),
      (Rows{
          {"1", "5", std::nullopt}, {"2", "7", std::nullopt}, {"3", "high", "2025-01-01 08:00"}}));
  EXPECT_EQ(
      q("SELECT column_name, data_type FROM information_schema.columns WHERE table_name='people' "
        "AND column_name IN ('score','seen') ORDER BY 1"),
      (Rows{{"score", "VARCHAR"}, {"seen", "TIMESTAMP WITH TIME ZONE"}}));
}

TEST_F(LoaderTest, RecordsOfChangingShapesInOneBatchLandInTheirColumns) {
  // One batch: a shape repeated, then reordered, narrowed, widened by drift and by a new column;
  // each value must land in its own column whatever the record before it looked like.
  Loader l(*dest, tables, "c", 1000000, each);
  l.upsert("people", rec({{"id", Value::integer(1)},
                          {"score", Value::integer(5)},
                          {"name", Value::string("Ann")}}));
  l.upsert("people", rec({{"id", Value::integer(2)},
                          {"score", Value::integer(6)},
                          {"name", Value::string("Bob")}}));
  l.upsert("people", rec({{"score", Value::integer(7)},
                          {"id", Value::integer(3)},
                          {"name", Value::string("Cy")}}));
  l.upsert("people", rec({{"score", Value::integer(8)}, {"id", Value::integer(4)}}));
  l.upsert("people", rec({{"score", Value::null()}, {"id", Value::integer(5)}}));
  l.upsert("people", rec({{"score", Value::string("high")}, {"id", Value::integer(6)}}));
  l.upsert("people", rec({{"score", Value::integer(9)},
                          {"id", Value::integer(7)},
                          {"city", Value::string("Oslo")}}));
  l.upsert("people", rec({{"score", Value::integer(10)},
                          {"id", Value::integer(8)},
                          {"city", Value::string("Rome")}}));
  l.checkpoint({});
  EXPECT_EQ(q("SELECT id, name, score, city FROM people ORDER BY id"),
            (Rows{{"1", "Ann", "5", std::nullopt},
                  {"2", "Bob", "6", std::nullopt},
                  {"3", "Cy", "7", std::nullopt},
                  {"4", std::nullopt, "8", std::nullopt},
                  {"5", std::nullopt, std::nullopt, std::nullopt},
                  {"6", std::nullopt, "high", std::nullopt},
                  {"7", std::nullopt, "9", "Oslo"},
                  {"8", std::nullopt, "10", "Rome"}}));
  EXPECT_EQ(q("SELECT data_type FROM information_schema.columns WHERE table_name='people' AND "
              "column_name='score'"),
            (Rows{{"VARCHAR"}}));
}

TEST_F(LoaderTest, NothingLandsWithoutACheckpoint) {
  {
    Loader l(*dest, tables, "c", 1000000, each);
    l.upsert("people", rec({{"id", Value::integer(1)}}));
    l.checkpoint({{"v", 1}});
    l.upsert("people", rec({{"id", Value::integer(2)}}));
    l.abandon();
  }
  EXPECT_EQ(q("SELECT id FROM people"), (Rows{{"1"}}));
  EXPECT_EQ(dest->read_state("c"), (nlohmann::json{{"v", 1}}));
}

TEST_F(LoaderTest, EarlyFlushesStayInsideTheCheckpointTransaction) {
  LoaderOptions small = each;
  small.max_buffered_rows = 2;
  {
    Loader l(*dest, tables, "c", 1000000, small);
    for (int i = 0; i < 5; ++i) l.upsert("people", rec({{"id", Value::integer(i)}}));
    l.abandon();
  }
  EXPECT_EQ(q("SELECT count(*) FROM information_schema.tables WHERE table_name = 'people'"),
            (Rows{{"0"}}));
  Loader l(*dest, tables, "c", 1000000, small);
  for (int i = 0; i < 5; ++i) l.upsert("people", rec({{"id", Value::integer(i)}}));
  l.checkpoint({});
  EXPECT_EQ(q("SELECT count(*) FROM people"), (Rows{{"5"}}));
}

TEST_F(LoaderTest, AppendTablesNeverDuplicateAKey) {
  for (int run = 0; run < 2; ++run) {
    Loader l(*dest, tables, "c", 1000000 * (run + 1), each);
    l.upsert("events", rec({{"id", Value::string("e1")}, {"v", Value::integer(run)}}));
    l.upsert("events", rec({{"id", Value::string("e2")}}));
    l.checkpoint({});
  }
  EXPECT_EQ(q("SELECT id, v FROM events ORDER BY id"), (Rows{{"e1", "0"}, {"e2", std::nullopt}}));
}

// Within one batch an append table keeps a key's newest row, whether the table was empty (rows go
// straight in) or held rows (a merge); across batches the first written stays.
TEST_F(LoaderTest, AnAppendTableKeepsABatchsNewestRowOfAKeyOnEveryPath) {
  for (int run = 0; run < 2; ++run) {
    Loader l(*dest, tables, "c", 1000000 * (run + 1), each);
    l.upsert("events",
             rec({{"id", Value::string("e" + std::to_string(run))}, {"v", Value::integer(1)}}));
    l.upsert("events",
             rec({{"id", Value::string("e" + std::to_string(run))}, {"v", Value::integer(2)}}));
    l.upsert("events", rec({{"id", Value::string("e0")}, {"v", Value::integer(3)}}));
    l.checkpoint({});
  }
  EXPECT_EQ(q("SELECT id, v FROM events ORDER BY id"), (Rows{{"e0", "3"}, {"e1", "2"}}));
}

TEST_F(LoaderTest, KeylessTablesAreKeyedByARowHash) {
  Loader l(*dest, tables, "c", 1000000, each);
  l.upsert("logs", rec({{"msg", Value::string("a")}}));
  l.upsert("logs", rec({{"msg", Value::string("a")}}));
  l.upsert("logs", rec({{"msg", Value::string("b")}}));
  l.upsert("undeclared", rec({{"x", Value::integer(1)}}));
  l.checkpoint({});
  EXPECT_EQ(q("SELECT msg, length(_sluice_id) FROM logs ORDER BY msg"),
            (Rows{{"a", "32"}, {"b", "32"}}));
  EXPECT_EQ(q("SELECT x FROM undeclared"), (Rows{{"1"}}));
}

TEST_F(LoaderTest, HostileIdentifiersAreQuoted) {
  std::vector<TableSpec> odd = {{"select", {"from"}, {}, WriteMode::kMerge, ""}};
  Loader l(*dest, odd, "c", 1000000, each);
  l.upsert("select",
           rec({{"from", Value::string("k")}, {"x\"; DROP TABLE people; --", Value::integer(1)}}));
  l.checkpoint({});
  EXPECT_EQ(q("SELECT \"from\", \"x\"\"; DROP TABLE people; --\" FROM \"select\""),
            (Rows{{"k", "1"}}));
}

TEST_F(LoaderTest, RecordsWithoutAKeyAreSkippedAndCounted) {
  Loader l(*dest, tables, "c", 1000000, each);
  l.upsert("people", rec({{"name", Value::string("nobody")}}));
  l.upsert("people", rec({{"id", Value::null()}}));
  l.checkpoint({});
  EXPECT_EQ(l.stats().at("people").skipped, 2);
  EXPECT_EQ(q("SELECT count(*) FROM people"), (Rows{{"0"}}));
}

TEST_F(LoaderTest, RepeatedKeysAcrossAndWithinBatchesMergeExactly) {
  // Small batches mix keys the table already holds (merged) with new ones (appended directly).
  LoaderOptions small = each;
  small.max_buffered_rows = 3;
  Loader l(*dest, tables, "c", 1000000, small);
  for (int i = 0; i < 10; ++i)
    l.upsert("people", rec({{"id", Value::integer(i)}, {"name", Value::string("v1")}}));
  for (int i : {2, 11, 2, 12, 9, 13, 0})
    l.upsert("people",
             rec({{"id", Value::integer(i)}, {"name", Value::string("v2-" + std::to_string(i))}}));
  l.update("people", rec({{"id", Value::integer(12)}, {"city", Value::string("Oslo")}}));
  l.update("people", rec({{"id", Value::integer(14)}, {"city", Value::string("Rome")}}));
  l.checkpoint({});
  EXPECT_EQ(q("SELECT count(*), count(DISTINCT id) FROM people"), (Rows{{"14", "14"}}));
  EXPECT_EQ(q("SELECT id, name, city FROM people WHERE name <> 'v1' OR city IS NOT NULL "
              "ORDER BY id"),
            (Rows{{"0", "v2-0", std::nullopt},
                  {"2", "v2-2", std::nullopt},
                  {"9", "v2-9", std::nullopt},
                  {"11", "v2-11", std::nullopt},
                  {"12", "v2-12", "Oslo"},
                  {"13", "v2-13", std::nullopt},
                  {"14", std::nullopt, "Rome"}}));
}

TEST_F(LoaderTest, TablesWithAKeyConstraintFromEarlierVersionsStillMerge) {
  dest->query(
      "CREATE TABLE people (id BIGINT, name VARCHAR, _sluice_synced TIMESTAMPTZ, "
      "_sluice_deleted BOOLEAN, PRIMARY KEY (id))");
  Loader l(*dest, tables, "c", 1000000, each);
  l.upsert("people", rec({{"id", Value::integer(1)}, {"name", Value::string("a")}}));
  l.checkpoint({});
  l.upsert("people", rec({{"id", Value::integer(1)}, {"name", Value::string("b")}}));
  l.checkpoint({});
  EXPECT_EQ(q("SELECT id, name FROM people"), (Rows{{"1", "b"}}));
}

TEST_F(LoaderTest, CheckpointsShareACommitAndTheLastOneIsNeverLost) {
  LoaderOptions rare;
  rare.commit_interval_ms = 3600 * 1000;
  {
    Loader l(*dest, tables, "c", 1000000, rare);
    l.upsert("people", rec({{"id", Value::integer(1)}}));
    l.checkpoint({{"v", 1}});
    l.upsert("people", rec({{"id", Value::integer(2)}}));
    l.checkpoint({{"v", 2}});
    EXPECT_EQ(l.commits(), 0);
    l.finish();
    EXPECT_EQ(l.commits(), 1);
    EXPECT_EQ(l.checkpoints(), 2);
  }
  EXPECT_EQ(dest->read_state("c"), (nlohmann::json{{"v", 2}}));
  {
    // A failure after a waiting checkpoint: that checkpoint commits, what followed it does not.
    Loader l(*dest, tables, "c", 2000000, rare);
    l.upsert("people", rec({{"id", Value::integer(3)}}));
    l.checkpoint({{"v", 3}});
    l.upsert("people", rec({{"id", Value::integer(4)}}));
    l.abandon();
  }
  EXPECT_EQ(q("SELECT id FROM people ORDER BY id"), (Rows{{"1"}, {"2"}, {"3"}}));
  EXPECT_EQ(dest->read_state("c"), (nlohmann::json{{"v", 3}}));
}

}  // namespace
}  // namespace sluice

// `sluice query` reads the warehouse and nothing else: statements that write, reach outside the
// warehouse or load code are refused in one sentence (exit 64), on DuckDB and on PostgreSQL, and
// nothing is written. Below the statement check, the warehouse is opened read-only too (DuckDB
// without external access, PostgreSQL in a READ ONLY transaction with no DDL on open), so the
// same statements fail there even when asked directly.
#include <gtest/gtest.h>

#include <filesystem>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/destinations/postgres/postgres_destination.h"
#include "support/normalized_dump.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace sluice::testing {
namespace {

class QueryReadOnly : public ::testing::Test {
 protected:
  ProcessResult query(const std::string& destination, const std::string& sql) {
    return run_process({sluice_binary(), "query", "--destination", destination, sql},
                       dir.path().string());
  }
  // Every refused statement: exit 64, one line, and no file where it would have written.
  void expect_refusals(const std::string& destination) {
    const std::string escaped = dir.file("escaped.csv");
    const std::vector<std::string> refused = {
        "COPY (SELECT 42) TO '" + escaped + "'",
        "ATTACH '" + dir.file("other.duckdb") + "' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "CREATE TABLE made (a int)",
        "DELETE FROM t",
        "DROP TABLE t",
        "UPDATE t SET a = 2",
        "SELECT 1; DELETE FROM t",
        "  /* a comment first */ copy t TO '" + escaped + "'",
    };
    for (const std::string& sql : refused) {
      ProcessResult r = query(destination, sql);
      EXPECT_EQ(r.exit_code, 64) << sql << "\n" << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one sentence: " << r.err;
      EXPECT_NE(r.err.find("sluice query"), std::string::npos) << r.err;
    }
    EXPECT_FALSE(std::filesystem::exists(escaped));
    EXPECT_FALSE(std::filesystem::exists(dir.file("other.duckdb")));
    ProcessResult still = query(destination, "SELECT count(*) AS n FROM t");
    EXPECT_EQ(still.exit_code, 0) << still.err;
    EXPECT_NE(still.out.find("1"), std::string::npos) << "the row is still there: " << still.out;
  }
  TempDir dir;
};

TEST_F(QueryReadOnly, DuckDbRefusesEveryWriteAndWritesNoFile) {
  std::string path = dir.file("warehouse.duckdb");
  open_duckdb(path)->query("CREATE TABLE t AS SELECT 1 AS a");
  expect_refusals(path);
  // Reading another file is refused by DuckDB itself (external access is off), as a usage error.
  ProcessResult r = query(path, "SELECT * FROM read_csv('/etc/hostname')");
  EXPECT_EQ(r.exit_code, 64) << r.err;
  // Below the statement check: the read-only warehouse refuses the same on its own.
  auto reader = open_duckdb(path, true);
  for (const std::string& sql :
       {"COPY (SELECT 42) TO '" + dir.file("escaped.csv") + "'",
        "ATTACH '" + dir.file("other.duckdb") + "' AS other", std::string("INSTALL httpfs"),
        std::string("CREATE TABLE made (a int)"), std::string("DELETE FROM t")})
    EXPECT_THROW(reader->query(sql), std::exception) << sql;
  EXPECT_FALSE(std::filesystem::exists(dir.file("escaped.csv")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("other.duckdb")));
}

TEST_F(QueryReadOnly, PostgresRefusesEveryWriteAndRunsNoDdlOnOpen) {
  ASSERT_FALSE(test_pg_url().empty());
  std::string url = fresh_pg_schema_url("query_ro");
  open_postgres(url)->query("CREATE TABLE t AS SELECT 1 AS a");
  expect_refusals(url);
  auto reader = open_postgres(url, true);
  for (const char* sql : {"CREATE TABLE made (a int)", "DELETE FROM t", "INSERT INTO t VALUES (2)",
                          "SELECT 1 INTO made FROM t"})
    EXPECT_THROW(reader->query(sql), std::exception) << sql;
  EXPECT_EQ(reader->query("SELECT count(*) FROM t").rows.at(0).at(0), "1");
  // Opening a schema read-only creates nothing: not the schema, not the bookkeeping tables.
  std::string absent = fresh_pg_schema_url("query_absent");
  auto nothing = open_postgres(absent, true);
  std::string schema = absent.substr(absent.find("schema=") + 7);
  EXPECT_EQ(nothing
                ->query("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" +
                        schema + "'")
                .rows.at(0)
                .at(0),
            "0");
}

}  // namespace
}  // namespace sluice::testing

// The Refiner suite against a real PostgreSQL server (started by scripts/test.sh): the same rows
// as DuckDB, resumption after SIGKILL, one sync per connection at a time, schema drift, and
// destination errors in one sentence.
#include "connectors/refiner/tests/refiner_fixture.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/destinations/postgres/postgres_destination.h"

namespace sluice::testing {
namespace {

class RefinerPostgres : public RefinerE2E {
 protected:
  void SetUp() override { ASSERT_FALSE(test_pg_url().empty()); }
};

TEST_F(RefinerPostgres, LandsTheSameRowsAsDuckDB) {
  start({{"responses", "1000"}});
  std::string pg = fresh_pg_schema_url("same");
  ASSERT_EQ(sync().exit_code, 0);
  ProcessResult r = sync(pg);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_rows(*open_duckdb(warehouse(), true), *open_postgres(pg));
  sandbox->admin_post("/__sandbox/responses?count=100");
  ASSERT_EQ(sync().exit_code, 0);
  ASSERT_EQ(sync(pg).exit_code, 0);
  expect_same_rows(*open_duckdb(warehouse(), true), *open_postgres(pg));
  auto dest = open_postgres(pg);
  EXPECT_EQ(dest->query("SELECT count(*) FROM responses").rows[0][0], "990");
  EXPECT_EQ(
      dest->query(
              "SELECT data_type FROM information_schema.columns WHERE table_name = 'respondents' "
              "AND column_name = 'attributes' AND table_schema = current_schema()")
          .rows[0][0],
      "jsonb");
}

TEST_F(RefinerPostgres, KilledSyncResumesToTheSameRows) {
  start({{"responses", "3000"}}, /*latency_ms=*/10);
  config["page_length"] = 100;
  config["checkpoint_every"] = 200;
  ASSERT_EQ(sync("reference.duckdb").exit_code, 0);
  std::string pg = fresh_pg_schema_url("killed");
  unsigned seed =
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count());
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  EXPECT_GE(kill_syncs(pg, 3, rng), 1);
  ProcessResult r = sync(pg);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_rows(*open_duckdb(warehouse("reference.duckdb"), true), *open_postgres(pg));
  auto dest = open_postgres(pg);
  EXPECT_EQ(dest->read_state("refiner"),
            open_duckdb(warehouse("reference.duckdb"), true)->read_state("refiner"));
}

TEST_F(RefinerPostgres, TwoSyncsOfOneConnectionCannotRunAtOnce) {
  start({{"responses", "2000"}}, /*latency_ms=*/30);
  config["page_length"] = 100;
  write_config(config);
  std::string pg = fresh_pg_schema_url("lock");
  pid_t first =
      spawn_process({sluice_binary(), "sync", "refiner", "--destination", pg, "--no-progress"},
                    dir.file("first.out"), dir.file("first.err"), dir.path().string());
  wait_for_requests(3);
  int64_t runs_before =
      std::stoll(*open_postgres(pg)->query("SELECT count(*) FROM _sluice_runs").rows[0][0]);
  ProcessResult second = sluice({"sync", "refiner", "--destination", pg, "--no-progress"});
  EXPECT_EQ(second.exit_code, 75) << second.err;
  EXPECT_NE(second.err.find("Another sync of connection refiner is running (PostgreSQL backend"),
            std::string::npos)
      << second.err;
  EXPECT_EQ(second.err.find("sluice-test-pw"), std::string::npos);
  EXPECT_EQ(std::stoll(*open_postgres(pg)->query("SELECT count(*) FROM _sluice_runs").rows[0][0]),
            runs_before)
      << "the refused sync records nothing";
  EXPECT_EQ(wait_process(first), 0) << read_file(dir.file("first.err"));
  EXPECT_EQ(open_postgres(pg)->query("SELECT count(*) FROM responses").rows[0][0], "1800");
}

TEST_F(RefinerPostgres, SchemaDriftLandsOnEveryDestination) {
  start({{"responses", "400"}, {"drift-after", "200"}});
  config["checkpoint_every"] = 50;
  config["page_length"] = 100;
  std::string pg = fresh_pg_schema_url("drift");
  ASSERT_EQ(sync().exit_code, 0);
  ProcessResult r = sync(pg);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar(warehouse(),
                   "SELECT data_type FROM information_schema.columns WHERE table_name = "
                   "'responses' AND column_name = 'show_counter'"),
            "VARCHAR");
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM responses WHERE locale IS NOT NULL"), "180");
  EXPECT_EQ(
      scalar(warehouse(), "SELECT count(*) FROM responses WHERE show_counter IN ('1', '2', '3')"),
      "180");
  EXPECT_EQ(scalar(warehouse(), "SELECT count(*) FROM responses WHERE show_counter LIKE '% times'"),
            "180");
  auto dest = open_postgres(pg);
  EXPECT_EQ(dest->query("SELECT data_type FROM information_schema.columns WHERE table_schema = "
                        "current_schema() "
                        "AND table_name = 'responses' AND column_name = 'show_counter'")
                .rows[0][0],
            "text");
  expect_same_rows(*open_duckdb(warehouse(), true), *open_postgres(pg));
}

TEST_F(RefinerPostgres, DestinationProblemsAreOneSentenceWithoutThePassword) {
  start({{"responses", "10"}});
  write_config(config);
  std::string url = test_pg_url();
  std::string wrong = url;
  wrong.replace(wrong.find("sluice-test-pw"), 14, "not-the-password");
  ProcessResult r = sluice({"sync", "refiner", "--destination", wrong});
  EXPECT_EQ(r.exit_code, 77) << r.err;
  EXPECT_NE(r.err.find("check the user name and password"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not-the-password"), std::string::npos) << r.err;

  r = sluice({"sync", "refiner", "--destination", "postgres://sluice:pw1234@127.0.0.1:1/postgres"});
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("Could not connect to PostgreSQL at postgres://sluice@127.0.0.1:1/postgres"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("pw1234"), std::string::npos) << r.err;

  r = sluice(
      {"sync", "refiner", "--destination", "postgres://sluice:pw1234@127.0.0.1:notaport/postgres"});
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("check the destination URI"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("pw1234"), std::string::npos) << r.err;

  // A user without the right to create a schema: one sentence that says what to grant.
  std::string role = "reader" + std::to_string(::getpid());
  open_postgres(url)->query("DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role +
                            " LOGIN PASSWORD 'reader-pw-123'");
  std::string as_reader = url;
  as_reader.replace(as_reader.find("sluice:sluice-test-pw"), 21, role + ":reader-pw-123");
  r = sluice({"sync", "refiner", "--destination", as_reader + "?schema=nope"});
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_NE(r.err.find("permission denied"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("grant the user the privilege"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("reader-pw-123"), std::string::npos) << r.err;

  r = sluice({"sync", "refiner", "--destination", "mysql://x@y/z"});
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_NE(r.err.find("Unknown destination \"mysql://"), std::string::npos) << r.err;
}

TEST_F(RefinerPostgres, TheUsualPgVariablesFillInTheUri) {
  start({{"responses", "50"}});
  write_config(config);
  // postgres://sluice:sluice-test-pw@127.0.0.1:PORT/postgres, taken apart into PG* variables.
  std::string url = test_pg_url();
  std::string port = url.substr(url.rfind(':') + 1, url.rfind('/') - url.rfind(':') - 1);
  ::setenv("PGHOST", "127.0.0.1", 1);
  ::setenv("PGPORT", port.c_str(), 1);
  ::setenv("PGUSER", "sluice", 1);
  ::setenv("PGPASSWORD", "sluice-test-pw", 1);
  ProcessResult r = sluice({"sync", "refiner", "--destination",
                            "postgres:///postgres?schema=from_env", "--no-progress"});
  for (const char* v : {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"}) ::unsetenv(v);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      open_postgres(url + "?schema=from_env")->query("SELECT count(*) FROM responses").rows[0][0],
      "45");
}

}  // namespace
}  // namespace sluice::testing

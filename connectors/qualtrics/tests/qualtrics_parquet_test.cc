// A Parquet lake in which a declared table has no rows (an account without XM Directory: its four
// tables are declared, never written) answers queries: read_parquet refuses a pattern with no
// file, which used to fail every query of the lake, not only those of the empty tables.
#include "connectors/qualtrics/tests/qualtrics_fixture.h"

namespace sluice::testing {
namespace {

TEST_F(QualtricsE2E, ALakeWithTablesThatNeverGotARowAnswersQueries) {
  start_qualtrics({{"no-xm-directory", "1"}});
  config.erase("tables");  // every table, the XM Directory ones included
  const std::string lake = "parquet://" + dir.file("lake");
  ProcessResult s = sync_qualtrics(lake);
  ASSERT_EQ(s.exit_code, 0) << s.err;
  auto query = [&](const std::string& sql) {
    return sluice({"query", sql, "--destination", lake, "--json"});
  };
  ProcessResult surveys = query("SELECT count(*) AS n FROM surveys");
  ASSERT_EQ(surveys.exit_code, 0) << surveys.err;
  EXPECT_NE(surveys.out, "[{\"n\":0}]\n");
  for (const char* table : {"directories", "mailing_lists", "directory_contacts", "contacts"}) {
    ProcessResult empty = query(std::string("SELECT * FROM ") + table);
    EXPECT_EQ(empty.exit_code, 0) << table << ": " << empty.err;
    EXPECT_EQ(empty.out, "[]\n") << table;
  }
  // The empty table keeps its declared columns and types.
  ProcessResult typed = query(
      "SELECT column_type FROM (DESCRIBE directory_contacts) WHERE column_name = 'embedded_data'");
  ASSERT_EQ(typed.exit_code, 0) << typed.err;
  EXPECT_EQ(typed.out, "[{\"column_type\":\"JSON\"}]\n");
}

}  // namespace
}  // namespace sluice::testing

// Proof by re-expression: examples/declarative/sensource.yaml and the C++ SenSource connector
// sync the same sandbox into two DuckDB files, which must hold the same tables, columns, types and
// rows.
#include <gtest/gtest.h>

#include "e2e/declarative_examples.h"
#include "sluice/core/timestamp.h"
#include "sluice/declarative/declarative_connector.h"
#include "sluice/sdk/registry.h"
#include "support/sandbox_server.h"
#include "support/temp_dir.h"
#include "support/warehouse_dump.h"

namespace sluice {
namespace {

TEST(DeclarativeSenSource, LandsExactlyTheRowsOfTheCppConnector) {
  testing::SandboxServer sandbox(
      "sensource", {{"data-start", "2026-01-01"}, {"data-end", "1767916800"}});  // 2026-01-09
  const Config raw = {{"client_id", "sandbox-client"},
                      {"client_secret", "sandbox-secret-0001"},
                      {"start_date", "2026-01-01"},
                      {"base_url", sandbox.base_url()},
                      {"auth_url", sandbox.base_url() + "/oauth/token"},
                      {"static_endpoints", "location,site,zone,space,sensor"},
                      {"window_days", 2}};
  testing::TempDir dir;
  const std::string cpp_file = dir.file("cpp.duckdb"), yaml_file = dir.file("yaml.duckdb");
  auto cpp = make_connector("sensource");
  ASSERT_NE(cpp, nullptr);
  auto yaml =
      declarative::load_declarative_connector(testing::declarative_example("sensource.yaml"));
  std::vector<std::string> cpp_tables = testing::sync_into(*cpp, raw, cpp_file);
  std::vector<std::string> yaml_tables = testing::sync_into(*yaml, raw, yaml_file);
  ASSERT_EQ(cpp_tables, yaml_tables);
  ASSERT_EQ(cpp_tables.size(), 7u);
  for (const auto& table : cpp_tables) {
    const std::string describe =
        "SELECT column_name, column_type FROM (DESCRIBE \"" + table + "\") ORDER BY column_name";
    EXPECT_EQ(testing::query_warehouse(cpp_file, describe),
              testing::query_warehouse(yaml_file, describe))
        << table << ": the columns or their types differ";
    testing::Rows cpp_rows = testing::dump_table(cpp_file, table);
    EXPECT_FALSE(cpp_rows.empty()) << table;
    EXPECT_EQ(cpp_rows, testing::dump_table(yaml_file, table)) << table << ": the rows differ";
  }
  EXPECT_EQ(testing::scalar(yaml_file, "SELECT count(*) FROM traffic"), std::to_string(193 * 4));
}

// Data until now and a second sync after today's counts grew: both re-read today (the YAML through
// `reopen: 1d`) and land the late counts the same way.
TEST(DeclarativeSenSource, ReadsTodayAgainAsTheCppConnectorDoes) {
  const std::string yesterday =
      format_timestamp((now_micros() / 86400000000LL - 1) * 86400000000LL);
  testing::SandboxServer sandbox(
      "sensource", {{"data-start", yesterday.substr(0, 10)}, {"faults", "late@999999"}});
  const Config raw = {{"client_id", "sandbox-client"},
                      {"client_secret", "sandbox-secret-0001"},
                      {"start_date", yesterday},
                      {"base_url", sandbox.base_url()},
                      {"auth_url", sandbox.base_url() + "/oauth/token"},
                      {"window_days", 1}};
  testing::TempDir dir;
  const std::string cpp_file = dir.file("cpp.duckdb"), yaml_file = dir.file("yaml.duckdb");
  auto cpp = make_connector("sensource");
  auto yaml =
      declarative::load_declarative_connector(testing::declarative_example("sensource.yaml"));
  testing::sync_into(*cpp, raw, cpp_file);
  testing::sync_into(*yaml, raw, yaml_file);
  const std::string before = testing::scalar(yaml_file, "SELECT sum(sumins) FROM traffic");
  sandbox.admin_post("/__sandbox/faults/fire?kind=late");
  testing::sync_into(*cpp, raw, cpp_file);
  testing::sync_into(*yaml, raw, yaml_file);
  EXPECT_NE(testing::scalar(yaml_file, "SELECT sum(sumins) FROM traffic"), before)
      << "the late counts of today landed";
  for (const std::string table : {"traffic", "occupancy"})
    EXPECT_EQ(testing::dump_table(cpp_file, table), testing::dump_table(yaml_file, table)) << table;
}

}  // namespace
}  // namespace sluice

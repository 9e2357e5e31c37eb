// Proof by re-expression: examples/declarative/refiner.yaml and the C++ Refiner connector sync the
// same sandbox into two DuckDB files, which must hold the same surveys, questions, respondents,
// responses and answers: the same columns, types and rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "e2e/declarative_examples.h"
#include "sluice/declarative/declarative_connector.h"
#include "sluice/sdk/registry.h"
#include "support/sandbox_server.h"
#include "support/temp_dir.h"
#include "support/warehouse_dump.h"

namespace sluice {
namespace {

// The table's columns with their types, by name (the order columns were added in is not data).
testing::Rows columns_of(const std::string& file, const std::string& table) {
  return testing::query_warehouse(file, "SELECT column_name, column_type FROM (DESCRIBE \"" +
                                            table + "\") ORDER BY column_name");
}

// Every row, its columns by name.
testing::Rows rows_of(const std::string& file, const std::string& table) {
  std::string select;
  for (const auto& row : columns_of(file, table))
    if (*row[0] != "_sluice_synced") select += (select.empty() ? "\"" : ", \"") + *row[0] + "\"";
  return testing::query_warehouse(file,
                                  "SELECT " + select + " FROM \"" + table + "\" ORDER BY ALL");
}

// A Refiner sandbox of `responses`, and the C++ connector and the YAML source to sync it into
// cpp.duckdb and yaml.duckdb.
struct Twins {
  explicit Twins(const std::string& responses)
      : sandbox("refiner", {{"responses", responses}}),
        raw({{"api_key", "sandbox-refiner-key-0001"},
             {"base_url", sandbox.base_url() + "/v1/"},
             {"start_date", "2024-01-01T00:00:00Z"}}),
        cpp_file(dir.file("cpp.duckdb")),
        yaml_file(dir.file("yaml.duckdb")),
        cpp(make_connector("refiner")),
        yaml(
            declarative::load_declarative_connector(testing::declarative_example("refiner.yaml"))) {
  }
  testing::SandboxServer sandbox;
  Config raw;
  testing::TempDir dir;
  std::string cpp_file, yaml_file;
  std::unique_ptr<Connector> cpp, yaml;
};

TEST(DeclarativeRefiner, LandsExactlyTheRowsOfTheCppConnector) {
  Twins t("2500");
  ASSERT_NE(t.cpp, nullptr);
  std::vector<std::string> cpp_tables = testing::sync_into(*t.cpp, t.raw, t.cpp_file);
  std::vector<std::string> yaml_tables = testing::sync_into(*t.yaml, t.raw, t.yaml_file);
  const std::vector<std::string> compared = {"surveys", "questions", "respondents", "responses",
                                             "answers"};
  ASSERT_EQ(yaml_tables, compared);
  ASSERT_EQ(cpp_tables.size(), compared.size());
  for (const auto& table : compared) {
    ASSERT_NE(std::find(cpp_tables.begin(), cpp_tables.end(), table), cpp_tables.end()) << table;
    EXPECT_EQ(columns_of(t.cpp_file, table), columns_of(t.yaml_file, table))
        << table << ": the columns or their types differ";
    testing::Rows cpp_rows = rows_of(t.cpp_file, table);
    EXPECT_FALSE(cpp_rows.empty()) << table;
    EXPECT_EQ(cpp_rows, rows_of(t.yaml_file, table)) << table << ": the rows differ";
  }
  // 2,500 responses (three pages), 9 in 10 completed; the score is the NPS answer, numbers sent
  // as text included.
  EXPECT_EQ(testing::scalar(t.yaml_file, "SELECT count(*) FROM responses"), "2250");
  EXPECT_EQ(testing::scalar(t.yaml_file, "SELECT count(*) FROM responses WHERE score IS NULL"),
            "0");
}

// A second sync after more responses arrived: each reads from its cursor (less the look-back) and
// both land the new responses and answers the same way.
TEST(DeclarativeRefiner, ASecondSyncLandsTheNewResponsesAsTheCppConnectorDoes) {
  Twins t("400");
  for (int sync = 0; sync < 2; ++sync) {
    if (sync == 1) t.sandbox.admin_post("/__sandbox/responses?count=100");
    testing::sync_into(*t.cpp, t.raw, t.cpp_file);
    testing::sync_into(*t.yaml, t.raw, t.yaml_file);
  }
  EXPECT_EQ(testing::scalar(t.yaml_file, "SELECT count(*) FROM responses"), "450");
  for (const std::string table : {"responses", "answers"})
    EXPECT_EQ(rows_of(t.cpp_file, table), rows_of(t.yaml_file, table)) << table;
}

}  // namespace
}  // namespace sluice

// `sluice query --format json|jsonl|csv` keeps each value's type, for every column type Sluice
// writes, on DuckDB and PostgreSQL: numbers are numbers, booleans booleans, NULL null, dates and
// timestamps ISO-8601 strings, JSON columns JSON; CSV is quoted as RFC 4180 says.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/destinations/duckdb/duckdb_sql.h"
#include "sluice/destinations/postgres/pg_types.h"
#include "sluice/destinations/postgres/postgres_destination.h"
#include "support/normalized_dump.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace sluice::testing {
namespace {

constexpr ColumnType kEveryType[] = {
    ColumnType::kBoolean,     ColumnType::kShort,     ColumnType::kInt,
    ColumnType::kLong,        ColumnType::kDecimal,   ColumnType::kFloat,
    ColumnType::kDouble,      ColumnType::kNaiveDate, ColumnType::kNaiveDateTime,
    ColumnType::kUtcDateTime, ColumnType::kBinary,    ColumnType::kString,
    ColumnType::kJson};

std::string column_of(ColumnType t) {
  std::string name(type_name(t));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

// One row of a value of every type, one row of NULLs, in the warehouse's own SQL types.
void fill(Destination& warehouse, std::string (*sql_type)(ColumnType), const std::string& blob) {
  std::string columns;
  for (ColumnType t : kEveryType)
    columns += (columns.empty() ? "" : ", ") + ("\"" + column_of(t) + "\" ") + sql_type(t);
  warehouse.query("CREATE TABLE every_type (n INTEGER, " + columns + ")");
  warehouse.query(
      "INSERT INTO every_type VALUES (1, true, 7, -42, 9007199254740993, 12.5, 1.5, 2.25, "
      "'2024-05-01', '2024-05-01 10:20:30', '2024-05-01 10:20:30+00', " +
      blob + ", 'she said \"hi\", then left\nfor good', '{\"a\": [1, 2]}')");
  std::string nulls;
  for (size_t k = 0; k < std::size(kEveryType); ++k) nulls += ", NULL";
  warehouse.query("INSERT INTO every_type VALUES (2" + nulls + ")");
}

ProcessResult query(const std::string& destination, const std::string& format) {
  return run_process({sluice_binary(), "query", "SELECT * FROM every_type ORDER BY n",
                      "--destination", destination, "--format", format});
}

void expect_typed(const std::string& destination) {
  ProcessResult r = query(destination, "json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  const nlohmann::json& v = rows[0];
  EXPECT_EQ(v["boolean"], true) << r.out;
  EXPECT_TRUE(v["short"].is_number_integer() && v["short"] == 7) << r.out;
  EXPECT_TRUE(v["int"].is_number_integer() && v["int"] == -42) << r.out;
  // Past a double's 53 bits: the whole number comes through exactly.
  EXPECT_TRUE(v["long"].is_number_integer() && v["long"] == 9007199254740993LL) << r.out;
  EXPECT_TRUE(v["decimal"].is_number() && v["decimal"] == 12.5) << r.out;
  EXPECT_TRUE(v["float"].is_number() && v["float"] == 1.5) << r.out;
  EXPECT_TRUE(v["double"].is_number() && v["double"] == 2.25) << r.out;
  EXPECT_EQ(v["naive_date"], "2024-05-01") << r.out;
  EXPECT_EQ(v["naive_datetime"], "2024-05-01T10:20:30") << r.out;
  ASSERT_TRUE(v["utc_datetime"].is_string()) << r.out;
  EXPECT_EQ(v["utc_datetime"].get<std::string>().rfind("2024-05-01T10:20:30", 0), 0u) << r.out;
  EXPECT_TRUE(v["binary"].is_string()) << r.out;
  EXPECT_EQ(v["string"], "she said \"hi\", then left\nfor good") << r.out;
  EXPECT_EQ(v["json"], nlohmann::json::parse("{\"a\": [1, 2]}")) << r.out;
  for (ColumnType t : kEveryType) EXPECT_TRUE(rows[1][column_of(t)].is_null()) << column_of(t);
  // Columns keep the query's order.
  EXPECT_LT(r.out.find("\"n\""), r.out.find("\"boolean\""));
  EXPECT_LT(r.out.find("\"string\""), r.out.find("\"json\""));

  ProcessResult lines = query(destination, "jsonl");
  ASSERT_EQ(lines.exit_code, 0) << lines.err;
  auto cut = lines.out.find('\n');
  EXPECT_EQ(nlohmann::json::parse(lines.out.substr(0, cut)), rows[0]);
  EXPECT_EQ(nlohmann::json::parse(lines.out.substr(cut + 1)), rows[1]);

  ProcessResult csv = query(destination, "csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("n,boolean,short,int,long,decimal,float,double,naive_date,", 0), 0u)
      << csv.out;
  EXPECT_NE(csv.out.find("\r\n1,true,7,-42,9007199254740993,12.5,1.5,2.25,2024-05-01,"
                         "2024-05-01T10:20:30,"),
            std::string::npos)
      << csv.out;
  // A field with a comma, quotes or a line break is quoted, its quotes doubled; JSON is text.
  EXPECT_NE(csv.out.find(",\"she said \"\"hi\"\", then left\nfor good\",\"{\"\"a\"\":[1,2]}\"\r\n"),
            std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find("\r\n2,,,,,,,,,,,,,\r\n"), std::string::npos) << csv.out;

  // --json is --format json.
  ProcessResult alias =
      run_process({sluice_binary(), "query", "SELECT * FROM every_type ORDER BY n", "--destination",
                   destination, "--json"});
  EXPECT_EQ(alias.out, r.out);
}

TEST(QueryTypes, DuckDbPrintsEveryColumnTypeTyped) {
  TempDir dir;
  const std::string path = dir.file("w.duckdb");
  {
    auto warehouse = open_duckdb(path, false);
    fill(*warehouse, duck::sql_type, "'\\x01\\x02'::BLOB");
  }
  expect_typed(path);
  // A statement DuckDB cannot describe still prints, as text.
  ProcessResult r = run_process(
      {sluice_binary(), "query", "DESCRIBE every_type", "--destination", path, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)[1]["column_name"], "boolean") << r.out;
  // A format that is not one is refused in one sentence.
  r = query(path, "xml");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_EQ(r.err, "sluice query: --format takes table|json|jsonl|csv, not \"xml\".\n");
}

TEST(QueryTypes, PostgresPrintsEveryColumnTypeTyped) {
  ASSERT_FALSE(test_pg_url().empty());
  const std::string url = fresh_pg_schema_url("query_types");
  {
    auto warehouse = open_postgres(url, false);
    fill(*warehouse, pg::sql_type, "'\\x0102'::bytea");
  }
  expect_typed(url);
}

}  // namespace
}  // namespace sluice::testing

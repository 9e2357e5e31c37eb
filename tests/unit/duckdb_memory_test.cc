// DuckDB's memory limit follows the widest table: a wide table that a narrow-table limit cannot
// write is written, and the limit is raised only as far as it needs.
#include "sluice/destinations/duckdb/duckdb_memory.h"

#include <gtest/gtest.h>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/load/loader.h"
#include "support/temp_dir.h"

namespace sluice::duck {
namespace {

TEST(DuckDbMemory, SizesAreReadAsDuckDbReadsThem) {
  EXPECT_EQ(parse_size("48MB"), 48000000u);
  EXPECT_EQ(parse_size("1.5GB"), 1500000000u);
  EXPECT_EQ(parse_size("512 MiB"), 512ull << 20);
  EXPECT_EQ(parse_size("64kb"), 64000u);
  EXPECT_EQ(parse_size("80%"), std::nullopt);
  EXPECT_EQ(parse_size("lots"), std::nullopt);
}

TEST(DuckDbMemory, NarrowTablesKeepTheConfiguredLimit) {
  EXPECT_LE(bytes_for_columns(36), *parse_size("48MB"));
  EXPECT_GT(bytes_for_columns(150), *parse_size("128MB"));
}

TEST(DuckDbMemory, AWideTableIsWrittenWhereTheNarrowLimitWouldFailIt) {
  // 150 text columns need well over the 48 MB default: DuckDB refused the first commit of such a
  // table with "could not allocate block" before the limit followed the table's width.
  testing::TempDir dir;
  auto dest = open_duckdb(dir.file("w.duckdb"));
  std::vector<TableSpec> tables = {
      {"wide", {"id"}, {{"id", ColumnType::kLong}}, WriteMode::kMerge, ""},
      {"narrow", {"id"}, {{"id", ColumnType::kLong}}, WriteMode::kMerge, ""}};
  constexpr int kRows = 6000, kColumns = 150;
  {
    Loader l(*dest, tables, "c", 1000000, {});
    for (int i = 0; i < kRows; ++i) {
      Record n;
      n.set("id", Value::integer(i));
      l.upsert("narrow", std::move(n));
      Record r;
      r.fields.push_back({"id", Value::integer(i)});
      for (int j = 0; j < kColumns; ++j)
        r.fields.push_back(
            {"q" + std::to_string(j), Value::string("answer " + std::to_string((i + j) % 40))});
      l.upsert("wide", std::move(r));
      if (i % 500 == 499) l.checkpoint({{"n", i}});
    }
    l.checkpoint({{"n", kRows}});
    l.finish();
  }
  auto q = [&](const std::string& sql) { return *dest->query(sql).rows.at(0).at(0); };
  EXPECT_EQ(q("SELECT count(*) FROM wide"), std::to_string(kRows));
  EXPECT_EQ(q("SELECT count(*) FROM wide WHERE q149 = 'answer ' || ((id + 149) % 40)"),
            std::to_string(kRows));
  // Raised to what 150 columns need, not beyond.
  const uint64_t need = bytes_for_columns(kColumns + 3);
  const auto limit = *parse_size(q("SELECT current_setting('memory_limit')"));
  EXPECT_GE(limit, need * 9 / 10);
  EXPECT_LE(limit, need * 11 / 10);
}

}  // namespace
}  // namespace sluice::duck

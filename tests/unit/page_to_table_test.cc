// The columnar path as data: a JSON page in (parsed with simdjson, flattened as connectors do),
// through the loader into DuckDB's data chunks, and the exact table out.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/json/flatten.h"
#include "sluice/load/loader.h"
#include "support/temp_dir.h"

namespace sluice {
namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

class PageToTable : public ::testing::Test {
 protected:
  testing::TempDir dir;
  std::unique_ptr<Destination> dest = open_duckdb(dir.file("w.duckdb"));
  std::vector<TableSpec> tables = {{"items", {"id"}, {}, WriteMode::kMerge, ""}};
  Rows q(const std::string& sql) { return dest->query(sql).rows; }

  // Every item of the page upserted into `items`, one checkpoint after the page.
  void load(Loader& l, const std::string& page) {
    simdjson::dom::parser parser;
    simdjson::dom::array items;
    ASSERT_FALSE(parser.parse(page).get_object()["items"].get(items));
    FlattenOptions nested;
    nested.max_depth = 1;  // one level becomes columns, deeper objects stay JSON
    for (simdjson::dom::element item : items)
      l.upsert("items", flatten(item.get_object().value(), nested));
    l.checkpoint({{"page", 1}});
  }
};

TEST_F(PageToTable, EveryTypeNullsNewColumnsWideningUnicodeAndNestingLandExactly) {
  const std::string long_text(5000, 'x');
  const std::string page = R"({"items": [
    {"id": 1, "n": 5, "name": "Ann", "ok": true, "seen_at": "2024-01-02T03:04:05Z",
     "day": "2024-01-02", "tags": ["a", "b"], "meta": {"x": 1, "deep": {"y": [2]}}},
    {"id": 2, "n": 2.5, "name": "Ünïcödé 日本 🎉", "ok": false, "seen_at": null, "late": "new"},
    {"id": 3, "n": "seven", "name": ")" +
                           long_text + R"(", "day": null, "meta": {"x": 7}},
    {"id": 4}
  ]})";
  Loader l(*dest, tables, "c", 1000000);
  load(l, page);
  l.finish();
  EXPECT_EQ(q("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = "
              "'items' ORDER BY ordinal_position"),
            (Rows{{"id", "BIGINT"},
                  {"n", "VARCHAR"},  // integer, then double, then text: widened twice mid-batch
                  {"name", "VARCHAR"},
                  {"ok", "BOOLEAN"},
                  {"seen_at", "TIMESTAMP WITH TIME ZONE"},
                  {"day", "DATE"},
                  {"tags", "JSON"},
                  {"meta_x", "BIGINT"},
                  {"meta_deep", "JSON"},
                  {"late", "VARCHAR"},  // first seen in the batch's second record
                  {"_sluice_synced", "TIMESTAMP WITH TIME ZONE"},
                  {"_sluice_deleted", "BOOLEAN"}}));
  EXPECT_EQ(q("SELECT id, n, name, ok, strftime(seen_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S'), "
              "day::VARCHAR, tags::VARCHAR, meta_x, meta_deep::VARCHAR, late, _sluice_deleted "
              "FROM items WHERE id < 3 ORDER BY id"),
            (Rows{{"1", "5", "Ann", "true", "2024-01-02 03:04:05", "2024-01-02", R"(["a","b"])",
                   "1", R"({"y":[2]})", std::nullopt, "false"},
                  {"2", "2.5", "Ünïcödé 日本 🎉", "false", std::nullopt, std::nullopt, std::nullopt,
                   std::nullopt, std::nullopt, "new", "false"}}));
  // The long text whole; a record that skips fields has NULL in every one of them.
  EXPECT_EQ(
      q("SELECT id, n, name = repeat('x', 5000), ok, seen_at, day, tags, meta_x, meta_deep, late "
        "FROM items WHERE id >= 3 ORDER BY id"),
      (Rows{{"3", "seven", "true", std::nullopt, std::nullopt, std::nullopt, std::nullopt, "7",
             std::nullopt, std::nullopt},
            {"4", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
             std::nullopt, std::nullopt, std::nullopt, std::nullopt}}));
}

TEST_F(PageToTable, AChunkBoundaryInsideABatchLosesNoRowAndNoNull) {
  // 5,000 rows cross two of DuckDB's 2,048-row chunks; every seventh skips `v`, every third has
  // text where the rest have integers (so `v` is text by the end).
  std::string page = R"({"items": [)";
  for (int k = 0; k < 5000; ++k) {
    page += k ? "," : "";
    page += "{\"id\": " + std::to_string(k);
    if (k % 7 != 0)
      page += k % 3 ? ", \"v\": " + std::to_string(k) : ", \"v\": \"t" + std::to_string(k) + "\"";
    page += "}";
  }
  page += "]}";
  Loader l(*dest, tables, "c", 1000000);
  load(l, page);
  l.finish();
  EXPECT_EQ(q("SELECT count(*), count(v), sum(CASE WHEN v LIKE 't%' THEN 0 ELSE v::BIGINT END), "
              "count(*) FILTER (WHERE v = 't3' OR v = 't4995'), "
              "count(*) FILTER (WHERE v IS NULL AND id % 7 <> 0) FROM items"),
            (Rows{{"5000", "4285", "7142143", "2", "0"}}));
}

}  // namespace
}  // namespace sluice

// The columnar path as data: a JSON page in (parsed with simdjson, flattened as connectors do),
// through the loader into DuckDB's data chunks (and PostgreSQL and Parquet), and the exact table
// out.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/destinations/parquet/parquet_destination.h"
#include "sluice/destinations/postgres/postgres_destination.h"
#include "sluice/json/flatten.h"
#include "sluice/load/loader.h"
#include "support/normalized_dump.h"
#include "support/temp_dir.h"

namespace sluice {
namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

// Every type, NULLs, a column first seen in the second record, a widening mid-batch (integer,
// double, text), unicode, a 5,000-character string, nesting, a record that skips every field.
std::string mixed_page() {
  const std::string long_text(5000, 'x');
  return R"({"items": [
    {"id": 1, "n": 5, "name": "Ann", "ok": true, "seen_at": "2024-01-02T03:04:05Z",
     "day": "2024-01-02", "tags": ["a", "b"], "meta": {"x": 1, "deep": {"y": [2]}}},
    {"id": 2, "n": 2.5, "name": "Ünïcödé 日本 🎉", "ok": false, "seen_at": null, "late": "new"},
    {"id": 3, "n": "seven", "name": ")" +
         long_text + R"(", "day": null, "meta": {"x": 7}},
    {"id": 4}
  ]})";
}

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
  const std::string page = mixed_page();
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

// A record that names a field twice keeps the last value, in the column of the first.
TEST_F(PageToTable, AFieldNamedTwiceKeepsItsLastValue) {
  Loader l(*dest, tables, "c", 1000000);
  for (int64_t id = 1; id <= 3; ++id) {
    Record r;
    r.fields.push_back({"id", Value::integer(id)});
    r.fields.push_back({"v", Value::string("first")});
    r.fields.push_back({"w", Value::integer(id)});
    r.fields.push_back({"v", Value::string("last" + std::to_string(id))});
    l.upsert("items", std::move(r));
  }
  l.checkpoint({{"page", 1}});
  l.finish();
  EXPECT_EQ(q("SELECT id, v, w FROM items ORDER BY id"),
            (Rows{{"1", "last1", "1"}, {"2", "last2", "2"}, {"3", "last3", "3"}}));
}

// The same columnar batches land alike in PostgreSQL (binary COPY) and Parquet.
TEST_F(PageToTable, PostgresAndParquetLandTheSamePageAlike) {
  auto into = [&](Destination& d) {
    Loader l(d, tables, "c", 1000000);
    load(l, mixed_page());
    l.finish();
  };
  into(*dest);
  auto lake = open_parquet(dir.file("lake"));
  into(*lake);
  EXPECT_EQ(testing::normalized_dump(*lake, "items"), testing::normalized_dump(*dest, "items"));
  ASSERT_FALSE(testing::test_pg_url().empty());
  auto pg = open_postgres(testing::fresh_pg_schema_url("page"));
  into(*pg);
  const auto want = testing::normalized_dump(*dest, "items");
  EXPECT_EQ(want.size(), 4u);
  EXPECT_EQ(testing::normalized_dump(*pg, "items"), want);
}

// Rows given by position land as the same rows given as Records would: columns first seen in a
// row (the Record path adds them), a widening mid-batch (integer, then text), NULLs, a row
// without its key (skipped), and rows between an update batch.
TEST_F(PageToTable, RowsByPositionLandAsRecordsDo) {
  const RowShape narrow({"id", "v"}), wide({"id", "v", "note"});
  const std::string long_text(3000, 'y');
  auto emit = [&](Emitter& e) {
    for (int64_t id = 1; id <= 3000; ++id) {
      const std::string v = id % 1000 == 0 ? "t" + std::to_string(id) : "";
      const Cell vc = v.empty() ? Cell{Value::Kind::kInt, id * 10, 0, {}} : Cell::text(v);
      if (id % 3 == 0) {
        const Cell cells[] = {
            {Value::Kind::kInt, id, 0, {}},
            vc,
            id % 9 == 0 ? Cell() : Cell::text(id == 6 ? std::string_view(long_text) : "Ünï")};
        e.upsert_row("items", wide, cells);
      } else {
        const Cell cells[] = {{Value::Kind::kInt, id, 0, {}}, vc};
        e.upsert_row("items", narrow, cells);
      }
      if (id == 1500) {
        Record r;
        r.set("id", Value::integer(2));
        r.set("note", Value::string("updated"));
        e.update("items", std::move(r));
      }
    }
    const Cell keyless[] = {Cell(), Cell::text("lost")};
    e.upsert_row("items", narrow, keyless);
    e.checkpoint({{"page", 1}});
  };
  Loader by_position(*dest, tables, "c", 1000000);
  emit(by_position);
  by_position.finish();
  EXPECT_EQ(by_position.stats().at("items").skipped, 1);

  // The reference: the same rows as Records, through an emitter that does not know rows.
  struct AsRecords : Emitter {
    Emitter& inner;
    explicit AsRecords(Emitter& e) : inner(e) {}
    void upsert(const std::string& t, Record r) override { inner.upsert(t, std::move(r)); }
    void update(const std::string& t, Record r) override { inner.update(t, std::move(r)); }
    void remove(const std::string& t, Record r) override { inner.remove(t, std::move(r)); }
    void truncate(const std::string& t) override { inner.truncate(t); }
    void checkpoint(const nlohmann::json& s) override { inner.checkpoint(s); }
  };
  auto reference = open_duckdb(dir.file("reference.duckdb"));
  Loader by_record(*reference, tables, "c", 1000000);
  AsRecords records(by_record);
  emit(records);
  by_record.finish();
  const auto want = testing::normalized_dump(*reference, "items");
  EXPECT_EQ(want.size(), 3000u);
  EXPECT_EQ(testing::normalized_dump(*dest, "items"), want);
  EXPECT_EQ(q("SELECT count(*) FILTER (WHERE v = 't2000'), count(*) FILTER (WHERE v = '30'), "
              "max(length(note)), count(note), min(note) FILTER (WHERE id = 2) FROM items"),
            (Rows{{"1", "1", "3000", "668", "updated"}}));
}

}  // namespace
}  // namespace sluice

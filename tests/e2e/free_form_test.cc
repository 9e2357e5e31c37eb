// The free-form style of Fivetran's SDK: a connector with one update() that emits everything
// itself, run by the real sync engine into a real DuckDB file.
#include <gtest/gtest.h>

#include "sluice/core/error.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/runtime/sync_engine.h"
#include "support/temp_dir.h"

namespace sluice {
namespace {

class Counter : public Connector {
 public:
  std::string name() const override { return "counter"; }
  std::string description() const override { return "counts"; }
  Spec spec() const override {
    return {{"upto", FieldType::kInteger, true, false, nullptr, "how far."}};
  }
  CheckResult check(const Config&) override { return {"fine"}; }
  std::vector<TableSpec> schema(const Config&) override {
    return {{"numbers", {"n"}, {{"n", ColumnType::kLong}}, WriteMode::kMerge, ""}};
  }
  void update(const Config& config, const nlohmann::json& state, Emitter& emit) override {
    int64_t from = state.value("next", 0), upto = config["upto"];
    for (int64_t n = from; n < upto; ++n) {
      Record r;
      r.set("n", Value::integer(n));
      r.set("square", Value::integer(n * n));
      emit.upsert("numbers", std::move(r));
      if (n % 10 == 9) emit.checkpoint({{"next", n + 1}});
      if (n == fail_at) throw Error(ErrorKind::kApi, "boom");
    }
    if (from < upto && from > 0) {
      Record gone;
      gone.set("n", Value::integer(0));
      emit.remove("numbers", std::move(gone));
    }
  }
  int64_t fail_at = -1;
};

TEST(FreeForm, UpdateEmitsOperationsAndCheckpoints) {
  testing::TempDir dir;
  auto dest = open_duckdb(dir.file("w.duckdb"));
  Counter c;
  c.fail_at = 25;
  SyncOptions o;
  o.progress = false;
  EXPECT_THROW(run_sync(c, {{"upto", 40}}, *dest, o), Error);
  // The failure rolled back to the checkpoint after 19: rows 20..25 are not there.
  EXPECT_EQ(dest->query("SELECT count(*), max(n) FROM numbers").rows[0],
            (std::vector<std::optional<std::string>>{"20", "19"}));
  EXPECT_EQ(dest->read_state("counter"), (nlohmann::json{{"next", 20}}));
  EXPECT_EQ(dest->query("SELECT status, error FROM _sluice_runs").rows[0],
            (std::vector<std::optional<std::string>>{"failed", "boom"}));
  c.fail_at = -1;
  SyncSummary s = run_sync(c, {{"upto", 40}}, *dest, o);
  EXPECT_EQ(s.tables["numbers"].upserts, 20);
  EXPECT_EQ(s.tables["numbers"].deletes, 1);
  EXPECT_EQ(
      dest->query("SELECT count(*), sum(square), count(*) FILTER (_sluice_deleted) FROM numbers")
          .rows[0],
      (std::vector<std::optional<std::string>>{"40", "20540", "1"}));
}

}  // namespace
}  // namespace sluice

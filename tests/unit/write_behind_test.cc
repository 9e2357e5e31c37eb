// The writer thread alone, and the loader writing behind into a real DuckDB file that fails once.
#include "sluice/load/write_behind.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/load/loader.h"
#include "support/temp_dir.h"

namespace sluice {
namespace {

TEST(WriteBehind, TasksRunInOrderOffTheCallersThread) {
  for (bool threaded : {true, false}) {
    WriteBehind w(10, threaded);
    std::vector<int> ran;
    std::atomic<bool> elsewhere = false;
    const auto caller = std::this_thread::get_id();
    for (int i = 0; i < 100; ++i)
      w.submit(3, [&, i] {
        ran.push_back(i);
        if (std::this_thread::get_id() != caller) elsewhere = true;
      });
    w.drain();
    ASSERT_EQ(ran.size(), 100u);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(ran[static_cast<size_t>(i)], i);
    EXPECT_EQ(elsewhere, threaded);
  }
}

TEST(WriteBehind, AFailureStopsEverythingAfterItAndComesBackToTheProducer) {
  for (bool threaded : {true, false}) {
    WriteBehind w(10, threaded);
    int after = 0;
    w.submit(1, [] {});
    try {
      w.submit(1, [] { throw std::runtime_error("disk full"); });
    } catch (const std::runtime_error&) {
      EXPECT_FALSE(threaded);  // inline, the failure is the call's own
    }
    EXPECT_THROW(
        {
          w.drain();
          w.submit(1, [&] { ++after; });
        },
        std::runtime_error);
    EXPECT_THROW(w.submit(1, [&] { ++after; }), std::runtime_error);
    std::exception_ptr e = w.wait();
    ASSERT_TRUE(e);
    try {
      std::rethrow_exception(e);
    } catch (const std::runtime_error& r) {
      EXPECT_STREQ(r.what(), "disk full");
    }
    EXPECT_EQ(after, 0);
  }
}

TEST(WriteBehind, AProducerThatGetsAheadWaitsForTheBound) {
  WriteBehind w(4, true);
  std::atomic<int> queued = 0, most = 0;
  for (int i = 0; i < 50; ++i) {
    int now = ++queued;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    w.submit(2, [&] {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      --queued;
    });
  }
  w.drain();
  // Two of weight 2 queued, plus the one being written.
  EXPECT_LE(most.load(), 3);
}

// A real DuckDB destination whose second batch fails, as a full disk would.
class FailsOnce : public Destination {
 public:
  explicit FailsOnce(Destination& d) : d_(d) {}
  std::string describe() const override { return d_.describe(); }
  nlohmann::json read_state(const std::string& c) override { return d_.read_state(c); }
  std::optional<std::vector<ColumnSpec>> table_columns(const std::string& t) override {
    return d_.table_columns(t);
  }
  void begin() override { d_.begin(); }
  void create_table(const TableSpec& s, const std::vector<ColumnSpec>& c) override {
    d_.create_table(s, c);
  }
  void add_column(const std::string& t, const ColumnSpec& c) override { d_.add_column(t, c); }
  void widen_column(const std::string& t, const ColumnSpec& c) override { d_.widen_column(t, c); }
  void apply(const TableSpec& s, const std::vector<ColumnSpec>& c, const Batch& b,
             int64_t at) override {
    if (++applies == 2) throw std::runtime_error("no space left on device");
    d_.apply(s, c, b, at);
  }
  void write_state(const std::string& c, const nlohmann::json& s) override { d_.write_state(c, s); }
  void commit() override { d_.commit(); }
  void rollback() override { d_.rollback(); }
  void record_run(const RunRecord& r) override { d_.record_run(r); }
  void reset(const std::string& c, const std::vector<std::string>& t) override { d_.reset(c, t); }
  QueryResult query(const std::string& sql) override { return d_.query(sql); }
  int applies = 0;

 private:
  Destination& d_;
};

Record person(int64_t id) {
  Record r;
  r.set("id", Value::integer(id));
  r.set("name", Value::string("p" + std::to_string(id)));
  return r;
}

const std::vector<TableSpec> kPeople = {
    {"people", {"id"}, {{"id", ColumnType::kLong}}, WriteMode::kMerge, ""}};

TEST(LoaderWriteBehind, LandsEveryRowWhileTheNextAreShaped) {
  testing::TempDir dir;
  auto dest = open_duckdb(dir.file("w.duckdb"));
  LoaderOptions o;
  o.max_buffered_rows = 100;
  o.commit_interval_ms = 0;
  {
    Loader l(*dest, kPeople, "c", 1000000, o);
    for (int64_t i = 0; i < 5000; ++i) {
      l.upsert("people", person(i % 3000));  // the last 2000 repeat earlier keys
      if (i % 250 == 249) l.checkpoint({{"n", i + 1}});
    }
    l.finish();
    EXPECT_EQ(l.commits(), 20);
  }
  auto rows = dest->query("SELECT count(*), count(DISTINCT id), max(id) FROM people").rows;
  EXPECT_EQ(rows[0], (std::vector<std::optional<std::string>>{"3000", "3000", "2999"}));
  EXPECT_EQ(dest->read_state("c"), (nlohmann::json{{"n", 5000}}));
}

TEST(LoaderWriteBehind, AWriteThatFailsBehindTheConnectorNeverCommitsItsCheckpoint) {
  testing::TempDir dir;
  auto real = open_duckdb(dir.file("w.duckdb"));
  FailsOnce dest(*real);
  LoaderOptions o;
  o.commit_interval_ms = 0;
  {
    Loader l(dest, kPeople, "c", 1000000, o);
    l.upsert("people", person(1));
    l.checkpoint({{"v", 1}});
    l.upsert("people", person(2));
    l.checkpoint({{"v", 2}});  // its batch fails on the writer, after this call returned
    l.upsert("people", person(3));
    EXPECT_THROW(l.finish(), std::runtime_error);
    l.abandon();
  }
  EXPECT_EQ(real->query("SELECT id FROM people").rows,
            (std::vector<std::vector<std::optional<std::string>>>{{"1"}}));
  EXPECT_EQ(real->read_state("c"), (nlohmann::json{{"v", 1}}));
}

}  // namespace
}  // namespace sluice

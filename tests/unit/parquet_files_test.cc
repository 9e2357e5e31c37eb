// A lake gets at most one file per table per commit, however many flushes the commit carried,
// and the merged file holds every row of them, in order, newest value per key.
#include <gtest/gtest.h>

#include <filesystem>

#include "sluice/destinations/parquet/parquet_destination.h"
#include "sluice/load/loader.h"
#include "support/temp_dir.h"

namespace sluice {
namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

size_t files_of(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    n += e.path().extension() == ".parquet";
  return n;
}

TEST(ParquetFiles, OneFilePerTablePerCommitHoldingEveryFlush) {
  testing::TempDir dir;
  const std::string lake = dir.file("lake");
  std::vector<TableSpec> tables = {{"t", {"id"}, {}, WriteMode::kMerge, ""}};
  LoaderOptions o;
  o.max_buffered_rows = 10;  // a flush every 10 rows: 10 flushes a commit
  o.commit_interval_ms = 0;  // every checkpoint its own commit
  o.write_behind = false;
  auto dest = open_parquet(lake);
  {
    Loader l(*dest, tables, "c", 1000000, o);
    for (int commit = 0; commit < 2; ++commit) {
      for (int k = 0; k < 100; ++k) {
        Record r;
        r.set("id", Value::integer(k));
        r.set("v", Value::integer(commit * 1000 + k));
        // The second commit's rows gain a column and widen `v` to text half way.
        if (commit == 1) r.set("w", Value::string("w" + std::to_string(k)));
        if (commit == 1 && k >= 50) r.set("v", Value::string("text" + std::to_string(k)));
        l.upsert("t", std::move(r));
      }
      l.checkpoint({{"commit", commit}});
    }
    l.finish();
  }
  EXPECT_EQ(files_of(lake + "/t"), 2u);  // was 20: one a flush
  auto read = open_parquet(lake);
  EXPECT_EQ(read->query("SELECT count(*), min(v), max(v), count(w) FROM t").rows,
            (Rows{{"100", "1000", "text99", "100"}}));
  EXPECT_EQ(read->query("SELECT v, w FROM t WHERE id IN (49, 50) ORDER BY id").rows,
            (Rows{{"1049", "w49"}, {"text50", "w50"}}));
}

}  // namespace
}  // namespace sluice

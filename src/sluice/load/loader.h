#pragma once
// The loader receives a connector's operations, shapes records into typed rows (inference,
// widening, new columns), buffers them, and at each checkpoint hands everything to the destination
// in one transaction together with the new state. The destination is only ever called from the
// writer (`WriteBehind`), one call at a time, in the order the operations came.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sluice/load/destination.h"
#include "sluice/load/write_behind.h"
#include "sluice/sdk/emitter.h"

namespace sluice {

struct LoaderOptions {
  // Past this many buffered rows the batches go into the open transaction early, so memory stays
  // bounded even when a connector checkpoints rarely. The commit still waits for the checkpoint.
  size_t max_buffered_rows = 20000;
  // The same bound in values (cells): a wide table's rows flush sooner. While one flush is being
  // written the next fills, so about twice this is in memory.
  size_t max_buffered_values = 80000;
  // A checkpoint commits at once when the last commit is at least this old; otherwise its rows and
  // state wait in the open transaction and the next commit carries them (finish() commits the
  // last). Fewer, larger transactions are much cheaper for DuckDB; what a crash can cost is at
  // most this much re-reading. 0 commits every checkpoint.
  int commit_interval_ms = 1000;
  // A long sync stretches that interval to a quarter of its time so far, up to this: each DuckDB
  // commit compresses every table's last, partly filled row group again, which at 1 s intervals
  // was most of the write stage's cost over the rows themselves. A crash then re-reads at most
  // a quarter of the time the sync had spent (and never more than this).
  int max_commit_interval_ms = 5000;
  // The warehouse is written on a thread of its own while the next rows are shaped (at most one
  // flush queued behind the one being written). Off, every write happens inside the call that
  // caused it, which is what a caller reading the warehouse between calls needs.
  bool write_behind = true;
};

// How old the last commit must be for a checkpoint to commit, `elapsed` into the sync.
std::chrono::milliseconds commit_interval(const LoaderOptions& options,
                                          std::chrono::milliseconds elapsed);

struct TableStats {
  int64_t upserts = 0;
  int64_t updates = 0;
  int64_t deletes = 0;
  int64_t skipped = 0;  // records without a primary key value
  int64_t rows() const { return upserts + updates + deletes; }
};

class Loader : public Emitter {
 public:
  Loader(Destination& destination, const std::vector<TableSpec>& tables, std::string connection,
         int64_t synced_at, LoaderOptions options = {});
  ~Loader() override;

  void upsert(const std::string& table, Record record) override;
  void upsert_row(const std::string& table, const RowShape& shape, const Cell* cells) override;
  void update(const std::string& table, Record record) override;
  void remove(const std::string& table, Record keys) override;
  void truncate(const std::string& table) override;
  void checkpoint(const nlohmann::json& state) override;

  // Commits a checkpoint that is still waiting (the end of a sync).
  void finish();
  // After a failure: commits the last checkpoint if it is still waiting, and drops what came after.
  void abandon();

  const std::map<std::string, TableStats>& stats() const { return stats_; }
  int64_t checkpoints() const { return checkpoints_; }
  // Commits done so far (with write-behind, those the writer has finished).
  int64_t commits() const { return commits_; }
  int64_t operations() const { return operations_; }

 private:
  struct TableState;
  TableState& table(const std::string& name);
  TableState& add_table(const TableSpec& spec);
  void add(OpKind op, const std::string& table, Record record);
  // Counts the row just placed in `batch` and flushes when the buffers are full.
  void row_added(OpKind op, TableState& t, Batch& batch);
  // Places a record's values into the batch's row being filled by looking every field up;
  // remembers the shape.
  static void place(TableState& t, Batch& batch, Record& record);
  void flush();
  void ensure_transaction();
  void commit_pending();

  Destination& dest_;
  std::string connection_;
  int64_t synced_at_;
  LoaderOptions options_;
  std::map<std::string, std::unique_ptr<TableState>> tables_;
  size_t buffered_rows_ = 0;
  size_t buffered_values_ = 0;
  bool in_transaction_ = false;
  std::map<std::string, TableStats> stats_;
  int64_t checkpoints_ = 0;
  int64_t operations_ = 0;
  // The state of the newest checkpoint not yet committed; the open transaction then holds exactly
  // the rows up to it (later rows stay in memory until it commits).
  std::optional<nlohmann::json> pending_state_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_commit_ = started_;
  std::atomic<int64_t> commits_{0};
  WriteBehind writer_;  // last: its queued tasks use the members above
};

}  // namespace sluice

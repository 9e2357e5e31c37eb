#pragma once
// The loader receives a connector's operations, shapes records into typed rows (inference,
// widening, new columns), buffers them, and at each checkpoint hands everything to the destination
// in one transaction together with the new state.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sluice/load/destination.h"
#include "sluice/sdk/emitter.h"

namespace sluice {

struct LoaderOptions {
  // Past this many buffered rows the batches go into the open transaction early, so memory stays
  // bounded even when a connector checkpoints rarely. The commit still waits for the checkpoint.
  size_t max_buffered_rows = 20000;
};

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
  void update(const std::string& table, Record record) override;
  void remove(const std::string& table, Record keys) override;
  void truncate(const std::string& table) override;
  void checkpoint(const nlohmann::json& state) override;

  // Drops what was buffered since the last checkpoint (after a failure).
  void abandon();

  const std::map<std::string, TableStats>& stats() const { return stats_; }
  int64_t checkpoints() const { return checkpoints_; }
  int64_t operations() const { return operations_; }
  // Called after every committed checkpoint (for progress reporting).
  void on_checkpoint(std::function<void()> callback) { on_checkpoint_ = std::move(callback); }

 private:
  struct TableState;
  TableState& table(const std::string& name);
  TableState& add_table(const TableSpec& spec);
  void add(OpKind op, const std::string& table, Record record);
  void flush();
  void ensure_transaction();

  Destination& dest_;
  std::string connection_;
  int64_t synced_at_;
  LoaderOptions options_;
  std::map<std::string, std::unique_ptr<TableState>> tables_;
  size_t buffered_rows_ = 0;
  bool in_transaction_ = false;
  std::map<std::string, TableStats> stats_;
  int64_t checkpoints_ = 0;
  int64_t operations_ = 0;
  std::function<void()> on_checkpoint_;
};

}  // namespace sluice

#pragma once
// Live progress of a sync. On a terminal: one line per table, redrawn in place at most ten times
// a second (cursor up, clear line), with rows and rows/s, and where the connector reported how
// much lies ahead (sdk/progress_report.h) a bar, a percentage and the time left; the final state
// stays on screen. Otherwise no escape codes and no bar: a plain log line now and then, and one
// summary line per table at the end. It sits between the connector and the loader.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "sluice/sdk/emitter.h"
#include "sluice/sdk/progress_report.h"

namespace sluice {

class ProgressEmitter : public Emitter, public ProgressReceiver {
 public:
  ProgressEmitter(Emitter& inner, bool terminal, bool enabled);
  ~ProgressEmitter() override;

  void upsert(const std::string& table, Record record) override;
  void upsert_row(const std::string& table, const RowShape& shape, const Cell* cells) override;
  void update(const std::string& table, Record record) override;
  void remove(const std::string& table, Record keys) override;
  void truncate(const std::string& table) override;
  void snapshot_begins(const std::string& table) override { inner_.snapshot_begins(table); }
  void snapshot_ends(const std::string& table) override { inner_.snapshot_ends(table); }
  void checkpoint(const nlohmann::json& state) override;
  void expect_rows(const std::string& table, int64_t rows) override;
  void read_fraction(const std::string& table, double fraction) override;

  // Draws the final state (every table complete when `succeeded`) and leaves it on screen, or
  // logs one line per table; before the summary is printed. Later calls do nothing.
  void finish(bool succeeded);
  const nlohmann::json& last_state() const { return last_state_; }
  bool has_state() const { return has_state_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Table {
    int64_t rows = 0;
    int64_t expected = -1;          // rows, when the connector said
    double fraction = -1;           // of the read done, when the connector said
    Clock::time_point first, last;  // of its first and latest row or report
  };
  Table& table(const std::string& name);
  void tick(const std::string& table);
  void render(bool force);
  // One line per table; `complete` draws every reported bar full.
  std::vector<std::string> lines(bool complete) const;

  Emitter& inner_;
  bool terminal_;
  bool enabled_;
  bool finished_ = false;
  std::map<std::string, Table> tables_;
  int64_t checkpoints_ = 0;
  int64_t since_check_ = 0;
  Clock::time_point start_, last_render_;
  int drawn_ = 0;  // lines of the block on screen
  nlohmann::json last_state_;
  bool has_state_ = false;
};

}  // namespace sluice

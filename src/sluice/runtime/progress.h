#pragma once
// Live progress of a sync: on a terminal one line redrawn in place (rows and rows/s per table),
// otherwise a plain log line every few seconds. It sits between the connector and the loader.
#include <chrono>
#include <map>
#include <string>

#include "sluice/sdk/emitter.h"

namespace sluice {

class ProgressEmitter : public Emitter {
 public:
  ProgressEmitter(Emitter& inner, bool terminal, bool enabled);
  ~ProgressEmitter() override;

  void upsert(const std::string& table, Record record) override;
  void update(const std::string& table, Record record) override;
  void remove(const std::string& table, Record keys) override;
  void truncate(const std::string& table) override;
  void snapshot_begins(const std::string& table) override { inner_.snapshot_begins(table); }
  void checkpoint(const nlohmann::json& state) override;

  // Clears the live line (before the summary is printed).
  void finish();
  const nlohmann::json& last_state() const { return last_state_; }
  bool has_state() const { return has_state_; }

 private:
  void tick(const std::string& table);
  void render(bool force);

  Emitter& inner_;
  bool terminal_;
  bool enabled_;
  std::map<std::string, int64_t> rows_;
  int64_t checkpoints_ = 0;
  int64_t since_render_ = 0;
  std::chrono::steady_clock::time_point start_, last_render_;
  bool drawn_ = false;
  nlohmann::json last_state_;
  bool has_state_ = false;
};

}  // namespace sluice

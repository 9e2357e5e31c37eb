#pragma once
// Which snapshot tables an answer names in `softDelete`. Fivetran marks deleted the rows of such a
// table that are absent from this sync's answers, so a table qualifies only when its whole read
// lies within one sync: the read began in this call, or in an earlier call of the same sync (the
// request's `sync_id`, kept in the state when the read began). A read resumed in a later sync
// (the one that began it failed) sent its first rows in another sync: naming it would delete them.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace sluice {

class SnapshotDeletes {
 public:
  // Where the marks travel inside the state Fivetran keeps for us; the connector never sees it.
  static constexpr const char* kStateKey = "_sluice_snapshots";

  // Takes the marks out of `state`, leaving the connector's own state there.
  SnapshotDeletes(nlohmann::json& state, std::string sync_id);

  // Both wait for the next checkpoint: an answer that ends before it carries neither.
  void begins(const std::string& table) { pending_began_.push_back(table); }
  // The read listed the whole table (Emitter::truncate, or snapshot_ends after a resumed read).
  void ends(const std::string& table) { pending_ended_.push_back(table); }
  void commit();

  // The connector's state with the marks of snapshot reads still under way.
  nlohmann::json with_marks(nlohmann::json connector_state) const;
  const std::vector<std::string>& tables() const { return tables_; }

 private:
  std::string sync_id_;
  nlohmann::json marks_ = nlohmann::json::object();  // table -> sync_id of the call it began in
  std::set<std::string> began_;                      // whole reads that began in this call
  std::vector<std::string> pending_began_, pending_ended_, tables_;
};

}  // namespace sluice

#include "sluice/protocols/function/snapshot_deletes.h"

#include <algorithm>

#include "sluice/core/log.h"

namespace sluice {

SnapshotDeletes::SnapshotDeletes(nlohmann::json& state, std::string sync_id)
    : sync_id_(std::move(sync_id)) {
  auto it = state.find(kStateKey);
  if (it == state.end()) return;
  if (it->is_object()) marks_ = *it;
  state.erase(it);
}

void SnapshotDeletes::commit() {
  for (const std::string& t : pending_began_) {
    began_.insert(t);
    if (!sync_id_.empty()) marks_[t] = sync_id_;
  }
  for (const std::string& t : pending_ended_) {
    const bool same_sync = !sync_id_.empty() && marks_.value(t, std::string()) == sync_id_;
    marks_.erase(t);
    if (began_.count(t) || same_sync) {
      if (std::find(tables_.begin(), tables_.end(), t) == tables_.end()) tables_.push_back(t);
    } else {
      log_warning("function protocol: the read of " + t +
                  " went on from an earlier call without the same sync_id, so rows removed at "
                  "the source are marked deleted only after its next whole read");
    }
  }
  pending_began_.clear();
  pending_ended_.clear();
}

nlohmann::json SnapshotDeletes::with_marks(nlohmann::json connector_state) const {
  if (!marks_.empty()) connector_state[kStateKey] = marks_;
  return connector_state;
}

}  // namespace sluice

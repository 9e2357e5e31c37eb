#pragma once
// The responses a sync sent that the next sync's look-back (`overlap_minutes` before the cursor,
// kept so that late responses are not missed) will list again. Each is remembered as a hash of its
// uuid and reception time, so the next sync sends only what is new or changed: a platform that
// appends what it is given (Airbyte, Singer) or applies every record (a Fivetran Update) would
// otherwise receive the last hour of responses again on every sync. Bounded: past kMax responses
// in one look-back nothing is remembered and the look-back is sent again, as before.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace sluice::refiner {

class OverlapSeen {
 public:
  static constexpr size_t kMax = 1000;

  // `saved` is the stream's state: its `overlap_seen` (the last sync's) and, in an interrupted
  // read, `overlap_noted` (this sync's so far).
  OverlapSeen(const nlohmann::json& saved, int64_t overlap_micros);

  // Notes a response listed by this read (newest first; `newest` is the newest reception time
  // seen so far) and says whether the last sync already sent it unchanged.
  bool sent_before(std::string_view uuid, int64_t received, int64_t newest);

  // For a checkpoint inside the read: both sets. At the end of the read (`newest` the new cursor):
  // the responses of this read inside the next look-back, or nothing past the bound.
  void write_progress(nlohmann::json& state) const;
  void write_final(nlohmann::json& state, std::optional<int64_t> newest) const;

 private:
  static uint64_t hash(std::string_view uuid, int64_t received);

  int64_t overlap_;
  std::unordered_set<uint64_t> previous_;
  std::vector<std::pair<uint64_t, int64_t>> noted_;  // hash, reception time
  std::unordered_set<uint64_t> noted_set_;
  bool overflow_ = false;
};

}  // namespace sluice::refiner

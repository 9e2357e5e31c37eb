#pragma once
// The Countly sandbox's dataset, generated from (seed, index): apps, groups and app users. User i's
// last-seen time grows with i, so a last-seen range is an index range.
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sluice/sandbox/json_writer.h"

namespace sluice::countly {

struct CountlyShape {
  uint64_t seed = 7;
  int apps = 3;
  int64_t users = 1000;
  int64_t base_time = 0;  // unix seconds of user 0's last_seen
  int64_t spacing = 60;   // seconds between consecutive users' last_seen
};

class CountlyData {
 public:
  explicit CountlyData(CountlyShape shape) : shape_(shape) {}
  CountlyData(const CountlyData&) = delete;
  const CountlyShape& shape() const { return shape_; }

  std::string app_id(int a) const;  // 24 hex characters
  void write_app(JsonWriter& w, int a) const;
  void write_group(JsonWriter& w, int g) const;

  std::string user_id(int64_t i) const;
  // Users added later (add_users) are seen a second apart from `seen_from`.
  int64_t last_seen(int64_t i) const;
  void add_users(int64_t first_index, int64_t seen_from);
  void write_user(JsonWriter& w, int64_t i) const;

 private:
  CountlyShape shape_;
  mutable std::mutex mutex_;
  std::vector<std::pair<int64_t, int64_t>> added_;  // (first index, first last_seen)
};

}  // namespace sluice::countly

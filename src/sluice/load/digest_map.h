#pragma once
// What this process already wrote for each key: a 64-bit key hash mapped to a 64-bit digest of the
// values written. A connector that emits the same partial update again and again (Refiner's
// respondent inside every response) asks it first and skips an update that would change nothing,
// sparing the warehouse a merge. Bounded by `max_bytes`: once full it learns no new keys, and an
// unknown key only means the update is emitted, so a full map costs speed, never correctness.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sluice {

class DigestMap {
 public:
  static constexpr size_t kDefaultMaxBytes = size_t{16} << 20;
  explicit DigestMap(size_t max_bytes = kDefaultMaxBytes);

  // True when `key` was last recorded with `digest`: writing it again changes nothing. Otherwise
  // records `digest` for `key` (when there is room) and returns false.
  bool unchanged(uint64_t key, uint64_t digest);
  // Records `digest` for `key` without asking (a full row was written).
  void record(uint64_t key, uint64_t digest);
  size_t size() const { return size_; }
  size_t bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    uint64_t key = 0;  // 0 marks an empty slot
    uint64_t digest = 0;
  };
  Slot* find_or_insert(uint64_t key, bool& inserted);  // null when full

  size_t max_bytes_;
  std::vector<Slot> slots_;  // open addressing, linear probing, power-of-two size
  size_t size_ = 0;
};

}  // namespace sluice

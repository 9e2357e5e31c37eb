#pragma once
// The 64-bit hashes of the primary keys written to a table during this process. A hash that is
// absent proves the key is new, so its row can be appended without a merge; a hash that is present
// (a repeat, or a rare collision) only sends the batch down the exact, slower merge path. Eight
// bytes per key, against DuckDB's index of the full key values.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sluice {

class KeySet {
 public:
  // Adds `hash`; false when it was already there.
  bool insert(uint64_t hash);
  bool contains(uint64_t hash) const;
  size_t size() const { return size_; }
  void clear();

 private:
  void grow();
  std::vector<uint64_t> slots_;  // open addressing, linear probing; 0 marks an empty slot
  size_t size_ = 0;
};

}  // namespace sluice

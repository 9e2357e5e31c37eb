#pragma once
// The 64-bit hashes of the primary keys written to a table during this process. A hash that is
// absent proves the key is new, so its row can be appended without a merge; a hash that may be
// present (a repeat, or a rare false positive) only sends the row down the exact, slower merge
// path. Exact at eight bytes per key while that fits `max_bytes`; past it, a Bloom filter of
// `max_bytes` takes over, so memory stays bounded by the setting whatever the table's size.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sluice {

class KeySet {
 public:
  static constexpr size_t kDefaultMaxBytes = size_t{16} << 20;
  explicit KeySet(size_t max_bytes = kDefaultMaxBytes);

  // Adds `hash`; false when it may have been there already.
  bool insert(uint64_t hash);
  bool contains(uint64_t hash) const;
  // insert() of each hash in turn, fetching the slots a few keys ahead (in a large set each is a
  // cache miss); `added[i]` is what insert(hashes[i]) returned. Returns how many were added.
  size_t insert_all(const std::vector<uint64_t>& hashes, std::vector<bool>& added);
  bool approximate() const { return !bloom_.empty(); }
  size_t bytes() const { return (slots_.size() + bloom_.size()) * sizeof(uint64_t); }
  void clear();

 private:
  void grow();
  bool bloom_insert(uint64_t hash);
  bool bloom_contains(uint64_t hash) const;
  const void* home(uint64_t hash) const;  // where insert(hash) looks first

  size_t max_bytes_;
  std::vector<uint64_t> slots_;  // exact: open addressing, linear probing; 0 marks an empty slot
  size_t size_ = 0;
  std::vector<uint64_t> bloom_;  // approximate: blocks of 512 bits, a key's bits in one block
};

}  // namespace sluice

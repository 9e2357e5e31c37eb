#include "sluice/load/key_set.h"

#include <algorithm>
#include <bit>

namespace sluice {
namespace {
constexpr size_t kFirstSlots = 1024;
// Past the budget a key sets ten bits within one 512-bit block (a cache line): one miss per
// lookup, and about 8 in a million false positives at the 28 bits per key a 16 MB filter gives
// 4.75 million keys — each false positive costs a merge that scans the table, so they must be rare.
constexpr int kBitsPerKey = 10;
constexpr size_t kBlockWords = 8;

// The ten 9-bit positions come from a second mix of the hash; the block from its high bits.
uint64_t remix(uint64_t h) {
  h ^= h >> 31;
  h *= 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 29);
}

size_t block_index(uint64_t hash, size_t blocks) {
  return static_cast<size_t>(hash >> 32) & (blocks - 1);
}

// Calls `at(word, mask)` for the key's ten bits within its block.
template <typename At>
void for_each_bit(uint64_t hash, At at) {
  const uint64_t a = remix(hash), b = remix(hash ^ 0xc2b2ae3d27d4eb4fULL);
  for (int i = 0; i < kBitsPerKey; ++i) {
    const uint64_t pos = (i < 7 ? a >> (9 * i) : b >> (9 * (i - 7))) & 511;
    at(static_cast<size_t>(pos >> 6), uint64_t{1} << (pos & 63));
  }
}

// 0 marks an empty slot, so a hash of 0 is stored as 1 (a collision the merge path absorbs).
uint64_t stored(uint64_t h) {
  return h ? h : 1;
}
}  // namespace

KeySet::KeySet(size_t max_bytes) : max_bytes_(std::max(max_bytes, kFirstSlots * 8)) {}

bool KeySet::insert(uint64_t hash) {
  const uint64_t h = stored(hash);
  if (!bloom_.empty()) return bloom_insert(h);
  if ((size_ + 1) * 10 > slots_.size() * 7) {
    grow();
    if (!bloom_.empty()) return bloom_insert(h);
  }
  size_t mask = slots_.size() - 1;
  for (size_t at = h & mask;; at = (at + 1) & mask) {
    if (slots_[at] == h) return false;
    if (slots_[at] == 0) {
      slots_[at] = h;
      ++size_;
      return true;
    }
  }
}

bool KeySet::contains(uint64_t hash) const {
  const uint64_t h = stored(hash);
  if (!bloom_.empty()) return bloom_contains(h);
  if (slots_.empty()) return false;
  size_t mask = slots_.size() - 1;
  for (size_t at = h & mask;; at = (at + 1) & mask) {
    if (slots_[at] == h) return true;
    if (slots_[at] == 0) return false;
  }
}

size_t KeySet::insert_all(const std::vector<uint64_t>& hashes, std::vector<bool>& added) {
  constexpr size_t kAhead = 8;
  added.assign(hashes.size(), false);
  size_t n = 0;
  for (size_t i = 0; i < hashes.size(); ++i) {
    // After a growth the addresses fetched ahead are stale: that costs a miss, never a wrong
    // answer.
    if (i + kAhead < hashes.size()) __builtin_prefetch(home(hashes[i + kAhead]), 1);
    if (insert(hashes[i])) added[i] = true, ++n;
  }
  return n;
}

const void* KeySet::home(uint64_t hash) const {
  const uint64_t h = stored(hash);
  if (!bloom_.empty()) return &bloom_[block_index(h, bloom_.size() / kBlockWords) * kBlockWords];
  if (slots_.empty()) return nullptr;
  return &slots_[h & (slots_.size() - 1)];
}

void KeySet::clear() {
  slots_ = {};
  bloom_ = {};
  size_ = 0;
}

void KeySet::grow() {
  std::vector<uint64_t> old;
  old.swap(slots_);
  const size_t want = old.empty() ? kFirstSlots : old.size() * 2;
  if (want * sizeof(uint64_t) > max_bytes_) {
    // The largest power-of-two block count within the budget.
    const size_t blocks = std::bit_floor(std::max<size_t>(1, max_bytes_ / (8 * kBlockWords)));
    bloom_.assign(blocks * kBlockWords, 0);
    for (uint64_t h : old)
      if (h) bloom_insert(h);
    return;
  }
  slots_.assign(want, 0);
  size_t mask = slots_.size() - 1;
  for (uint64_t h : old) {
    if (!h) continue;
    size_t at = h & mask;
    while (slots_[at]) at = (at + 1) & mask;
    slots_[at] = h;
  }
}

bool KeySet::bloom_insert(uint64_t hash) {
  uint64_t* block = &bloom_[block_index(hash, bloom_.size() / kBlockWords) * kBlockWords];
  bool added = false;
  for_each_bit(hash, [&](size_t word, uint64_t mask) {
    added |= !(block[word] & mask);
    block[word] |= mask;
  });
  return added;
}

bool KeySet::bloom_contains(uint64_t hash) const {
  const uint64_t* block = &bloom_[block_index(hash, bloom_.size() / kBlockWords) * kBlockWords];
  bool all = true;
  for_each_bit(hash, [&](size_t word, uint64_t mask) { all &= (block[word] & mask) != 0; });
  return all;
}

}  // namespace sluice

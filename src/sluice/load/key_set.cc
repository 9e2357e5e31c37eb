#include "sluice/load/key_set.h"

#include <algorithm>
#include <bit>

namespace sluice {
namespace {
constexpr size_t kFirstSlots = 1024;
constexpr int kBitsPerKey = 6;  // bits set within the key's word: one cache miss per lookup

// 0 marks an empty slot, so a hash of 0 is stored as 1 (a collision the merge path absorbs).
uint64_t stored(uint64_t h) {
  return h ? h : 1;
}

// The word is chosen by the hash's high 28 bits, the bits within it by six 6-bit slices of the low.
uint64_t word_mask(uint64_t hash) {
  uint64_t mask = 0;
  for (int i = 0; i < kBitsPerKey; ++i) mask |= uint64_t{1} << ((hash >> (6 * i)) & 63);
  return mask;
}

size_t word_index(uint64_t hash, size_t words) {
  return static_cast<size_t>(hash >> 36) & (words - 1);
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
    // The largest power-of-two word count within the budget.
    bloom_.assign(std::bit_floor(max_bytes_ / sizeof(uint64_t)), 0);
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
  uint64_t& word = bloom_[word_index(hash, bloom_.size())];
  const uint64_t mask = word_mask(hash);
  if ((word & mask) == mask) return false;
  word |= mask;
  return true;
}

bool KeySet::bloom_contains(uint64_t hash) const {
  const uint64_t mask = word_mask(hash);
  return (bloom_[word_index(hash, bloom_.size())] & mask) == mask;
}

}  // namespace sluice

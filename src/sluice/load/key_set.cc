#include "sluice/load/key_set.h"

namespace sluice {
namespace {
// 0 marks an empty slot, so a hash of 0 is stored as 1 (a collision the merge path absorbs).
uint64_t stored(uint64_t h) {
  return h ? h : 1;
}
}  // namespace

bool KeySet::insert(uint64_t hash) {
  if ((size_ + 1) * 10 > slots_.size() * 7) grow();
  uint64_t h = stored(hash);
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
  if (slots_.empty()) return false;
  uint64_t h = stored(hash);
  size_t mask = slots_.size() - 1;
  for (size_t at = h & mask;; at = (at + 1) & mask) {
    if (slots_[at] == h) return true;
    if (slots_[at] == 0) return false;
  }
}

void KeySet::clear() {
  slots_.clear();
  slots_.shrink_to_fit();
  size_ = 0;
}

void KeySet::grow() {
  std::vector<uint64_t> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  size_t mask = slots_.size() - 1;
  for (uint64_t h : old) {
    if (!h) continue;
    size_t at = h & mask;
    while (slots_[at]) at = (at + 1) & mask;
    slots_[at] = h;
  }
}

}  // namespace sluice

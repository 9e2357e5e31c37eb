#include "sluice/load/digest_map.h"

namespace sluice {
namespace {
constexpr size_t kFirstSlots = 1024;

// 0 marks an empty slot, so a key hash of 0 is kept as 1; two keys sharing a hash can only make
// one of them look changed, which emits an update that was not needed.
uint64_t stored(uint64_t key) {
  return key ? key : 1;
}
}  // namespace

DigestMap::DigestMap(size_t max_bytes) : max_bytes_(max_bytes) {}

DigestMap::Slot* DigestMap::find_or_insert(uint64_t key, bool& inserted) {
  inserted = false;
  if ((size_ + 1) * 10 > slots_.size() * 7) {
    const size_t want = slots_.empty() ? kFirstSlots : slots_.size() * 2;
    if (want * sizeof(Slot) <= max_bytes_) {
      std::vector<Slot> old(want);
      old.swap(slots_);
      const size_t mask = slots_.size() - 1;
      for (const Slot& s : old) {
        if (!s.key) continue;
        size_t at = s.key & mask;
        while (slots_[at].key) at = (at + 1) & mask;
        slots_[at] = s;
      }
    }
  }
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t at = key & mask;; at = (at + 1) & mask) {
    Slot& s = slots_[at];
    if (s.key == key) return &s;
    if (!s.key) {
      // Past the load limit the table is full for good: it learns no new keys.
      if ((size_ + 1) * 10 > slots_.size() * 7) return nullptr;
      s.key = key;
      ++size_;
      inserted = true;
      return &s;
    }
  }
}

bool DigestMap::unchanged(uint64_t key, uint64_t digest) {
  bool inserted = false;
  Slot* s = find_or_insert(stored(key), inserted);
  if (!s) return false;
  const bool same = !inserted && s->digest == digest;
  s->digest = digest;
  return same;
}

void DigestMap::record(uint64_t key, uint64_t digest) {
  bool inserted = false;
  if (Slot* s = find_or_insert(stored(key), inserted)) s->digest = digest;
}

}  // namespace sluice

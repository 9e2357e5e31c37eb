#pragma once
// splitmix64: well-spread 64-bit hashes from counters, as key_hash gives, for the hash-set tests.
#include <cstdint>

namespace sluice::testing {

inline uint64_t spread(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace sluice::testing

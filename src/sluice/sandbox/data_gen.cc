#include "sluice/sandbox/data_gen.h"

#include <cstdio>

namespace sluice {

uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t pick(uint64_t seed, uint64_t a, uint64_t b) {
  return mix64(mix64(mix64(seed) ^ a) ^ b);
}

std::string fake_uuid(uint64_t seed, uint64_t kind, uint64_t index) {
  uint64_t h1 = pick(seed, kind, index), h2 = pick(seed ^ 0x5bd1e995, kind, index);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(h1 >> 32),
                static_cast<unsigned>((h1 >> 16) & 0xffff), static_cast<unsigned>(h1 & 0xfff),
                static_cast<unsigned>(0x8000 | ((h2 >> 48) & 0x3fff)),
                static_cast<unsigned long long>(h2 & 0xffffffffffffULL));
  return buf;
}

}  // namespace sluice

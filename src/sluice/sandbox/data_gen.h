#pragma once
// Deterministic data for sandboxes: every generated value is a pure function of (seed, index), so
// a sandbox never stores its dataset and two runs with one seed serve identical bytes.
#include <cstdint>
#include <string>

namespace sluice {

uint64_t mix64(uint64_t x);
// A uniformly spread number from a seed and up to two indices.
uint64_t pick(uint64_t seed, uint64_t a, uint64_t b = 0);
// A version-4-shaped UUID derived from the inputs.
std::string fake_uuid(uint64_t seed, uint64_t kind, uint64_t index);

}  // namespace sluice

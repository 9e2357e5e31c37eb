#include "connectors/refiner/refiner_overlap.h"

#include <cstdio>
#include <string>

#include "sluice/core/timestamp.h"

namespace sluice::refiner {
namespace {

std::string hex(uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::optional<uint64_t> unhex(const nlohmann::json& j) {
  if (!j.is_string()) return std::nullopt;
  const std::string& s = j.get_ref<const std::string&>();
  if (s.size() != 16) return std::nullopt;
  try {
    return std::stoull(s, nullptr, 16);
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

OverlapSeen::OverlapSeen(const nlohmann::json& saved, int64_t overlap_micros)
    : overlap_(overlap_micros) {
  if (!saved.is_object()) return;
  if (saved.contains("overlap_seen") && saved["overlap_seen"].is_array())
    for (const auto& e : saved["overlap_seen"])
      if (auto h = unhex(e)) previous_.insert(*h);
  // An interrupted read's own list: [hash, reception time] pairs.
  if (saved.contains("overlap_noted") && saved["overlap_noted"].is_array())
    for (const auto& e : saved["overlap_noted"]) {
      if (!e.is_array() || e.size() != 2 || !e[1].is_string()) continue;
      auto h = unhex(e[0]);
      auto t = parse_timestamp(e[1].get<std::string>());
      if (h && t && noted_set_.insert(*h).second) noted_.emplace_back(*h, *t);
    }
  if (saved.value("overlap_overflow", false)) overflow_ = true;
}

// FNV-1a: stable across builds and machines, since the hashes live in the state.
uint64_t OverlapSeen::hash(std::string_view uuid, int64_t received) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  for (char c : uuid) mix(static_cast<unsigned char>(c));
  mix('@');
  for (int k = 0; k < 8; ++k) mix(static_cast<unsigned char>(received >> (8 * k)));
  return h;
}

bool OverlapSeen::sent_before(std::string_view uuid, int64_t received, int64_t newest) {
  const uint64_t h = hash(uuid, received);
  // Newest first: once below the look-back of the newest, nothing more needs noting.
  if (!overflow_ && received >= newest - overlap_ && noted_set_.insert(h).second) {
    noted_.emplace_back(h, received);
    if (noted_.size() > kMax) overflow_ = true;
  }
  return previous_.count(h) > 0;
}

void OverlapSeen::write_progress(nlohmann::json& state) const {
  if (!previous_.empty()) {
    nlohmann::json seen = nlohmann::json::array();
    for (uint64_t h : previous_) seen.push_back(hex(h));
    state["overlap_seen"] = std::move(seen);
  }
  if (overflow_) {
    state["overlap_overflow"] = true;
  } else if (!noted_.empty()) {
    nlohmann::json noted = nlohmann::json::array();
    for (const auto& [h, t] : noted_) noted.push_back({hex(h), format_timestamp(t)});
    state["overlap_noted"] = std::move(noted);
  }
}

void OverlapSeen::write_final(nlohmann::json& state, std::optional<int64_t> newest) const {
  if (overflow_ || !newest) return;
  nlohmann::json seen = nlohmann::json::array();
  for (const auto& [h, t] : noted_)
    if (t >= *newest - overlap_) seen.push_back(hex(h));
  if (!seen.empty()) state["overlap_seen"] = std::move(seen);
}

}  // namespace sluice::refiner

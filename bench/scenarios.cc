#include "bench/scenarios.h"

namespace sluice::bench {

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = {
      // Refiner: 4,000 requests a minute per key.
      {"refiner",
       "responses",
       "responses",
       1000000,
       20000,
       {{"rate-limit", "4000"}},
       {},
       "refiner.yaml"},
      // Qualtrics: its per-endpoint limits (the sandbox's defaults follow the reference).
      {"qualtrics", "responses", "responses", 200000, 20000, {}, {}},
      // Countly and SenSource document no request limit: the paced scenario adds latency only.
      {"countly", "users", "users", 200000, 20000, {}, {}},
      {"sensource",
       "locations",
       "locations",
       20,
       2,
       {},
       {{"data-start", "2025-06-01"}},
       "sensource.yaml"},
  };
  return all;
}

const Scenario* find_scenario(const std::string& connector) {
  for (const auto& s : scenarios())
    if (s.connector == connector) return &s;
  return nullptr;
}

}  // namespace sluice::bench

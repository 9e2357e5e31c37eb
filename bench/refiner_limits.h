#pragma once
// Two more limits for the Refiner data, each measured alone: (a) downloading every page with no
// processing, (b) parsing those bytes with simdjson and nothing else.
#include <string>

namespace sluice::bench {

struct RefinerLimits {
  double download_seconds = 0;
  long long bytes = 0;
  long long pages = 0;
  double parse_seconds = 0;
  long long items = 0;
};

// `config` is the Refiner configuration pointing at the sandbox.
RefinerLimits measure_refiner_limits(const std::string& config_json);

}  // namespace sluice::bench

#pragma once
// More limits for the Refiner data, each measured alone: (a) downloading every page with no
// processing, (b) parsing those bytes with simdjson and nothing else; and the honest limit's
// first half: the CPU of the fetching thread alone to fetch and inflate the same pages served
// from pre-rendered memory (the sandbox's generating and gzipping run on other threads), and of
// parsing them with simdjson.
#include <string>

namespace sluice::bench {

struct RefinerLimits {
  double download_seconds = 0;
  long long bytes = 0;
  long long pages = 0;
  double parse_seconds = 0;
  long long items = 0;
  double fetch_cpu_seconds = 0;  // fetch + inflate, the fetching thread's CPU
  double parse_cpu_seconds = 0;
};

// `config` is the Refiner configuration pointing at the sandbox.
RefinerLimits measure_refiner_limits(const std::string& config_json);

}  // namespace sluice::bench

#pragma once
// The machine's limits for the Refiner data, each measured alone: (a) downloading every page with
// no processing, (b) parsing those bytes with simdjson and nothing else, (c) appending the same
// rows into DuckDB with nothing else.
#include <string>

namespace sluice::bench {

struct Limits {
  double download_seconds = 0;
  long long bytes = 0;
  long long pages = 0;
  double parse_seconds = 0;
  long long items = 0;
  double append_seconds = 0;
  long long rows = 0;
};

// `config` is the Refiner configuration pointing at the sandbox; `scratch` a folder for files.
Limits measure_refiner_limits(const std::string& config_json, const std::string& scratch);

}  // namespace sluice::bench

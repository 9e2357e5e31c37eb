#pragma once
// One benchmark scenario per connector: which sandbox flag sets the data's size, what a default
// run uses, and the rate limits of its paced scenario (as the source's reference gives them).
#include <map>
#include <string>
#include <vector>

namespace sluice::bench {

struct Scenario {
  std::string connector;
  std::string size_flag;  // the sandbox flag the size goes to
  std::string unit;       // what the size counts, for the report
  long long size = 0;     // default size of the full sync
  long long paced_size = 0;
  // Sandbox flags of the paced scenario besides latency (rate limits); empty: no paced scenario.
  std::map<std::string, std::string> paced_flags;
  std::map<std::string, std::string> extra_flags;  // flags both scenarios use
  // A declarative twin (examples/declarative/<file>) synced from the same sandbox for its CPU
  // ratio.
  std::string yaml_twin;
};

const std::vector<Scenario>& scenarios();
const Scenario* find_scenario(const std::string& connector);

}  // namespace sluice::bench

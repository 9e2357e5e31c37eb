#pragma once
// Runs a command as a child and measures it apart from the harness: wall time, user and system
// CPU seconds from the kernel's accounting of that child alone, and its peak resident memory.
#include <string>
#include <vector>

namespace sluice::bench {

struct Measured {
  int exit_code = -1;
  double wall_seconds = 0;
  double user_seconds = 0;
  double system_seconds = 0;
  long peak_rss_kb = 0;
  std::string err;  // the child's stderr
};

Measured run_measured(const std::vector<std::string>& args, const std::string& workdir);

}  // namespace sluice::bench

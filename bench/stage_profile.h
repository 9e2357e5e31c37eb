#pragma once
// CPU by stage from one profiled run of a sync: `perf record` with DWARF call stacks, then each
// stage's share of the samples is the share under the function that begins it (inclusive):
// fetch+inflate under HttpClient::perform, parse under Requester::parse_json, write under the
// writer thread (WriteBehind::work); shape is the rest (the connector turning parsed pages into
// rows and the loader buffering them).
#include <map>
#include <string>
#include <vector>

namespace sluice::bench {

struct StageProfile {
  bool ok = false;
  std::string why;                       // when not ok: what failed (perf missing, refused)
  std::map<std::string, double> shares;  // stage -> fraction of the sync's samples
  std::vector<std::pair<std::string, double>> top;  // self time: symbol, fraction
};

// Runs `args` (a sync, in `workdir`) under perf.
StageProfile profile_stages(const std::vector<std::string>& args, const std::string& workdir);

}  // namespace sluice::bench

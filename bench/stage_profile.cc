#include "bench/stage_profile.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "support/process.h"

namespace sluice::bench {
namespace {

// perf's path on PATH (spawn_process does not search it); empty when absent.
std::string perf_binary() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (::access((dir + "/perf").c_str(), X_OK) == 0) return dir + "/perf";
  return {};
}

// `perf report` lines: "  12.34%   0.56%  [.] symbol" (children, self) or "  0.56%  [.] symbol".
struct Line {
  double first = 0, second = 0;
  std::string symbol;
};

std::vector<Line> report(const std::string& data, bool children, const std::string& workdir) {
  const std::string out = workdir + "/perf.report";
  const std::string err = workdir + "/perf.report.err";
  std::vector<std::string> args = {perf_binary(), "report",          "-i",     data,
                                   "--stdio",     "--sort",          "symbol", "-g",
                                   "none",        "--percent-limit", "0.3"};
  args.push_back(children ? "--children" : "--no-children");
  if (testing::wait_process(testing::spawn_process(args, out, err, workdir)) != 0) return {};
  std::istringstream text(testing::read_file(out));
  std::vector<Line> lines;
  for (std::string s; std::getline(text, s);) {
    if (s.empty() || s[0] == '#') continue;
    Line l;
    char* end = nullptr;
    l.first = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '%') continue;
    if (children) l.second = std::strtod(end + 1, &end);
    auto at = s.find("] ");
    if (at == std::string::npos) continue;
    l.symbol = s.substr(at + 2);
    // Past the name: padding and the IPC columns ("-      -").
    while (!l.symbol.empty() && (l.symbol.back() == ' ' || l.symbol.back() == '-'))
      l.symbol.pop_back();
    lines.push_back(l);
  }
  return lines;
}

// The largest inclusive share of a symbol whose name contains `needle`.
double inclusive(const std::vector<Line>& lines, const std::string& needle) {
  double best = 0;
  for (const auto& l : lines)
    if (l.symbol.find(needle) != std::string::npos) best = std::max(best, l.first);
  return best / 100;
}

}  // namespace

StageProfile profile_stages(const std::vector<std::string>& args, const std::string& workdir) {
  StageProfile p;
  const std::string data = workdir + "/perf.data";
  if (perf_binary().empty()) {
    p.why = "perf is not installed (Debian: linux-perf)";
    return p;
  }
  std::vector<std::string> perf = {perf_binary(),  "record",      "-q", "-F", "999",
                                   "--call-graph", "dwarf,16384", "-o", data, "--"};
  perf.insert(perf.end(), args.begin(), args.end());
  const int code = testing::wait_process(
      testing::spawn_process(perf, "/dev/null", workdir + "/perf.err", workdir));
  if (code != 0) {
    p.why = "perf record exited " + std::to_string(code) + ": " +
            testing::read_file(workdir + "/perf.err").substr(0, 300);
    return p;
  }
  std::vector<Line> incl = report(data, true, workdir);
  std::vector<Line> self = report(data, false, workdir);
  if (incl.empty() || self.empty()) {
    p.why = "perf report gave nothing";
    return p;
  }
  const double fetch = inclusive(incl, "sluice::HttpClient::perform");
  const double parse = inclusive(incl, "sluice::Requester::parse_json");
  const double write = inclusive(incl, "sluice::WriteBehind::work");
  p.shares = {{"fetch+inflate", fetch},
              {"parse", parse},
              {"write", write},
              {"shape", std::max(0.0, 1 - fetch - parse - write)}};
  for (size_t k = 0; k < self.size() && k < 15; ++k)
    p.top.emplace_back(self[k].symbol, self[k].first / 100);
  p.ok = true;
  std::remove(data.c_str());
  return p;
}

}  // namespace sluice::bench

#include "bench/bench_process.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/process.h"

namespace sluice::bench {
namespace {

// The child's own high-water mark of resident memory (VmHWM), 0 once it is gone or while it is
// still the harness's copy (before exec it holds the harness's memory). Not the kernel's
// ru_maxrss, which counts that copy too.
long high_water_kb(pid_t pid) {
  std::error_code ec;
  const std::string proc = "/proc/" + std::to_string(pid);
  if (std::filesystem::read_symlink(proc + "/exe", ec) ==
      std::filesystem::read_symlink("/proc/self/exe", ec))
    return 0;
  std::ifstream status(proc + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

}  // namespace

Measured run_measured(const std::vector<std::string>& args, const std::string& workdir) {
  std::string err_file = workdir + "/bench.err";
  auto start = std::chrono::steady_clock::now();
  pid_t pid = testing::spawn_process(args, "/dev/null", err_file, workdir);
  int status = 0;
  rusage usage{};
  Measured m;
  // Sampled every 10 ms: the mark only grows, so the last sample misses at most the final 10 ms.
  while (::wait4(pid, &status, WNOHANG, &usage) == 0) {
    m.peak_rss_kb = std::max(m.peak_rss_kb, high_water_kb(pid));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.user_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  m.system_seconds = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  m.err = testing::read_file(err_file);
  return m;
}

}  // namespace sluice::bench

#include "bench/bench_process.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "support/process.h"

namespace sluice::bench {

Measured run_measured(const std::vector<std::string>& args, const std::string& workdir) {
  std::string err_file = workdir + "/bench.err";
  auto start = std::chrono::steady_clock::now();
  pid_t pid = testing::spawn_process(args, "/dev/null", err_file, workdir);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  Measured m;
  m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.user_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  m.system_seconds = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  m.peak_rss_kb = usage.ru_maxrss;
  m.err = testing::read_file(err_file);
  return m;
}

}  // namespace sluice::bench

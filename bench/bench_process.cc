#include "bench/bench_process.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace sluice::bench {

Measured run_measured(const std::vector<std::string>& args, const std::string& workdir) {
  std::string err_file = workdir + "/bench.err";
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(workdir.c_str()) != 0) ::_exit(126);
    int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int out = ::open("/dev/null", O_WRONLY);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  Measured m;
  m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.user_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
  m.system_seconds = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  m.peak_rss_kb = usage.ru_maxrss;
  std::ifstream in(err_file);
  std::stringstream s;
  s << in.rdbuf();
  m.err = s.str();
  return m;
}

}  // namespace sluice::bench

#include "support/process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

namespace sluice::testing {

pid_t spawn_process(const std::vector<std::string>& args, const std::string& out_file,
                    const std::string& err_file, const std::string& workdir) {
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(workdir.c_str()) != 0) ::_exit(126);
    int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int wait_process(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

ProcessResult run_process(const std::vector<std::string>& args, const std::string& workdir) {
  TempDir scratch;
  std::string out = scratch.file("out"), err = scratch.file("err");
  pid_t pid = spawn_process(args, out, err, workdir);
  ProcessResult r;
  r.exit_code = wait_process(pid);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string sluice_binary() {
  return SLUICE_BINARY;
}

}  // namespace sluice::testing

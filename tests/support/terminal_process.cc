#include "support/terminal_process.h"

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace sluice::testing {

ProcessResult run_on_terminal(const std::vector<std::string>& args, const std::string& workdir,
                              int columns) {
  int master = -1;
  winsize size{};
  size.ws_row = 40;
  size.ws_col = static_cast<unsigned short>(columns);
  pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
  ProcessResult r;
  if (pid < 0) {
    r.err = "forkpty failed";
    return r;
  }
  if (pid == 0) {
    if (::chdir(workdir.c_str()) != 0) ::_exit(126);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  // Read until the child's side closes (EIO on Linux once it has exited).
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n > 0) {
      r.out.append(buf, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  ::close(master);
  r.exit_code = wait_process(pid);
  return r;
}

}  // namespace sluice::testing

#include "support/serve_process.h"

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <regex>
#include <thread>

#include "support/process.h"

namespace sluice::testing {

ServeProcess::ServeProcess(const std::vector<std::string>& args, const std::string& workdir,
                           const std::string& name)
    : out_file_(workdir + "/" + name + ".out"), err_file_(workdir + "/" + name + ".err") {
  std::vector<std::string> command = {sluice_binary()};
  command.insert(command.end(), args.begin(), args.end());
  command.insert(command.end(), {"--port", "0"});
  pid_ = spawn_process(command, out_file_, err_file_, workdir);
  static const std::regex kPort("on port ([0-9]+)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int status = 0;
  std::smatch m;
  while (std::chrono::steady_clock::now() < deadline && ::waitpid(pid_, &status, WNOHANG) == 0) {
    std::string text = read_file(out_file_);
    if (std::regex_search(text, m, kPort)) {
      port_ = m[1];
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServeProcess::~ServeProcess() {
  ::kill(pid_, SIGTERM);
  wait_process(pid_);
}

std::string ServeProcess::out() const {
  return read_file(out_file_) + read_file(err_file_);
}

}  // namespace sluice::testing

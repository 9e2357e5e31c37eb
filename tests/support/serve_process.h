#pragma once
// A `sluice serve ...` child process on a free port, as a test starts one: it waits for the log
// line naming the port and stops the server (SIGTERM) when it goes out of scope.
#include <sys/types.h>

#include <string>
#include <vector>

namespace sluice::testing {

class ServeProcess {
 public:
  // Runs `sluice <args>` (with `--port 0`) in `workdir`, its output in `<workdir>/<name>.out`
  // and `.err`; after it, port() is empty when the server never said where it listens (30 s).
  ServeProcess(const std::vector<std::string>& args, const std::string& workdir,
               const std::string& name);
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  const std::string& port() const { return port_; }
  std::string out() const;  // everything it printed so far on stdout, then stderr

 private:
  pid_t pid_ = 0;
  std::string out_file_, err_file_, port_;
};

}  // namespace sluice::testing

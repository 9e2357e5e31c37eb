#pragma once
// Runs the real `sluice` binary as a child process, as a user would, capturing its output.
#include <sys/types.h>

#include <string>
#include <vector>

namespace sluice::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `args` (args[0] is the program) to completion in `workdir`.
ProcessResult run_process(const std::vector<std::string>& args, const std::string& workdir = ".");

// Starts `args` with stdout and stderr sent to files; returns the child's pid.
pid_t spawn_process(const std::vector<std::string>& args, const std::string& out_file,
                    const std::string& err_file, const std::string& workdir = ".");
// Waits for the child; its exit code, or 128 + signal when a signal ended it.
int wait_process(pid_t pid);

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

// The path of the built `sluice` binary.
std::string sluice_binary();

}  // namespace sluice::testing

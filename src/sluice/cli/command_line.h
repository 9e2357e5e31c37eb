#pragma once
// The command line of `sluice`, built from the verb table (verbs.h) with CLI11: help on every
// verb, typos answered with the nearest option, bash completion from the same definitions.
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "sluice/cli/args.h"
#include "sluice/cli/verbs.h"

namespace CLI {
class App;
}

namespace sluice::cli {

class CommandLine {
 public:
  explicit CommandLine(const DefineContext& context);
  ~CommandLine();
  // Parses and runs; a usage error is one sentence naming the verb, and exit code 64.
  int run(int argc, char** argv);
  const CLI::App& app() const { return *app_; }

 private:
  std::unique_ptr<CLI::App> app_;
  std::deque<Args> args_;
  int dispatch();
  std::string usage_error(const std::string& what) const;
};

// Parses `argv` and runs the verb it names; the process exit code.
int run_command_line(int argc, char** argv);

}  // namespace sluice::cli

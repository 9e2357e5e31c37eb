// Every numeric option of every verb refuses what is not a number in its range in one sentence
// with exit 64, before it listens, reads or writes anything (each once ended in an uncaught
// std::invalid_argument from std::stoi: "internal error", exit 70, or a crash).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace sluice::testing {
namespace {

struct Case {
  std::vector<std::string> verb;  // the command up to the option
  std::string option;
  std::string range;  // the range the sentence must name
};

TEST(NumberOptions, EveryBadNumberIsOneSentenceAndExit64) {
  TempDir dir;
  const std::string wh = (dir.path() / "w.duckdb").string();
  const std::vector<Case> cases = {
      {{"serve", "grpc", "--connector", "refiner"}, "port", "from 0 to 65535"},
      {{"serve", "function", "--connector", "refiner"}, "port", "from 0 to 65535"},
      {{"serve", "function", "--connector", "refiner"}, "max-response-bytes", "from 1 to"},
      {{"serve", "function", "--connector", "refiner"}, "max-seconds", "from 1 to 21600"},
      {{"serve", "function", "--connector", "refiner"}, "max-calls", "from 1 to 256"},
      {{"sandbox", "refiner"}, "port", "from 0 to 65535"},
      {{"sandbox", "refiner"}, "latency-ms", "from 0 to 600000"},
      {{"sync", "refiner", "--warehouse", wh}, "buffer-rows", "from 1 to 100000000"},
      {{"query", "SELECT 1", "--warehouse", wh}, "max-width", "from 4 to 100000"},
  };
  for (const Case& c : cases) {
    for (const char* bad : {"abc", "99999999999", "-7", "12x", ""}) {
      std::vector<std::string> cmd = {sluice_binary()};
      cmd.insert(cmd.end(), c.verb.begin(), c.verb.end());
      cmd.push_back("--" + c.option);
      cmd.push_back(bad);
      ProcessResult r = run_process(cmd, dir.path().string());
      const std::string what = c.verb[0] + " --" + c.option + " \"" + bad + "\"";
      EXPECT_EQ(r.exit_code, 64) << what << ": " << r.err;
      EXPECT_NE(r.err.find("--" + c.option + " takes"), std::string::npos) << what << ": " << r.err;
      EXPECT_NE(r.err.find(c.range), std::string::npos) << what << ": " << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << what << ": " << r.err;
      EXPECT_EQ(r.err.find("internal"), std::string::npos) << what << ": " << r.err;
    }
  }
  // Nothing was created by a refused sync.
  EXPECT_FALSE(std::filesystem::exists(wh));
}

}  // namespace
}  // namespace sluice::testing

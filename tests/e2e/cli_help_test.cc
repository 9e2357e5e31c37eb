// Every verb answers --help with its usage, its options and an example, exits 0 and starts
// nothing (`sandbox <c> --help` once started a server); typos get the verb and the nearest option
// in one sentence with exit 64; `sluice completion bash` completes from the same definitions.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include "support/process.h"
#include "support/temp_dir.h"

namespace sluice::testing {
namespace {

// Runs sluice in `dir`; a command still running after a minute (a server that started) is
// killed and fails the test instead of hanging it.
ProcessResult help_of(const std::vector<std::string>& words, const TempDir& dir) {
  std::vector<std::string> cmd = {sluice_binary()};
  cmd.insert(cmd.end(), words.begin(), words.end());
  pid_t pid = spawn_process(cmd, dir.file("out.txt"), dir.file("err.txt"), dir.path().string());
  ProcessResult r;
  for (int k = 0; k < 600; ++k) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (r.exit_code == -1) {
    kill(pid, SIGKILL);
    wait_process(pid);
    ADD_FAILURE() << "still running (it started something): " << words.front();
  }
  r.out = read_file(dir.file("out.txt"));
  r.err = read_file(dir.file("err.txt"));
  std::filesystem::remove(dir.file("out.txt"));
  std::filesystem::remove(dir.file("err.txt"));
  return r;
}

// A port bound (and listened on) by this process for the rest of the test run.
int held_port() {
  static int port = [] {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof a;
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), size), 0);
    EXPECT_EQ(::listen(fd, 1), 0);
    EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size), 0);
    return static_cast<int>(ntohs(a.sin_port));
  }();
  return port;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(CliHelp, EveryVerbExplainsItselfAndStartsNothing) {
  TempDir dir;
  // The options each verb must name (independent of the definitions, so a lost one is noticed).
  const std::map<std::string, std::vector<std::string>> expected = {
      {"connectors", {"--json"}},
      {"spec", {"connector"}},
      {"init", {"--config", "--force"}},
      {"check", {"--config"}},
      {"schema", {"--config", "--json"}},
      {"sync",
       {"--config", "--warehouse", "--destination", "--connection", "--no-progress",
        "--buffer-rows", "--all", "--project"}},
      {"reset", {"--warehouse", "--destination", "--connection", "--drop-tables"}},
      {"state", {"--warehouse", "--connection"}},
      {"query", {"--warehouse", "--destination", "--json", "--format", "--max-width"}},
      {"sandbox", {"--port", "--latency-ms", "--write-config"}},
      {"demo", {"--warehouse", "--no-progress", "--responses"}},
      {"serve", {"--all", "--project", "--host", "--auth-token-file", "--max-calls"}},
      {"new", {"--dir", "--check", "--yaml"}},
      {"validate", {"file"}},
      {"airbyte", {"--config", "--catalog", "--state"}},
      {"singer", {"--config", "--state", "--catalog", "--properties", "--discover"}},
      {"runs", {"--warehouse", "--destination", "--connection", "--limit", "--json"}},
      {"ui", {"--warehouse", "--destination", "--port", "--host"}},
      {"help", {"verb"}},
      {"completion", {"shell"}},
  };
  ProcessResult top = help_of({"--help"}, dir);
  ASSERT_EQ(top.exit_code, 0) << top.err;
  std::vector<std::string> verbs;
  bool in_verbs = false;
  for (const std::string& line : lines_of(top.out)) {
    if (line == "Verbs:") in_verbs = true;
    if (!in_verbs || line.rfind("  ", 0) != 0) continue;
    verbs.push_back(line.substr(2, line.find_first_of(", ", 2) - 2));
  }
  for (const auto& [verb, _] : expected)
    EXPECT_NE(std::find(verbs.begin(), verbs.end(), verb), verbs.end()) << verb << ": " << top.out;
  // A verb added since is walked too; only the options it must name are not known here.
  for (const std::string& verb : verbs) {
    ProcessResult r = help_of({verb, "--help"}, dir);
    EXPECT_EQ(r.exit_code, 0) << verb << ": " << r.err;
    EXPECT_NE(r.out.find("Usage: sluice " + verb), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Example:"), std::string::npos) << verb << ": " << r.out;
    if (!expected.count(verb)) continue;
    for (const std::string& option : expected.at(verb))
      EXPECT_NE(r.out.find(option), std::string::npos) << verb << " names no " << option;
  }
  // The ports they would listen on are held here: had --help started a server, it could not bind
  // and would fail instead of exiting 0.
  const std::string held = std::to_string(held_port());
  for (const char* sub : {"function", "grpc"}) {
    ProcessResult r = help_of({"serve", sub, "--help", "--port", held}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("--connector"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--port INT"), std::string::npos) << r.out;
  }
  // Each sandbox lists its own flags, with their defaults, and serves nothing.
  ProcessResult connectors = help_of({"connectors"}, dir);
  int sandboxes = 0;
  for (const std::string& line : lines_of(connectors.out)) {
    const std::string name = line.substr(0, line.find('\t'));
    ProcessResult r = help_of({"sandbox", name, "--help", "--port", held}, dir);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_EQ(r.out.find("listening"), std::string::npos) << r.out;
    const auto flags = r.out.find("Source flags:");
    ASSERT_NE(flags, std::string::npos) << name << ": " << r.out;
    EXPECT_NE(r.out.find("--seed INT", flags), std::string::npos) << name << ": " << r.out;
    EXPECT_NE(r.out.find("(default", flags), std::string::npos) << name << ": " << r.out;
    ++sandboxes;
  }
  EXPECT_EQ(sandboxes, 4);
  ProcessResult refiner = help_of({"sandbox", "refiner", "--help"}, dir);
  EXPECT_NE(refiner.out.find("--responses INT"), std::string::npos) << refiner.out;
  EXPECT_NE(refiner.out.find("responses to serve (default 1000)"), std::string::npos);
  // Nothing was written where they ran.
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(CliHelp, MistakesNameTheVerbAndTheNearestOption) {
  TempDir dir;
  ProcessResult r = help_of({"sync", "refiner", "--warehose", "w.duckdb"}, dir);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_EQ(r.err, "sluice sync: unknown option --warehose; did you mean --warehouse?\n");
  r = help_of({"serve", "function", "--conector", "refiner"}, dir);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_EQ(r.err, "sluice serve function: unknown option --conector; did you mean --connector?\n");
  // A source flag belongs to its sandbox: Countly's --apps is not Refiner's.
  r = help_of({"sandbox", "refiner", "--respones", "5"}, dir);
  EXPECT_EQ(r.err, "sluice sandbox: unknown option --respones; did you mean --responses?\n");
  r = help_of({"sandbox", "refiner", "--apps", "5"}, dir);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("unknown option --apps"), std::string::npos) << r.err;
  r = help_of({"synk", "refiner"}, dir);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_EQ(r.err, "sluice: unknown verb \"synk\"; did you mean sync?\n");
  r = help_of({"sync", "--all", "--config", "c.json"}, dir);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_EQ(r.err, "sluice sync: --config and --all cannot be given together.\n");
  r = help_of({"sync", "refiner", "--buffer-rows"}, dir);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_EQ(r.err, "sluice sync: --buffer-rows needs a value.\n");
  r = help_of({}, dir);
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.out.find("Verbs:"), std::string::npos);
  r = help_of({"help", "query"}, dir);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Usage: sluice query"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(CliHelp, BashCompletionOffersVerbsOptionsAndConnectors) {
  TempDir dir;
  ProcessResult script = help_of({"completion", "bash"}, dir);
  ASSERT_EQ(script.exit_code, 0) << script.err;
  write_file(dir.file("sluice.bash"), script.out);
  auto complete = [&](const std::string& line) {
    const std::string cmd = "source " + dir.file("sluice.bash") + "; COMP_WORDS=(" + line +
                            "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sluice; "
                            "echo \"${COMPREPLY[*]}\"";
    ProcessResult r = run_process({"/bin/bash", "-c", cmd}, dir.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  };
  EXPECT_EQ(complete("sluice sy"), "sync");
  EXPECT_EQ(complete("sluice sync --ware"), "--warehouse");
  EXPECT_EQ(complete("sluice debug --buf"), "--buffer-rows");
  EXPECT_EQ(complete("sluice sync ref"), "refiner");
  EXPECT_EQ(complete("sluice serve fu"), "function");
  EXPECT_EQ(complete("sluice serve function --max-r"), "--max-response-bytes");
  EXPECT_EQ(complete("sluice sandbox countly --edi"), "--edition");
  EXPECT_EQ(complete("sluice query --form"), "--format");
}

}  // namespace
}  // namespace sluice::testing

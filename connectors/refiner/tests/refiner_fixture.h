#pragma once
// Shared set-up of the Refiner end-to-end tests: a sandbox, a folder, a configuration pointing at
// the sandbox, and `sluice` runs against them.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "support/normalized_dump.h"
#include "support/process.h"
#include "support/sandbox_server.h"
#include "support/temp_dir.h"
#include "support/warehouse_dump.h"

namespace sluice::testing {

constexpr const char* kSandboxKey = "sandbox-refiner-key-0001";

class RefinerE2E : public ::testing::Test {
 protected:
  void start(std::map<std::string, std::string> flags, int latency_ms = 0) {
    sandbox = std::make_unique<SandboxServer>("refiner", std::move(flags), latency_ms);
    config = {{"api_key", kSandboxKey},
              {"base_url", sandbox->base_url() + "/v1/"},
              {"start_date", "2024-01-01T00:00:00Z"}};
  }
  std::string write_config(const nlohmann::json& c,
                           const std::string& name = "configuration.json") {
    write_file(dir.file(name), c.dump(2));
    return dir.file(name);
  }
  ProcessResult sluice(std::vector<std::string> args) {
    args.insert(args.begin(), sluice_binary());
    return run_process(args, dir.path().string());
  }
  // `sluice sync refiner` with the fixture's configuration into `warehouse`.
  ProcessResult sync(const std::string& warehouse = "warehouse.duckdb") {
    write_config(config);
    return sluice({"sync", "refiner", "--warehouse", warehouse, "--no-progress"});
  }
  std::string warehouse(const std::string& name = "warehouse.duckdb") const {
    return dir.file(name);
  }

  // Every Refiner table holds the same rows in both destinations (normalised for comparison).
  static void expect_same_rows(Destination& expected, Destination& actual,
                               const std::vector<std::string>& tables = {
                                   "surveys", "questions", "responses", "answers", "respondents"}) {
    for (const std::string& t : tables) {
      auto want = normalized_dump(expected, t);
      auto got = normalized_dump(actual, t);
      EXPECT_FALSE(want.empty()) << t;
      EXPECT_EQ(got.size(), want.size()) << t;
      if (got != want) {
        size_t k = 0;
        while (k < got.size() && k < want.size() && got[k] == want[k]) ++k;
        ADD_FAILURE() << t << " differs at sorted row " << k << ":\n  got  "
                      << (k < got.size() ? got[k] : "") << "\n  want "
                      << (k < want.size() ? want[k] : "");
      }
    }
  }

  // Waits until the sandbox has answered `n` requests in all; gives up after 30 s.
  void wait_for_requests(int64_t n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (sandbox->requests() < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_GE(sandbox->requests(), n) << "the sync never got that far";
  }

  // Starts `rounds` syncs into `destination`, each killed with SIGKILL once the sandbox has
  // answered a random 4 to 30 more requests (a sync that finishes first is not killed). Returns
  // how many were killed.
  int kill_syncs(const std::string& destination, int rounds, std::mt19937& rng,
                 const std::string& connector = "refiner", int most_requests = 30) {
    write_config(config);
    int kills = 0;
    for (int round = 0; round < rounds; ++round) {
      int64_t target =
          sandbox->requests() + std::uniform_int_distribution<int>(4, most_requests)(rng);
      pid_t pid = spawn_process(
          {sluice_binary(), "sync", connector, "--warehouse", destination, "--no-progress"},
          dir.file("out"), dir.file("err"), dir.path().string());
      int status = 0;
      bool exited = false;
      while (sandbox->requests() < target) {
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          exited = true;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      if (!exited) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        ++kills;
      }
    }
    return kills;
  }

  // Starts `sluice sync <connector>` into killed.duckdb and kills it (SIGKILL) once the sandbox
  // has been asked for `pages` more requests to `path`; returns the state it committed ({} when
  // none).
  nlohmann::json kill_inside(const std::string& connector, const std::string& path, size_t pages) {
    write_config(config);
    pid_t pid = spawn_process(
        {sluice_binary(), "sync", connector, "--warehouse", "killed.duckdb", "--no-progress"},
        dir.file("out"), dir.file("err"), dir.path().string());
    const size_t before = sandbox->requests_to(path).size();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (sandbox->requests_to(path).size() < before + pages &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the sync ended before it was killed";
    const std::string saved =
        scalar(warehouse("killed.duckdb"),
               "SELECT state FROM _sluice_state WHERE connection = '" + connector + "'");
    // Nothing committed yet: an empty state, which the caller's assertions name.
    return saved == "NULL" ? nlohmann::json::object() : nlohmann::json::parse(saved);
  }
  // Syncs killed.duckdb to the end; the queries of the requests to `path` it sent.
  std::vector<Params> restart(const std::string& connector, const std::string& path) {
    // Requests the killed sync sent are answered after the sandbox's latency: not the restart's.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const size_t before = sandbox->requests_to(path).size();
    write_config(config);
    ProcessResult r = sluice({"sync", connector, "--warehouse", "killed.duckdb", "--no-progress"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<Params> all = sandbox->requests_to(path);
    return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
  }
  static std::string query_param(const Params& query, const std::string& name) {
    for (const auto& [k, v] : query)
      if (k == name) return v;
    return {};
  }

  TempDir dir;
  std::unique_ptr<SandboxServer> sandbox;
  nlohmann::json config;
};

}  // namespace sluice::testing

#pragma once
// Shared by the Airbyte and Singer face tests: a sandbox of any connector with its configuration,
// `sluice` runs whose stdout is kept as JSON lines, the conformance scripts of tests/conformance
// (run with Debian's /usr/bin/python3), and a read killed with SIGKILL part-way.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/sandbox_server.h"
#include "support/temp_dir.h"

namespace sluice::testing {

// The repository's root.
std::string source_dir();
// tests/conformance/airbyte_protocol: the published Airbyte protocol schema, checked to be the
// same file as ../shared/reference/airbyte_protocol where a checkout has that folder beside it.
std::string airbyte_protocol_dir();

// Every complete line of `text` as JSON; a line that is not JSON fails the test unless it is
// the last one and `allow_torn_end` (a process killed mid-write).
std::vector<nlohmann::json> json_lines(const std::string& text, bool allow_torn_end = false);

// One record a face printed: its stream and data.
struct FaceRecord {
  std::string stream;
  nlohmann::json data;
  std::string text() const { return stream + " " + data.dump(); }
};

class JsonLinesFace : public ::testing::Test {
 protected:
  // What differs between the faces: how a read is run, and how its lines are read.
  virtual std::vector<std::string> read_args(const std::string& state_file) = 0;
  virtual std::optional<FaceRecord> record_of(const nlohmann::json& line) const = 0;
  virtual bool is_state(const nlohmann::json& line) const = 0;
  // The state file of the next read, from the lines of the last one.
  virtual nlohmann::json next_state(const std::vector<nlohmann::json>& lines) const = 0;

  // Runs the read (resuming from `state_file` unless empty), keeps stdout in `file`.
  ProcessResult run_read(const std::string& file, const std::string& state_file = "");
  std::multiset<std::string> records(const std::vector<nlohmann::json>& lines,
                                     const std::string& stream = "") const;
  // Refiner: read, add seven responses, read again from the last state: only the new ones come.
  void expect_second_read_gets_only_new_records();
  // Refiner: a read killed with SIGKILL among its responses, then run again from the last state
  // it printed, loses nothing and repeats nothing that state covered.
  void expect_killed_read_resumes();

  // A sandbox of `connector` with small data, and its configuration in configuration.json.
  void start(const std::string& connector, int latency_ms = 0);
  ProcessResult sluice(std::vector<std::string> args);
  // Runs a script of tests/conformance with /usr/bin/python3; its last stdout line as JSON.
  nlohmann::json conformance(const std::string& script, std::vector<std::string> args);
  // Starts `sluice args...` with stdout into `out_file`, waits until `ready` says the output so far
  // is far enough, and kills it with SIGKILL. False when the process ended first.
  bool kill_when(std::vector<std::string> args, const std::string& out_file,
                 const std::function<bool(const std::string&)>& ready);

  TempDir dir;
  std::string connector;
  std::unique_ptr<SandboxServer> sandbox;
  nlohmann::json config;
};

}  // namespace sluice::testing

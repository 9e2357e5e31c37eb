#pragma once
// The project file (`sluice.yaml`), the idea of the seed's deploy.yaml for Sluice: the
// connections of one deployment, each with its connector, configuration file, and a destination
// (for `sluice sync --all`) and/or ports (for `sluice serve --all`). Every problem is reported
// with the line it is on.
#include <optional>
#include <string>
#include <vector>

namespace sluice::cli {

struct ProjectConnection {
  std::string name;  // the state key
  std::string connector;
  std::string configuration;  // path, relative to the project file's folder
  std::string destination;    // empty: not synced by `sync --all`
  std::optional<int> function_port;
  std::optional<int> grpc_port;
  int line = 0;
};

// Reads and validates `path`; throws sluice::Error (kConfig) naming every problem and its line.
std::vector<ProjectConnection> load_project(const std::string& path);

}  // namespace sluice::cli

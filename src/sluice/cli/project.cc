#include "sluice/cli/project.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>

#include "sluice/core/error.h"
#include "sluice/sdk/registry.h"

namespace sluice::cli {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kKeys = {"name",        "connector",     "configuration",
                                     "destination", "function_port", "grpc_port"};

int line_of(const YAML::Node& n) {
  return n.Mark().line + 1;
}

}  // namespace

std::vector<ProjectConnection> load_project(const std::string& path) {
  if (!fs::exists(path))
    throw Error(ErrorKind::kConfig, "There is no project file " + path +
                                        "; write one (see README: the project file) or name it "
                                        "with --project.");
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::kConfig, path + " line " + std::to_string(e.mark.line + 1) +
                                        ": not valid YAML (" + e.msg + ").");
  }
  std::vector<std::string> problems;
  auto problem = [&](int line, const std::string& text) {
    problems.push_back(path + " line " + std::to_string(line) + ": " + text);
  };
  const YAML::Node list = root.IsMap() ? root["connections"] : YAML::Node();
  if (!list || !list.IsSequence() || list.size() == 0)
    throw Error(ErrorKind::kConfig, path +
                                        " line 1: the file needs a `connections:` list, each "
                                        "entry with a name and a connector.");
  const fs::path folder = fs::path(path).parent_path();
  std::vector<ProjectConnection> out;
  std::map<std::string, int> names;
  std::map<int, std::string> ports;
  for (const YAML::Node& entry : list) {
    const int line = line_of(entry);
    if (!entry.IsMap()) {
      problem(line, "each connection is a mapping (name: …, connector: …).");
      continue;
    }
    ProjectConnection c;
    c.line = line;
    for (const auto& kv : entry) {
      const std::string key = kv.first.as<std::string>();
      const int at = line_of(kv.first);
      if (!kKeys.count(key)) {
        problem(at, "unknown key `" + key +
                        "` (known: name, connector, configuration, destination, function_port, "
                        "grpc_port).");
        continue;
      }
      if (!kv.second.IsScalar()) {
        problem(at, "`" + key + "` must be a single value.");
        continue;
      }
      const std::string value = kv.second.as<std::string>();
      if (key == "name") c.name = value;
      if (key == "connector") c.connector = value;
      if (key == "configuration") c.configuration = (folder / value).string();
      if (key == "destination") c.destination = value;
      if (key == "function_port" || key == "grpc_port") {
        int port = 0;
        try {
          size_t used = 0;
          port = std::stoi(value, &used);
          if (used != value.size()) port = 0;
        } catch (...) {
        }
        if (port < 1 || port > 65535) {
          problem(at, "`" + key + "` must be a port number (1 to 65535), not \"" + value + "\".");
          continue;
        }
        if (ports.count(port))
          problem(at, "port " + value + " is already used by " + ports[port] + ".");
        ports[port] = "connection on line " + std::to_string(line);
        (key == "function_port" ? c.function_port : c.grpc_port) = port;
      }
    }
    if (c.name.empty()) problem(line, "the connection needs a `name` (its state key).");
    if (!c.name.empty() && names.count(c.name))
      problem(line, "the name \"" + c.name + "\" is already used on line " +
                        std::to_string(names[c.name]) + ".");
    if (!c.name.empty()) names[c.name] = line;
    if (c.connector.empty()) {
      problem(line, "the connection needs a `connector`.");
    } else if (!make_connector(c.connector)) {
      std::string known;
      for (const auto& n : connector_names()) known += (known.empty() ? "" : ", ") + n;
      problem(line, "there is no connector \"" + c.connector + "\" (known: " + known + ").");
    }
    if (!c.destination.empty() && c.configuration.empty())
      problem(line, "a connection with a destination needs a `configuration` file.");
    if (!c.configuration.empty() && !fs::exists(c.configuration))
      problem(line, "the configuration file " + c.configuration + " does not exist.");
    if (c.destination.empty() && !c.function_port && !c.grpc_port)
      problem(line, "give the connection a `destination`, a `function_port` or a `grpc_port`.");
    out.push_back(std::move(c));
  }
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : " ") + p;
    throw Error(ErrorKind::kConfig, all);
  }
  return out;
}

}  // namespace sluice::cli

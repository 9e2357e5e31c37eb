#include "sluice/declarative/yaml_connectors.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "sluice/declarative/declarative_connector.h"
#include "sluice/sdk/connector_finder.h"

namespace sluice::declarative {
namespace {

namespace fs = std::filesystem;

bool is_yaml_path(const std::string& name) {
  auto ends = [&](std::string_view suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".yaml") || ends(".yml");
}

std::unique_ptr<Connector> find(const std::string& name) {
  if (is_yaml_path(name)) return load_declarative_connector(name);
  if (name.find('/') != std::string::npos) return nullptr;
  for (const auto& dir : yaml_connector_dirs()) {
    fs::path file = fs::path(dir) / name / "connector.yaml";
    std::error_code ec;
    if (fs::is_regular_file(file, ec)) return load_declarative_connector(file.string());
  }
  return nullptr;
}

std::vector<std::string> list() {
  std::vector<std::string> out;
  for (const auto& dir : yaml_connector_dirs()) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (fs::is_regular_file(entry.path() / "connector.yaml", ec))
        out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<std::string> yaml_connector_dirs() {
  std::vector<std::string> out = {"connectors"};
  if (const char* path = std::getenv("SLUICE_CONNECTORS_PATH")) {
    std::string_view rest = path;
    while (!rest.empty()) {
      size_t colon = rest.find(':');
      if (colon) out.emplace_back(rest.substr(0, colon));
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  return out;
}

void install_yaml_connectors() {
  static const bool installed = [] {
    register_connector_finder({find, list});
    return true;
  }();
  (void)installed;
}

}  // namespace sluice::declarative

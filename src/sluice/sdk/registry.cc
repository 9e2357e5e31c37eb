#include "sluice/sdk/registry.h"

#include <algorithm>
#include <map>

namespace sluice {
namespace {
std::map<std::string, ConnectorFactory>& factories() {
  static std::map<std::string, ConnectorFactory> m;
  return m;
}
}  // namespace

void register_connector(const std::string& name, ConnectorFactory factory) {
  factories()[name] = std::move(factory);
}

std::unique_ptr<Connector> make_connector(const std::string& name) {
  auto it = factories().find(name);
  return it == factories().end() ? nullptr : it->second();
}

std::vector<std::string> connector_names() {
  std::vector<std::string> out;
  for (const auto& [name, _] : factories()) out.push_back(name);
  return out;
}

}  // namespace sluice

#include "sluice/sdk/registry.h"

#include <algorithm>
#include <map>

#include "sluice/sdk/connector_finder.h"

namespace sluice {
namespace {
std::map<std::string, ConnectorFactory>& factories() {
  static std::map<std::string, ConnectorFactory> m;
  return m;
}
std::vector<ConnectorFinder>& finders() {
  static std::vector<ConnectorFinder> v;
  return v;
}
}  // namespace

void register_connector_finder(ConnectorFinder finder) {
  finders().push_back(std::move(finder));
}

void register_connector(const std::string& name, ConnectorFactory factory) {
  factories()[name] = std::move(factory);
}

std::unique_ptr<Connector> make_connector(const std::string& name) {
  auto it = factories().find(name);
  if (it != factories().end()) return it->second();
  for (const auto& f : finders())
    if (auto c = f.find(name)) return c;
  return nullptr;
}

std::vector<std::string> connector_names() {
  std::vector<std::string> out;
  for (const auto& [name, _] : factories()) out.push_back(name);
  for (const auto& f : finders())
    for (auto& name : f.list())
      if (!factories().count(name) && std::find(out.begin(), out.end(), name) == out.end())
        out.push_back(std::move(name));
  return out;
}

}  // namespace sluice

#pragma once
// Connectors found at run time rather than compiled in (YAML sources): the registry asks each
// finder for a name it does not know, and lists what the finders can find.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sluice/sdk/connector.h"

namespace sluice {

struct ConnectorFinder {
  // The connector for `name` (a name or a path), nullptr when this finder knows none; throws
  // sluice::Error when it found one that is malformed.
  std::function<std::unique_ptr<Connector>(const std::string& name)> find;
  std::function<std::vector<std::string>()> list;
};

void register_connector_finder(ConnectorFinder finder);

}  // namespace sluice

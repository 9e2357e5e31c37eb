#pragma once
// YAML sources found without rebuilding: a path to a `.yaml`/`.yml` file, or a name with
// `<dir>/<name>/connector.yaml` in one of the connector folders — `connectors/` under the working
// directory, then each folder of SLUICE_CONNECTORS_PATH (colon-separated).
#include <string>
#include <vector>

namespace sluice::declarative {

// Registers the finder with the connector registry (once; later calls do nothing).
void install_yaml_connectors();

// The folders searched for `<name>/connector.yaml`, in order.
std::vector<std::string> yaml_connector_dirs();

}  // namespace sluice::declarative

#pragma once
// The JSON files a platform hands a JSON-lines face (configuration, catalog, state), read with one
// sentence for each way they can be wrong.
#include <nlohmann/json.hpp>
#include <string>

#include "sluice/sdk/connector.h"

namespace sluice::json_lines {

// Throws Error (kConfig) naming `what` and `path` when the file is missing or not JSON.
nlohmann::json read_json_file(const std::string& path, const std::string& what);

// The configuration at `path`, validated against the connector's spec (secrets registered).
Config read_config(const Connector& connector, const std::string& path);

}  // namespace sluice::json_lines

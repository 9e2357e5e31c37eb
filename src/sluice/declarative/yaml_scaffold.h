#pragma once
// The connector.yaml `sluice new <name> --yaml` writes: a working starting point (API key, one
// paged incremental stream) that `sluice validate` accepts as it is.
#include <string>

namespace sluice::declarative {

std::string yaml_scaffold(const std::string& name);

}  // namespace sluice::declarative

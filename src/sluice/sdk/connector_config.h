#pragma once
// A raw configuration made ready for a connector, the same way for every face (the CLI, the
// function protocol, the partner SDK): secrets registered with the redactor, the spec checked
// (every problem at once, defaults filled in), then the connector's own checks.
#include <string>

#include "sluice/sdk/connector.h"

namespace sluice {

// Throws sluice::Error (kConfig): "<origin> is not a valid <connector> configuration: …".
Config validated_config(const Connector& connector, const Config& raw, const std::string& origin);

}  // namespace sluice

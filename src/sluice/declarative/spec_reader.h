#pragma once
// The `spec:` of a YAML source: its configuration fields, as a C++ connector's spec() returns them.
#include "sluice/declarative/yaml_object.h"
#include "sluice/sdk/spec.h"

namespace sluice::declarative {

// `node` maps field names to {type, required, secret, default, description, min, max, choices}.
Spec read_spec(const YAML::Node& node, Diagnostics& diagnostics);

}  // namespace sluice::declarative

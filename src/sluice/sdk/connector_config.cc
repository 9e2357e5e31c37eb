#include "sluice/sdk/connector_config.h"

#include "sluice/core/error.h"

namespace sluice {

Config validated_config(const Connector& connector, const Config& raw, const std::string& origin) {
  Spec spec = connector.spec();
  register_secrets(spec, raw);
  Validated v = validate_config(spec, raw);
  if (v.problems.empty()) {
    connector.validate(v.config);
    return v.config;
  }
  std::string message = origin + " is not a valid " + connector.name() + " configuration: ";
  for (size_t k = 0; k < v.problems.size(); ++k) message += (k ? " " : "") + v.problems[k];
  throw Error(ErrorKind::kConfig, message);
}

}  // namespace sluice

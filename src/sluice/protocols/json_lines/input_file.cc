#include "sluice/protocols/json_lines/input_file.h"

#include <fstream>
#include <sstream>

#include "sluice/core/error.h"
#include "sluice/sdk/connector_config.h"

namespace sluice::json_lines {

nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::kConfig, "There is no " + what + " file at " + path + ".");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json parsed = nlohmann::json::parse(text.str(), nullptr, false);
  if (parsed.is_discarded())
    throw Error(ErrorKind::kConfig,
                "The " + what + " file " + path + " is not valid JSON; fix it and try again.");
  return parsed;
}

Config read_config(const Connector& connector, const std::string& path) {
  return validated_config(connector, read_json_file(path, "configuration"), path);
}

}  // namespace sluice::json_lines

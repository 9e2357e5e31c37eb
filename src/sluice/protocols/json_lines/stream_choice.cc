#include "sluice/protocols/json_lines/stream_choice.h"

#include "sluice/core/error.h"

namespace sluice::json_lines {

bool resumes(const TableSpec& table) {
  return table.mode != WriteMode::kReplace;
}

const nlohmann::json& catalog_streams(const nlohmann::json& catalog, const std::string& origin,
                                      const std::string& kind) {
  if (!catalog.is_object() || !catalog.contains("streams") || !catalog["streams"].is_array())
    throw Error(ErrorKind::kConfig,
                origin + " is not a " + kind + ": it needs a \"streams\" array.");
  return catalog["streams"];
}

const TableSpec& table_named(const std::vector<TableSpec>& tables, const std::string& name,
                             const std::string& origin) {
  std::string known;
  for (const TableSpec& t : tables) {
    if (t.name == name) return t;
    known += (known.empty() ? "" : ", ") + t.name;
  }
  throw Error(ErrorKind::kConfig, origin + " names the stream \"" + name +
                                      "\", which this connector does not have; its streams are " +
                                      known + ".");
}

}  // namespace sluice::json_lines

#pragma once
// Which of a connector's tables a platform chose, and how: the part of reading a catalog that is
// the same for Airbyte and Singer.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sluice/core/table_spec.h"

namespace sluice::json_lines {

// The tables a platform asked for: true where it reads incrementally (resumes from its state),
// false where it starts over (full refresh).
using TableChoice = std::map<std::string, bool>;

// Sluice resumes every table but snapshots (replace mode), which are read whole every time.
bool resumes(const TableSpec& table);

// The "streams" array of a catalog a platform passed; otherwise throws Error (kConfig): "<origin>
// is not a <kind>: it needs a "streams" array."
const nlohmann::json& catalog_streams(const nlohmann::json& catalog, const std::string& origin,
                                      const std::string& kind);

// The table named `name`; otherwise throws Error (kConfig): "<origin> names the stream …, which
// this connector does not have; its streams are …".
const TableSpec& table_named(const std::vector<TableSpec>& tables, const std::string& name,
                             const std::string& origin);

}  // namespace sluice::json_lines

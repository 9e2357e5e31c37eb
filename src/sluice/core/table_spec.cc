#include "sluice/core/table_spec.h"

namespace sluice {

std::string_view mode_name(WriteMode m) {
  switch (m) {
    case WriteMode::kMerge:
      return "merge";
    case WriteMode::kAppend:
      return "append";
    case WriteMode::kReplace:
      return "replace";
  }
  return "merge";
}

std::optional<ColumnType> TableSpec::declared_type(const std::string& column) const {
  for (const auto& c : columns)
    if (c.name == column) return c.type;
  return std::nullopt;
}

}  // namespace sluice

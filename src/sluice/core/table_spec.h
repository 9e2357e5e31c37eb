#pragma once
// What a connector declares about one table: its name, key, known columns and write mode.
#include <optional>
#include <string>
#include <vector>

#include "sluice/core/types.h"

namespace sluice {

enum class WriteMode { kMerge, kAppend, kReplace };

std::string_view mode_name(WriteMode m);

struct ColumnSpec {
  std::string name;
  ColumnType type;
};

struct TableSpec {
  std::string name;
  std::vector<std::string> primary_key;  // empty: the loader adds `_sluice_id`, a hash of the row
  std::vector<ColumnSpec> columns;       // declared columns; others are inferred from the data
  WriteMode mode = WriteMode::kMerge;
  std::string description;
  // The column whose values the table's incremental reads follow ("": none, or no column
  // holds it): what Airbyte calls the default cursor field and Singer the replication key.
  std::string cursor;

  std::optional<ColumnType> declared_type(const std::string& column) const;
};

}  // namespace sluice

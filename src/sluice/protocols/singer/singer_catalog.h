#pragma once
// The Singer catalog: what `--discover` prints (streams with schema, key properties and the
// top-level metadata Singer tools select by), and which streams a catalog passed back selects.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/protocols/json_lines/table_states.h"

namespace sluice::singer {

// Deletes are records with this column set: Stitch's convention for Singer.
inline constexpr const char* kDeletedColumn = "_sdc_deleted_at";

nlohmann::json discover_catalog(const std::vector<TableSpec>& tables);

// The selected streams of a catalog (`--catalog`) or legacy properties (`--properties`): a stream
// is selected by its top-level metadata's `selected` (or the stream's own `selected`), read
// incrementally unless its replication method is FULL_TABLE. Throws Error (kConfig) for a stream
// the connector does not have or a malformed catalog.
json_lines::TableChoice selected_streams(const nlohmann::json& catalog,
                                         const std::vector<TableSpec>& tables,
                                         const std::string& origin);

// Every table, each incremental where Sluice resumes: a sync without a catalog.
json_lines::TableChoice all_streams(const std::vector<TableSpec>& tables);

}  // namespace sluice::singer

#pragma once
// The Airbyte protocol's messages (../shared/reference/airbyte_protocol/airbyte_protocol.yaml,
// `AirbyteMessage`), built as JSON.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sluice/core/error.h"
#include "sluice/core/table_spec.h"
#include "sluice/sdk/spec.h"

namespace sluice::airbyte {

// Deletes are records with this column set: Airbyte's CDC convention.
inline constexpr const char* kDeletedColumn = "_ab_cdc_deleted_at";

int64_t now_ms();

nlohmann::json spec_message(const Spec& spec);
nlohmann::json connection_status(bool succeeded, const std::string& message);
// Every table as a stream; incremental where Sluice resumes (not snapshot tables).
nlohmann::json catalog_message(const std::vector<TableSpec>& tables);
nlohmann::json record_message(const std::string& stream, nlohmann::json data);
nlohmann::json state_message(const std::string& stream, nlohmann::json state, int64_t records);
// STARTED, RUNNING, COMPLETE or INCOMPLETE.
nlohmann::json stream_status(const std::string& stream, const std::string& status);
// An error with its `failure_type`: config_error for what the user can fix, transient_error for
// what may pass, system_error for the rest.
nlohmann::json error_trace(ErrorKind kind, const std::string& message);

}  // namespace sluice::airbyte

#pragma once
// Airbyte's `read`: the configured catalog chooses the streams and how each is read, the state
// messages of the last read say where each resumes, and the connector's operations come out as
// RECORD, STATE and stream-status TRACE messages.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sluice/protocols/json_lines/table_states.h"
#include "sluice/sdk/connector.h"

namespace sluice::airbyte {

// The streams a ConfiguredAirbyteCatalog chooses, each incremental or not. Throws Error (kConfig)
// for a stream the connector does not have, a mode it does not support, or a malformed catalog.
json_lines::TableChoice configured_streams(const nlohmann::json& catalog,
                                           const std::vector<TableSpec>& tables,
                                           const std::string& origin);

// Loads the state messages the platform passed (a JSON array of AirbyteStateMessage).
void load_states(const nlohmann::json& messages, const std::vector<TableSpec>& tables,
                 const std::string& origin, json_lines::TableStates& states);

// Runs the connector and prints what it reads; statuses INCOMPLETE and rethrows on failure.
void read(Connector& connector, const Config& config, const std::vector<TableSpec>& tables,
          const json_lines::TableChoice& choice, json_lines::TableStates& states);

}  // namespace sluice::airbyte

#include "sluice/protocols/airbyte/airbyte_messages.h"

#include "sluice/core/redact.h"
#include "sluice/core/timestamp.h"
#include "sluice/protocols/json_lines/json_schema.h"
#include "sluice/protocols/json_lines/stream_choice.h"

namespace sluice::airbyte {

int64_t now_ms() {
  return now_micros() / 1000;
}

nlohmann::json spec_message(const Spec& spec) {
  return {{"type", "SPEC"},
          {"spec",
           {{"connectionSpecification", json_lines::config_schema(spec)},
            {"supportsIncremental", true},
            {"supported_destination_sync_modes", {"overwrite", "append", "append_dedup"}}}}};
}

nlohmann::json connection_status(bool succeeded, const std::string& message) {
  return {{"type", "CONNECTION_STATUS"},
          {"connectionStatus",
           {{"status", succeeded ? "SUCCEEDED" : "FAILED"}, {"message", redact(message)}}}};
}

nlohmann::json catalog_message(const std::vector<TableSpec>& tables) {
  nlohmann::json streams = nlohmann::json::array();
  for (const TableSpec& t : tables) {
    nlohmann::json keys = nlohmann::json::array();
    for (const std::string& k : t.primary_key) keys.push_back({k});
    nlohmann::json s = {{"name", t.name},
                        {"json_schema", json_lines::table_schema(t, kDeletedColumn)},
                        {"source_defined_primary_key", keys},
                        {"is_resumable", json_lines::resumes(t)}};
    // Sluice keeps its own cursor per stream, so the platform cannot choose another one.
    if (json_lines::resumes(t)) {
      s["supported_sync_modes"] = {"full_refresh", "incremental"};
      s["source_defined_cursor"] = true;
      if (!t.cursor.empty()) s["default_cursor_field"] = {t.cursor};
    } else {
      s["supported_sync_modes"] = {"full_refresh"};
    }
    if (!t.description.empty()) s["description"] = t.description;
    streams.push_back(std::move(s));
  }
  return {{"type", "CATALOG"}, {"catalog", {{"streams", streams}}}};
}

nlohmann::json record_message(const std::string& stream, nlohmann::json data) {
  return {{"type", "RECORD"},
          {"record", {{"stream", stream}, {"data", std::move(data)}, {"emitted_at", now_ms()}}}};
}

nlohmann::json state_message(const std::string& stream, nlohmann::json state, int64_t records) {
  return {{"type", "STATE"},
          {"state",
           {{"type", "STREAM"},
            {"stream", {{"stream_descriptor", {{"name", stream}}}, {"stream_state", state}}},
            {"sourceStats", {{"recordCount", static_cast<double>(records)}}}}}};
}

nlohmann::json stream_status(const std::string& stream, const std::string& status) {
  return {{"type", "TRACE"},
          {"trace",
           {{"type", "STREAM_STATUS"},
            {"emitted_at", now_ms()},
            {"stream_status", {{"stream_descriptor", {{"name", stream}}}, {"status", status}}}}}};
}

nlohmann::json error_trace(ErrorKind kind, const std::string& message) {
  std::string failure = "system_error";
  switch (kind) {
    case ErrorKind::kUsage:
    case ErrorKind::kConfig:
    case ErrorKind::kAuth:
    case ErrorKind::kNotFound:
      failure = "config_error";
      break;
    case ErrorKind::kNetwork:
    case ErrorKind::kApi:
    case ErrorKind::kLocked:
      failure = "transient_error";
      break;
    case ErrorKind::kWarehouse:
    case ErrorKind::kInternal:
      break;
  }
  return {{"type", "TRACE"},
          {"trace",
           {{"type", "ERROR"},
            {"emitted_at", now_ms()},
            {"error",
             {{"message", redact(message)},
              {"internal_message", std::string(kind_label(kind))},
              {"failure_type", failure}}}}}};
}

}  // namespace sluice::airbyte

#include "sluice/protocols/airbyte/airbyte_read.h"

#include "sluice/core/error.h"
#include "sluice/protocols/airbyte/airbyte_messages.h"
#include "sluice/protocols/json_lines/line_emitter.h"

namespace sluice::airbyte {
namespace {

class AirbyteEmitter : public json_lines::LineEmitter {
 public:
  using LineEmitter::LineEmitter;

 protected:
  nlohmann::json record_message(const std::string& table, nlohmann::json data) override {
    return airbyte::record_message(table, std::move(data));
  }
  void first_record(const std::string& table) override {
    json_lines::write_line(stream_status(table, "RUNNING"));
  }
  void states_moved(const std::vector<Moved>& moved) override {
    for (const Moved& m : moved) json_lines::write_line(state_message(m.table, m.state, m.records));
  }
};

}  // namespace

json_lines::TableChoice configured_streams(const nlohmann::json& catalog,
                                           const std::vector<TableSpec>& tables,
                                           const std::string& origin) {
  json_lines::TableChoice choice;
  for (const nlohmann::json& s :
       json_lines::catalog_streams(catalog, origin, "configured catalog")) {
    const nlohmann::json* name = nullptr;
    if (s.is_object() && s.contains("stream") && s["stream"].is_object() &&
        s["stream"].contains("name") && s["stream"]["name"].is_string())
      name = &s["stream"]["name"];
    if (!name)
      throw Error(ErrorKind::kConfig,
                  origin +
                      " has a stream without stream.name; pass the catalog Airbyte built "
                      "from this connector's discover.");
    const std::string table = name->get<std::string>();
    const TableSpec& t = json_lines::table_named(tables, table, origin);
    const std::string mode = s.value("sync_mode", "full_refresh");
    if (mode != "full_refresh" && mode != "incremental")
      throw Error(ErrorKind::kConfig, origin + " asks for sync_mode \"" + mode + "\" on stream \"" +
                                          table + "\"; use full_refresh or incremental.");
    if (mode == "incremental" && !json_lines::resumes(t))
      throw Error(ErrorKind::kConfig, "Stream \"" + table +
                                          "\" is a snapshot read whole every time; configure it "
                                          "as full_refresh.");
    choice[table] = mode == "incremental";
  }
  return choice;
}

void load_states(const nlohmann::json& messages, const std::vector<TableSpec>& tables,
                 const std::string& origin, json_lines::TableStates& states) {
  // An empty object is what the platform passes for a connection that has never run.
  if (messages.is_object() && messages.empty()) return;
  if (!messages.is_array())
    throw Error(ErrorKind::kConfig, origin + " must be a JSON array of the last state messages.");
  for (const nlohmann::json& m : messages) {
    if (!m.is_object() || m.value("type", "") != "STREAM" || !m.contains("stream") ||
        !m["stream"].is_object())
      throw Error(ErrorKind::kConfig, origin +
                                          " holds a state that is not a STREAM state; Sluice "
                                          "writes one state per stream, pass those.");
    const nlohmann::json& s = m["stream"];
    std::string name = s.value("/stream_descriptor/name"_json_pointer, std::string());
    json_lines::table_named(tables, name, origin);  // a state of another connector's stream
    states.load(name, s.value("stream_state", nlohmann::json()));
  }
}

void read(Connector& connector, const Config& config, const std::vector<TableSpec>& tables,
          const json_lines::TableChoice& choice, json_lines::TableStates& states) {
  nlohmann::json resume = states.resume(choice);
  for (const auto& [table, _] : choice) json_lines::write_line(stream_status(table, "STARTED"));
  json_lines::flush_lines();
  AirbyteEmitter emit(tables, choice, states, kDeletedColumn);
  try {
    connector.update(config, resume, emit);
    emit.finish();
  } catch (...) {
    for (const auto& [table, _] : choice)
      json_lines::write_line(stream_status(table, "INCOMPLETE"));
    throw;
  }
  for (const auto& [table, _] : choice) json_lines::write_line(stream_status(table, "COMPLETE"));
  json_lines::flush_lines();
}

}  // namespace sluice::airbyte

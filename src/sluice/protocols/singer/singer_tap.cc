#include "sluice/protocols/singer/singer_tap.h"

#include "sluice/core/error.h"
#include "sluice/core/timestamp.h"
#include "sluice/protocols/json_lines/input_file.h"
#include "sluice/protocols/json_lines/json_schema.h"
#include "sluice/protocols/json_lines/line_emitter.h"
#include "sluice/protocols/singer/singer_catalog.h"
#include "sluice/sdk/registry.h"

namespace sluice::singer {
namespace {

// The state's value is `{"bookmarks": {<stream>: <its state>}}`, Singer's usual shape.
class SingerEmitter : public json_lines::LineEmitter {
 public:
  SingerEmitter(json_lines::TableChoice choice, json_lines::TableStates& states,
                const std::vector<TableSpec>& tables, nlohmann::json bookmarks)
      : LineEmitter(tables, std::move(choice), states, kDeletedColumn),
        tables_(tables),
        bookmarks_(std::move(bookmarks)) {}

 protected:
  nlohmann::json record_message(const std::string& table, nlohmann::json data) override {
    return {{"type", "RECORD"},
            {"stream", table},
            {"record", std::move(data)},
            {"time_extracted", format_timestamp(now_micros())}};
  }
  void first_record(const std::string& table) override {
    const TableSpec& t = json_lines::table_named(tables_, table, "The connector");
    json_lines::write_line({{"type", "SCHEMA"},
                            {"stream", table},
                            {"schema", json_lines::table_schema(t, kDeletedColumn)},
                            {"key_properties", t.primary_key}});
  }
  void states_moved(const std::vector<Moved>& moved) override {
    for (const Moved& m : moved) bookmarks_[m.table] = m.state;
    json_lines::write_line({{"type", "STATE"}, {"value", {{"bookmarks", bookmarks_}}}});
  }

 private:
  const std::vector<TableSpec>& tables_;
  nlohmann::json bookmarks_;
};

}  // namespace

void run(const Invocation& call) {
  std::unique_ptr<Connector> c = make_connector(call.connector);
  if (!c)
    throw Error(ErrorKind::kUsage,
                "Unknown connector \"" + call.connector + "\"; `sluice connectors` lists them.");
  Config config = json_lines::read_config(*c, call.config);
  std::vector<TableSpec> tables = c->schema(config);
  if (call.discover) {
    json_lines::write_line(discover_catalog(tables));
    json_lines::flush_lines();
    return;
  }
  json_lines::TableChoice choice =
      call.catalog ? selected_streams(json_lines::read_json_file(*call.catalog, call.catalog_flag),
                                      tables, "The " + call.catalog_flag + " " + *call.catalog)
                   : all_streams(tables);
  json_lines::TableStates states(c->name());
  nlohmann::json bookmarks = nlohmann::json::object();
  if (call.state) {
    nlohmann::json value = json_lines::read_json_file(*call.state, "state");
    const std::string origin = "The state file " + *call.state;
    // An empty object is a first run, as Meltano passes it.
    if (!value.is_object() ||
        (!value.empty() && !value.value("bookmarks", nlohmann::json()).is_object()))
      throw Error(ErrorKind::kConfig, origin +
                                          " is not a state this tap wrote: it needs "
                                          "{\"bookmarks\": {...}}.");
    if (!value.empty()) bookmarks = value["bookmarks"];
    for (const auto& [table, state] : bookmarks.items()) {
      json_lines::table_named(tables, table, origin);  // a state of another connector's stream
      states.load(table, state);
    }
  }
  nlohmann::json resume = states.resume(choice);
  SingerEmitter emit(choice, states, tables, bookmarks);
  c->update(config, resume, emit);
  emit.finish();
}

}  // namespace sluice::singer

#include "sluice/protocols/airbyte/airbyte_face.h"

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/protocols/airbyte/airbyte_messages.h"
#include "sluice/protocols/airbyte/airbyte_read.h"
#include "sluice/protocols/json_lines/input_file.h"
#include "sluice/protocols/json_lines/line_emitter.h"
#include "sluice/sdk/registry.h"

namespace sluice::airbyte {
namespace {

using json_lines::write_line;

const std::string& needed(const std::optional<std::string>& path, const std::string& flag,
                          const std::string& verb) {
  if (!path) throw Error(ErrorKind::kUsage, "`airbyte " + verb + "` needs --" + flag + " FILE.");
  return *path;
}

int check(Connector& c, const Invocation& call) {
  // Airbyte reads the outcome from the message: any failure is FAILED with exit 0.
  try {
    Config config = json_lines::read_config(c, needed(call.config, "config", "check"));
    write_line(connection_status(true, c.check(config).message));
  } catch (const Error& e) {
    write_line(connection_status(false, e.what()));
  }
  return 0;
}

int dispatch(const Invocation& call) {
  std::unique_ptr<Connector> c = make_connector(call.connector);
  if (!c)
    throw Error(ErrorKind::kUsage,
                "Unknown connector \"" + call.connector + "\"; `sluice connectors` lists them.");
  if (call.verb == "spec") {
    write_line(spec_message(c->spec()));
    return 0;
  }
  if (call.verb == "check") return check(*c, call);
  if (call.verb != "discover" && call.verb != "read")
    throw Error(ErrorKind::kUsage,
                "Unknown Airbyte verb \"" + call.verb + "\"; use spec, check, discover or read.");
  const std::string& config_path = needed(call.config, "config", call.verb);
  Config config = json_lines::read_config(*c, config_path);
  std::vector<TableSpec> tables = c->schema(config);
  if (call.verb == "discover") {
    write_line(catalog_message(tables));
    return 0;
  }
  const std::string& catalog_path = needed(call.catalog, "catalog", "read");
  json_lines::TableChoice choice = configured_streams(
      json_lines::read_json_file(catalog_path, "catalog"), tables, "The catalog " + catalog_path);
  json_lines::TableStates states(c->name());
  if (call.state)
    load_states(json_lines::read_json_file(*call.state, "state"), tables,
                "The state file " + *call.state, states);
  set_log_format(LogFormat::kAirbyteJson);
  read(*c, config, tables, choice, states);
  return 0;
}

}  // namespace

int run(const Invocation& call) {
  try {
    return dispatch(call);
  } catch (const Error& e) {
    write_line(error_trace(e.kind(), e.what()));
    json_lines::flush_lines();
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    write_line(error_trace(ErrorKind::kInternal, e.what()));
    json_lines::flush_lines();
    return exit_code(ErrorKind::kInternal);
  }
}

}  // namespace sluice::airbyte

// Verbs that describe connectors: connectors, spec, init, check, schema.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sluice/cli/commands.h"
#include "sluice/cli/context.h"
#include "sluice/core/error.h"
#include "sluice/sdk/registry.h"

namespace sluice::cli {

int cmd_connectors(const Args& args) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& name : connector_names()) {
    std::string description;
    try {
      description = make_connector(name)->description();
    } catch (const Error&) {  // a connector.yaml with problems is still listed, not fatal
      description = "(its connector.yaml has problems: `sluice validate` names them)";
    }
    if (!args.flag("json")) std::cout << name << "\t" << description << "\n";
    list.push_back({{"name", name}, {"description", description}});
  }
  if (args.flag("json")) std::cout << list.dump(2) << "\n";
  return 0;
}

int cmd_spec(const Args& args) {
  auto c = connector_from(args, "spec");
  nlohmann::json out = {{"connector", c->name()}, {"fields", spec_to_json(c->spec())}};
  std::cout << out.dump(2) << "\n";
  return 0;
}

int cmd_init(const Args& args) {
  auto c = connector_from(args, "init");
  std::string path = args.text("config");
  if (std::filesystem::exists(path) && !args.flag("force"))
    throw Error(ErrorKind::kUsage,
                path + " already exists; edit it, or pass --force to overwrite it.");
  std::ofstream out(path);
  if (!out)
    throw Error(ErrorKind::kConfig, "Could not write " + path + "; check the folder is writable.");
  out << config_template(c->spec()).dump(2) << "\n";
  std::cout << "Wrote " << path << " for " << c->name()
            << ". Fill in the REQUIRED fields, then run `sluice check " << c->name() << "`.\n"
            << "Keep it out of version control: it holds secrets.\n";
  return 0;
}

int cmd_check(const Args& args) {
  auto c = connector_from(args, "check");
  Config config = load_config(*c, args.text("config"));
  CheckResult r = c->check(config);
  std::cout << "OK: " << r.message << "\n";
  return 0;
}

int cmd_schema(const Args& args) {
  auto c = connector_from(args, "schema");
  Config config = nlohmann::json::object();
  if (args.get("config")) config = load_config(*c, *args.get("config"));
  auto tables = c->schema(config);
  if (args.flag("json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tables) {
      nlohmann::json cols = nlohmann::json::array();
      for (const auto& col : t.columns)
        cols.push_back({{"name", col.name}, {"type", type_name(col.type)}});
      out.push_back({{"table", t.name},
                     {"primary_key", t.primary_key},
                     {"mode", mode_name(t.mode)},
                     {"columns", cols},
                     {"cursor", t.cursor.empty() ? nlohmann::json() : nlohmann::json(t.cursor)},
                     {"description", t.description}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& t : tables) {
    std::cout << t.name << " (" << mode_name(t.mode) << ", key";
    for (const auto& k : t.primary_key) std::cout << " " << k;
    if (!t.cursor.empty()) std::cout << ", cursor " << t.cursor;
    std::cout << "): " << t.description << "\n";
    for (const auto& col : t.columns)
      std::cout << "  " << col.name << " " << type_name(col.type) << "\n";
    std::cout << "  … and any other field the API sends, with inferred types\n";
  }
  return 0;
}

}  // namespace sluice::cli

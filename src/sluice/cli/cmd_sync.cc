// Verbs that change or read a connection's data: sync (alias debug), reset, state.
#include <unistd.h>

#include <iostream>

#include "sluice/cli/commands.h"
#include "sluice/cli/context.h"
#include "sluice/cli/project.h"
#include "sluice/core/error.h"
#include "sluice/runtime/sync_engine.h"

namespace sluice::cli {

namespace {

// `sluice sync --all`: every connection of the project file that has a destination, one after
// another; a failed connection is reported and the others still run.
int sync_all(const Args& args) {
  std::vector<ProjectConnection> project = load_project(args.text("project"));
  int first_failure = 0;
  std::vector<std::string> report;
  for (const ProjectConnection& p : project) {
    if (p.destination.empty()) continue;
    try {
      auto c = connector_named(p.connector);
      Config config = load_config(*c, p.configuration);
      auto warehouse = open_warehouse(p.destination, Open::kCreate);
      SyncOptions options;
      options.connection = p.name;
      options.progress = !args.flag("no-progress");
      options.terminal = ::isatty(STDERR_FILENO);
      SyncSummary summary = run_sync(*c, config, *warehouse, options);
      std::cout << "== " << p.name << " (" << p.connector << " into " << p.destination << ")\n"
                << format_summary(summary);
      report.push_back(p.name + ": ok");
    } catch (const Error& e) {
      std::cerr << "sluice: connection " << p.name << " failed: " << e.what() << "\n";
      report.push_back(p.name + ": failed (" + std::string(kind_label(e.kind())) + ")");
      if (!first_failure) first_failure = exit_code(e.kind());
    }
  }
  std::cout << "Connections:";
  for (const auto& r : report) std::cout << "  " << r;
  std::cout << "\n";
  return first_failure;
}

}  // namespace

int cmd_sync(const Args& args) {
  if (args.flag("all")) return sync_all(args);
  auto c = connector_from(args, "sync");
  // Everything the user wrote is checked before the warehouse is touched.
  SyncOptions options;
  options.loader.max_buffered_rows = static_cast<size_t>(args.integer("buffer-rows"));
  Config config = load_config(*c, args.text("config"));
  auto warehouse = open_warehouse(warehouse_path(args), Open::kCreate);
  options.connection = args.get("connection").value_or(c->name());
  options.progress = !args.flag("no-progress");
  options.terminal = ::isatty(STDERR_FILENO);
  SyncSummary summary = run_sync(*c, config, *warehouse, options);
  std::cout << format_summary(summary);
  return 0;
}

int cmd_reset(const Args& args) {
  auto c = connector_from(args, "reset");
  auto warehouse = open_warehouse(warehouse_path(args), Open::kExisting);
  std::string connection = args.get("connection").value_or(c->name());
  std::vector<std::string> drop;
  if (args.flag("drop-tables"))
    for (const auto& t : c->schema(nlohmann::json::object())) drop.push_back(t.name);
  warehouse->reset(connection, drop);
  std::cout << "Reset " << connection << ": its state is cleared"
            << (drop.empty() ? "; the next sync reads everything again and merges by key.\n"
                             : " and its tables dropped; the next sync starts from scratch.\n");
  return 0;
}

int cmd_state(const Args& args) {
  if (args.positional().empty() || args.positional()[0] != "show")
    throw Error(ErrorKind::kUsage, "Use `sluice state show <connector>`.");
  if (args.positional().size() < 2)
    throw Error(ErrorKind::kUsage, "Name a connector: `sluice state show <connector>`.");
  std::string connection = args.get("connection").value_or(args.positional()[1]);
  auto warehouse = open_warehouse(warehouse_path(args), Open::kReadOnly);
  nlohmann::json state = warehouse->read_state(connection);
  if (state.is_null()) {
    std::cout << "No state for " << connection << ": its next sync is a first sync.\n";
  } else {
    std::cout << state.dump(2) << "\n";
  }
  return 0;
}

}  // namespace sluice::cli

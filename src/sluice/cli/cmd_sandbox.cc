// `sluice sandbox <connector>` serves a source's emulator until stopped; `sluice demo` syncs the
// Refiner sandbox into a local warehouse and shows what landed.
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "sluice/cli/commands.h"
#include "sluice/cli/context.h"
#include "sluice/cli/stop_signal.h"
#include "sluice/cli/table_printer.h"
#include "sluice/core/error.h"
#include "sluice/runtime/sync_engine.h"
#include "sluice/sandbox/sandbox.h"

namespace sluice::cli {
namespace {

struct RunningSandbox {
  std::unique_ptr<Sandbox> sandbox;
  std::unique_ptr<HttpServer> server;
};

RunningSandbox start_sandbox(const std::string& name, const Args& args) {
  SandboxOptions options;
  options.values = args.source_flags();
  RunningSandbox r;
  r.sandbox = make_sandbox(name, options);
  if (!r.sandbox) {
    std::string known;
    for (const auto& n : sandbox_names()) known += (known.empty() ? "" : ", ") + n;
    throw Error(ErrorKind::kUsage,
                "There is no sandbox for \"" + name + "\"; sandboxes exist for: " + known + ".");
  }
  ServerOptions server;
  server.port = static_cast<int>(args.integer("port"));
  server.latency_ms = static_cast<int>(args.integer("latency-ms"));
  Sandbox* raw = r.sandbox.get();
  r.server = std::make_unique<HttpServer>([raw](const ServerRequest& q) { return raw->handle(q); },
                                          server);
  return r;
}

}  // namespace

int cmd_sandbox(const Args& args) {
  if (args.positional().empty())
    throw Error(ErrorKind::kUsage, "Name a sandbox: `sluice sandbox refiner --port 8787`.");
  std::string name = args.positional()[0];
  RunningSandbox s = start_sandbox(name, args);
  std::string config = s.sandbox->example_config(s.server->base_url());
  if (auto path = args.get("write-config")) {
    std::ofstream(*path) << config;
  }
  std::cout << name << " sandbox listening on " << s.server->base_url() << "\n"
            << "A configuration for it:\n"
            << config;
  for (const auto& line : s.sandbox->flags()) std::cout << "  " << line << "\n";
  std::cout << "Stop it with Ctrl-C." << std::endl;
  stop_on_signals();
  wait_for_stop();
  s.server->stop();
  return 0;
}

int cmd_demo(const Args& args) {
  std::string name = args.positional().empty() ? "refiner" : args.positional()[0];
  RunningSandbox s = start_sandbox(name, args);
  auto connector = connector_named(name);
  Config config = validated_config(
      *connector, nlohmann::json::parse(s.sandbox->example_config(s.server->base_url())),
      "the sandbox configuration");
  std::string path = warehouse_path(args);
  auto warehouse = open_warehouse(path, Open::kCreate);
  std::cout << "Syncing the " << name << " sandbox (" << s.server->base_url() << ") into " << path
            << "\n";
  SyncOptions options;
  options.terminal = ::isatty(STDERR_FILENO);
  options.progress = !args.flag("no-progress");
  SyncSummary summary = run_sync(*connector, config, *warehouse, options);
  std::cout << format_summary(summary) << "\nWhat landed in " << path << ":\n";
  std::string sql;
  std::vector<TableSpec> tables = connector->schema(config);
  for (const auto& t : tables) {
    if (!sql.empty()) sql += " UNION ALL ";
    // Append tables keep no deletion flag: every row is live.
    const std::string live = t.mode == WriteMode::kAppend
                                 ? "count(*)"
                                 : "count(*) FILTER (WHERE NOT coalesce(_sluice_deleted, false))";
    sql += "SELECT '" + t.name + "' AS \"table\", count(*) AS \"rows\", " + live +
           " AS live FROM \"" + t.name + "\"";
  }
  print_table(std::cout, warehouse->query(sql));
  std::cout << "\nTry: ./build/sluice query \"SELECT * FROM " << tables.back().name << " LIMIT 5\""
            << (path == "warehouse.duckdb" ? "" : " --warehouse " + path) << "\n";
  return 0;
}

}  // namespace sluice::cli

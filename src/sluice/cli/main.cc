// `sluice`: the command line. Every user-facing failure ends here as one sentence and an exit code.
#include <malloc.h>

#include <functional>
#include <iostream>
#include <map>

#include "sluice/cli/commands.h"
#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/redact.h"

namespace {

constexpr const char* kUsage =
    R"(sluice — pull records out of SaaS APIs into a warehouse, exactly once.

Usage: sluice <verb> [connector] [options]

  connectors                  list the connectors
  spec <connector>            the configuration fields (JSON)
  init <connector>            write a configuration.json template
  check <connector>           reach the API with the configuration's credentials
  schema <connector>          the tables, keys and columns (alias: discover)
  sync <connector>            read everything new into the warehouse (alias: debug, read)
  sync --all                  sync every connection of the project file (sluice.yaml)
  reset <connector>           forget the saved state (--drop-tables drops its tables too)
  state show <connector>      print the saved state
  query "<sql>"               run SQL against the warehouse and print a table
  sandbox <connector>         serve a local emulator of the source's API
  demo [connector]            sync a sandbox into ./warehouse.duckdb and show what landed
  serve function --connector <c> --port <p>
                              answer Fivetran's function-connector protocol over HTTP
  new <name>                  scaffold connectors/<name>/ (--check: what building one needs)
  serve --all                 serve every connection of sluice.yaml that has a port
  serve grpc --connector <c> --port <p>
                              serve Fivetran's partner SDK (gRPC, v2) source-connector service
  airbyte <connector> spec|check|discover|read [--config F] [--catalog F] [--state F]
                              run as an Airbyte source (JSON lines on stdout)
  singer <connector> --config F [--state F] [--catalog F | --properties F] [--discover]
                              run as a Singer tap (JSON lines on stdout)

Options:
  --config PATH       configuration file (default configuration.json)
  --warehouse PATH    DuckDB warehouse file (default warehouse.duckdb)
  --connection NAME   the state key of this connection (default: the connector's name)
  --no-progress       no live progress lines
  --quiet / --verbose less or more logging
)";

const std::set<std::string> kFlags = {"no-progress", "quiet", "verbose", "json",    "force",
                                      "drop-tables", "help",  "all",     "discover"};

}  // namespace

int main(int argc, char** argv) {
  using namespace sluice;
  using namespace sluice::cli;
  // Page bodies (megabytes, made on fetch threads, freed on the loader's) would otherwise pile up
  // in per-thread malloc arenas: blocks past 1 MB go back to the system when freed. The trim
  // threshold stays high so that the heap's top is not returned and refaulted on every batch.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
  const std::map<std::string, std::function<int(const Args&)>> verbs = {
      {"connectors", cmd_connectors},
      {"spec", cmd_spec},
      {"init", cmd_init},
      {"check", cmd_check},
      {"schema", cmd_schema},
      {"discover", cmd_schema},
      {"sync", cmd_sync},
      {"debug", cmd_sync},
      {"read", cmd_sync},
      {"reset", cmd_reset},
      {"state", cmd_state},
      {"query", cmd_query},
      {"sandbox", cmd_sandbox},
      {"demo", cmd_demo},
      {"serve", cmd_serve},
      {"new", cmd_new},
      {"airbyte", cmd_airbyte},
      {"singer", cmd_singer},
  };
  if (argc < 2 || std::string(argv[1]) == "help" || std::string(argv[1]) == "--help") {
    std::cout << kUsage;
    return argc < 2 ? 64 : 0;
  }
  std::string verb = argv[1];
  try {
    auto it = verbs.find(verb);
    if (it == verbs.end())
      throw Error(ErrorKind::kUsage,
                  "Unknown verb \"" + verb + "\"; run `sluice help` for the list.");
    Args args(argc, argv, 2, kFlags);
    if (args.flag("quiet")) set_log_level(LogLevel::kWarning);
    if (args.flag("verbose")) set_log_level(LogLevel::kDebug);
    return it->second(args);
  } catch (const Error& e) {
    std::cerr << "sluice: " << kind_label(e.kind()) << ": " << e.what() << "\n";
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "sluice: internal error: " << redact(e.what()) << "\n";
    return exit_code(ErrorKind::kInternal);
  }
}

#include "sluice/cli/verbs.h"

#include "sluice/cli/commands.h"
#include "sluice/cli/source_flags.h"
#include "sluice/http/call_limiter.h"
#include "sluice/load/loader.h"
#include "sluice/protocols/function/function_handler.h"
#include "sluice/sandbox/sandbox.h"

namespace sluice::cli {
namespace {

constexpr int64_t kMaxPort = 65535;

Verb& connector_word(Verb& v) {
  return v.word("connector", "the connector (see `sluice connectors`)");
}
Verb& config(Verb& v) {
  return v.text("config", "PATH", "the connector's configuration file", "configuration.json");
}
Verb& warehouse(Verb& v) {
  return v.text("warehouse", "PATH", "the DuckDB warehouse file", "warehouse.duckdb")
      .text("destination", "URI",
            "where data lands: a DuckDB path, postgres://… or parquet:///dir (overrides "
            "--warehouse)");
}
Verb& connection(Verb& v) {
  return v.text("connection", "NAME", "the connection's state key (default: the connector's name)");
}
Verb& progress(Verb& v) {
  return v.flag("no-progress", "no live progress lines");
}
Verb& project(Verb& v) {
  return v.text("project", "PATH", "the project file listing the connections", "sluice.yaml");
}
// The guards of a function server facing a network (function_server.h).
Verb& network(Verb& v) {
  return v
      .text("host", "ADDRESS", "the address to listen on; beyond loopback needs --auth-token-file",
            "127.0.0.1")
      .text("auth-token-file", "PATH", "a file holding the bearer token every caller must send")
      .integer("max-calls",
               "calls run at once (the default: the machine's cores, at least 2, at most 4)",
               static_cast<int64_t>(CallLimiter::default_max_running()), 1, 256);
}

// The sandbox the words name (any word: flags may come first), for its flags.
std::vector<std::string> named_sandboxes(const DefineContext& c, const std::string& fallback) {
  if (c.every_sandbox) return sandbox_names();
  for (const std::string& word : c.rest)
    for (const std::string& name : sandbox_names())
      if (word == name) return {name};
  return fallback.empty() ? std::vector<std::string>{} : std::vector<std::string>{fallback};
}

void define_sandbox(Verb& v, const DefineContext& c) {
  connector_word(v)
      .integer("port", "the port to listen on (0: any free port)", 8787, 0, kMaxPort)
      .integer("latency-ms", "delay every answer by this many milliseconds", 0, 0, 600000)
      .text("write-config", "PATH", "also write the configuration for this sandbox here")
      .note("Each sandbox has flags of its own: `sluice sandbox <connector> --help` lists them.")
      .example("sluice sandbox refiner --port 8787 --responses 5000");
  declare_source_flags(v, named_sandboxes(c, ""));
}

void define_demo(Verb& v, const DefineContext& c) {
  connector_word(v)
      .integer("port", "the sandbox's port (0: any free port)", 0, 0, kMaxPort)
      .integer("latency-ms", "delay every answer by this many milliseconds", 0, 0, 600000);
  progress(warehouse(v)).example("sluice demo refiner --responses 100000");
  declare_source_flags(v, named_sandboxes(c, "refiner"));
}

void define_sync(Verb& v, const DefineContext&) {
  connector_word(v);
  progress(connection(warehouse(config(v))))
      .integer("buffer-rows", "rows buffered per table before they are written",
               static_cast<int64_t>(LoaderOptions{}.max_buffered_rows), 1, 100'000'000)
      .flag("all", "sync every connection of the project file that has a destination");
  project(v).example("sluice sync refiner --destination postgres://me@localhost/db?schema=refiner");
  v.example("sluice sync --all --project sluice.yaml");
  for (const char* own :
       {"connector", "config", "warehouse", "destination", "connection", "buffer-rows"})
    v.excludes("all", own);
}

void define_serve(Verb& v, const DefineContext&) {
  v.flag("all", "serve every connection of the project file that has a port");
  network(project(v)).example("sluice serve --all --project sluice.yaml");
  Verb function = v.sub("function", "answer Fivetran's function-connector protocol over HTTP");
  const FunctionOptions call;
  network(function.text("connector", "NAME", "the connector to serve")
              .integer("port", "the port to listen on (0: any free port)", 8080, 0, kMaxPort)
              .integer("max-response-bytes", "an answer's budget in bytes",
                       static_cast<int64_t>(call.max_response_bytes), 1, int64_t{64} << 20)
              .number("max-seconds", "a call's budget in seconds", call.max_seconds, 1, 6 * 3600))
      .example("sluice serve function --connector refiner --port 8080");
  v.sub("grpc", "serve Fivetran's partner SDK (gRPC, v2) source-connector service")
      .text("connector", "NAME", "the connector to serve")
      .integer("port", "the port to listen on (0: any free port)", 50051, 0, kMaxPort)
      .example("sluice serve grpc --connector refiner --port 50051");
}

const std::vector<VerbSpec> kVerbs = {
    {"connectors",
     {},
     "list the connectors",
     [](Verb& v, const DefineContext&) {
       v.flag("json", "as a JSON array").example("sluice connectors");
     },
     cmd_connectors},
    {"spec",
     {},
     "the configuration fields of a connector (JSON)",
     [](Verb& v, const DefineContext&) { connector_word(v).example("sluice spec refiner"); },
     cmd_spec},
    {"init",
     {},
     "write a configuration.json template",
     [](Verb& v, const DefineContext&) {
       config(connector_word(v))
           .flag("force", "overwrite an existing file")
           .example("sluice init refiner --config refiner.json");
     },
     cmd_init},
    {"check",
     {},
     "reach the API with the configuration's credentials",
     [](Verb& v, const DefineContext&) {
       config(connector_word(v)).example("sluice check refiner");
     },
     cmd_check},
    {"schema",
     {"discover"},
     "the tables, keys and columns of a connector",
     [](Verb& v, const DefineContext&) {
       config(connector_word(v)).flag("json", "as JSON").example("sluice schema refiner --json");
     },
     cmd_schema},
    {"sync",
     {"debug", "read"},
     "read everything new into the warehouse (--all: the project's)",
     define_sync,
     cmd_sync},
    {"reset",
     {},
     "forget a connection's saved state",
     [](Verb& v, const DefineContext&) {
       connection(warehouse(connector_word(v)))
           .flag("drop-tables", "drop the connector's tables too")
           .example("sluice reset refiner --drop-tables");
     },
     cmd_reset},
    {"state",
     {},
     "print a connection's saved state (`state show <connector>`)",
     [](Verb& v, const DefineContext&) {
       v.word("action", "show");
       connection(warehouse(connector_word(v))).example("sluice state show refiner");
     },
     cmd_state},
    {"query",
     {},
     "run read-only SQL against the warehouse and print the rows",
     [](Verb& v, const DefineContext&) {
       warehouse(v.word("sql", "one statement that reads (SELECT, WITH, DESCRIBE, …)"))
           .choice("format", {"table", "json", "jsonl", "csv"},
                   "a text table; typed JSON (an array), JSON lines, or CSV (RFC 4180)", "table")
           .flag("json", "the same as --format json")
           .integer("max-width", "the widest a table column is printed", 40, 4, 100000)
           .excludes("json", "format")
           .example("sluice query \"SELECT count(*) FROM responses\"")
           .example("sluice query \"SELECT * FROM responses\" --format csv > responses.csv");
     },
     cmd_query},
    {"runs",
     {},
     "the run history of the warehouse, newest first",
     [](Verb& v, const DefineContext&) {
       warehouse(v)
           .text("connection", "NAME", "only this connection's runs")
           .integer("limit", "the newest this many runs", 50, 1, 1000000)
           .flag("json", "as a JSON array")
           .example("sluice runs --connection refiner --json");
     },
     cmd_runs},
    {"ui",
     {},
     "a local page of the warehouse: runs over time, tables, newest rows",
     [](Verb& v, const DefineContext&) {
       warehouse(v)
           .integer("port", "the port to listen on (0: any free port)", 8790, 0, kMaxPort)
           .text("host", "ADDRESS", "the loopback address to listen on (127.0.0.1 or ::1)",
                 "127.0.0.1")
           .note("It only reads the warehouse, and only this machine can reach it.")
           .example("sluice ui --port 8790");
     },
     cmd_ui},
    {"sandbox", {}, "serve a local emulator of a source's API", define_sandbox, cmd_sandbox},
    {"demo",
     {},
     "sync a sandbox into ./warehouse.duckdb and show what landed",
     define_demo,
     cmd_demo},
    {"serve",
     {},
     "serve a connector to Fivetran (`serve function`, `serve grpc`, `serve --all`)",
     define_serve,
     cmd_serve},
    {"new",
     {},
     "scaffold connectors/<name>/ for a new source",
     [](Verb& v, const DefineContext&) {
       v.word("name", "the new connector's name (lower case, digits, _)")
           .text("dir", "PATH", "the folder of connectors", "connectors")
           .flag("check", "list what building a connector needs and whether it is here")
           .flag("yaml", "write connectors/<name>/connector.yaml, a declarative source (no build)")
           .example("sluice new my_source");
     },
     cmd_new},
    {"validate",
     {},
     "check a declarative YAML source; every problem with its line and column",
     [](Verb& v, const DefineContext&) {
       v.word("file", "the YAML source")
           .example("sluice validate connectors/my_source/connector.yaml");
     },
     cmd_validate},
    {"airbyte",
     {},
     "run as an Airbyte source (JSON lines on stdout)",
     [](Verb& v, const DefineContext&) {
       connector_word(v)
           .word("command", "spec, check, discover or read")
           .text("config", "PATH", "the configuration file")
           .text("catalog", "PATH", "the configured catalog (read)")
           .text("state", "PATH", "the state to resume from (read)")
           .example("sluice airbyte refiner read --config c.json --catalog catalog.json");
     },
     cmd_airbyte},
    {"singer",
     {},
     "run as a Singer tap (JSON lines on stdout)",
     [](Verb& v, const DefineContext&) {
       connector_word(v)
           .text("config", "PATH", "the configuration file")
           .text("state", "PATH", "the state to resume from")
           .text("catalog", "PATH", "the catalog of selected streams")
           .text("properties", "PATH", "the catalog, by its older name")
           .flag("discover", "print the catalog")
           .example("sluice singer refiner --config c.json --discover");
     },
     cmd_singer},
};

}  // namespace

const std::vector<VerbSpec>& verb_specs() {
  return kVerbs;
}

}  // namespace sluice::cli

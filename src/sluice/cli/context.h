#pragma once
// What most verbs need: the connector named on the command line, its validated configuration,
// and the warehouse.
#include <memory>
#include <string>

#include "sluice/cli/args.h"
#include "sluice/load/destination.h"
#include "sluice/sdk/connector.h"
#include "sluice/sdk/connector_config.h"

namespace sluice::cli {

// The named connector, or a usage error listing the known ones.
std::unique_ptr<Connector> connector_named(const std::string& name);
std::unique_ptr<Connector> connector_from(const Args& args, const std::string& verb);

// Reads the configuration file, validates it against the connector's spec (every problem at once)
// and registers its secrets with the redactor.
Config load_config(const Connector& connector, const std::string& path);

// True for a postgres:// or postgresql:// URI.
bool is_postgres(const std::string& uri);
// The destination URI: --destination or --warehouse, default ./warehouse.duckdb.
std::string warehouse_path(const Args& args);
// kQuery is kReadOnly for `sluice query`: PostgreSQL too is opened read-only (no DDL on open,
// every query in a READ ONLY transaction).
enum class Open { kCreate, kExisting, kReadOnly, kQuery };
// Opens the destination a URI names: `duckdb:///path` or a plain path, `postgres://…`.
// For DuckDB, kExisting, kReadOnly and kQuery refuse a file that does not exist yet; kReadOnly and
// kQuery open it read-only without access to other files or the network.
std::unique_ptr<Destination> open_warehouse(const std::string& uri, Open mode);

}  // namespace sluice::cli

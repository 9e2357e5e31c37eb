#include "sluice/cli/context.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sluice/core/error.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/destinations/parquet/parquet_destination.h"
#include "sluice/destinations/postgres/postgres_destination.h"
#include "sluice/sdk/registry.h"

namespace sluice::cli {

std::unique_ptr<Connector> connector_named(const std::string& name) {
  auto c = make_connector(name);
  if (c) return c;
  std::string known;
  for (const auto& n : connector_names()) known += (known.empty() ? "" : ", ") + n;
  throw Error(ErrorKind::kUsage,
              "Unknown connector \"" + name + "\"; the connectors are: " + known + ".");
}

std::unique_ptr<Connector> connector_from(const Args& args, const std::string& verb) {
  if (args.positional().empty())
    throw Error(ErrorKind::kUsage,
                "Name a connector: `sluice " + verb + " <connector>` (see `sluice connectors`).");
  return connector_named(args.positional()[0]);
}

Config load_config(const Connector& connector, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw Error(ErrorKind::kConfig, "There is no configuration file at " + path +
                                        "; write one with `sluice init " + connector.name() +
                                        "` and fill it in.");
  }
  std::stringstream text;
  text << in.rdbuf();
  Config raw;
  try {
    raw = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    auto at = what.find("parse error at ");
    std::string where = at == std::string::npos
                            ? ""
                            : " (" + what.substr(at + 15, what.find(':', at) - at - 15) + ")";
    throw Error(ErrorKind::kConfig,
                path + " is not valid JSON" + where + "; fix it and try again.");
  }
  return validated_config(connector, raw, path);
}

bool is_postgres(const std::string& uri) {
  return uri.rfind("postgres://", 0) == 0 || uri.rfind("postgresql://", 0) == 0;
}

std::string warehouse_path(const Args& args) {
  return args.get("destination").value_or(args.text("warehouse"));
}

std::unique_ptr<Destination> open_warehouse(const std::string& uri, Open mode) {
  if (is_postgres(uri)) return open_postgres(uri, mode == Open::kQuery);
  if (uri.rfind("parquet://", 0) == 0) {
    std::string dir = uri.substr(10);
    if (mode != Open::kCreate && !std::filesystem::exists(dir))
      throw Error(ErrorKind::kWarehouse,
                  "There is no Parquet warehouse at " + dir + "; run `sluice sync` first.");
    return open_parquet(dir);
  }
  std::string path = uri.rfind("duckdb://", 0) == 0 ? uri.substr(9) : uri;
  if (path.find("://") != std::string::npos)
    throw Error(ErrorKind::kUsage,
                "Unknown destination \"" + uri.substr(0, uri.find("://") + 3) +
                    "…\"; use duckdb:///path/warehouse.duckdb, a file path, "
                    "postgres://user@host:port/db?schema=name or parquet:///dir.");
  if (mode != Open::kCreate && !std::filesystem::exists(path))
    throw Error(ErrorKind::kWarehouse, "There is no warehouse at " + path +
                                           "; run `sluice sync` first or pass --warehouse.");
  return open_duckdb(path, mode == Open::kReadOnly || mode == Open::kQuery);
}

}  // namespace sluice::cli

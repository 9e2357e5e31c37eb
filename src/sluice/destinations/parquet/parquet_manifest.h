#pragma once
// The commit record of a Parquet warehouse: one manifest per checkpoint and connection, written
// atomically (temporary name, then rename). It lists the checkpoint's files and row counts, the
// tables' schemas and the connection's state. A file no manifest lists was never committed.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace sluice::parquet {

struct Manifest {
  int64_t sequence = 0;
  nlohmann::json
      json;  // {sequence, connection, committed_at, state, tables, files: [{path, rows, temp}]}
};

std::filesystem::path manifest_dir(const std::filesystem::path& root,
                                   const std::string& connection);
std::optional<Manifest> latest_manifest(const std::filesystem::path& root,
                                        const std::string& connection);
void write_manifest(const std::filesystem::path& root, const std::string& connection,
                    const Manifest& m);
// Writes `text` to `path` through a temporary file and a rename, so readers see all or nothing.
void write_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace sluice::parquet

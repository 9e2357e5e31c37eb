#include "sluice/destinations/parquet/parquet_manifest.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "sluice/core/error.h"

namespace sluice::parquet {

namespace fs = std::filesystem;

fs::path manifest_dir(const fs::path& root, const std::string& connection) {
  return root / "_sluice" / "manifests" / connection;
}

std::optional<Manifest> latest_manifest(const fs::path& root, const std::string& connection) {
  fs::path dir = manifest_dir(root, connection);
  std::error_code ec;
  if (!fs::exists(dir, ec)) return std::nullopt;
  std::optional<fs::path> newest;
  int64_t best = -1;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.rfind("manifest-", 0) != 0 || e.path().extension() != ".json") continue;
    int64_t seq = std::stoll(name.substr(9));
    if (seq > best) {
      best = seq;
      newest = e.path();
    }
  }
  if (!newest) return std::nullopt;
  std::ifstream in(*newest);
  std::stringstream text;
  text << in.rdbuf();
  Manifest m;
  m.sequence = best;
  try {
    m.json = nlohmann::json::parse(text.str());
  } catch (const std::exception&) {
    throw Error(ErrorKind::kWarehouse, "The manifest " + newest->string() +
                                           " is unreadable; restore it or reset the connection.");
  }
  return m;
}

void write_atomically(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out)
      throw Error(ErrorKind::kWarehouse, "Could not write " + tmp.string() + "; check the disk.");
  }
  fs::rename(tmp, path);
}

void write_manifest(const fs::path& root, const std::string& connection, const Manifest& m) {
  char name[64];
  std::snprintf(name, sizeof name, "manifest-%012lld.json", static_cast<long long>(m.sequence));
  write_atomically(manifest_dir(root, connection) / name, m.json.dump(1));
}

}  // namespace sluice::parquet

// `sluice new <name>`: scaffolds connectors/<name>/ (connector, sandbox, README, example
// configuration, end-to-end test) that builds and registers itself with no other file edited.
// `sluice new --check` lists what building a connector needs and whether this machine has it.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sluice/cli/commands.h"
#include "sluice/cli/file_mode.h"
#include "sluice/cli/scaffold_templates.h"
#include "sluice/core/error.h"
#include "sluice/declarative/yaml_scaffold.h"
#include "sluice/sdk/registry.h"

namespace sluice::cli {
namespace {

namespace fs = std::filesystem;

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t colon = dirs.find(':', start);
    std::string dir = dirs.substr(start, colon == std::string::npos ? colon : colon - start);
    if (!dir.empty() && fs::exists(fs::path(dir) / program)) return true;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return false;
}

int check_tools() {
  struct Need {
    std::string what;
    bool present;
    std::string how;
  };
  const std::vector<Need> needs = {
      {"C++20 compiler (g++)", on_path("g++") || on_path("c++"), "apt install build-essential"},
      {"cmake 3.25+", on_path("cmake"), "apt install cmake"},
      {"protoc + grpc_cpp_plugin", on_path("protoc") && on_path("grpc_cpp_plugin"),
       "apt install protobuf-compiler protobuf-compiler-grpc libgrpc++-dev"},
      {"clang-format", on_path("clang-format"), "apt install clang-format"},
      {"DuckDB library (third_party/duckdb)", fs::exists("third_party/duckdb/libduckdb.so"),
       "bash scripts/setup.sh (from the npm registry)"},
      {"simdjson, libcurl, libpq, GoogleTest headers",
       fs::exists("/usr/include/simdjson.h") && fs::exists("/usr/include/gtest/gtest.h"),
       "bash scripts/setup.sh"},
  };
  bool all = true;
  for (const auto& n : needs) {
    std::cout << (n.present ? "  ok       " : "  MISSING  ") << n.what
              << (n.present ? "" : "  (" + n.how + ")") << "\n";
    all = all && n.present;
  }
  std::cout << (all ? "Everything `sluice new` needs is here.\n"
                    : "Install what is missing (bash scripts/setup.sh does it all).\n");
  return all ? 0 : 1;
}

}  // namespace

int cmd_new(const Args& args) {
  if (args.flag("check")) return check_tools();
  if (args.positional().empty())
    throw Error(ErrorKind::kUsage, "Name the new connector: `sluice new my_source`.");
  const std::string name = args.positional()[0];
  const bool valid =
      !name.empty() && std::islower(static_cast<unsigned char>(name[0])) &&
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  if (!valid)
    throw Error(ErrorKind::kUsage, "\"" + name +
                                       "\" cannot name a connector: use lower-case letters, "
                                       "digits and _, starting with a letter (e.g. my_source).");
  if (make_connector(name))
    throw Error(ErrorKind::kUsage, "A connector named \"" + name + "\" exists already.");
  const fs::path folder = fs::path(args.text("dir")) / name;
  restore_user_umask();  // source files, meant to be shared like the rest of the tree
  if (fs::exists(folder))
    throw Error(ErrorKind::kUsage, folder.string() + " exists already; choose another name.");
  const std::vector<ScaffoldFile> files =
      args.flag("yaml")
          ? std::vector<ScaffoldFile>{{"connector.yaml", declarative::yaml_scaffold(name)}}
          : scaffold_files(name);
  for (const ScaffoldFile& f : files) {
    fs::path path = folder / f.path;
    fs::create_directories(path.parent_path());
    std::ofstream out(path);
    out << f.text;
    if (!out) throw Error(ErrorKind::kInternal, "Could not write " + path.string() + ".");
    std::cout << "  wrote " << path.string() << "\n";
  }
  if (args.flag("yaml")) {
    std::cout << "Next: sluice validate " << (folder / "connector.yaml").string()
              << ", then `sluice init " << name
              << "`. It is found by name; nothing needs building.\n";
    return 0;
  }
  std::cout << "Next: cmake --build build && ./build/sluice_tests --gtest_filter='*E2E*' and "
               "`./build/sluice sandbox "
            << name << "`. It registers itself; no other file needs editing.\n";
  return 0;
}

}  // namespace sluice::cli

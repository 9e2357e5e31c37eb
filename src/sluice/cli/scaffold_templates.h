#pragma once
// The files `sluice new <name>` writes: a connector with one incremental stream, its sandbox with
// one endpoint, a README in the seeds' structure, an example configuration and an end-to-end
// test. `@name@`, `@Name@` and `@Title@` are replaced by the connector's name in three spellings.
#include <string>
#include <vector>

namespace sluice::cli {

struct ScaffoldFile {
  std::string path;  // relative to the connector's folder
  std::string text;
};

std::vector<ScaffoldFile> scaffold_files(const std::string& name);

}  // namespace sluice::cli

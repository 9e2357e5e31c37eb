// `sluice`: the command line. Every user-facing failure ends here as one sentence and an exit code.
#include <malloc.h>

#include <iostream>

#include "sluice/cli/command_line.h"
#include "sluice/cli/file_mode.h"
#include "sluice/core/error.h"
#include "sluice/core/redact.h"
#include "sluice/declarative/yaml_connectors.h"

int main(int argc, char** argv) {
  using namespace sluice;
  // Page bodies (megabytes, made on fetch threads, freed on the loader's) would otherwise pile up
  // in per-thread malloc arenas: blocks past 1 MB go back to the system when freed. The trim
  // threshold stays high so that the heap's top is not returned and refaulted on every batch.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
  try {
    cli::make_files_private();
    declarative::install_yaml_connectors();  // connectors/<name>/connector.yaml, *.yaml paths
    return cli::run_command_line(argc, argv);
  } catch (const Error& e) {
    std::cerr << "sluice: " << kind_label(e.kind()) << ": " << e.what() << "\n";
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "sluice: internal error: " << redact(e.what()) << "\n";
    return exit_code(ErrorKind::kInternal);
  }
}

#pragma once
// Runs the real `sluice` binary on a pseudo-terminal, as from an interactive shell: stdout and
// stderr are the terminal, so what it draws there (escape codes included) is what is captured.
#include <string>
#include <vector>

#include "support/process.h"

namespace sluice::testing {

// `args` (args[0] is the program) on a terminal of `columns` × 40 in `workdir`; everything it
// wrote is in `out` (`err` stays empty: a terminal has one stream).
ProcessResult run_on_terminal(const std::vector<std::string>& args, const std::string& workdir,
                              int columns = 120);

}  // namespace sluice::testing

#pragma once
// `sluice completion bash`: a bash completion script made from the command line's definitions,
// so it offers exactly the verbs, subcommands and options `sluice` accepts.
#include <string>

namespace CLI {
class App;
}

namespace sluice::cli {

std::string bash_completion(const CLI::App& app);

}  // namespace sluice::cli

#pragma once
// Every verb of `sluice`, in one table: its name, aliases, one-line summary, its options (which
// `--help` and the bash completion show) and the function that runs it. A new verb is one entry.
#include <string>
#include <vector>

#include "sluice/cli/verb.h"

namespace sluice::cli {

// What a verb's definition may look at: the words after the verb (`sandbox` declares the flags
// of the sandbox they name), or every sandbox's flags when the definitions are for completion.
struct DefineContext {
  std::vector<std::string> rest;
  bool every_sandbox = false;
};

struct VerbSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::string summary;
  void (*define)(Verb& verb, const DefineContext& context);
  int (*run)(const Args& args);
};

const std::vector<VerbSpec>& verb_specs();

}  // namespace sluice::cli

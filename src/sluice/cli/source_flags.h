#pragma once
// A sandbox's own flags (`sluice sandbox refiner --responses 5000`), declared on `sandbox` and
// `demo` from the sandbox itself: made once with no flags, it has read every flag it understands
// with its default (SandboxOptions::read), and its flags() lines describe them.
#include <string>
#include <vector>

#include "sluice/cli/verb.h"

namespace sluice::cli {

// Declares the flags of each named sandbox (a flag two of them share, once).
void declare_source_flags(Verb& verb, const std::vector<std::string>& sandboxes);

}  // namespace sluice::cli

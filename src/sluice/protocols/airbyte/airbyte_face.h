#pragma once
// `sluice airbyte <connector> spec|check|discover|read`: any connector as an Airbyte source. Every
// line on stdout is an AirbyteMessage; a failure is a TRACE error with one sentence and a non-zero
// exit, except in `check`, which answers FAILED and exits 0 as Airbyte expects.
#include <optional>
#include <string>

namespace sluice::airbyte {

struct Invocation {
  std::string connector;
  std::string verb;  // spec, check, discover, read
  std::optional<std::string> config, catalog, state;
};

// Prints the verb's messages; returns the process exit code.
int run(const Invocation& call);

}  // namespace sluice::airbyte

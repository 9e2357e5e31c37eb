#pragma once
// `sluice singer <connector> --config F [--state F] [--catalog F | --properties F] [--discover]`:
// any connector as a Singer tap. `--discover` prints the catalog; otherwise the selected streams
// are read as SCHEMA, RECORD and STATE lines on stdout, logs on stderr, and a failure is one
// sentence on stderr with a non-zero exit.
#include <optional>
#include <string>

namespace sluice::singer {

struct Invocation {
  std::string connector;
  std::string config;
  std::optional<std::string> state, catalog;
  std::string catalog_flag = "catalog";  // or "properties", as the caller spelled it
  bool discover = false;
};

// Throws sluice::Error on failure.
void run(const Invocation& call);

}  // namespace sluice::singer

#pragma once
// A sandbox emulates one source's API on loopback with deterministic generated data. Sandboxes
// register themselves from their connector's folder, like connectors do.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sluice/http/http_server.h"

namespace sluice {

// Flags given to `sluice sandbox <name>` (`--responses 1000` -> {"responses", "1000"}).
class SandboxOptions {
 public:
  std::map<std::string, std::string> values;
  int64_t integer(const std::string& name, int64_t fallback) const;
  std::string text(const std::string& name, std::string fallback) const;
  // Every flag read while the sandbox was made, with its default: the flags it understands, which
  // `sluice sandbox <name> --help` lists and the command line accepts. Only constructors read
  // options, so this is filled before the sandbox serves anything.
  struct Read {
    bool integer = false;
    std::string fallback;
  };
  mutable std::map<std::string, Read> read;
};

class Sandbox {
 public:
  virtual ~Sandbox() = default;
  virtual ServerResponse handle(const ServerRequest& request) = 0;
  // A configuration.json that points the connector at this sandbox.
  virtual std::string example_config(const std::string& base_url) const = 0;
  // The flags this sandbox understands, one line each, for --help.
  virtual std::vector<std::string> flags() const = 0;
  // Data faults (fault_plan.h), for sandboxes whose data can change under a sync. `hold_late`
  // runs once before any request when the plan has `late`, so records can be held back; each
  // `arrive_late` then lets one arrive, older than the newest record served. `grow` adds one
  // record newer than all others. Each returns false when this sandbox cannot.
  virtual void hold_late() {}
  virtual bool arrive_late() { return false; }
  virtual bool grow() { return false; }
};

using SandboxFactory = std::function<std::unique_ptr<Sandbox>(const SandboxOptions&)>;

void register_sandbox(const std::string& name, SandboxFactory factory);
std::unique_ptr<Sandbox> make_sandbox(const std::string& name, const SandboxOptions& options);
std::vector<std::string> sandbox_names();

struct SandboxRegistrar {
  SandboxRegistrar(const std::string& name, SandboxFactory factory) {
    register_sandbox(name, std::move(factory));
  }
};

}  // namespace sluice

#define SLUICE_REGISTER_SANDBOX(NAME, TYPE)                                           \
  static const ::sluice::SandboxRegistrar sluice_sandbox_registrar_##TYPE {           \
    NAME, [](const ::sluice::SandboxOptions& o) { return std::make_unique<TYPE>(o); } \
  }

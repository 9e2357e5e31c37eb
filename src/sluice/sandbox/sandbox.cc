#include "sluice/sandbox/sandbox.h"

#include "sluice/core/error.h"

namespace sluice {
namespace {
std::map<std::string, SandboxFactory>& factories() {
  static std::map<std::string, SandboxFactory> m;
  return m;
}
}  // namespace

int64_t SandboxOptions::integer(const std::string& name, int64_t fallback) const {
  auto it = values.find(name);
  if (it == values.end()) return fallback;
  try {
    return std::stoll(it->second);
  } catch (...) {
    throw Error(ErrorKind::kUsage,
                "--" + name + " must be a whole number, not \"" + it->second + "\".");
  }
}

std::string SandboxOptions::text(const std::string& name, std::string fallback) const {
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second;
}

void register_sandbox(const std::string& name, SandboxFactory factory) {
  factories()[name] = std::move(factory);
}

std::unique_ptr<Sandbox> make_sandbox(const std::string& name, const SandboxOptions& options) {
  auto it = factories().find(name);
  return it == factories().end() ? nullptr : it->second(options);
}

std::vector<std::string> sandbox_names() {
  std::vector<std::string> out;
  for (const auto& [n, _] : factories()) out.push_back(n);
  return out;
}

}  // namespace sluice

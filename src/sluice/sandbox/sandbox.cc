#include "sluice/sandbox/sandbox.h"

#include <atomic>
#include <stdexcept>

#include "sluice/core/error.h"
#include "sluice/sandbox/fault_plan.h"

namespace sluice {
namespace {
std::map<std::string, SandboxFactory>& factories() {
  static std::map<std::string, SandboxFactory> m;
  return m;
}
// Any sandbox under a fault plan: API requests are counted and faulted; admin calls pass.
class FaultySandbox : public Sandbox {
 public:
  FaultySandbox(std::unique_ptr<Sandbox> inner, FaultPlan plan)
      : inner_(std::move(inner)), plan_(std::move(plan)) {
    if (plan_.has("late")) inner_->hold_late();
  }
  ServerResponse handle(const ServerRequest& request) override {
    if (request.path.rfind("/__sandbox/", 0) == 0) {
      if (request.path == "/__sandbox/faults/fire" && request.method == "POST") {
        // A data fault now, between syncs: e.g. a late record after the last sync read past it.
        const std::string kind = request.param("kind");
        const bool done = kind == "grow" ? inner_->grow() : kind == "late" && inner_->arrive_late();
        if (done) plan_.count(kind);
        return ServerResponse::json(done ? 200 : 400, done ? "{}" : "{\"error\":\"cannot\"}");
      }
      if (request.path == "/__sandbox/faults" && request.method == "POST") {
        // Stops injecting (the data stays as the faults left it), so a test can catch up.
        enabled_ = request.param("enabled", "0") != "0";
        return ServerResponse::json(200, enabled_ ? "{\"enabled\":true}" : "{\"enabled\":false}");
      }
      if (request.path == "/__sandbox/faults") {
        std::string body = "{";
        for (const auto& [kind, n] : plan_.injected())
          body += (body.size() > 1 ? ",\"" : "\"") + kind + "\":" + std::to_string(n);
        return ServerResponse::json(200, body + "}");
      }
      return inner_->handle(request);
    }
    if (!enabled_) return inner_->handle(request);
    const int64_t n = ++requests_;
    // Data faults land before the answer is made, so the list changes between pages.
    for (const std::string& kind : plan_.data_faults(n))
      if (kind == "grow" ? inner_->grow() : inner_->arrive_late()) plan_.count(kind);
    return plan_.apply(n, request, inner_->handle(request));
  }
  std::string example_config(const std::string& base_url) const override {
    return inner_->example_config(base_url);
  }
  std::vector<std::string> flags() const override {
    auto f = inner_->flags();
    f.push_back(
        "--faults PLAN     inject faults, e.g. \"429-none@7,503@11x3,reset@13,html@17\" "
        "(GET /__sandbox/faults counts them; POST /__sandbox/faults?enabled=0 stops them; POST "
        "/__sandbox/faults/fire?kind=grow|late changes the data now)");
    return f;
  }

 private:
  std::unique_ptr<Sandbox> inner_;
  FaultPlan plan_;
  std::atomic<int64_t> requests_{0};
  std::atomic<bool> enabled_{true};
};

}  // namespace

int64_t SandboxOptions::integer(const std::string& name, int64_t fallback) const {
  read[name] = {true, std::to_string(fallback)};
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
  read[name] = {false, fallback};
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second;
}

void register_sandbox(const std::string& name, SandboxFactory factory) {
  factories()[name] = std::move(factory);
}

std::unique_ptr<Sandbox> make_sandbox(const std::string& name, const SandboxOptions& options) {
  auto it = factories().find(name);
  if (it == factories().end()) return nullptr;
  auto sandbox = it->second(options);
  auto faults = options.values.find("faults");
  if (faults == options.values.end() || faults->second.empty()) return sandbox;
  try {
    return std::make_unique<FaultySandbox>(std::move(sandbox), FaultPlan::parse(faults->second));
  } catch (const std::invalid_argument& e) {
    throw Error(ErrorKind::kUsage, std::string("--faults: ") + e.what() + ".");
  }
}

std::vector<std::string> sandbox_names() {
  std::vector<std::string> out;
  for (const auto& [n, _] : factories()) out.push_back(n);
  return out;
}

}  // namespace sluice

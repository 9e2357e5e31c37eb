#pragma once
// `errors:` of a YAML source: statuses retried besides the engine's own (429, 408, 5xx, which
// honour Retry-After), statuses that mean bad credentials (one sentence, exit 77), attempts, the
// request budget, and a body path whose presence marks an error answered with 200.
#include <string>
#include <vector>

#include "sluice/declarative/build_context.h"
#include "sluice/http/request.h"

namespace sluice::declarative {

struct ErrorHandling {
  std::vector<long> retry_statuses;
  std::vector<long> auth_statuses = {401, 403};
  int max_attempts = 6;
  int64_t base_delay_ms = 500;
  double requests_per_minute = 0;  // 0: no budget
  std::string error_pointer;       // JSON pointer; empty: none
};

ErrorHandling read_error_handling(const YAML::Node& node, const BuildContext& context);

// What to do with a final non-2xx status: kAuth for a bad-credential status, a retry (with its
// delay) for a listed status while attempts remain, otherwise the engine's own error stands.
struct StatusVerdict {
  enum class Action { kRethrow, kRetry, kAuth } action = Action::kRethrow;
  int64_t delay_ms = 0;
};
StatusVerdict judge_status(const ErrorHandling& handling, long status, int attempt);

// "a.b.0" -> "/a/b/0"; "" stays "" (the whole body).
std::string dotted_to_pointer(const std::string& dotted);

}  // namespace sluice::declarative

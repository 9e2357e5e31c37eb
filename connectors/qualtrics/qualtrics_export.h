#pragma once
// The response export, client side: start a job, poll it within a time budget (stopping at once
// when it fails), download the ZIP to a temporary file, and read every file inside it as a
// stream of response records. Nothing is held whole in memory: one record at a time.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/qualtrics/qualtrics_client.h"

namespace sluice::qualtrics {

struct ExportSpec {
  std::string survey_id;
  nlohmann::json body;  // the POST body: format, allowContinuation, continuationToken, startDate…
  int64_t timeout_seconds = 1800;
  int64_t poll_interval_ms = 1000;  // the first wait; later waits grow to 10 s
};

struct ExportOutcome {
  std::optional<std::string> continuation_token;
  int64_t files = 0;
  int64_t responses = 0;
};

// `on_response` gets each response object's JSON text.
ExportOutcome run_export(QualtricsClient& client, const ExportSpec& spec,
                         const std::function<void(std::string_view)>& on_response);

}  // namespace sluice::qualtrics

#pragma once
// The response export, client side: start a job, poll it within a time budget (stopping at once
// when it fails), download the ZIP to a temporary file, and read every file inside it as a
// stream of response records. Nothing is held whole in memory: one record at a time.
#include <atomic>
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
  int64_t poll_interval_ms = 1000;         // the first wait; later waits grow to 10 s
  std::atomic<double>* percent = nullptr;  // when set, the job's percentComplete as polled
};

struct ExportOutcome {
  std::optional<std::string> continuation_token;
  int64_t files = 0;
  int64_t responses = 0;
};

// An export whose file is ready to download.
struct ReadyExport {
  std::string progress_id;
  std::string file_id;
  std::optional<std::string> continuation_token;
};

// Starts the export and polls it until its file is ready. Safe to run on another thread (the
// client is shared); returns early with an empty file_id once `*cancel` turns true.
ReadyExport prepare_export(QualtricsClient& client, const ExportSpec& spec,
                           const std::atomic<bool>* cancel = nullptr);

// Downloads a ready export and hands `on_response` each response object's JSON text.
ExportOutcome read_export(QualtricsClient& client, const ExportSpec& spec, const ReadyExport& ready,
                          const std::function<void(std::string_view)>& on_response);

}  // namespace sluice::qualtrics

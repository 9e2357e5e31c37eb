#pragma once
// Reading the run history back (`_sluice_runs`, one row per sync) from any destination, for
// `sluice runs` and `sluice ui`. A run without an end is one whose process never recorded it: the
// sync is still running, or it was killed (an end row is only written by a sync that saw its end).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sluice/load/destination.h"

namespace sluice {

struct RunRow {
  std::string run_id, connection, connector, status, error;
  double started_at = 0;           // seconds since the epoch
  std::optional<double> ended_at;  // none: no end was recorded
  nlohmann::json rows_by_table = nlohmann::json::object();
  int64_t rows = 0;  // all tables together
  int64_t operations = 0;
  std::optional<int64_t> requests, retries;  // none in runs recorded before they were counted
};

// The newest `limit` runs, newest first, of one connection or (empty) all. An empty list when the
// destination has no run history yet.
std::vector<RunRow> read_runs(Destination& warehouse, const std::string& connection, int64_t limit);

// {run_id, connection, connector, status, started_at, ended_at, seconds, rows, rows_by_table,
// operations, requests, retries, error}; times as ISO-8601 UTC, absent ones null.
nlohmann::json run_json(const RunRow& run);

}  // namespace sluice

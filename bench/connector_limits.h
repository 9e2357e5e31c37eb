#pragma once
// Limits any connector has, each measured alone on the same sandbox data as the full sync:
// (r) the connector's own reads (requests, parsing, shaping records) into memory, with no
// warehouse; (c) appending exactly those rows into DuckDB as ready-made data chunks (filled
// before the clock starts) in one transaction, committed and checkpointed, and nothing else.
#include <string>

namespace sluice::bench {

struct ConnectorLimits {
  double read_seconds = 0;
  double append_seconds = 0;      // wall
  double append_cpu_seconds = 0;  // the process's CPU while appending, committing, checkpointing
  long long rows = 0;
};

ConnectorLimits measure_connector_limits(const std::string& connector,
                                         const std::string& config_json,
                                         const std::string& scratch);

}  // namespace sluice::bench

#pragma once
// One sync of one connection: state from the warehouse, the connector's operations through the
// loader, a transaction per checkpoint, and a row in `_sluice_runs` telling how it went.
#include <map>
#include <string>

#include "sluice/load/destination.h"
#include "sluice/load/loader.h"
#include "sluice/sdk/connector.h"

namespace sluice {

struct SyncOptions {
  std::string connection;  // the state key; the connector's name when empty
  bool progress = true;
  bool terminal = false;
  LoaderOptions loader;
};

struct SyncSummary {
  std::string run_id;
  std::string connection;
  double seconds = 0;
  std::map<std::string, TableStats> tables;
  int64_t operations = 0;
  int64_t checkpoints = 0;
  int64_t commits = 0;  // checkpoints share transactions (LoaderOptions::commit_interval_ms)
  int64_t requests = 0;
};

// Throws sluice::Error on failure, after rolling back to the last checkpoint and recording the
// failed run.
SyncSummary run_sync(Connector& connector, const Config& config, Destination& destination,
                     const SyncOptions& options);

std::string format_summary(const SyncSummary& summary);

}  // namespace sluice

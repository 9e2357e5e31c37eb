#include "sluice/runtime/sync_engine.h"

#include <chrono>
#include <cstdio>
#include <random>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/core/redact.h"
#include "sluice/core/timestamp.h"
#include "sluice/http/request_tally.h"
#include "sluice/runtime/progress.h"

namespace sluice {
namespace {

std::string new_run_id(int64_t now) {
  std::mt19937_64 rng(std::random_device{}());
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld-%08llx", static_cast<long long>(now / 1000000),
                static_cast<unsigned long long>(rng() & 0xffffffffULL));
  return buf;
}

nlohmann::json rows_json(const std::map<std::string, TableStats>& tables) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, s] : tables) j[name] = s.rows();
  return j;
}

}  // namespace

SyncSummary run_sync(Connector& connector, const Config& config, Destination& destination,
                     const SyncOptions& options) {
  auto start = std::chrono::steady_clock::now();
  const RequestTally tally_before = request_tally();
  SyncSummary summary;
  summary.connection = options.connection.empty() ? connector.name() : options.connection;
  int64_t synced_at = now_micros();
  summary.run_id = new_run_id(synced_at);

  RunRecord run;
  run.run_id = summary.run_id;
  run.connection = summary.connection;
  run.connector = connector.name();
  run.started_at = synced_at;
  run.status = "running";

  destination.lock(summary.connection);
  nlohmann::json state = destination.read_state(summary.connection);
  if (state.is_null()) state = nlohmann::json::object();
  std::vector<TableSpec> tables = connector.schema(config);
  destination.record_run(run);
  log_info("sync " + summary.run_id + " of " + summary.connection + " into " +
           destination.describe() +
           (state.empty() ? " (first sync)" : " (resuming from saved state)"));

  Loader loader(destination, tables, summary.connection, synced_at, options.loader);
  ProgressEmitter progress(loader, options.terminal, options.progress);
  auto finish_run = [&](const std::string& status, const std::string& error) {
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary.tables = loader.stats();
    summary.operations = loader.operations();
    summary.checkpoints = loader.checkpoints();
    summary.commits = loader.commits();
    summary.requests = connector.requests_sent();
    run.ended_at = now_micros();
    run.status = status;
    run.rows_by_table = rows_json(summary.tables);
    run.operations = summary.operations;
    const RequestTally tally = request_tally();
    // A connector that does not count its requests is counted by the process-wide tally.
    run.requests = summary.requests ? summary.requests : tally.requests - tally_before.requests;
    run.retries = tally.retries - tally_before.retries;
    run.error = redact(error);
  };
  try {
    connector.update(config, state, progress);
    // Rows emitted after the connector's last checkpoint still land, with the last state it gave.
    progress.checkpoint(progress.has_state() ? progress.last_state() : state);
    loader.finish();
  } catch (const std::exception& e) {
    progress.finish(false);
    loader.abandon();
    finish_run("failed", e.what());
    try {
      destination.record_run(run);
    } catch (const std::exception& inner) {
      log_warning(std::string("could not record the failed run: ") + inner.what());
    }
    throw;
  }
  progress.finish(true);
  finish_run("succeeded", "");
  destination.record_run(run);
  return summary;
}

std::string format_summary(const SyncSummary& s) {
  std::string out = "Sync " + s.run_id + " of " + s.connection + " succeeded in ";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.2f s", s.seconds);
  out += buf;
  out += "\n";
  std::snprintf(buf, sizeof buf, "  %-24s %12s %10s %10s %10s\n", "table", "upserts", "updates",
                "deletes", "skipped");
  out += buf;
  for (const auto& [name, t] : s.tables) {
    std::snprintf(buf, sizeof buf, "  %-24s %12lld %10lld %10lld %10lld\n", name.c_str(),
                  static_cast<long long>(t.upserts), static_cast<long long>(t.updates),
                  static_cast<long long>(t.deletes), static_cast<long long>(t.skipped));
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "  operations %lld, checkpoints %lld in %lld commits, requests %lld, %.0f ops/s\n",
                static_cast<long long>(s.operations), static_cast<long long>(s.checkpoints),
                static_cast<long long>(s.commits), static_cast<long long>(s.requests),
                s.operations / std::max(1e-3, s.seconds));
  out += buf;
  return out;
}

}  // namespace sluice

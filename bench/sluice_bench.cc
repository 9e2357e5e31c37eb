// The benchmark harness: syncs the Refiner sandbox into a fresh DuckDB file (and, with
// --postgres, a PostgreSQL schema) with the sync measured as its own process, measures the
// machine's limits for the same data, then a second scenario with per-request latency and
// Refiner's rate limit against the bound they impose. Prints a table and, with --json, JSON.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "bench/bench_process.h"
#include "bench/refiner_limits.h"
#include "sluice/destinations/duckdb/duckdb_destination.h"
#include "sluice/sandbox/sandbox.h"

namespace fs = std::filesystem;
using namespace sluice;
using namespace sluice::bench;

namespace {

struct Options {
  int64_t responses = 1000000;
  int64_t latency_responses = 20000;
  int latency_ms = 100;
  int64_t rate_limit = 4000;
  std::string postgres;
  std::string json_path;
  bool skip_limits = false;
};

struct Sandboxed {
  std::unique_ptr<Sandbox> sandbox;
  std::unique_ptr<HttpServer> server;
};

Sandboxed start(int64_t responses, int latency_ms, int64_t rate_limit) {
  SandboxOptions o;
  o.values = {{"responses", std::to_string(responses)}, {"rate-limit", std::to_string(rate_limit)}};
  Sandboxed s;
  s.sandbox = make_sandbox("refiner", o);
  ServerOptions so;
  so.latency_ms = latency_ms;
  Sandbox* raw = s.sandbox.get();
  s.server =
      std::make_unique<HttpServer>([raw](const ServerRequest& r) { return raw->handle(r); }, so);
  return s;
}

nlohmann::json sync_once(Sandboxed& s, const std::string& dir, const std::string& destination) {
  std::ofstream(dir + "/configuration.json") << s.sandbox->example_config(s.server->base_url());
  int64_t before = s.server->requests();
  Measured m = run_measured(
      {SLUICE_BINARY, "sync", "refiner", "--destination", destination, "--no-progress"}, dir);
  if (m.exit_code != 0) throw std::runtime_error("the sync failed: " + m.err);
  nlohmann::json j = {
      {"destination", destination.rfind("postgres", 0) == 0 ? "postgres" : "duckdb"},
      {"wall_seconds", m.wall_seconds},
      {"cpu_seconds", m.user_seconds + m.system_seconds},
      {"peak_rss_mb", m.peak_rss_kb / 1024.0},
      {"requests", s.server->requests() - before}};
  // Rows per table from the run history (DuckDB); a PostgreSQL run reports the total only.
  int64_t total = 0;
  nlohmann::json tables = nlohmann::json::object();
  if (destination.rfind("postgres", 0) != 0) {
    auto w = open_duckdb(dir + "/" + destination, true);
    auto r = w->query("SELECT rows_by_table FROM _sluice_runs ORDER BY started_at DESC LIMIT 1");
    tables = nlohmann::json::parse(*r.rows[0][0]);
  }
  for (auto& [name, n] : tables.items()) total += n.get<int64_t>();
  j["rows"] = total;
  j["rows_per_second"] = total / m.wall_seconds;
  nlohmann::json per_table = nlohmann::json::object();
  for (auto& [name, n] : tables.items()) per_table[name] = n.get<int64_t>() / m.wall_seconds;
  j["rows_per_second_by_table"] = per_table;
  j["throttled"] = [&] {
    int64_t n = 0;
    for (size_t p = m.err.find("HTTP 429"); p != std::string::npos;
         p = m.err.find("HTTP 429", p + 1))
      ++n;
    return n;
  }();
  return j;
}

void print_row(const char* what, double value, const char* unit) {
  std::printf("  %-44s %12.2f %s\n", what, value, unit);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int k = 1; k < argc; ++k) {
    std::string a = argv[k];
    auto next = [&] { return std::string(k + 1 < argc ? argv[++k] : ""); };
    if (a == "--responses")
      o.responses = std::stoll(next());
    else if (a == "--latency-responses")
      o.latency_responses = std::stoll(next());
    else if (a == "--latency-ms")
      o.latency_ms = std::stoi(next());
    else if (a == "--rate-limit")
      o.rate_limit = std::stoll(next());
    else if (a == "--postgres")
      o.postgres = next();
    else if (a == "--json")
      o.json_path = next();
    else if (a == "--skip-limits")
      o.skip_limits = true;
    else {
      std::cerr << "usage: sluice_bench [--responses N] [--latency-responses N] [--latency-ms L] "
                   "[--rate-limit R] "
                   "[--postgres URL] [--json FILE] [--skip-limits]\n";
      return 64;
    }
  }
  fs::path dir = fs::temp_directory_path() / ("sluice-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  nlohmann::json report;
  try {
    std::printf("Refiner, %lld responses, sandbox on loopback (no latency, no rate limit)\n",
                static_cast<long long>(o.responses));
    Sandboxed fast = start(o.responses, 0, 0);
    nlohmann::json full = sync_once(fast, dir.string(), "bench.duckdb");
    report["full_sync"] = full;
    print_row("full sync into DuckDB: wall", full["wall_seconds"], "s");
    print_row("full sync: CPU of the sync process", full["cpu_seconds"], "s");
    print_row("full sync: peak RSS", full["peak_rss_mb"], "MB");
    print_row("full sync: rows per second", full["rows_per_second"], "rows/s");
    print_row("full sync: requests", full["requests"].get<double>(), "");
    for (auto& [t, r] : full["rows_per_second_by_table"].items())
      print_row(("  rows/s " + t).c_str(), r, "rows/s");
    if (!o.postgres.empty()) {
      nlohmann::json pg =
          sync_once(fast, dir.string(),
                    o.postgres + (o.postgres.find('?') == std::string::npos ? "?" : "&") +
                        "schema=bench_" + std::to_string(::getpid()));
      report["full_sync_postgres"] = pg;
      print_row("full sync into PostgreSQL: wall", pg["wall_seconds"], "s");
      print_row("full sync into PostgreSQL: CPU of the sync process", pg["cpu_seconds"], "s");
      print_row("full sync into PostgreSQL: peak RSS", pg["peak_rss_mb"], "MB");
    }
    if (!o.skip_limits) {
      Limits l = measure_refiner_limits(fast.sandbox->example_config(fast.server->base_url()),
                                        dir.string());
      report["limits"] = {{"download_seconds", l.download_seconds},
                          {"bytes", l.bytes},
                          {"pages", l.pages},
                          {"parse_seconds", l.parse_seconds},
                          {"items", l.items},
                          {"append_seconds", l.append_seconds},
                          {"rows", l.rows}};
      double bound = std::max(l.download_seconds, l.append_seconds);
      report["ratio_to_limits"] = full["wall_seconds"].get<double>() / bound;
      print_row("(a) download every page, no processing", l.download_seconds, "s");
      print_row("(b) parse those bytes with simdjson only", l.parse_seconds, "s");
      print_row("(c) append the same rows into DuckDB only", l.append_seconds, "s");
      print_row("full sync / max(a, c)", report["ratio_to_limits"], "x");
      print_row("CPU per million responses", full["cpu_seconds"].get<double>() * 1e6 / o.responses,
                "s");
    }
    fast.server->stop();

    std::printf("Refiner, %lld responses, %d ms per request, %lld requests/min\n",
                static_cast<long long>(o.latency_responses), o.latency_ms,
                static_cast<long long>(o.rate_limit));
    Sandboxed slow = start(o.latency_responses, o.latency_ms, o.rate_limit);
    nlohmann::json paced = sync_once(slow, dir.string(), "paced.duckdb");
    double requests = paced["requests"].get<double>();
    // Cursor paging is sequential: one request in flight at a time.
    double bound = std::max(requests * o.latency_ms / 1000.0,
                            o.rate_limit > 0 ? requests * 60.0 / o.rate_limit : 0);
    paced["bound_seconds"] = bound;
    paced["ratio_to_bound"] = paced["wall_seconds"].get<double>() / bound;
    report["paced_sync"] = paced;
    print_row("paced sync: wall", paced["wall_seconds"], "s");
    print_row("bound from latency and rate budget", bound, "s");
    print_row("paced sync / bound", paced["ratio_to_bound"], "x");
    print_row("429s met", paced["throttled"].get<double>(), "");
    slow.server->stop();
  } catch (const std::exception& e) {
    std::cerr << "sluice_bench: " << e.what() << "\n";
    fs::remove_all(dir);
    return 1;
  }
  if (!o.json_path.empty()) std::ofstream(o.json_path) << report.dump(2) << "\n";
  std::printf("%s\n", report.dump().c_str());
  fs::remove_all(dir);
  return 0;
}

#include "bench/pg_server_cpu.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "sluice/load/sql_text.h"

namespace sluice::bench {
namespace {

// Fields of /proc/PID/stat after the command's closing parenthesis (field 3 is the first).
std::vector<std::string> stat_fields(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> out;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return out;
  std::istringstream rest(line.substr(close + 1));
  for (std::string f; rest >> f;) out.push_back(f);
  return out;
}

}  // namespace

PgServerCpu::PgServerCpu(const std::string& url)
    : db_(std::make_unique<pg::Connection>(pg::parse_target(url))) {
  const QueryResult r = db_->query("SELECT pg_backend_pid()");
  const long backend = std::stol(r.rows.at(0).at(0).value_or("0"));
  const auto f = stat_fields(backend);
  if (f.size() > 1) postmaster_ = std::stol(f[1]);  // field 4, the parent
}

double PgServerCpu::children_cpu_seconds() const {
  const auto f = stat_fields(postmaster_);
  if (f.size() < 15) return 0;
  // Fields 16 and 17: cutime and cstime, in clock ticks.
  return static_cast<double>(std::stoll(f[13]) + std::stoll(f[14])) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

void PgServerCpu::wait_for_syncs_to_end() {
  for (int k = 0; k < 100; ++k) {
    const QueryResult r = db_->query(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'sluice sync%'");
    if (r.rows.at(0).at(0) == "0") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // The backend leaves pg_stat_activity just before it exits; give the postmaster time to reap.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
}

void PgServerCpu::drop_schema(const std::string& schema) {
  db_->exec("DROP SCHEMA IF EXISTS " + sql::quote_ident(schema) + " CASCADE");
}

}  // namespace sluice::bench

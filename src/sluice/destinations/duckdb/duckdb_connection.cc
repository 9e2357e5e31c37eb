#include "sluice/destinations/duckdb/duckdb_connection.h"

#include <fstream>

#include "sluice/core/error.h"
#include "sluice/core/timestamp.h"
#include "sluice/destinations/duckdb/duckdb_tuning.h"
#include "sluice/destinations/duckdb/duckdb_wal_replay.h"

namespace sluice::duck {
namespace {

std::string first_line(std::string s) {
  auto nl = s.find('\n');
  if (nl != std::string::npos) s.resize(nl);
  return s;
}

[[noreturn]] void fail_open(const std::string& path, const std::string& message) {
  if (message.find("Could not set lock") != std::string::npos ||
      message.find("Conflicting lock") != std::string::npos) {
    std::string holder;
    auto pid = message.find("PID ");
    if (pid != std::string::npos) {
      auto end = message.find_first_not_of("0123456789", pid + 4);
      holder = " (process " + message.substr(pid + 4, end - pid - 4) + ")";
    }
    throw Error(ErrorKind::kLocked,
                "The warehouse " + path + " is in use by another process" + holder +
                    "; wait for that sync to finish, or use another --warehouse.");
  }
  if (message.find("not a valid DuckDB database") != std::string::npos ||
      message.find("database file") != std::string::npos ||
      message.find("Serialization") != std::string::npos) {
    throw Error(ErrorKind::kWarehouse, "The file " + path +
                                           " is not a DuckDB warehouse; point --warehouse at a new "
                                           "path or at a warehouse Sluice created.");
  }
  throw Error(ErrorKind::kWarehouse,
              "Could not open the warehouse " + path + ": " + first_line(message) + ".");
}

}  // namespace

Connection::Connection(const std::string& path, bool read_only) : path_(path) {
  duckdb_config config;
  duckdb_create_config(&config);
  if (read_only) {
    // A reader touches the warehouse file and nothing else: no COPY … TO, ATTACH, INSTALL or
    // LOAD, no reading other files or URLs.
    duckdb_set_config(config, "access_mode", "READ_ONLY");
    duckdb_set_config(config, "enable_external_access", "false");
    duckdb_set_config(config, "autoinstall_known_extensions", "false");
    duckdb_set_config(config, "autoload_known_extensions", "false");
  }
  // DuckDB's own defaults (80% of the machine, a thread per core) suit a database server, not a
  // loader that appends and merges in batches next to its own reader thread.
  const Tuning tuning = tuning_from_env();
  if (duckdb_set_config(config, "memory_limit", tuning.memory_limit.c_str()) == DuckDBError) {
    duckdb_destroy_config(&config);
    throw Error(ErrorKind::kConfig,
                "SLUICE_DUCKDB_MEMORY_LIMIT must be a size such as 64MB or "
                "1GB; unset it to use the default.");
  }
  duckdb_set_config(config, "threads", tuning.threads.c_str());
  auto open = [&]() -> std::string {
    char* error = nullptr;
    if (duckdb_open_ext(path.c_str(), &db_, config, &error) == DuckDBSuccess) return "";
    std::string message = error ? error : "unknown error";
    duckdb_free(error);
    return message;
  };
  std::string message = open();
  // A sync killed after some schema changes leaves a log this open cannot replay; replayed
  // another way, the warehouse opens with everything that was committed.
  if (is_wal_replay_failure(message) && replay_wal_by_attaching(path, tuning.memory_limit).empty())
    message = open();
  if (!message.empty()) {
    duckdb_destroy_config(&config);
    fail_open(path, message);
  }
  duckdb_destroy_config(&config);
  if (duckdb_connect(db_, &conn_) == DuckDBError) {
    duckdb_close(&db_);
    throw Error(ErrorKind::kWarehouse, "Could not connect to the warehouse " + path + ".");
  }
  // Times are stored and shown in UTC whatever the machine's zone.
  duckdb_result r;
  duckdb_query(conn_, "SET TimeZone = 'UTC'", &r);
  duckdb_destroy_result(&r);
}

Connection::~Connection() {
  if (conn_) duckdb_disconnect(&conn_);
  if (db_) duckdb_close(&db_);
}

void Connection::exec(const std::string& sql) {
  duckdb_result r;
  if (duckdb_query(conn_, sql.c_str(), &r) == DuckDBError) {
    std::string message = duckdb_result_error(&r) ? duckdb_result_error(&r) : "unknown error";
    duckdb_destroy_result(&r);
    throw Error(ErrorKind::kWarehouse,
                "The warehouse " + path_ + " refused a statement: " + first_line(message));
  }
  duckdb_destroy_result(&r);
}

QueryResult Connection::query(const std::string& sql) {
  duckdb_result r;
  if (duckdb_query(conn_, sql.c_str(), &r) == DuckDBError) {
    std::string message = duckdb_result_error(&r) ? duckdb_result_error(&r) : "unknown error";
    duckdb_destroy_result(&r);
    throw Error(ErrorKind::kWarehouse, "Query failed: " + first_line(message));
  }
  QueryResult out;
  idx_t cols = duckdb_column_count(&r);
  idx_t rows = duckdb_row_count(&r);
  std::vector<bool> zoned(cols);
  for (idx_t c = 0; c < cols; ++c) {
    out.columns.emplace_back(duckdb_column_name(&r, c));
    // The text accessor leaves TIMESTAMPTZ empty; those are read raw and printed in ISO 8601 UTC.
    zoned[c] = duckdb_column_type(&r, c) == DUCKDB_TYPE_TIMESTAMP_TZ;
  }
  out.rows.reserve(rows);
  for (idx_t row = 0; row < rows; ++row) {
    std::vector<std::optional<std::string>> values;
    values.reserve(cols);
    for (idx_t c = 0; c < cols; ++c) {
      if (duckdb_value_is_null(&r, c, row)) {
        values.emplace_back(std::nullopt);
      } else if (zoned[c]) {
        values.emplace_back(
            format_timestamp(static_cast<int64_t*>(duckdb_column_data(&r, c))[row]));
      } else {
        char* text = duckdb_value_varchar(&r, c, row);
        values.emplace_back(text ? text : "");
        duckdb_free(text);
      }
    }
    out.rows.push_back(std::move(values));
  }
  duckdb_destroy_result(&r);
  return out;
}

}  // namespace sluice::duck

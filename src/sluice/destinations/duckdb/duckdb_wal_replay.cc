#include "sluice/destinations/duckdb/duckdb_wal_replay.h"

#include <duckdb.h>

#include "sluice/load/sql_text.h"

namespace sluice::duck {

bool is_wal_replay_failure(const std::string& message) {
  return message.find("replaying WAL") != std::string::npos;
}

std::string replay_wal_by_attaching(const std::string& path, const std::string& memory_limit) {
  duckdb_config config;
  duckdb_create_config(&config);
  duckdb_set_config(config, "memory_limit", memory_limit.c_str());
  duckdb_set_config(config, "threads", "1");
  duckdb_database db = nullptr;
  char* open_error = nullptr;
  const bool opened = duckdb_open_ext(nullptr, &db, config, &open_error) == DuckDBSuccess;
  duckdb_destroy_config(&config);
  if (!opened) {
    std::string message = open_error ? open_error : "unknown error";
    duckdb_free(open_error);
    return message;
  }
  duckdb_connection conn = nullptr;
  std::string failure;
  if (duckdb_connect(db, &conn) == DuckDBError) failure = "could not connect";
  for (const std::string& sql :
       {"ATTACH " + sql::quote_literal(path) + " AS sluice_replay",
        std::string("CHECKPOINT sluice_replay"), std::string("DETACH sluice_replay")}) {
    if (!failure.empty()) break;
    duckdb_result r;
    if (duckdb_query(conn, sql.c_str(), &r) == DuckDBError) {
      const char* e = duckdb_result_error(&r);
      failure = e ? e : "unknown error";
    }
    duckdb_destroy_result(&r);
  }
  if (conn) duckdb_disconnect(&conn);
  duckdb_close(&db);
  return failure;
}

}  // namespace sluice::duck

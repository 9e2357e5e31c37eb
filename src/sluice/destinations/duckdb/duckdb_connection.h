#pragma once
// A thin owner of a DuckDB database and connection: statements run or throw Error(kWarehouse).
#include <duckdb.h>

#include <string>

#include "sluice/load/destination.h"

namespace sluice::duck {

class Connection {
 public:
  Connection(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql);
  QueryResult query(const std::string& sql);
  duckdb_connection raw() { return conn_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  duckdb_database db_ = nullptr;
  duckdb_connection conn_ = nullptr;
};

}  // namespace sluice::duck

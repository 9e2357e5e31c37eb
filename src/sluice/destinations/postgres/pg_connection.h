#pragma once
// A libpq connection that speaks in sluice::Error: connection failures become one sentence without
// the password, statements run or throw, and COPY streams the data a producer writes.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sluice/core/value.h"
#include "sluice/destinations/postgres/pg_binary_copy.h"
#include "sluice/load/destination.h"

struct pg_conn;

namespace sluice::pg {

struct Target {
  std::string conninfo;  // what libpq receives (a URI or key=value pairs; PG* variables fill gaps)
  std::string schema;    // where tables go
  std::string display;   // for messages: no password
};

// Parses `postgres://user:pass@host:port/db?schema=s&sslmode=…`; `schema` is Sluice's own
// parameter and is removed before libpq sees the URI. The password is registered as a secret.
Target parse_target(const std::string& uri);

class Connection {
 public:
  explicit Connection(const Target& target);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const std::string& sql);
  QueryResult query(const std::string& sql);
  // Runs `copy_sql` (COPY … FROM STDIN) and sends what `produce` writes to the sink it is given.
  // When `produce` throws, the COPY ends with an error and the exception goes on.
  void copy_in(const std::string& copy_sql, const std::function<void(const CopySink&)>& produce);
  const std::string& display() const { return display_; }

 private:
  [[noreturn]] void fail(const std::string& what);
  pg_conn* conn_ = nullptr;
  std::string display_;
};

}  // namespace sluice::pg

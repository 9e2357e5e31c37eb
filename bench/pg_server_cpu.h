#pragma once
// The CPU a PostgreSQL server on this machine spent for a sync: its backends are children of the
// postmaster, and a backend's CPU joins the postmaster's children's CPU (cutime + cstime in
// /proc) once it has exited and been reaped. The difference across a sync is that sync's backend
// (plus any autovacuum worker that ended meanwhile; the least of several syncs keeps those out).
#include <memory>
#include <string>

#include "sluice/destinations/postgres/pg_connection.h"

namespace sluice::bench {

class PgServerCpu {
 public:
  // Connects to `url`; a server that is not on this machine (no postmaster under /proc) is not
  // measured: local() is false.
  explicit PgServerCpu(const std::string& url);
  bool local() const { return postmaster_ > 0; }
  // The postmaster's reaped children's CPU seconds so far.
  double children_cpu_seconds() const;
  // Waits until no backend of a `sluice sync` is left (its CPU then counts), at most 10 s.
  void wait_for_syncs_to_end();
  void drop_schema(const std::string& schema);

 private:
  std::unique_ptr<pg::Connection> db_;
  long postmaster_ = 0;
};

}  // namespace sluice::bench

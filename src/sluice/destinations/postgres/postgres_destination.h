#pragma once
// A PostgreSQL warehouse: rows arrive by binary COPY, straight into the table when their keys are
// certainly new to it, else into a staging table and merged with INSERT … ON CONFLICT; state, run
// history and a checkpoint's rows commit in one transaction; an advisory lock keeps two syncs of
// one connection apart.
#include <memory>
#include <string>

#include "sluice/load/destination.h"

namespace sluice {

// `postgres://user:password@host:port/db?schema=name` (libpq URIs and PG* variables work too).
// `read_only`: no DDL on open, and every query runs in a READ ONLY transaction (for `sluice
// query`).
std::unique_ptr<Destination> open_postgres(const std::string& uri, bool read_only = false);

}  // namespace sluice

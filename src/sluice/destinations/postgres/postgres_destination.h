#pragma once
// A PostgreSQL warehouse: rows arrive by COPY into a staging table and are merged with
// INSERT … ON CONFLICT; state, run history and a checkpoint's rows commit in one transaction; an
// advisory lock keeps two syncs of one connection apart.
#include <memory>
#include <string>

#include "sluice/load/destination.h"

namespace sluice {

// `postgres://user:password@host:port/db?schema=name` (libpq URIs and PG* variables work too).
std::unique_ptr<Destination> open_postgres(const std::string& uri);

}  // namespace sluice

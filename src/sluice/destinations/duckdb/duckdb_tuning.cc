#include "sluice/destinations/duckdb/duckdb_tuning.h"

#include <string>

#include "sluice/core/env_setting.h"
#include "sluice/destinations/sql/fresh_keys.h"

namespace sluice::duck {

Tuning tuning_from_env() {
  Tuning t;
  if (const char* v = env_setting("SLUICE_DUCKDB_MEMORY_LIMIT")) t.memory_limit = v;
  if (const char* v = env_setting("SLUICE_DUCKDB_THREADS"))
    t.threads = std::to_string(env_whole_number("SLUICE_DUCKDB_THREADS", v, 256));
  t.key_set_bytes = key_set_bytes_from_env();
  return t;
}

}  // namespace sluice::duck

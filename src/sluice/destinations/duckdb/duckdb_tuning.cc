#include "sluice/destinations/duckdb/duckdb_tuning.h"

#include <charconv>
#include <cstdlib>

#include "sluice/core/error.h"

namespace sluice::duck {
namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

long positive(const char* name, const char* text, long most) {
  long n = 0;
  std::string_view s(text);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n < 1 || n > most)
    throw Error(ErrorKind::kConfig, std::string(name) + " must be a whole number from 1 to " +
                                        std::to_string(most) + "; unset it to use the default.");
  return n;
}

}  // namespace

Tuning tuning_from_env() {
  Tuning t;
  if (const char* v = env("SLUICE_DUCKDB_MEMORY_LIMIT")) t.memory_limit = v;
  if (const char* v = env("SLUICE_DUCKDB_THREADS"))
    t.threads = std::to_string(positive("SLUICE_DUCKDB_THREADS", v, 256));
  if (const char* v = env("SLUICE_KEY_SET_MB"))
    t.key_set_bytes = static_cast<size_t>(positive("SLUICE_KEY_SET_MB", v, 65536)) << 20;
  return t;
}

}  // namespace sluice::duck

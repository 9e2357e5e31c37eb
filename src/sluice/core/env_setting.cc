#include "sluice/core/env_setting.h"

#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sluice/core/error.h"

namespace sluice {

const char* env_setting(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

long env_whole_number(const char* name, const char* text, long most) {
  long n = 0;
  std::string_view s(text);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n < 1 || n > most)
    throw Error(ErrorKind::kConfig, std::string(name) + " must be a whole number from 1 to " +
                                        std::to_string(most) + "; unset it to use the default.");
  return n;
}

}  // namespace sluice

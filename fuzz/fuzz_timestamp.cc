// Fuzz target: any text as a timestamp. A parsed time must print and parse back to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sluice/core/timestamp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = sluice::parse_timestamp(text);
  if (!t) return 0;
  auto again = sluice::parse_timestamp(sluice::format_timestamp(*t));
  if (!again || *again != *t) __builtin_trap();
  return 0;
}

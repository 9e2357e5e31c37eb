#pragma once
// Parsing and printing of the many ISO 8601 shapes APIs send: `Z` or `+hh:mm` offsets, no fraction
// or up to 9 fraction digits, a space instead of `T`, or a bare date.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

struct ParsedTime {
  int64_t micros = 0;      // since 1970-01-01T00:00:00Z (naive times are read as UTC)
  bool date_only = false;  // "2025-01-31"
  bool has_zone = false;   // a `Z` or an offset was present
};

std::optional<ParsedTime> parse_time(std::string_view text);
// Shorthand: microseconds since the epoch in UTC, or nullopt when `text` is not a time.
std::optional<int64_t> parse_timestamp(std::string_view text);

// "2025-01-31T12:00:00Z", with a fraction only when one is needed (3 or 6 digits).
std::string format_timestamp(int64_t micros);
std::string format_date(int64_t days);

int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
int64_t now_micros();

}  // namespace sluice

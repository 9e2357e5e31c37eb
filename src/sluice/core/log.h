#pragma once
// Plain log lines on stderr ("2026-01-01T00:00:00Z INFO message"), redacted. Quiet by default in
// tests; the CLI sets the level from --verbose / --quiet.
#include <string>
#include <string_view>

namespace sluice {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3, kOff = 4 };

void set_log_level(LogLevel level);
// Fivetran's partner SDK reads one JSON object per line on stdout: {level, message,
// message-origin}. `sluice serve grpc` switches to that; `sluice airbyte` to Airbyte's LOG
// messages on stdout.
enum class LogFormat { kPlain, kFivetranJson, kAirbyteJson };
void set_log_format(LogFormat format);
LogLevel log_level();
void log(LogLevel level, std::string_view message);
inline void log_info(std::string_view m) {
  log(LogLevel::kInfo, m);
}
inline void log_warning(std::string_view m) {
  log(LogLevel::kWarning, m);
}
inline void log_debug(std::string_view m) {
  log(LogLevel::kDebug, m);
}

}  // namespace sluice

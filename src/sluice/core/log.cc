#include "sluice/core/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "sluice/core/escape.h"
#include "sluice/core/log_beside.h"
#include "sluice/core/redact.h"
#include "sluice/core/timestamp.h"

namespace sluice {
namespace {
std::atomic<LogLevel> g_level{LogLevel::kInfo};
std::atomic<LogFormat> g_format{LogFormat::kPlain};
std::mutex g_mutex;
std::function<std::string()> g_erase;  // under g_mutex
constexpr const char* kNames[] = {"DEBUG", "INFO", "WARNING", "ERROR"};

}  // namespace

void set_log_format(LogFormat format) {
  g_format = format;
}

void set_log_level(LogLevel level) {
  g_level = level;
}
LogLevel log_level() {
  return g_level;
}

void log(LogLevel level, std::string_view message) {
  if (level < g_level.load() || level == LogLevel::kOff) return;
  if (g_format.load() == LogFormat::kFivetranJson) {
    const char* name = level >= LogLevel::kError     ? "SEVERE"
                       : level == LogLevel::kWarning ? "WARNING"
                                                     : "INFO";
    std::string line = "{\"level\":\"" + std::string(name) + "\",\"message\":";
    append_json_string(line, redact(message));
    line += ",\"message-origin\":\"sdk_connector\"}\n";
    std::lock_guard lock(g_mutex);
    std::fputs(line.c_str(), stdout);
    std::fflush(stdout);
    return;
  }
  if (g_format.load() == LogFormat::kAirbyteJson) {
    constexpr const char* kAirbyteNames[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    std::string line = "{\"type\":\"LOG\",\"log\":{\"level\":\"" +
                       std::string(kAirbyteNames[static_cast<int>(level)]) + "\",\"message\":";
    append_json_string(line, redact(message));
    line += "}}\n";
    // One call, so that it never lands inside a record line written by another thread.
    std::fwrite(line.data(), 1, line.size(), stdout);
    return;
  }
  std::string line = format_timestamp(now_micros() / 1000000 * 1000000) + " " +
                     kNames[static_cast<int>(level)] + " " + redact(message) + "\n";
  std::lock_guard lock(g_mutex);
  if (g_erase) line = g_erase() + line;
  std::fputs(line.c_str(), stderr);
}

void set_log_erase(std::function<std::string()> erase) {
  std::lock_guard lock(g_mutex);
  g_erase = std::move(erase);
}

void write_beside_log(const std::function<std::string()>& text) {
  std::lock_guard lock(g_mutex);
  std::string s = text();
  std::fputs(s.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace sluice

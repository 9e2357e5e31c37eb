#pragma once
// `incremental:` of a YAML stream: the record field its reads follow (a datetime or an integer),
// where the first sync starts, a look-back before the saved position, and optionally windows of a
// fixed step (each its own request and checkpoint, several asked for at once). The saved position
// is, with windows, the end of the last window read (never past the start of the current `reopen`
// period, so that period is read again next time); without, the highest value the data held.
#include <simdjson.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sluice/declarative/build_context.h"

namespace sluice::declarative {

struct IncrementalDefinition {
  bool enabled = false;
  bool integer = false;
  std::string field;   // as the API names it
  std::string column;  // as the table names it
  Template start;
  int64_t lookback = 0;  // microseconds, or integer units
  Template step;         // a duration ("30d", "{{ config.window_days }}d"); empty: one window
  int64_t end_ceiling = 0;
  int64_t reopen = 0;
  bool within_window = false;
  Template concurrency;  // windows asked for at once ("": 1)
};

IncrementalDefinition read_incremental(const YAML::Node& node, const BuildContext& context,
                                       const std::string& stream);

// "90s", "15m", "2h", "30d" as microseconds; nullopt when malformed.
std::optional<int64_t> parse_duration(std::string_view text);

struct Window {
  int64_t start = 0;
  int64_t end = 0;  // exclusive; 0 for an integer cursor (no upper bound)
};

// The windows to read from `saved` (this partition's position, null the first time).
std::vector<Window> plan_windows(const IncrementalDefinition& d, const Config& config,
                                 const nlohmann::json& saved, int64_t now_micros);
// The windows left of a read stopped inside `current` (a saved position): it, then with a step
// the windows after it up to now.
std::vector<Window> resume_windows(const IncrementalDefinition& d, const Config& config,
                                   const Window& current, int64_t now_micros);
// A cursor value as saved: an integer, or a UTC time's text; and back (nullopt when unreadable).
nlohmann::json cursor_json(const IncrementalDefinition& d, int64_t value);
std::optional<int64_t> cursor_from_json(const IncrementalDefinition& d, const nlohmann::json& v);
// A window as saved, {"start", "end"} (no end for an integer cursor); and back.
nlohmann::json window_json(const IncrementalDefinition& d, const Window& w);
std::optional<Window> window_from_json(const IncrementalDefinition& d, const nlohmann::json& v);
// The position to save after window `w` (of a windowed cursor).
nlohmann::json window_position(const IncrementalDefinition& d, const Window& w, int64_t now_micros);
// The position to save when no window was due.
nlohmann::json idle_position(const IncrementalDefinition& d, const Config& config,
                             const nlohmann::json& saved, int64_t now_micros);
// The cursor value of a record (nullopt when absent or unreadable).
std::optional<int64_t> record_cursor(const IncrementalDefinition& d, simdjson::dom::object record);

}  // namespace sluice::declarative

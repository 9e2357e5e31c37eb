#include "sluice/declarative/incremental.h"

#include <algorithm>

#include "sluice/core/error.h"
#include "sluice/core/names.h"
#include "sluice/core/timestamp.h"

namespace sluice::declarative {
namespace {

constexpr int64_t kSecond = 1000000;

int64_t floor_to(int64_t t, int64_t unit) {
  return unit > 0 ? t / unit * unit : t;
}

int64_t read_start(const IncrementalDefinition& d, const Config& config,
                   const nlohmann::json& saved) {
  if (saved.is_object() && saved.contains("position"))
    if (auto p = cursor_from_json(d, saved["position"])) return *p - d.lookback;
  const std::string text = d.start.render({.config = &config});
  if (d.integer) {
    try {
      return text.empty() ? 0 : std::stoll(text);
    } catch (...) {
    }
  } else if (auto t = parse_timestamp(text)) {
    return *t;
  }
  throw Error(ErrorKind::kConfig, "The incremental start \"" + text + "\" is not " +
                                      (d.integer ? "an integer" : "a date or time") +
                                      "; correct it in the configuration.");
}

}  // namespace

std::optional<int64_t> parse_duration(std::string_view t) {
  if (t.size() < 2) return std::nullopt;
  int64_t unit = 0;
  switch (t.back()) {
    case 's':
      unit = kSecond;
      break;
    case 'm':
      unit = 60 * kSecond;
      break;
    case 'h':
      unit = 3600 * kSecond;
      break;
    case 'd':
      unit = 86400 * kSecond;
      break;
    default:
      return std::nullopt;
  }
  int64_t n = 0;
  for (char ch : t.substr(0, t.size() - 1)) {
    if (ch < '0' || ch > '9' || n > 1000000000) return std::nullopt;
    n = n * 10 + (ch - '0');
  }
  return n * unit;
}

IncrementalDefinition read_incremental(const YAML::Node& node, const BuildContext& c,
                                       const std::string& stream) {
  IncrementalDefinition d;
  if (!node.IsDefined()) return d;
  const std::string what = "`incremental` of stream " + stream;
  YamlObject o(node, c.diagnostics, what);
  if (!o.ok()) return d;
  d.enabled = true;
  d.field = o.text("field", true).value_or("");
  d.column = normalize_name(d.field);
  std::string type = o.text("type").value_or("datetime");
  if (type != "datetime" && type != "integer")
    c.diagnostics.error(o.node("type").Mark(),
                        what + " has type \"" + type + "\"; it is datetime or integer.");
  d.integer = type == "integer";
  d.start = c.templ(o, "start", true);
  auto duration = [&](const std::string& key) -> int64_t {
    auto text = o.text(key);
    if (!text) return 0;
    if (d.integer && key == "lookback") {
      try {
        return std::stoll(*text);
      } catch (...) {
      }
    } else if (auto v = parse_duration(*text)) {
      return *v;
    }
    c.diagnostics.error(o.node(key).Mark(),
                        "`" + key + "` of " + what + " must be " +
                            (d.integer ? "an integer" : "a duration such as 90s, 15m, 2h or 30d") +
                            ", not \"" + *text + "\".");
    return 0;
  };
  d.lookback = duration("lookback");
  d.step = c.templ(o, "step");
  d.end_ceiling = duration("end_ceiling");
  d.reopen = duration("reopen");
  d.within_window = o.boolean("within_window").value_or(false);
  d.concurrency = c.templ(o, "concurrency");
  if (d.integer && !d.step.empty())
    c.diagnostics.error(o.node("step").Mark(), what + ": windows need a datetime cursor.");
  o.finish();
  return d;
}

namespace {

std::vector<Window> windows_from(const IncrementalDefinition& d, const Config& config,
                                 int64_t start, int64_t now) {
  if (d.integer) return {{start, 0}};
  if (d.step.empty())
    return start < now ? std::vector<Window>{{start, now}} : std::vector<Window>{};
  const std::string step_text = d.step.render({.config = &config});
  auto step = parse_duration(step_text);
  if (!step || *step <= 0)
    throw Error(ErrorKind::kConfig,
                "The window step \"" + step_text +
                    "\" is not a duration such as 2h or 30d; correct it in the configuration.");
  // Like the APIs' own hour buckets: the last window ends after the bucket holding `now`.
  const int64_t end = d.end_ceiling > 0 ? (now / d.end_ceiling + 1) * d.end_ceiling : now;
  std::vector<Window> out;
  for (int64_t ws = start; ws < now; ws += *step) out.push_back({ws, std::min(ws + *step, end)});
  return out;
}

}  // namespace

std::vector<Window> plan_windows(const IncrementalDefinition& d, const Config& config,
                                 const nlohmann::json& saved, int64_t now) {
  return windows_from(d, config, read_start(d, config, saved), now);
}

std::vector<Window> resume_windows(const IncrementalDefinition& d, const Config& config,
                                   const Window& current, int64_t now) {
  std::vector<Window> out{current};
  // Without a step the stopped window was the whole read; what came since is the next sync's.
  if (d.step.empty()) return out;
  for (const Window& w : windows_from(d, config, current.end, now)) out.push_back(w);
  return out;
}

nlohmann::json cursor_json(const IncrementalDefinition& d, int64_t value) {
  return d.integer ? nlohmann::json(value) : nlohmann::json(format_timestamp(value));
}

std::optional<int64_t> cursor_from_json(const IncrementalDefinition& d, const nlohmann::json& v) {
  if (d.integer) return v.is_number_integer() ? std::optional(v.get<int64_t>()) : std::nullopt;
  return v.is_string() ? parse_timestamp(v.get<std::string>()) : std::nullopt;
}

nlohmann::json window_json(const IncrementalDefinition& d, const Window& w) {
  nlohmann::json out{{"start", cursor_json(d, w.start)}};
  if (!d.integer) out["end"] = cursor_json(d, w.end);
  return out;
}

std::optional<Window> window_from_json(const IncrementalDefinition& d, const nlohmann::json& v) {
  if (!v.is_object() || !v.contains("start")) return std::nullopt;
  auto start = cursor_from_json(d, v["start"]);
  if (!start) return std::nullopt;
  if (d.integer) return Window{*start, 0};
  auto end = cursor_from_json(d, v.value("end", nlohmann::json()));
  if (!end) return std::nullopt;
  return Window{*start, *end};
}

nlohmann::json window_position(const IncrementalDefinition& d, const Window& w, int64_t now) {
  const int64_t open = d.reopen > 0 ? floor_to(now, d.reopen) : w.end;
  return {{"position", format_timestamp(std::min(w.end, open))}};
}

nlohmann::json idle_position(const IncrementalDefinition& d, const Config& config,
                             const nlohmann::json& saved, int64_t now) {
  if (saved.is_object() && saved.contains("position")) return saved;
  const int64_t start = read_start(d, config, saved);
  if (d.integer) return {{"position", start}};
  const int64_t open = d.reopen > 0 ? floor_to(now, d.reopen) : start;
  return {{"position", format_timestamp(std::min(start, open))}};
}

std::optional<int64_t> record_cursor(const IncrementalDefinition& d, simdjson::dom::object record) {
  simdjson::dom::element e;
  if (record[d.field].get(e)) return std::nullopt;
  if (d.integer) {
    int64_t i;
    if (!e.get(i)) return i;
    std::string_view s;
    if (!e.get(s)) try {
        return std::stoll(std::string(s));
      } catch (...) {
      }
    return std::nullopt;
  }
  std::string_view s;
  if (e.get(s)) return std::nullopt;
  return parse_timestamp(s);
}

}  // namespace sluice::declarative

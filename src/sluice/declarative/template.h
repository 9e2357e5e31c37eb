#pragma once
// The template language of YAML sources, deliberately tiny and safe: text with `{{ ns.name }}`
// holes, where ns is `config` (a configuration field), `partition` (a field of the partition
// being read) or `cursor` (`start` / `end` of the window being read), and an optional filter:
// `| date` (YYYY-MM-DD), `| epoch` (Unix seconds), `| epoch_ms`. No expressions, no code: a hole
// names a value or it is an error found when the file is loaded.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "sluice/declarative/diagnostics.h"

namespace sluice::declarative {

// What templates in one place may name.
struct TemplateNames {
  std::set<std::string> config;  // the spec's fields
  std::set<std::string> partition;
  bool cursor = false;
};

// What a template is rendered with. Times are microseconds since the epoch.
struct TemplateValues {
  const nlohmann::json* config = nullptr;
  const nlohmann::json* partition = nullptr;
  int64_t cursor_start = 0;
  int64_t cursor_end = 0;
  bool integer_cursor = false;  // bounds are plain integers, not times
};

class Template {
 public:
  Template() = default;
  // Reports a malformed hole or a name not in `names` at `at`, then renders it as empty text.
  static Template compile(const std::string& text, const TemplateNames& names,
                          Diagnostics& diagnostics, const YAML::Mark& at);
  // Configuration values render as their text; a list joins its items with commas; null and
  // absent values render empty.
  // `encode_holes` URL-encodes what the holes give (a path segment), not the literal text.
  std::string render(const TemplateValues& values, bool encode_holes = false) const;
  // True when no template was given (one that renders empty text is still given).
  bool empty() const { return !given_; }
  // True when the template names a cursor bound (the request changes with each window).
  bool uses_cursor() const;
  // The text before the first hole ("/surveys/" of "/surveys/{{ partition.id }}").
  std::string literal_prefix() const;

 private:
  enum class Source { kText, kConfig, kPartition, kCursorStart, kCursorEnd };
  enum class Filter { kNone, kDate, kEpoch, kEpochMs };
  struct Part {
    Source source = Source::kText;
    std::string text;  // the literal, or the field's name
    Filter filter = Filter::kNone;
  };
  std::vector<Part> parts_;
  bool given_ = false;
};

// A JSON value as a template renders it.
std::string value_text(const nlohmann::json& value);

}  // namespace sluice::declarative

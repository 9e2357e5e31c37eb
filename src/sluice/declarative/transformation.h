#pragma once
// `transform:` of a YAML stream: a list of steps applied to each flattened record, in order —
// `rename: {from, to}`, `add: {field, value}` (a template), `cast: {field, to}` (double, long,
// boolean, string or timestamp; a value that does not read as that type becomes null), and
// `drop: field`. Field names are column names (normalised: `zoneId` is `zone_id`).
#include <string>
#include <vector>

#include "sluice/core/value.h"
#include "sluice/declarative/build_context.h"

namespace sluice::declarative {

struct Transformation {
  enum class Kind { kRename, kAdd, kCast, kDrop } kind = Kind::kRename;
  std::string field;
  std::string to;  // the new name, or the cast's type
  Template value;
};

std::vector<Transformation> read_transformations(const YAML::Node& node,
                                                 const BuildContext& context,
                                                 const std::string& stream);
void apply_transformations(const std::vector<Transformation>& steps, Record& record,
                           const TemplateValues& values);
// `value` read as `type` (as cast does); null when it does not read.
Value cast_value(const Value& value, const std::string& type);

}  // namespace sluice::declarative

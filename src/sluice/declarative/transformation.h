#pragma once
// `transform:` of a YAML stream: a list of steps applied to each flattened record, in order —
// `rename: {from, to}`, `add: {field, value}` (a template), `cast: {field, to}` (double, long,
// boolean, string or timestamp; a value that does not read as that type becomes null), and
// `drop: field`, `drop_object: {field, keep}` (every column flattened from a nested object),
// `coalesce: {field, from}` (the first of some columns holding a value) and `pick: {field, from,
// in_lookup, to}` (the value under a nested map's key listed in a lookup). Field names are column
// names (normalised: `zoneId` is `zone_id`).
#include <string>
#include <vector>

#include "sluice/core/value.h"
#include "sluice/declarative/build_context.h"
#include "sluice/declarative/lookup.h"

namespace sluice::declarative {

struct Transformation {
  enum class Kind {
    kRename,
    kAdd,
    kCast,
    kDrop,
    kDropObject,
    kCoalesce,
    kPick
  } kind = Kind::kRename;
  std::string field;
  std::string to;  // the new name, or the cast's type (of a pick too)
  Template value;
  std::vector<std::string> columns;  // coalesce: the columns tried; drop_object: those kept
  std::string lookup;                // pick: the lookup naming the map's keys
};

std::vector<Transformation> read_transformations(const YAML::Node& node,
                                                 const BuildContext& context,
                                                 const std::string& stream);
void apply_transformations(const std::vector<Transformation>& steps, Record& record,
                           const TemplateValues& values, const Lookups& lookups = {});
// `value` read as `type` (as cast does); null when it does not read.
Value cast_value(const Value& value, const std::string& type);

}  // namespace sluice::declarative

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
#include "sluice/declarative/computed_fields.h"
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
// The steps on a record of named fields `R`: a Record of values, or a record plan's fields of
// expressions (record_plan.h) worked out once per shape of record. The names move the same way in
// both; `ops` makes the values: add(step), cast(value, type), coalesce(record, columns) and
// pick(record, step), each returning R's kind of value.
template <class R, class Ops>
void apply_steps(const std::vector<Transformation>& steps, R& r, Ops& ops) {
  for (const auto& t : steps) {
    switch (t.kind) {
      case Transformation::Kind::kRename:
        for (auto& f : r.fields)
          if (f.name == t.field) f.name = t.to;
        break;
      case Transformation::Kind::kAdd:
        r.set(t.field, ops.add(t));
        break;
      case Transformation::Kind::kCast:
        if (const auto* v = r.find(t.field)) r.set(t.field, ops.cast(*v, t.to));
        break;
      case Transformation::Kind::kDrop:
        std::erase_if(r.fields, [&](const auto& f) { return f.name == t.field; });
        break;
      case Transformation::Kind::kDropObject:
        drop_object(r, t.field, t.columns);
        break;
      case Transformation::Kind::kCoalesce:
        r.set(t.field, ops.coalesce(r, t.columns));
        break;
      case Transformation::Kind::kPick: {
        auto v = ops.pick(r, t);
        r.set(t.field, t.to.empty() ? v : ops.cast(v, t.to));
        break;
      }
    }
  }
}

// The lookup a `pick` step names; throws Error(kConfig) when the stream defines none such.
const std::set<std::string>& pick_lookup(const Transformation& pick, const Lookups& lookups);

void apply_transformations(const std::vector<Transformation>& steps, Record& record,
                           const TemplateValues& values, const Lookups& lookups = {});
// `value` read as `type` (as cast does); null when it does not read.
Value cast_value(const Value& value, const std::string& type);

// apply_steps' `ops` for a Record: the computing steps' values.
struct RecordOps {
  const TemplateValues& values;
  const Lookups& lookups;
  Value add(const Transformation& t) const { return Value::string(t.value.render(values)); }
  Value cast(const Value& v, const std::string& to) const { return cast_value(v, to); }
  Value coalesce(const Record& r, const std::vector<std::string>& columns) const {
    return coalesce_columns(r, columns);
  }
  Value pick(const Record& r, const Transformation& t) const {
    return pick_from_map(r, t.columns.front(), pick_lookup(t, lookups));
  }
};

}  // namespace sluice::declarative

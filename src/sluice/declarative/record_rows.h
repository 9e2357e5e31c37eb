#pragma once
// A YAML stream's record the general way: flattened into a Record, its child rows emitted, its
// transform steps applied, then upserted. Records by position (record_plan.h) land the same rows
// for the shapes they plan; this takes every other record.
#include <simdjson.h>

#include <string>
#include <string_view>

#include "sluice/core/names.h"
#include "sluice/declarative/lookup.h"
#include "sluice/declarative/stream_definition.h"
#include "sluice/declarative/template.h"
#include "sluice/json/field_names.h"
#include "sluice/sdk/emitter.h"

namespace sluice::declarative {

// A stream's steps on one flattened record, in the order both ways of emitting it (here and
// record_plan.h) take them, so they land the same rows: the map's key, the JSON fields, then
// `at_children(record)` (child rows take their parent keys before the parent's steps run), the
// transform steps, and the children's fields dropped. `ops` is apply_steps' with map_key() and
// field_json(field) besides; `R` a Record or a plan's record of expressions.
template <class R, class Ops, class AtChildren>
void parent_steps(const StreamDefinition& s, bool has_map_key, R& r, Ops& ops,
                  AtChildren&& at_children) {
  if (has_map_key) r.set(normalize_name(s.records.map_key), ops.map_key());
  for (const std::string& field : s.json_fields) {
    const std::string column = normalize_name(field);
    drop_object(r, column, {});
    r.set(column, ops.field_json(field));
  }
  at_children(static_cast<const R&>(r));
  apply_steps(s.transform, r, ops);
  for (const ChildDefinition& child : s.children)
    if (!child.keep_in_parent) drop_object(r, normalize_name(child.field), {});
}

// `names` caches column names across the stream's records.
void emit_record(const StreamDefinition& stream, simdjson::dom::object object,
                 std::string_view map_key, const TemplateValues& values, const Lookups& lookups,
                 FieldNames& names, Emitter& emit);

}  // namespace sluice::declarative

#include "sluice/declarative/record_rows.h"

#include "sluice/core/names.h"
#include "sluice/json/fields.h"
#include "sluice/json/flatten.h"

namespace sluice::declarative {

void emit_record(const StreamDefinition& s, simdjson::dom::object o, std::string_view map_key,
                 const TemplateValues& values, const Lookups& lookups, FieldNames& names,
                 Emitter& emit) {
  Record rec = flatten(o, names, {.max_depth = s.flatten_depth});
  if (!map_key.empty())
    rec.set(normalize_name(s.records.map_key), Value::string(std::string(map_key)));
  for (const std::string& field : s.json_fields) {
    const std::string column = normalize_name(field);
    drop_object(rec, column, {});
    rec.set(column, field_json(o, field));
  }
  std::vector<Cell> keys;
  for (const ChildDefinition& child : s.children) {
    keys.clear();
    for (const auto& [column, from] : child.parent_key) {
      const Value* v = rec.find(from);
      keys.push_back(v ? Cell::of(*v) : Cell{});
    }
    emit_child_rows(child, o, keys.data(), values, lookups, emit);
  }
  // The parent's steps still see the nested fields (a pick reads a child map).
  apply_transformations(s.transform, rec, values, lookups);
  for (const ChildDefinition& child : s.children)
    if (!child.keep_in_parent) drop_object(rec, normalize_name(child.field), {});
  emit.upsert(s.table.name, std::move(rec));
}

}  // namespace sluice::declarative

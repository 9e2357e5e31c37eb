#include "sluice/declarative/record_rows.h"

#include "sluice/json/fields.h"
#include "sluice/json/flatten.h"

namespace sluice::declarative {

namespace {

// The Record path's values of the steps, for one record.
struct ParentOps : RecordOps {
  simdjson::dom::object object;
  std::string_view key;
  Value map_key() const { return Value::string(std::string(key)); }
  Value field_json(const std::string& field) const { return sluice::field_json(object, field); }
};

}  // namespace

void emit_record(const StreamDefinition& s, simdjson::dom::object o, std::string_view map_key,
                 const TemplateValues& values, const Lookups& lookups, FieldNames& names,
                 Emitter& emit) {
  Record rec = flatten(o, names, {.max_depth = s.flatten_depth});
  ParentOps ops{{values, lookups}, o, map_key};
  std::vector<Cell> keys;
  parent_steps(s, !map_key.empty(), rec, ops, [&](const Record& parent) {
    for (const ChildDefinition& child : s.children) {
      keys.clear();
      for (const auto& [column, from] : child.parent_key) {
        const Value* v = parent.find(from);
        keys.push_back(v ? Cell::of(*v) : Cell{});
      }
      emit_child_rows(child, o, keys.data(), values, lookups, emit);
    }
  });
  emit.upsert(s.table.name, std::move(rec));
}

}  // namespace sluice::declarative

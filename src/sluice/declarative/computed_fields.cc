#include "sluice/declarative/computed_fields.h"

#include <algorithm>

#include "sluice/core/names.h"

namespace sluice::declarative {

bool flattened_from(const std::string& column, const std::string& object) {
  return column == object ||
         (column.size() > object.size() && column.compare(0, object.size(), object) == 0 &&
          column[object.size()] == '_');
}

Value coalesce_columns(const Record& r, const std::vector<std::string>& columns) {
  for (const std::string& c : columns) {
    const Value* v = r.find(c);
    if (!v || v->is_null()) continue;
    if (v->kind == Value::Kind::kString && v->s.empty()) continue;
    return *v;
  }
  return Value::null();
}

std::set<std::string> map_columns(const std::string& object, const std::set<std::string>& keys) {
  std::set<std::string> columns;
  for (const std::string& k : keys) columns.insert(normalize_name(object + "_" + k));
  return columns;
}

Value pick_from_map(const Record& r, const std::string& object, const std::set<std::string>& keys) {
  // The columns those keys flatten to, so each record costs one pass over its fields.
  const std::set<std::string> columns = map_columns(object, keys);
  Value out = Value::null();
  for (const Field& f : r.fields)
    if (!f.value.is_null() && columns.count(f.name)) out = f.value;
  return out;
}

}  // namespace sluice::declarative

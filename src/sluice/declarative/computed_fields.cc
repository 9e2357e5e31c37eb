#include "sluice/declarative/computed_fields.h"

#include <algorithm>

#include "sluice/core/names.h"

namespace sluice::declarative {
namespace {

bool flattened_from(const std::string& column, const std::string& object) {
  return column == object ||
         (column.size() > object.size() && column.compare(0, object.size(), object) == 0 &&
          column[object.size()] == '_');
}

}  // namespace

Value coalesce_columns(const Record& r, const std::vector<std::string>& columns) {
  for (const std::string& c : columns) {
    const Value* v = r.find(c);
    if (!v || v->is_null()) continue;
    if (v->kind == Value::Kind::kString && v->s.empty()) continue;
    return *v;
  }
  return Value::null();
}

void drop_object(Record& r, const std::string& object, const std::vector<std::string>& keep) {
  std::erase_if(r.fields, [&](const Field& f) {
    return flattened_from(f.name, object) &&
           std::find(keep.begin(), keep.end(), f.name) == keep.end();
  });
}

Value pick_from_map(const Record& r, const std::string& object, const std::set<std::string>& keys) {
  // The columns those keys flatten to, so each record costs one pass over its fields.
  std::set<std::string> columns;
  for (const std::string& k : keys) columns.insert(normalize_name(object + "_" + k));
  Value out = Value::null();
  for (const Field& f : r.fields)
    if (!f.value.is_null() && columns.count(f.name)) out = f.value;
  return out;
}

}  // namespace sluice::declarative

#include "sluice/declarative/child_rows.h"

#include "sluice/core/names.h"
#include "sluice/declarative/error_handler.h"
#include "sluice/declarative/table_reader.h"
#include "sluice/json/element_text.h"
#include "sluice/json/flatten.h"

namespace sluice::declarative {
namespace {

std::shared_ptr<const RowShape> text_map_shape(const ChildDefinition& d) {
  if (!d.value_text || !d.transform.empty()) return nullptr;
  std::vector<std::string> names;
  for (const auto& [column, from] : d.parent_key) names.push_back(column);
  names.push_back(d.key_column);
  names.push_back(d.value_column);
  if (!d.type_column.empty()) names.push_back(d.type_column);
  try {
    return std::make_shared<const RowShape>(std::move(names));
  } catch (const std::invalid_argument&) {
    return nullptr;  // a column named twice: Records keep the last value, as they do
  }
}

}  // namespace

std::vector<ChildDefinition> read_children(const YAML::Node& node, const BuildContext& c,
                                           const std::string& stream) {
  std::vector<ChildDefinition> out;
  if (!node.IsDefined()) return out;
  if (!node.IsSequence()) {
    c.diagnostics.error(node.Mark(), "`children` of stream " + stream + " must be a list.");
    return out;
  }
  for (const auto& n : node) {
    YamlObject o(n, c.diagnostics, "a child table of stream " + stream);
    if (!o.ok()) continue;
    ChildDefinition d;
    d.field = o.text("field", true).value_or("");
    d.table = normalize_name(o.text("table", true).value_or(""));
    for (auto& [child, parent] : o.pairs("parent_key"))
      d.parent_key.emplace_back(normalize_name(child), normalize_name(parent));
    if (d.parent_key.empty())
      c.diagnostics.error(
          o.mark(), "a child table of stream " + stream +
                        " needs `parent_key`: its columns and the parent's columns they copy.");
    d.key_column = normalize_name(o.text("key_column").value_or("key"));
    d.value_column = normalize_name(o.text("value_column").value_or("value"));
    d.value_text = o.boolean("value_text").value_or(false);
    if (auto t = o.text("type_column")) d.type_column = normalize_name(*t);
    for (const auto& k : o.texts("primary_key")) d.primary_key.push_back(column_name(k));
    d.transform = read_transformations(o.node("transform"), c, stream + "'s child " + d.table);
    d.keep_in_parent = o.boolean("keep_in_parent").value_or(false);
    d.text_map_shape = text_map_shape(d);
    o.finish();
    out.push_back(std::move(d));
  }
  return out;
}

Record parent_keys(const ChildDefinition& child, const Record& parent) {
  Record keys;
  for (const auto& [column, from] : child.parent_key) {
    const Value* v = parent.find(from);
    keys.set(column, v ? *v : Value::null());
  }
  return keys;
}

std::vector<Record> child_rows(const ChildDefinition& child, simdjson::dom::object object,
                               const Record& parent) {
  return child_rows_under(child, object, parent_keys(child, parent));
}

std::vector<Record> child_rows_under(const ChildDefinition& child, simdjson::dom::object object,
                                     Record keys) {
  simdjson::dom::element nested;
  if (object.at_pointer(dotted_to_pointer(child.field)).get(nested)) return {};
  if (simdjson::dom::array a; !nested.get(a)) return child_records(a, keys);
  std::vector<Record> out;
  simdjson::dom::object map;
  if (nested.get(map)) return out;
  std::string buffer;  // a non-string value's text
  for (auto [key, value] : map) {
    Record r = keys;
    r.set(child.key_column, Value::string(std::string(key)));
    if (child.value_text) {
      auto text = element_as_text(value, buffer);
      r.set(child.value_column, text ? Value::string(std::string(*text)) : Value::null());
    } else if (simdjson::dom::object o; !value.get(o)) {
      flatten_into(o, "", r);
    } else {
      r.set(child.value_column, to_value(value));
    }
    if (!child.type_column.empty())
      r.set(child.type_column, Value::string(json_type_name(value.type())));
    out.push_back(std::move(r));
  }
  return out;
}

bool emit_text_map_rows(const ChildDefinition& child, simdjson::dom::object object,
                        const Cell* keys, Emitter& emit) {
  if (!child.text_map_shape) return false;
  simdjson::dom::element nested;
  if (object.at_pointer(dotted_to_pointer(child.field)).get(nested)) return true;  // no rows
  simdjson::dom::object map;
  if (nested.get(map)) return false;
  const size_t n = child.parent_key.size();
  std::vector<Cell> cells(child.text_map_shape->size());
  std::copy(keys, keys + n, cells.begin());
  std::string buffer;  // a non-string value's text
  for (auto [key, value] : map) {
    cells[n] = Cell::text(key);
    const auto text = element_as_text(value, buffer);
    cells[n + 1] = text ? Cell::text(*text) : Cell{};
    if (!child.type_column.empty()) cells[n + 2] = Cell::text(json_type_name(value.type()));
    emit.upsert_row(child.table, *child.text_map_shape, cells.data());
  }
  return true;
}

void emit_child_rows(const ChildDefinition& child, simdjson::dom::object object, const Cell* keys,
                     const TemplateValues& values, const Lookups& lookups, Emitter& emit) {
  if (emit_text_map_rows(child, object, keys, emit)) return;
  Record parent;
  for (size_t k = 0; k < child.parent_key.size(); ++k)
    parent.set(child.parent_key[k].first, keys[k].value());
  for (Record& row : child_rows_under(child, object, std::move(parent))) {
    apply_transformations(child.transform, row, values, lookups);
    emit.upsert(child.table, std::move(row));
  }
}

}  // namespace sluice::declarative

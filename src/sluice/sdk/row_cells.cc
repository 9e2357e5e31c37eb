#include "sluice/sdk/row_cells.h"

#include "sluice/json/flatten.h"

namespace sluice {

std::string& RowCells::keep() {
  if (kept_used_ == kept_.size()) kept_.emplace_back();
  std::string& s = kept_[kept_used_++];
  s.clear();
  return s;
}

Cell RowCells::kept(const Value& v) {
  Cell c = Cell::of(v);
  if (v.kind == Value::Kind::kString || v.kind == Value::Kind::kJson) {
    std::string& s = keep();
    s.assign(v.s);
    c.s = s;
  }
  return c;
}

void RowCells::add(const Value& v) {
  cells_.push_back(kept(v));
}

Cell RowCells::cell(simdjson::dom::element e) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::NULL_VALUE:
      return Cell();
    case T::BOOL:
      return Cell{Value::Kind::kBool, e.get_bool().value_unsafe() ? 1 : 0, 0, {}};
    case T::INT64:
      return Cell{Value::Kind::kInt, e.get_int64().value_unsafe(), 0, {}};
    case T::DOUBLE:
      return Cell{Value::Kind::kDouble, 0, e.get_double().value_unsafe(), {}};
    case T::STRING:
      return Cell::text(e.get_string().value_unsafe());
    case T::UINT64:
    case T::ARRAY:
    case T::OBJECT: {
      // Digits past int64, or JSON text: made here, as to_value makes them.
      Value v = to_value(e);
      std::string& s = keep();
      s = std::move(v.s);
      return Cell{v.kind, 0, 0, s};
    }
  }
  return Cell();
}

Cell RowCells::text(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  return o[key].get(s) ? Cell() : Cell::text(s);
}

void RowCells::add_value(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  if (o[key].get(e)) return add_null();
  add(e);
}

void RowCells::add_json(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  if (o[key].get(e) || e.is_null()) return add_null();
  std::string& s = keep();
  s = to_json_text(e);
  add(Cell{Value::Kind::kJson, 0, 0, s});
}

}  // namespace sluice

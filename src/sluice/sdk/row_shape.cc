#include "sluice/sdk/row_shape.h"

#include <set>

namespace sluice {

RowShape::RowShape(std::vector<std::string> names) : names_(std::move(names)) {
  static std::atomic<uint64_t> next{1};
  id_ = next++;
  if (std::set<std::string>(names_.begin(), names_.end()).size() != names_.size())
    throw std::invalid_argument("a row shape names a column twice");
}

Cell Cell::of(const Value& v) {
  Cell c;
  c.kind = v.kind;
  switch (v.kind) {
    case Value::Kind::kString:
    case Value::Kind::kJson:
      c.s = v.s;
      break;
    case Value::Kind::kDouble:
      c.d = v.d;
      break;
    case Value::Kind::kBool:
      c.i = v.b ? 1 : 0;
      break;
    default:
      c.i = v.i;
  }
  return c;
}

Value Cell::value() const {
  Value v;
  v.kind = kind;
  switch (kind) {
    case Value::Kind::kString:
    case Value::Kind::kJson:
      v.s.assign(s);
      break;
    case Value::Kind::kDouble:
      v.d = d;
      break;
    case Value::Kind::kBool:
      v.b = i != 0;
      break;
    default:
      v.i = i;
  }
  return v;
}

Record record_of(const RowShape& shape, const Cell* cells) {
  Record r;
  r.fields.reserve(shape.size());
  for (size_t k = 0; k < shape.size(); ++k)
    r.fields.push_back({shape.names()[k], cells[k].value()});
  return r;
}

}  // namespace sluice

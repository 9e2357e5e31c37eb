#include "sluice/core/value.h"

#include <cmath>
#include <cstdio>

#include "sluice/core/timestamp.h"

namespace sluice {

std::string Value::to_text() const {
  switch (kind) {
    case Kind::kNull:
      return "";
    case Kind::kBool:
      return b ? "true" : "false";
    case Kind::kInt:
      return std::to_string(i);
    case Kind::kDouble: {
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
        return std::to_string(static_cast<int64_t>(d));
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      return buf;
    }
    case Kind::kString:
    case Kind::kJson:
      return s;
    case Kind::kTimestamp:
      return format_timestamp(i);
    case Kind::kDate:
      return format_date(i);
  }
  return "";
}

bool Value::operator==(const Value& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return b == o.b;
    case Kind::kDouble:
      return d == o.d;
    case Kind::kString:
    case Kind::kJson:
      return s == o.s;
    default:
      return i == o.i;
  }
}

void Record::set(std::string name, Value v) {
  for (auto& f : fields) {
    if (f.name == name) {
      f.value = std::move(v);
      return;
    }
  }
  fields.push_back({std::move(name), std::move(v)});
}

const Value* Record::find(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f.value;
  return nullptr;
}

}  // namespace sluice

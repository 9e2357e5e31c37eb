#include "sluice/json/value_json.h"

#include <cmath>

#include "sluice/core/timestamp.h"

namespace sluice {

nlohmann::json value_as_json(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kNull:
      return nullptr;
    case Value::Kind::kBool:
      return v.b;
    case Value::Kind::kInt:
      return v.i;
    case Value::Kind::kDouble:
      return std::isfinite(v.d) ? nlohmann::json(v.d) : nlohmann::json(nullptr);
    case Value::Kind::kJson: {
      nlohmann::json parsed = nlohmann::json::parse(v.s, nullptr, false);
      return parsed.is_discarded() ? nlohmann::json(v.s) : parsed;
    }
    case Value::Kind::kTimestamp:
      return format_timestamp(v.i);
    case Value::Kind::kDate:
      return format_date(v.i);
    case Value::Kind::kString:
      return v.s;
  }
  return nullptr;
}

}  // namespace sluice

#include "sluice/json/fields.h"

#include "sluice/json/flatten.h"

namespace sluice {

Value field_text(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  return o[key].get(s) ? Value::null() : Value::string(std::string(s));
}

Value field_value(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  return o[key].get(e) ? Value::null() : to_value(e);
}

Value field_json(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  if (o[key].get(e) || e.is_null()) return Value::null();
  return Value::json(to_json_text(e));
}

}  // namespace sluice

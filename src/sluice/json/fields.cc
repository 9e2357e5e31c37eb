#include "sluice/json/fields.h"

#include <charconv>

#include "sluice/core/timestamp.h"
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

Value field_time(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  if (o[key].get(s)) return Value::null();
  auto t = parse_timestamp(s);
  return t ? Value::timestamp(*t) : Value::null();
}

Value field_integer(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  if (o[key].get(e)) return Value::null();
  int64_t i;
  if (!e.get(i)) return Value::integer(i);
  double d;
  if (!e.get(d)) return Value::integer(static_cast<int64_t>(d));
  std::string_view s;
  if (!e.get(s) && std::from_chars(s.data(), s.data() + s.size(), i).ec == std::errc())
    return Value::integer(i);
  return Value::null();
}

Value field_real(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  if (o[key].get(e)) return Value::null();
  double d;
  if (!e.get(d)) return Value::real(d);
  int64_t i;
  if (!e.get(i)) return Value::real(static_cast<double>(i));
  std::string_view s;
  if (!e.get(s) && !s.empty()) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return Value::real(d);
  }
  return Value::null();
}

}  // namespace sluice

#include "sluice/json/element_text.h"

#include "sluice/json/flatten.h"

namespace sluice {

const char* json_type_name(simdjson::dom::element_type type) {
  switch (type) {
    case simdjson::dom::element_type::ARRAY:
      return "array";
    case simdjson::dom::element_type::OBJECT:
      return "object";
    case simdjson::dom::element_type::BOOL:
      return "boolean";
    case simdjson::dom::element_type::STRING:
      return "text";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
    default:
      return "number";
  }
}

std::optional<std::string_view> element_as_text(simdjson::dom::element e, std::string& buffer) {
  if (e.is_string()) return e.get_string().value_unsafe();
  if (e.is_null()) return std::nullopt;
  buffer = to_value(e).to_text();
  return buffer;
}

}  // namespace sluice

#pragma once
// One field of a parsed JSON object as a value; an absent field and a null alike read as NULL.
#include <simdjson.h>

#include <string_view>

#include "sluice/core/value.h"

namespace sluice {

// The field if it is a string, else NULL.
Value field_text(simdjson::dom::object o, std::string_view key);
// The field as its natural value (numbers, booleans, strings; objects and arrays as JSON text).
Value field_value(simdjson::dom::object o, std::string_view key);
// The field as JSON text, whatever its type.
Value field_json(simdjson::dom::object o, std::string_view key);
// An ISO 8601 text field as a UTC timestamp; NULL when absent or not a time.
Value field_time(simdjson::dom::object o, std::string_view key);
// A number, or a number written as a string ("4", "47.37"), as an integer or a real; else NULL.
Value field_integer(simdjson::dom::object o, std::string_view key);
Value field_real(simdjson::dom::object o, std::string_view key);

}  // namespace sluice

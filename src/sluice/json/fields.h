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

}  // namespace sluice

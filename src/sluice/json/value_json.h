#pragma once
// A Sluice value as plain JSON, as the JSON faces (function protocol, Airbyte, Singer) send it:
// numbers and booleans as themselves, JSON columns as the JSON they hold, timestamps and dates as
// ISO-8601 text, a non-finite double as null (JSON has no NaN).
#include <nlohmann/json.hpp>

#include "sluice/core/value.h"

namespace sluice {

nlohmann::json value_as_json(const Value& v);

}  // namespace sluice

#pragma once
// What the JSON-lines faces (Airbyte, Singer) say about a connector in JSON Schema (draft 7): its
// configuration from its spec, each table's records from the declared columns, and each value as
// JSON. Written once for both faces.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sluice/core/table_spec.h"
#include "sluice/core/value.h"
#include "sluice/sdk/spec.h"

namespace sluice::json_lines {

// The configuration's schema: required fields, types, defaults, descriptions, choices as enums,
// and secrets marked `airbyte_secret` (which Singer tools ignore).
nlohmann::json config_schema(const Spec& spec);

// One column: its JSON type (always nullable: any API may leave a field out), with formats for
// dates and times and Airbyte's `airbyte_type` where JSON alone cannot tell (integers, timestamps
// with or without a zone).
nlohmann::json column_schema(ColumnType type);

// A table's records: every declared column, the `deleted_column` a delete sets (none when empty),
// and any other field, since undeclared fields are passed on with the types the API gave them.
nlohmann::json table_schema(const TableSpec& table, const std::string& deleted_column);

// A value as JSON, in the column's declared type where it has one and the value converts (an API's
// "2024-01-01 03:18:22" in a timestamp column becomes "2024-01-01T03:18:22Z", a number in a text
// column its text), so that records obey the schema above: timestamps as RFC 3339 text in UTC,
// dates as YYYY-MM-DD, JSON values parsed, non-finite numbers as null (JSON has no NaN).
nlohmann::json value_json(const Value& v, std::optional<ColumnType> declared = std::nullopt);
// A record of `table` (nullptr: a table the connector did not declare).
nlohmann::json record_json(const Record& r, const TableSpec* table);

}  // namespace sluice::json_lines

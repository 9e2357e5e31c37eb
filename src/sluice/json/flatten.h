#pragma once
// Turns a parsed JSON object into a flat record: nested objects become `parent_child` columns,
// arrays stay whole as JSON text (or are split into child tables with child_records).
#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "sluice/core/value.h"

namespace sluice {

class FieldNames;

struct FlattenOptions {
  // Objects nested deeper than this are kept as one JSON column instead of more columns.
  int max_depth = 8;
};

// Appends the fields of `object` to `out`, names prefixed with `prefix` (already normalised,
// without the trailing `_`; empty for the top level).
void flatten_into(simdjson::dom::object object, std::string_view prefix, Record& out,
                  const FlattenOptions& options = {});
Record flatten(simdjson::dom::object object, const FlattenOptions& options = {});
// The same, with the names of keys seen before taken from `names` (records of one shape).
Record flatten(simdjson::dom::object object, FieldNames& names, const FlattenOptions& options = {});

// A scalar JSON element as a value; objects and arrays become JSON text.
Value to_value(simdjson::dom::element element);

// One record per element of `array`, each starting with `parent` (the parent's key columns),
// then `index_column` (the element's position), then the element flattened (a scalar element
// lands in a column named `value`).
std::vector<Record> child_records(simdjson::dom::array array, const Record& parent,
                                  std::string_view index_column = "_index",
                                  const FlattenOptions& options = {});

std::string to_json_text(simdjson::dom::element element);

}  // namespace sluice

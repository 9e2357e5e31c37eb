#pragma once
// Type inference for columns a connector did not declare, and conversion of a value to the type
// its column ended up with.
#include <optional>
#include <string_view>

#include "sluice/core/types.h"
#include "sluice/core/value.h"

namespace sluice {

// The narrowest type of the set that holds `v`. Strings that read as ISO 8601 times become
// UTC_DATETIME (with a zone), NAIVE_DATETIME or NAIVE_DATE; other strings STRING. Nulls have no
// type (nullopt) and never change a column.
std::optional<ColumnType> infer_type(const Value& v);

// True when a column of type `t` holds `v` without loss (a string "7" fits a LONG column, a
// string "abc" does not). Widening happens only when a value does not fit.
bool fits(const Value& v, ColumnType t);
// fits() of a string value, from its characters.
bool text_fits(std::string_view s, ColumnType t);

// `v` in the representation a column of type `t` stores: parsed times for temporal columns, text
// for STRING and JSON, and so on. A value that cannot be represented becomes NULL; callers widen
// the column first, so that only happens for a declared type the data contradicts.
Value coerce(const Value& v, ColumnType t);

}  // namespace sluice

#pragma once
// The column type set (Fivetran's) and the one-way widening lattice between its members.
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

enum class ColumnType {
  kBoolean,
  kShort,
  kInt,
  kLong,
  kDecimal,
  kFloat,
  kDouble,
  kNaiveDate,
  kNaiveDateTime,
  kUtcDateTime,
  kBinary,
  kString,
  kJson,
};

std::string_view type_name(ColumnType t);
std::optional<ColumnType> parse_type_name(std::string_view name);

// The narrowest type that holds every value of both `a` and `b`. Widening never narrows: the result
// is `a` itself when `b` already fits in it.
ColumnType widen(ColumnType a, ColumnType b);

// True when a column of type `from` can be changed in place to `to` without losing values.
bool widens_to(ColumnType from, ColumnType to);

}  // namespace sluice

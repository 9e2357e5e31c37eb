#include "sluice/core/types.h"

#include <array>

namespace sluice {
namespace {

struct TypeName {
  ColumnType type;
  std::string_view name;
};

constexpr std::array<TypeName, 13> kNames{{
    {ColumnType::kBoolean, "BOOLEAN"},
    {ColumnType::kShort, "SHORT"},
    {ColumnType::kInt, "INT"},
    {ColumnType::kLong, "LONG"},
    {ColumnType::kDecimal, "DECIMAL"},
    {ColumnType::kFloat, "FLOAT"},
    {ColumnType::kDouble, "DOUBLE"},
    {ColumnType::kNaiveDate, "NAIVE_DATE"},
    {ColumnType::kNaiveDateTime, "NAIVE_DATETIME"},
    {ColumnType::kUtcDateTime, "UTC_DATETIME"},
    {ColumnType::kBinary, "BINARY"},
    {ColumnType::kString, "STRING"},
    {ColumnType::kJson, "JSON"},
}};

bool is_integral(ColumnType t) {
  return t == ColumnType::kBoolean || t == ColumnType::kShort || t == ColumnType::kInt ||
         t == ColumnType::kLong;
}
bool is_numeric(ColumnType t) {
  return is_integral(t) || t == ColumnType::kDecimal || t == ColumnType::kFloat ||
         t == ColumnType::kDouble;
}
bool is_temporal(ColumnType t) {
  return t == ColumnType::kNaiveDate || t == ColumnType::kNaiveDateTime ||
         t == ColumnType::kUtcDateTime;
}
int rank(ColumnType t) {
  return static_cast<int>(t);
}

}  // namespace

std::string_view type_name(ColumnType t) {
  for (const auto& n : kNames)
    if (n.type == t) return n.name;
  return "STRING";
}

std::optional<ColumnType> parse_type_name(std::string_view name) {
  for (const auto& n : kNames)
    if (n.name == name) return n.type;
  if (name == "XML") return ColumnType::kString;
  return std::nullopt;
}

ColumnType widen(ColumnType a, ColumnType b) {
  if (a == b) return a;
  if (a == ColumnType::kJson || b == ColumnType::kJson) return ColumnType::kJson;
  if (a == ColumnType::kString || b == ColumnType::kString) return ColumnType::kString;
  if (is_integral(a) && is_integral(b)) return rank(a) > rank(b) ? a : b;
  if (is_numeric(a) && is_numeric(b)) {
    // Any mix of integers and fractions lands in DOUBLE, except that DECIMAL absorbs integers.
    if ((a == ColumnType::kDecimal && is_integral(b)) ||
        (b == ColumnType::kDecimal && is_integral(a)))
      return ColumnType::kDecimal;
    if ((a == ColumnType::kFloat && b == ColumnType::kShort) ||
        (b == ColumnType::kFloat && a == ColumnType::kShort))
      return ColumnType::kFloat;
    return ColumnType::kDouble;
  }
  if (is_temporal(a) && is_temporal(b)) {
    // A date widens to a datetime; naive and zoned times mix only as zoned.
    if (a == ColumnType::kUtcDateTime || b == ColumnType::kUtcDateTime)
      return ColumnType::kUtcDateTime;
    return ColumnType::kNaiveDateTime;
  }
  return ColumnType::kString;
}

bool widens_to(ColumnType from, ColumnType to) {
  return widen(from, to) == to;
}

}  // namespace sluice

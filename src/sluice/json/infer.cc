#include "sluice/json/infer.h"

#include <charconv>
#include <cmath>

#include "sluice/core/escape.h"
#include "sluice/core/timestamp.h"

namespace sluice {
namespace {

constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

std::string json_quote(const std::string& s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::optional<int64_t> text_to_int(const std::string& s) {
  int64_t v;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<ColumnType> infer_type(const Value& v) {
  using K = Value::Kind;
  switch (v.kind) {
    case K::kNull:
      return std::nullopt;
    case K::kBool:
      return ColumnType::kBoolean;
    case K::kInt:
      return ColumnType::kLong;
    case K::kDouble:
      return ColumnType::kDouble;
    case K::kJson:
      return ColumnType::kJson;
    case K::kTimestamp:
      return ColumnType::kUtcDateTime;
    case K::kDate:
      return ColumnType::kNaiveDate;
    case K::kString: {
      // Only strings that start like a date are worth a parse attempt.
      if (v.s.size() < 10 || v.s[4] != '-') return ColumnType::kString;
      auto t = parse_time(v.s);
      if (!t) return ColumnType::kString;
      if (t->date_only) return ColumnType::kNaiveDate;
      return t->has_zone ? ColumnType::kUtcDateTime : ColumnType::kNaiveDateTime;
    }
  }
  return ColumnType::kString;
}

bool text_fits(std::string_view s, ColumnType t) {
  if (t == ColumnType::kString || t == ColumnType::kJson || t == ColumnType::kBinary) return true;
  if (t == ColumnType::kBoolean) return s == "true" || s == "false";
  if (t == ColumnType::kShort || t == ColumnType::kInt || t == ColumnType::kLong) {
    int64_t x;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
  }
  if (t == ColumnType::kDecimal || t == ColumnType::kFloat || t == ColumnType::kDouble) {
    double x;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
  }
  if (t == ColumnType::kNaiveDate) {
    auto p = parse_time(s);
    return p && p->date_only;
  }
  return parse_time(s).has_value();  // temporal columns
}

bool fits(const Value& v, ColumnType t) {
  using K = Value::Kind;
  switch (v.kind) {
    case K::kNull:
      return true;
    case K::kString:
      return text_fits(v.s, t);
    case K::kDouble:
      if (t == ColumnType::kShort || t == ColumnType::kInt || t == ColumnType::kLong)
        return v.d == std::floor(v.d) && std::fabs(v.d) < 9e15;
      [[fallthrough]];
    default: {
      auto natural = infer_type(v);
      return natural && widens_to(*natural, t);
    }
  }
}

Value coerce(const Value& v, ColumnType t) {
  using K = Value::Kind;
  if (v.is_null()) return v;
  switch (t) {
    case ColumnType::kBoolean:
      if (v.kind == K::kBool) return v;
      if (v.kind == K::kInt) return Value::boolean(v.i != 0);
      if (v.kind == K::kString && (v.s == "true" || v.s == "false"))
        return Value::boolean(v.s == "true");
      return Value::null();
    case ColumnType::kShort:
    case ColumnType::kInt:
    case ColumnType::kLong:
      if (v.kind == K::kInt) return v;
      if (v.kind == K::kBool) return Value::integer(v.b ? 1 : 0);
      if (v.kind == K::kDouble && v.d == std::floor(v.d) && std::fabs(v.d) < 9e18)
        return Value::integer(static_cast<int64_t>(v.d));
      if (v.kind == K::kString) {
        if (auto i = text_to_int(v.s)) return Value::integer(*i);
      }
      return Value::null();
    case ColumnType::kDecimal:
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      if (v.kind == K::kDouble) return v;
      if (v.kind == K::kInt) return Value::real(static_cast<double>(v.i));
      if (v.kind == K::kBool) return Value::real(v.b ? 1 : 0);
      if (v.kind == K::kString) {
        double d;
        auto [p, ec] = std::from_chars(v.s.data(), v.s.data() + v.s.size(), d);
        if (ec == std::errc() && p == v.s.data() + v.s.size()) return Value::real(d);
      }
      return Value::null();
    case ColumnType::kNaiveDate:
      if (v.kind == K::kDate) return v;
      if (v.kind == K::kTimestamp) return Value::date(v.i / kMicrosPerDay);
      if (v.kind == K::kString) {
        if (auto p = parse_time(v.s)) return Value::date(p->micros / kMicrosPerDay);
      }
      return Value::null();
    case ColumnType::kNaiveDateTime:
    case ColumnType::kUtcDateTime:
      if (v.kind == K::kTimestamp) return v;
      if (v.kind == K::kDate) return Value::timestamp(v.i * kMicrosPerDay);
      if (v.kind == K::kString) {
        if (auto p = parse_time(v.s)) return Value::timestamp(p->micros);
      }
      return Value::null();
    case ColumnType::kBinary:
    case ColumnType::kString:
      if (v.kind == K::kString) return v;
      return Value::string(v.to_text());
    case ColumnType::kJson:
      if (v.kind == K::kJson) return v;
      if (v.kind == K::kString || v.kind == K::kTimestamp || v.kind == K::kDate)
        return Value::json(json_quote(v.to_text()));
      return Value::json(v.to_text());
  }
  return v;
}

}  // namespace sluice

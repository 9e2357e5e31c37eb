#include "sluice/protocols/json_lines/json_schema.h"

#include <charconv>
#include <cmath>

#include "sluice/core/timestamp.h"
#include "sluice/json/value_json.h"

namespace sluice::json_lines {
namespace {

nlohmann::json field_schema(const ConfigField& f) {
  nlohmann::json s = {{"title", f.name}, {"description", f.description}};
  switch (f.type) {
    case FieldType::kString:
      s["type"] = "string";
      break;
    case FieldType::kUrl:
      s["type"] = "string";
      s["format"] = "uri";
      s["pattern"] = "^https?://";
      break;
    case FieldType::kInteger:
      s["type"] = "integer";
      if (f.min) s["minimum"] = *f.min;
      if (f.max) s["maximum"] = *f.max;
      break;
    case FieldType::kNumber:
      s["type"] = "number";
      break;
    case FieldType::kBoolean:
      s["type"] = "boolean";
      break;
    case FieldType::kTimestamp:
      s["type"] = "string";
      s["format"] = "date-time";
      break;
    case FieldType::kList:
      s["type"] = "array";
      s["items"] = {{"type", "string"}};
      break;
    case FieldType::kObject:
      s["type"] = "object";
      break;
  }
  if (!f.choices.empty()) s["enum"] = f.choices;
  if (!f.default_value.is_null())
    s["default"] = f.type == FieldType::kList && f.default_value.is_string()
                       ? split_list(f.default_value.get<std::string>())
                       : f.default_value;
  if (f.secret) s["airbyte_secret"] = true;
  return s;
}

}  // namespace

nlohmann::json config_schema(const Spec& spec) {
  nlohmann::json properties = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  int order = 0;
  for (const ConfigField& f : spec) {
    nlohmann::json s = field_schema(f);
    s["order"] = order++;  // the form shows fields in the spec's order
    properties[f.name] = std::move(s);
    if (f.required) required.push_back(f.name);
  }
  return {{"$schema", "http://json-schema.org/draft-07/schema#"},
          {"type", "object"},
          {"required", required},
          {"properties", properties},
          {"additionalProperties", true}};
}

nlohmann::json column_schema(ColumnType type) {
  auto nullable = [](const char* json_type) { return nlohmann::json::array({"null", json_type}); };
  switch (type) {
    case ColumnType::kBoolean:
      return {{"type", nullable("boolean")}};
    case ColumnType::kShort:
    case ColumnType::kInt:
    case ColumnType::kLong:
      return {{"type", nullable("integer")}, {"airbyte_type", "integer"}};
    case ColumnType::kDecimal:
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      return {{"type", nullable("number")}};
    case ColumnType::kNaiveDate:
      return {{"type", nullable("string")}, {"format", "date"}};
    case ColumnType::kNaiveDateTime:
      return {{"type", nullable("string")},
              {"format", "date-time"},
              {"airbyte_type", "timestamp_without_timezone"}};
    case ColumnType::kUtcDateTime:
      return {{"type", nullable("string")},
              {"format", "date-time"},
              {"airbyte_type", "timestamp_with_timezone"}};
    case ColumnType::kBinary:
      return {{"type", nullable("string")}, {"contentEncoding", "base64"}};
    case ColumnType::kString:
      return {{"type", nullable("string")}};
    case ColumnType::kJson:
      // Anything JSON can hold: an API's nested value is passed on as it came.
      return nlohmann::json::object();
  }
  return nlohmann::json::object();
}

nlohmann::json table_schema(const TableSpec& table, const std::string& deleted_column) {
  nlohmann::json properties = nlohmann::json::object();
  for (const ColumnSpec& c : table.columns) properties[c.name] = column_schema(c.type);
  if (!deleted_column.empty()) properties[deleted_column] = column_schema(ColumnType::kUtcDateTime);
  return {{"$schema", "http://json-schema.org/draft-07/schema#"},
          {"type", "object"},
          {"properties", properties},
          {"additionalProperties", true}};
}

namespace {

// The value as the declared type, or nullopt when it does not convert.
std::optional<nlohmann::json> as_declared(const Value& v, ColumnType declared) {
  const bool text = v.kind == Value::Kind::kString;
  switch (declared) {
    case ColumnType::kUtcDateTime:
    case ColumnType::kNaiveDateTime:
      if (text)
        if (auto t = parse_timestamp(v.s)) return format_timestamp(*t);
      break;
    case ColumnType::kNaiveDate:
      if (text)
        if (auto t = parse_timestamp(v.s))
          return format_date((*t >= 0 ? *t : *t - 86'399'999'999) / 86'400'000'000);
      break;
    case ColumnType::kShort:
    case ColumnType::kInt:
    case ColumnType::kLong: {
      if (v.kind == Value::Kind::kDouble && std::trunc(v.d) == v.d && std::abs(v.d) < 9e15)
        return static_cast<int64_t>(v.d);
      int64_t n = 0;
      if (text && !v.s.empty()) {
        auto [end, ec] = std::from_chars(v.s.data(), v.s.data() + v.s.size(), n);
        if (ec == std::errc() && end == v.s.data() + v.s.size()) return n;
      }
      break;
    }
    case ColumnType::kDecimal:
    case ColumnType::kFloat:
    case ColumnType::kDouble:
      if (text) {
        nlohmann::json n = nlohmann::json::parse(v.s, nullptr, false);
        if (n.is_number()) return n;
      }
      break;
    case ColumnType::kBoolean:
      if (text && (v.s == "true" || v.s == "false")) return v.s == "true";
      break;
    case ColumnType::kString:
    case ColumnType::kBinary:
      return v.kind == Value::Kind::kJson ? v.s : v.to_text();
    case ColumnType::kJson:
      break;
  }
  return std::nullopt;
}

}  // namespace

nlohmann::json value_json(const Value& v, std::optional<ColumnType> declared) {
  if (v.is_null() || !declared) return value_as_json(v);
  // A value that does not convert is passed on as the API sent it.
  return as_declared(v, *declared).value_or(value_as_json(v));
}

nlohmann::json record_json(const Record& r, const TableSpec* table) {
  nlohmann::json o = nlohmann::json::object();
  for (const Field& f : r.fields)
    o[f.name] = value_json(f.value, table ? table->declared_type(f.name) : std::nullopt);
  return o;
}

}  // namespace sluice::json_lines

#include "sluice/protocols/grpc/grpc_types.h"

#include <cstdint>

#include "sluice/core/error.h"
#include "sluice/json/infer.h"
#include "sluice/sdk/connector_config.h"

namespace sluice::grpc_protocol {

sdk::DataType data_type(ColumnType t) {
  switch (t) {
    case ColumnType::kBoolean:
      return sdk::BOOLEAN;
    case ColumnType::kShort:
      return sdk::SHORT;
    case ColumnType::kInt:
      return sdk::INT;
    case ColumnType::kLong:
      return sdk::LONG;
    case ColumnType::kDecimal:
      return sdk::DECIMAL;
    case ColumnType::kFloat:
      return sdk::FLOAT;
    case ColumnType::kDouble:
      return sdk::DOUBLE;
    case ColumnType::kNaiveDate:
      return sdk::NAIVE_DATE;
    case ColumnType::kNaiveDateTime:
      return sdk::NAIVE_DATETIME;
    case ColumnType::kUtcDateTime:
      return sdk::UTC_DATETIME;
    case ColumnType::kBinary:
      return sdk::BINARY;
    case ColumnType::kString:
      return sdk::STRING;
    case ColumnType::kJson:
      return sdk::JSON;
  }
  return sdk::UNSPECIFIED;
}

namespace {

constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

void set_time(int64_t micros, google::protobuf::Timestamp* t) {
  int64_t seconds = micros / 1000000, rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  t->set_seconds(seconds);
  t->set_nanos(static_cast<int32_t>(rest * 1000));
}

}  // namespace

void to_value_type(const Value& v, sdk::ValueType* out) {
  switch (v.kind) {
    case Value::Kind::kNull:
      out->set_null(true);
      break;
    case Value::Kind::kBool:
      out->set_bool_(v.b);
      break;
    case Value::Kind::kInt:
      out->set_long_(v.i);
      break;
    case Value::Kind::kDouble:
      out->set_double_(v.d);
      break;
    case Value::Kind::kString:
      out->set_string(v.s);
      break;
    case Value::Kind::kJson:
      out->set_json(v.s);
      break;
    case Value::Kind::kTimestamp:
      set_time(v.i, out->mutable_utc_datetime());
      break;
    case Value::Kind::kDate:
      set_time(v.i * kMicrosPerDay, out->mutable_naive_date());
      break;
  }
}

void to_value_type(const Value& v, std::optional<ColumnType> declared, sdk::ValueType* out) {
  if (!declared || v.is_null()) return to_value_type(v, out);
  // The value as the warehouse stores it: in its declared column type when it fits there, else in
  // the type the column widens to (as Sluice's loader widens it).
  ColumnType t = *declared;
  if (!fits(v, t)) t = widen(t, infer_type(v).value_or(t));
  const Value c = coerce(v, t);
  const bool integer = c.kind == Value::Kind::kInt, real = c.kind == Value::Kind::kDouble;
  const bool time = c.kind == Value::Kind::kTimestamp;
  switch (t) {
    case ColumnType::kShort:  // text such as "70000" fits a SHORT column by its digits alone
      if (integer && c.i >= INT16_MIN && c.i <= INT16_MAX)
        return out->set_short_(static_cast<int32_t>(c.i));
      break;
    case ColumnType::kInt:
      if (integer && c.i >= INT32_MIN && c.i <= INT32_MAX)
        return out->set_int_(static_cast<int32_t>(c.i));
      break;
    case ColumnType::kFloat:
      if (integer || real) return out->set_float_(static_cast<float>(integer ? c.i : c.d));
      break;
    case ColumnType::kDecimal:
      if (integer || real || c.kind == Value::Kind::kString) return out->set_decimal(c.to_text());
      break;
    case ColumnType::kNaiveDate:
      if (time) return set_time(c.i - c.i % kMicrosPerDay, out->mutable_naive_date());
      break;
    case ColumnType::kNaiveDateTime:
      if (time) return set_time(c.i, out->mutable_naive_datetime());
      break;
    case ColumnType::kBinary:
      if (c.kind == Value::Kind::kString) return out->set_binary(c.s);
      break;
    case ColumnType::kString:
      if (!c.is_null()) return out->set_string(c.to_text());
      break;
    case ColumnType::kJson:
      if (c.kind == Value::Kind::kString) return out->set_json(c.s);
      break;
    default:
      break;
  }
  to_value_type(c, out);
}

void to_table(const TableSpec& spec, sdk::Table* out) {
  out->set_name(spec.name);
  for (const auto& c : spec.columns) {
    sdk::Column* col = out->add_columns();
    col->set_name(c.name);
    col->set_type(data_type(c.type));
    col->set_primary_key(std::find(spec.primary_key.begin(), spec.primary_key.end(), c.name) !=
                         spec.primary_key.end());
    // The precision and scale the warehouse gives a DECIMAL column.
    if (c.type == ColumnType::kDecimal) {
      col->mutable_params()->mutable_decimal()->set_precision(38);
      col->mutable_params()->mutable_decimal()->set_scale(9);
    }
  }
  // A key column the connector did not list among its columns is still declared, as text.
  for (const auto& k : spec.primary_key) {
    if (spec.declared_type(k)) continue;
    sdk::Column* col = out->add_columns();
    col->set_name(k);
    col->set_type(sdk::STRING);
    col->set_primary_key(true);
  }
}

Config fivetran_config(const Connector& connector,
                       const google::protobuf::Map<std::string, std::string>& configuration) {
  Config raw = Config::object();
  for (const auto& [k, v] : configuration) raw[k] = v;
  return validated_config(connector, raw, "The configuration Fivetran sent");
}

}  // namespace sluice::grpc_protocol

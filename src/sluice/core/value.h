#pragma once
// One scalar as it travels from a parsed API page to a destination column.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

struct Value {
  enum class Kind : uint8_t { kNull, kBool, kInt, kDouble, kString, kJson, kTimestamp, kDate };

  Kind kind = Kind::kNull;
  union {
    bool b;
    int64_t i;  // integers; microseconds since the epoch (kTimestamp); days (kDate)
    double d;
  };
  std::string s;  // text of kString and kJson

  Value() : i(0) {}
  static Value null() { return Value(); }
  static Value boolean(bool v) {
    Value x;
    x.kind = Kind::kBool;
    x.b = v;
    return x;
  }
  static Value integer(int64_t v) {
    Value x;
    x.kind = Kind::kInt;
    x.i = v;
    return x;
  }
  static Value real(double v) {
    Value x;
    x.kind = Kind::kDouble;
    x.d = v;
    return x;
  }
  static Value string(std::string v) {
    Value x;
    x.kind = Kind::kString;
    x.s = std::move(v);
    return x;
  }
  static Value json(std::string v) {
    Value x;
    x.kind = Kind::kJson;
    x.s = std::move(v);
    return x;
  }
  static Value timestamp(int64_t micros) {
    Value x;
    x.kind = Kind::kTimestamp;
    x.i = micros;
    return x;
  }
  static Value date(int64_t days) {
    Value x;
    x.kind = Kind::kDate;
    x.i = days;
    return x;
  }

  bool is_null() const { return kind == Kind::kNull; }
  // The value as text, as a STRING column would hold it.
  std::string to_text() const;
  bool operator==(const Value& o) const;
};

struct Field {
  std::string name;
  Value value;
};

// A record is an ordered list of named values; names are already normalised column names.
struct Record {
  std::vector<Field> fields;

  void set(std::string name, Value v);
  const Value* find(std::string_view name) const;
};

}  // namespace sluice

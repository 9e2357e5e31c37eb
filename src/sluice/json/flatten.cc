#include "sluice/json/flatten.h"

#include "sluice/core/names.h"
#include "sluice/json/field_names.h"

namespace sluice {
namespace {

void flatten_level(simdjson::dom::object object, std::string_view prefix, Record& out,
                   const FlattenOptions& options, int depth, FieldNames* names = nullptr) {
  for (auto [key, element] : object) {
    std::string name = names ? (*names)(key) : normalize_name(key);
    if (!prefix.empty()) name = std::string(prefix) + "_" + name;
    if (element.type() == simdjson::dom::element_type::OBJECT && depth < options.max_depth) {
      simdjson::dom::object child = element.get_object().value_unsafe();
      if (child.size() == 0) {
        out.set(std::move(name), Value::json("{}"));
      } else {
        flatten_level(child, name, out, options, depth + 1, names);
      }
      continue;
    }
    out.set(std::move(name), to_value(element));
  }
}

}  // namespace

std::string to_json_text(simdjson::dom::element element) {
  return simdjson::minify(element);
}

Value to_value(simdjson::dom::element element) {
  using T = simdjson::dom::element_type;
  switch (element.type()) {
    case T::NULL_VALUE:
      return Value::null();
    case T::BOOL:
      return Value::boolean(element.get_bool().value_unsafe());
    case T::INT64:
      return Value::integer(element.get_int64().value_unsafe());
    case T::UINT64: {
      uint64_t u = element.get_uint64().value_unsafe();
      // Beyond int64 no integer column holds it; keep every digit as text.
      return Value::string(std::to_string(u));
    }
    case T::DOUBLE:
      return Value::real(element.get_double().value_unsafe());
    case T::STRING:
      return Value::string(std::string(element.get_string().value_unsafe()));
    case T::ARRAY:
    case T::OBJECT:
      return Value::json(to_json_text(element));
  }
  return Value::null();
}

void flatten_into(simdjson::dom::object object, std::string_view prefix, Record& out,
                  const FlattenOptions& options) {
  flatten_level(object, prefix, out, options, 0);
}

Record flatten(simdjson::dom::object object, const FlattenOptions& options) {
  Record r;
  r.fields.reserve(object.size());
  flatten_level(object, "", r, options, 0);
  return r;
}

Record flatten(simdjson::dom::object object, FieldNames& names, const FlattenOptions& options) {
  Record r;
  r.fields.reserve(object.size());
  names.start_record();
  flatten_level(object, "", r, options, 0, &names);
  return r;
}

std::vector<Record> child_records(simdjson::dom::array array, const Record& parent,
                                  std::string_view index_column, const FlattenOptions& options) {
  std::vector<Record> out;
  int64_t index = 0;
  for (simdjson::dom::element element : array) {
    Record r = parent;
    r.set(std::string(index_column), Value::integer(index++));
    if (element.type() == simdjson::dom::element_type::OBJECT) {
      flatten_level(element.get_object().value_unsafe(), "", r, options, 1);
    } else {
      r.set("value", to_value(element));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sluice

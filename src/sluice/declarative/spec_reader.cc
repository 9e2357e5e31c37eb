#include "sluice/declarative/spec_reader.h"

#include <map>

namespace sluice::declarative {
namespace {

const std::map<std::string, FieldType> kTypes = {
    {"string", FieldType::kString},       {"integer", FieldType::kInteger},
    {"number", FieldType::kNumber},       {"boolean", FieldType::kBoolean},
    {"timestamp", FieldType::kTimestamp}, {"url", FieldType::kUrl},
    {"list", FieldType::kList},           {"object", FieldType::kObject}};

// A YAML default as the JSON value the field's type holds.
nlohmann::json default_value(const YAML::Node& n, FieldType type, Diagnostics& d,
                             const std::string& what) {
  if (n.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : n)
      if (auto t = scalar_text(item, d, "each item of the default of " + what)) out.push_back(*t);
    return out;
  }
  auto t = scalar_text(n, d, "the default of " + what);
  if (!t) return nullptr;
  try {
    if (type == FieldType::kInteger) return std::stoll(*t);
    if (type == FieldType::kNumber) return std::stod(*t);
  } catch (...) {
    d.error(n.Mark(), "the default of " + what + " must be a number, not \"" + *t + "\".");
    return nullptr;
  }
  if (type == FieldType::kBoolean) return *t == "true";
  return *t;
}

}  // namespace

Spec read_spec(const YAML::Node& node, Diagnostics& d) {
  Spec out;
  if (!node.IsDefined()) return out;
  if (!node.IsMap()) {
    d.error(node.Mark(), "`spec` must map field names to their settings.");
    return out;
  }
  for (const auto& kv : node) {
    ConfigField f;
    f.name = kv.first.Scalar();
    YamlObject o(kv.second, d, "the spec field `" + f.name + "`");
    if (!o.ok()) continue;
    std::string type = o.text("type").value_or("string");
    if (auto it = kTypes.find(type); it != kTypes.end()) {
      f.type = it->second;
    } else {
      d.error(o.node("type").Mark(), "the spec field `" + f.name + "` has type \"" + type +
                                         "\"; the types are string, integer, number, boolean, "
                                         "timestamp, url, list and object.");
    }
    f.required = o.boolean("required").value_or(false);
    f.secret = o.boolean("secret").value_or(false);
    f.description = o.text("description").value_or("");
    if (YAML::Node def = o.node("default"); def.IsDefined())
      f.default_value = default_value(def, f.type, d, "the spec field `" + f.name + "`");
    f.min = o.integer("min");
    f.max = o.integer("max");
    f.choices = o.texts("choices");
    o.finish();
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace sluice::declarative

#pragma once
// A connector's configuration fields, and the validation of a configuration.json against them:
// every problem is reported at once, defaults are filled in, and numbers or booleans given as
// strings are accepted.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sluice {

using Config = nlohmann::json;

enum class FieldType { kString, kInteger, kNumber, kBoolean, kTimestamp, kUrl, kList, kObject };

std::string_view field_type_name(FieldType t);

struct ConfigField {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = false;
  bool secret = false;
  nlohmann::json default_value;  // null: none
  std::string description;
  std::optional<int64_t> min;  // for integers
  std::optional<int64_t> max;
  std::vector<std::string> choices;  // for strings: the allowed values, when limited
};

using Spec = std::vector<ConfigField>;

struct Validated {
  Config config;                      // with defaults and coerced types
  std::vector<std::string> problems;  // one sentence each; empty when valid
};

Validated validate_config(const Spec& spec, const Config& raw);

// "a, b,,c" -> ["a", "b", "c"]: how a list field given as one string is read.
nlohmann::json split_list(const std::string& s);

// Registers the values of every secret field with the redactor.
void register_secrets(const Spec& spec, const Config& config);

// The spec as JSON (name, type, required, secret, default, description), for `sluice spec`.
nlohmann::json spec_to_json(const Spec& spec);
// A configuration.json template: every field with its default or a placeholder.
nlohmann::json config_template(const Spec& spec);

}  // namespace sluice

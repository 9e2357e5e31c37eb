#include "sluice/sdk/spec.h"

#include <algorithm>
#include <charconv>

#include "sluice/core/redact.h"
#include "sluice/core/timestamp.h"

namespace sluice {
namespace {

std::optional<int64_t> as_integer(const nlohmann::json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
    return std::nullopt;
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    int64_t out;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return out;
  }
  return std::nullopt;
}

std::optional<bool> as_boolean(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "true" || s == "1" || s == "yes") return true;
    if (s == "false" || s == "0" || s == "no") return false;
  }
  if (v.is_number_integer()) return v.get<int64_t>() != 0;
  return std::nullopt;
}

}  // namespace

std::string_view field_type_name(FieldType t) {
  switch (t) {
    case FieldType::kString:
      return "string";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kNumber:
      return "number";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kTimestamp:
      return "timestamp";
    case FieldType::kUrl:
      return "url";
    case FieldType::kList:
      return "list";
    case FieldType::kObject:
      return "object";
  }
  return "string";
}

nlohmann::json split_list(const std::string& s) {
  nlohmann::json list = nlohmann::json::array();
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string item =
        s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) list.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return list;
}

Validated validate_config(const Spec& spec, const Config& raw) {
  Validated out;
  if (!raw.is_object()) {
    out.problems.push_back("The configuration must be a JSON object of field names and values.");
    return out;
  }
  out.config = raw;
  for (const auto& f : spec) {
    auto it = raw.find(f.name);
    // An optional field left as `sluice init` wrote it counts as not given.
    bool absent =
        it == raw.end() || it->is_null() ||
        (it->is_string() && (it->get_ref<const std::string&>().empty() ||
                             it->get_ref<const std::string&>().rfind("<OPTIONAL ", 0) == 0));
    if (absent) {
      if (f.required) {
        out.problems.push_back("`" + f.name + "` is required: " + f.description);
      } else if (!f.default_value.is_null()) {
        out.config[f.name] = f.type == FieldType::kList && f.default_value.is_string()
                                 ? split_list(f.default_value.get<std::string>())
                                 : f.default_value;
      } else {
        out.config.erase(f.name);
      }
      continue;
    }
    const nlohmann::json& v = *it;
    if (v.is_string() && v.get_ref<const std::string&>().front() == '<' &&
        v.get_ref<const std::string&>().back() == '>') {
      out.problems.push_back("`" + f.name +
                             "` still holds the template placeholder; put a real value there.");
      continue;
    }
    std::string wrong = "`" + f.name + "` must be ";
    switch (f.type) {
      case FieldType::kString:
      case FieldType::kUrl:
        if (!v.is_string()) {
          out.problems.push_back(wrong + "a string.");
        } else if (!f.choices.empty() && std::find(f.choices.begin(), f.choices.end(),
                                                   v.get<std::string>()) == f.choices.end()) {
          std::string list;
          for (const auto& c : f.choices) list += (list.empty() ? "" : ", ") + c;
          out.problems.push_back(wrong + "one of " + list + ", not \"" + v.get<std::string>() +
                                 "\".");
        } else if (f.type == FieldType::kUrl) {
          const auto& s = v.get_ref<const std::string&>();
          if (s.rfind("http://", 0) != 0 && s.rfind("https://", 0) != 0)
            out.problems.push_back(wrong + "an http:// or https:// URL, not \"" + s + "\".");
        }
        break;
      case FieldType::kInteger: {
        auto n = as_integer(v);
        if (!n) {
          out.problems.push_back(wrong + "a whole number.");
        } else if ((f.min && *n < *f.min) || (f.max && *n > *f.max)) {
          out.problems.push_back(wrong + "between " + std::to_string(f.min.value_or(INT64_MIN)) +
                                 " and " + std::to_string(f.max.value_or(INT64_MAX)) + ", not " +
                                 std::to_string(*n) + ".");
        } else {
          out.config[f.name] = *n;
        }
        break;
      }
      case FieldType::kNumber:
        if (v.is_number()) break;
        if (v.is_string()) {
          try {
            out.config[f.name] = std::stod(v.get<std::string>());
            break;
          } catch (...) {
          }
        }
        out.problems.push_back(wrong + "a number.");
        break;
      case FieldType::kBoolean:
        if (auto b = as_boolean(v)) {
          out.config[f.name] = *b;
        } else {
          out.problems.push_back(wrong + "true or false.");
        }
        break;
      case FieldType::kTimestamp:
        if (!v.is_string() || !parse_timestamp(v.get<std::string>())) {
          out.problems.push_back(wrong +
                                 "an ISO 8601 date or time such as \"2025-01-01T00:00:00Z\"" +
                                 (v.is_string() ? ", not \"" + v.get<std::string>() + "\"." : "."));
        }
        break;
      case FieldType::kList:
        if (v.is_string()) {
          out.config[f.name] = split_list(v.get<std::string>());
        } else if (!v.is_array() ||
                   std::any_of(v.begin(), v.end(), [](const auto& e) { return !e.is_string(); })) {
          out.problems.push_back(wrong +
                                 "a list of text values (a JSON array of strings or a "
                                 "comma-separated string).");
        }
        break;
      case FieldType::kObject: {
        // Fivetran's configuration.json holds strings only, so an object may arrive as JSON text.
        nlohmann::json parsed = v;
        if (v.is_string()) parsed = nlohmann::json::parse(v.get<std::string>(), nullptr, false);
        if (!parsed.is_object())
          out.problems.push_back(wrong + "a JSON object (or a string holding one).");
        else
          out.config[f.name] = parsed;
        break;
      }
    }
  }
  return out;
}

void register_secrets(const Spec& spec, const Config& config) {
  if (!config.is_object()) return;
  for (const auto& f : spec) {
    if (!f.secret) continue;
    auto it = config.find(f.name);
    if (it != config.end() && it->is_string()) register_secret(it->get<std::string>());
  }
}

nlohmann::json spec_to_json(const Spec& spec) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& f : spec) {
    nlohmann::json j = {{"name", f.name},
                        {"type", field_type_name(f.type)},
                        {"required", f.required},
                        {"secret", f.secret},
                        {"description", f.description}};
    if (!f.default_value.is_null()) j["default"] = f.default_value;
    if (f.min) j["minimum"] = *f.min;
    if (f.max) j["maximum"] = *f.max;
    if (!f.choices.empty()) j["choices"] = f.choices;
    fields.push_back(std::move(j));
  }
  return fields;
}

nlohmann::json config_template(const Spec& spec) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& f : spec) {
    if (!f.default_value.is_null()) {
      out[f.name] = f.default_value;
    } else {
      out[f.name] = "<" + std::string(f.required ? "REQUIRED " : "OPTIONAL ") +
                    std::string(field_type_name(f.type)) + ": " + f.description + ">";
    }
  }
  return out;
}

}  // namespace sluice

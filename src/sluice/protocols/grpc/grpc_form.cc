#include "sluice/protocols/grpc/grpc_form.h"

#include <cctype>

namespace sluice::grpc_protocol {
namespace {

// "api_token" -> "Api token": the SDK wants a human label.
std::string label_of(const std::string& name) {
  std::string out = name;
  for (auto& c : out)
    if (c == '_') c = ' ';
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string default_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// What a text field of this type looks like when filled in; none where the label says it all.
const char* placeholder(FieldType t) {
  switch (t) {
    case FieldType::kTimestamp:
      return "2024-01-31T00:00:00Z";
    case FieldType::kUrl:
      return "https://";
    case FieldType::kList:
      return "first, second";
    case FieldType::kObject:
      return "{\"key\": \"value\"}";
    default:
      return nullptr;
  }
}

}  // namespace

::fivetran_sdk::v2::ConfigurationFormResponse configuration_form(const Spec& spec) {
  namespace sdk = ::fivetran_sdk::v2;
  sdk::ConfigurationFormResponse form;
  form.set_schema_selection_supported(false);
  form.set_table_selection_supported(true);
  for (const ConfigField& f : spec) {
    sdk::FormField* field = form.add_fields();
    field->set_name(f.name);
    field->set_label(label_of(f.name));
    field->set_required(f.required);
    if (!f.description.empty()) field->set_description(f.description);
    if (!f.default_value.is_null()) field->set_default_value(default_text(f.default_value));
    if (const char* hint = placeholder(f.type)) field->set_placeholder(hint);
    if (!f.choices.empty()) {
      for (const auto& c : f.choices) field->mutable_dropdown_field()->add_dropdown_field(c);
    } else if (f.type == FieldType::kBoolean) {
      field->mutable_toggle_field();
    } else {
      field->set_text_field(f.secret ? sdk::Password : sdk::PlainText);
    }
  }
  sdk::ConfigurationTest* test = form.add_tests();
  test->set_name("connection");
  test->set_label("Connecting to the API with these settings");
  return form;
}

}  // namespace sluice::grpc_protocol

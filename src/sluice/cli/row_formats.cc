#include "sluice/cli/row_formats.h"

namespace sluice::cli {
namespace {

// Text a source sent as invalid UTF-8 prints with U+FFFD rather than failing the whole output.
std::string dump(const nlohmann::ordered_json& v) {
  return v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json object_of(const TypedRows& rows, size_t r) {
  nlohmann::ordered_json o = nlohmann::ordered_json::object();
  for (size_t c = 0; c < rows.columns.size(); ++c) o[rows.columns[c]] = rows.rows[r][c];
  return o;
}

std::string csv_field(const nlohmann::ordered_json& v) {
  std::string text = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : dump(v);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

void csv_line(std::ostream& out, const std::vector<nlohmann::ordered_json>& fields) {
  for (size_t k = 0; k < fields.size(); ++k) out << (k ? "," : "") << csv_field(fields[k]);
  out << "\r\n";
}

}  // namespace

void print_json(std::ostream& out, const TypedRows& rows) {
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (size_t r = 0; r < rows.rows.size(); ++r) all.push_back(object_of(rows, r));
  out << dump(all) << "\n";
}

void print_json_lines(std::ostream& out, const TypedRows& rows) {
  for (size_t r = 0; r < rows.rows.size(); ++r) out << dump(object_of(rows, r)) << "\n";
}

void print_csv(std::ostream& out, const TypedRows& rows) {
  csv_line(out, {rows.columns.begin(), rows.columns.end()});
  for (const auto& row : rows.rows) csv_line(out, row);
}

}  // namespace sluice::cli

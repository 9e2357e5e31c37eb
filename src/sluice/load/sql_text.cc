#include "sluice/load/sql_text.h"

#include "sluice/core/timestamp.h"

namespace sluice::sql {

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string key_join(const std::vector<std::string>& keys, std::string_view a, std::string_view b) {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) out += " AND ";
    out += std::string(a) + "." + quote_ident(k) + " = " + std::string(b) + "." + quote_ident(k);
  }
  return out;
}

std::string join_quoted(const std::vector<std::string>& names, std::string_view prefix) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += std::string(prefix) + quote_ident(n);
  }
  return out;
}

std::string latest_staged(const std::vector<std::string>& keys, std::string_view stage) {
  return " FROM (SELECT DISTINCT ON (" + join_quoted(keys) + ") * FROM " + std::string(stage) +
         " ORDER BY " + join_quoted(keys) + ", _seq DESC) s";
}

std::string timestamp_literal(int64_t micros) {
  return "TIMESTAMPTZ " + quote_literal(format_timestamp(micros));
}

}  // namespace sluice::sql

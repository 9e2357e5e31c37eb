#include "support/row_set.h"

#include <cstdio>
#include <map>

#include "sluice/core/timestamp.h"
#include "support/normalized_dump.h"

namespace sluice::testing {
namespace {

constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

std::string line_of(const std::map<std::string, std::string>& cells) {
  std::string line;
  for (const auto& [c, text] : cells) line += c + "=" + text + "\x1f";
  return line;
}

}  // namespace

std::string streamed_text(const nlohmann::json& v) {
  const std::string kind = v[0];
  const nlohmann::json& x = v[1];
  if (kind == "bool") return x.get<bool>() ? "true" : "false";
  if (kind == "short" || kind == "int" || kind == "long") return std::to_string(x.get<int64_t>());
  if (kind == "float" || kind == "double") {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", x.get<double>());
    return normalized_value(buf, ColumnType::kDouble);
  }
  if (kind == "decimal") return normalized_value(x.get<std::string>(), ColumnType::kDecimal);
  if (kind == "utc_datetime" || kind == "naive_datetime") return format_timestamp(x.get<int64_t>());
  if (kind == "naive_date") return format_date(x.get<int64_t>() / kMicrosPerDay);
  if (kind == "json") return normalized_value(x.get<std::string>(), ColumnType::kJson);
  return x.get<std::string>();
}

RowSet streamed_rows(const nlohmann::json& rows) {
  RowSet out;
  for (const auto& [key, row] : rows.items()) {
    std::map<std::string, std::string> cells;
    for (const auto& [column, v] : row.items())
      if (!v.is_null()) cells[column] = streamed_text(v);
    out.insert(line_of(cells));
  }
  return out;
}

RowSet warehouse_rows(Destination& d, const std::string& table) {
  RowSet out;
  auto columns = d.table_columns(table);
  if (!columns) return out;
  QueryResult r = d.query("SELECT * FROM \"" + table + "\"");
  std::map<std::string, ColumnType> types;
  for (const auto& c : *columns) types[c.name] = c.type;
  for (const auto& row : r.rows) {
    std::map<std::string, std::string> cells;
    bool deleted = false;
    for (size_t k = 0; k < row.size(); ++k) {
      const std::string& name = r.columns[k];
      if (name == "_sluice_deleted")
        deleted = normalized_value(row[k], ColumnType::kBoolean) == "true";
      if (name.rfind("_sluice_", 0) == 0 || !row[k]) continue;
      cells[name] = normalized_value(row[k], types.at(name));
    }
    if (deleted) continue;
    out.insert(line_of(cells));
  }
  return out;
}

std::string first_difference(const RowSet& got, const RowSet& want) {
  if (got == want) return "";
  auto g = got.begin(), w = want.begin();
  size_t k = 0;
  while (g != got.end() && w != want.end() && *g == *w) ++g, ++w, ++k;
  std::string out = std::to_string(got.size()) + " rows against " + std::to_string(want.size()) +
                    "; first difference at sorted row " + std::to_string(k) + ":\n  got  " +
                    (g != got.end() ? *g : "(none)") + "\n  want " +
                    (w != want.end() ? *w : "(none)");
  for (char& ch : out)
    if (ch == '\x1f') ch = '|';
  return out;
}

}  // namespace sluice::testing

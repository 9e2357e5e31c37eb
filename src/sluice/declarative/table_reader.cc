#include "sluice/declarative/table_reader.h"

#include <algorithm>
#include <cctype>

#include "sluice/core/names.h"

namespace sluice::declarative {

std::string column_name(const std::string& raw) {
  return !raw.empty() && raw.front() == '_' ? "_" + normalize_name(raw) : normalize_name(raw);
}

TableSpec read_table(const YAML::Node& node, const BuildContext& c, const std::string& stream) {
  TableSpec t;
  t.name = normalize_name(stream);
  if (!node.IsDefined()) return t;
  const std::string what = "the table of stream " + stream;
  YamlObject o(node, c.diagnostics, what);
  if (!o.ok()) return t;
  if (auto name = o.text("name")) t.name = normalize_name(*name);
  for (const auto& k : o.texts("primary_key")) t.primary_key.push_back(column_name(k));
  const std::string mode = o.text("mode").value_or("merge");
  if (mode == "merge")
    t.mode = WriteMode::kMerge;
  else if (mode == "append")
    t.mode = WriteMode::kAppend;
  else if (mode == "replace")
    t.mode = WriteMode::kReplace;
  else
    c.diagnostics.error(o.node("mode").Mark(), what + " has mode \"" + mode +
                                                   "\"; the modes are merge, append and replace.");
  t.description = o.text("description").value_or("");
  YAML::Node columns = o.node("columns");
  for (auto& [name, type] : o.pairs("columns")) {
    std::string upper = type;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char ch) { return std::toupper(ch); });
    auto parsed = parse_type_name(upper);
    if (!parsed) {
      c.diagnostics.error(
          columns[name].Mark(),
          "the column `" + name + "` of " + what + " has type \"" + type +
              "\", which is not one of boolean, short, int, long, decimal, float, double, "
              "naive_date, naive_datetime, utc_datetime, binary, string or json.");
      continue;
    }
    t.columns.push_back({normalize_name(name), *parsed});
  }
  o.finish();
  return t;
}

}  // namespace sluice::declarative

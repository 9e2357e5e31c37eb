#include "sluice/declarative/partition_router.h"

#include <set>

#include "sluice/declarative/template.h"

namespace sluice::declarative {

PartitionDefinition read_partitions(const YAML::Node& node, const BuildContext& c,
                                    const std::string& stream, TemplateNames& names) {
  PartitionDefinition d;
  if (!node.IsDefined()) return d;
  const std::string what = "`partitions` of stream " + stream;
  YamlObject o(node, c.diagnostics, what);
  if (!o.ok()) return d;
  if (auto field = o.text("from_config")) {
    d.type = PartitionDefinition::Type::kConfigList;
    d.config_field = *field;
    names.partition.insert("value");
    if (!c.names.config.count(*field))
      c.diagnostics.error(o.node("from_config").Mark(),
                          what + " names `" + *field + "`, which is not a field of the spec.");
  }
  if (YAML::Node parent = o.node("from_stream"); parent.IsDefined()) {
    YamlObject p(parent, c.diagnostics, "`from_stream` of stream " + stream);
    d.type = PartitionDefinition::Type::kParentStream;
    d.parent = p.text("stream", true).value_or("");
    d.fields = p.pairs("fields");
    if (d.fields.empty())
      c.diagnostics.error(p.mark(), "`from_stream` of stream " + stream + " needs `fields`.");
    for (const auto& [name, _] : d.fields) names.partition.insert(name);
    p.finish();
  }
  if (d.type == PartitionDefinition::Type::kNone)
    c.diagnostics.error(o.mark(), what + " needs `from_config` or `from_stream`.");
  o.finish();
  return d;
}

std::vector<nlohmann::json> list_partitions(const PartitionDefinition& d, const Config& config,
                                            const ParentRecords& parent) {
  std::vector<nlohmann::json> out;
  switch (d.type) {
    case PartitionDefinition::Type::kNone:
      out.push_back(nullptr);
      break;
    case PartitionDefinition::Type::kConfigList: {
      const nlohmann::json& v =
          config.contains(d.config_field) ? config[d.config_field] : nlohmann::json();
      if (v.is_array())
        for (const auto& item : v) out.push_back({{"value", value_text(item)}});
      else if (!v.is_null() && !value_text(v).empty())
        out.push_back({{"value", value_text(v)}});
      break;
    }
    case PartitionDefinition::Type::kParentStream: {
      std::set<std::string> seen;  // a parent listed twice is read once
      parent([&](const nlohmann::json& record) {
        nlohmann::json p = nlohmann::json::object();
        for (const auto& [name, field] : d.fields)
          p[name] = record.contains(field) ? value_text(record[field]) : "";
        if (seen.insert(p.dump()).second) out.push_back(std::move(p));
      });
      break;
    }
  }
  return out;
}

std::string partition_key(const nlohmann::json& partition) {
  if (partition.is_null()) return "";
  if (partition.size() == 1) return value_text(partition.begin().value());
  return partition.dump();
}

}  // namespace sluice::declarative

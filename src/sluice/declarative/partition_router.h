#pragma once
// `partitions:` of a YAML stream: the stream is read once per partition, with `{{ partition.x }}`
// in its templates and a saved position per partition. Partitions come from a configuration list
// (`from_config: field`, each item as `partition.value`) or from another stream's records
// (`from_stream: {stream, fields: {x: recordField}}`: one partition per parent record).
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sluice/declarative/build_context.h"
#include "sluice/sdk/spec.h"

namespace sluice::declarative {

struct PartitionDefinition {
  enum class Type { kNone, kConfigList, kParentStream } type = Type::kNone;
  std::string config_field;
  std::string parent;
  std::vector<std::pair<std::string, std::string>> fields;  // partition field <- parent field
};

// Also adds the partition's field names to `names` for the stream's templates.
PartitionDefinition read_partitions(const YAML::Node& node, const BuildContext& context,
                                    const std::string& stream, TemplateNames& names);

// Calls `each` with every record of the parent stream, as a JSON object of its raw fields.
using ParentRecords = std::function<void(const std::function<void(const nlohmann::json&)>& each)>;

// The partitions to read (one null partition when the stream has none).
std::vector<nlohmann::json> list_partitions(const PartitionDefinition& d, const Config& config,
                                            const ParentRecords& parent);

// The key a partition's position is saved under.
std::string partition_key(const nlohmann::json& partition);

}  // namespace sluice::declarative

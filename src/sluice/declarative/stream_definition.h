#pragma once
// One entry of `streams:` in a YAML source: its request, pages, records, transformations, child
// tables, incremental cursor, partitions and table.
#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/declarative/child_rows.h"
#include "sluice/declarative/incremental.h"
#include "sluice/declarative/lookup.h"
#include "sluice/declarative/paginator.h"
#include "sluice/declarative/partition_router.h"
#include "sluice/declarative/record_selector.h"
#include "sluice/declarative/request_builder.h"
#include "sluice/declarative/table_reader.h"
#include "sluice/declarative/transformation.h"

namespace sluice::declarative {

struct StreamDefinition {
  std::string name;
  RequestDefinition request;  // merged with the source's `requester:`
  PaginatorDefinition paginator;
  RecordSelectorDefinition records;
  std::vector<LookupDefinition> lookups;
  std::vector<Transformation> transform;
  std::vector<ChildDefinition> children;
  IncrementalDefinition incremental;
  PartitionDefinition partitions;
  TableSpec table;
  int flatten_depth = 8;
  std::vector<std::string> json_fields;  // top-level fields kept as one JSON column each
  bool read_ahead = true;                // read on a thread of its own while earlier streams load
  std::string enabled_by;
  int64_t requests_per_minute = 0;  // this endpoint's own budget (0: none)  // a list field: the
                                    // stream is read only when it lists the name
};

// `defaults` is the source's `requester:`; `config_names` the spec's fields.
StreamDefinition read_stream(const YAML::Node& node, Diagnostics& diagnostics,
                             const TemplateNames& config_names, const RequestDefinition& defaults);

}  // namespace sluice::declarative

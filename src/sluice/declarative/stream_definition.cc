#include "sluice/declarative/stream_definition.h"

#include <algorithm>

namespace sluice::declarative {

StreamDefinition read_stream(const YAML::Node& node, Diagnostics& d,
                             const TemplateNames& config_names, const RequestDefinition& defaults) {
  StreamDefinition s;
  YamlObject o(node, d, "a stream");
  if (!o.ok()) return s;
  s.name = o.text("name", true).value_or("");
  const std::string what = "stream " + s.name;
  BuildContext c{d, config_names};
  // Partitions and the cursor decide what the stream's templates may name.
  s.partitions = read_partitions(o.node("partitions"), c, s.name, c.names);
  c.names.cursor = o.node("incremental").IsDefined();
  s.incremental = read_incremental(o.node("incremental"), c, s.name);
  s.request = merge_requests(defaults, read_request(o, c));
  if (s.request.path.empty() && !o.node("path").IsDefined())
    d.error(o.mark(), what + " needs `path`.");
  s.paginator = read_paginator(o.node("paginator"), c, s.name);
  s.records = read_record_selector(o.node("records"), c, s.name);
  s.lookups = read_lookups(o.node("lookups"), c, s.name);
  s.transform = read_transformations(o.node("transform"), c, s.name);
  auto check_picks = [&](const std::vector<Transformation>& steps, const YAML::Node& at) {
    for (const Transformation& t : steps)
      if (t.kind == Transformation::Kind::kPick &&
          std::none_of(s.lookups.begin(), s.lookups.end(),
                       [&](const LookupDefinition& l) { return l.name == t.lookup; }))
        d.error(at.Mark(), "a `pick` of " + what + " names lookup `" + t.lookup +
                               "`, which is not in its `lookups`.");
  };
  check_picks(s.transform, o.node("transform"));
  s.children = read_children(o.node("children"), c, s.name);
  for (const ChildDefinition& child : s.children) check_picks(child.transform, o.node("children"));
  s.table = read_table(o.node("table"), c, s.name);
  if (s.incremental.enabled) s.table.cursor = s.incremental.column;
  s.flatten_depth = static_cast<int>(o.integer("flatten_depth").value_or(8));
  s.json_fields = o.texts("json_fields");
  s.read_ahead = o.boolean("read_ahead").value_or(true);
  s.enabled_by = o.text("enabled_by").value_or("");
  s.requests_per_minute = o.integer("requests_per_minute").value_or(0);
  if (!s.enabled_by.empty() && !config_names.config.count(s.enabled_by))
    d.error(o.node("enabled_by").Mark(),
            what + " is enabled by `" + s.enabled_by + "`, which is not a field of the spec.");
  o.finish();
  return s;
}

}  // namespace sluice::declarative

#include "sluice/declarative/source_definition.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sluice/core/error.h"

namespace sluice::declarative {

SourceDefinition read_source_text(const std::string& text, const std::string& file) {
  SourceDefinition s;
  s.file = file;
  Diagnostics d(file);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    d.error(e.mark, "this is not valid YAML (" + e.msg + ").");
    d.throw_if_any();
  }
  YamlObject o(root, d, "the source");
  if (!o.ok()) d.throw_if_any();
  if (auto version = o.integer("version", true); version && *version != 1)
    d.error(o.node("version").Mark(), "this is version " + std::to_string(*version) +
                                          " of the format; Sluice reads version 1.");
  s.name = o.text("name", true).value_or("");
  s.description = o.text("description").value_or("");
  s.spec = read_spec(o.node("spec"), d);
  TemplateNames names;
  for (const auto& f : s.spec) names.config.insert(f.name);
  BuildContext c{d, names};
  RequestDefinition defaults;
  if (YAML::Node r = o.node("requester", true); r.IsDefined()) {
    YamlObject ro(r, d, "`requester`");
    defaults = read_request(ro, c);
    s.auth = read_auth(ro.node("auth"), c);
    s.errors = read_error_handling(ro.node("errors"), c);
    s.timeout_seconds = c.templ(ro, "timeout_seconds");
    ro.finish();
    if (ro.ok() && defaults.base_url.empty()) d.error(ro.mark(), "`requester` needs `base_url`.");
  }
  YAML::Node streams = o.node("streams", true);
  if (streams.IsDefined() && (!streams.IsSequence() || streams.size() == 0))
    d.error(streams.Mark(), "`streams` must be a list of at least one stream.");
  else if (streams.IsDefined())
    for (const auto& n : streams) s.streams.push_back(read_stream(n, d, names, defaults));
  std::set<std::string> seen;
  for (size_t i = 0; i < s.streams.size(); ++i) {
    const auto& st = s.streams[i];
    if (!seen.insert(st.name).second)
      d.error(streams[i].Mark(), "two streams are named " + st.name + ".");
    if (st.partitions.type == PartitionDefinition::Type::kParentStream &&
        !seen.count(st.partitions.parent))
      d.error(streams[i].Mark(), "stream " + st.name + " reads its partitions from stream " +
                                     st.partitions.parent + ", which must be defined before it.");
    for (const auto& l : st.lookups)
      if (!seen.count(l.stream) || l.stream == st.name)
        d.error(streams[i].Mark(), "lookup " + l.name + " of stream " + st.name + " reads stream " +
                                       l.stream + ", which must be defined before it.");
  }
  s.check_stream = o.text("check_stream").value_or(s.streams.empty() ? "" : s.streams.front().name);
  if (!s.check_stream.empty() && !seen.count(s.check_stream))
    d.error(o.node("check_stream").Mark(),
            "`check_stream` names " + s.check_stream + ", which is not a stream.");
  o.finish();
  d.throw_if_any();
  return s;
}

SourceDefinition read_source_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::kNotFound, "There is no YAML source at " + path + ".");
  std::stringstream text;
  text << in.rdbuf();
  return read_source_text(text.str(), path);
}

}  // namespace sluice::declarative

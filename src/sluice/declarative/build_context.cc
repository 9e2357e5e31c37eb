#include "sluice/declarative/build_context.h"

namespace sluice::declarative {

Template BuildContext::templ(YamlObject& o, const std::string& key, bool required) const {
  auto text = o.text(key, required);
  if (!text) return {};
  return Template::compile(*text, names, diagnostics, o.node(key).Mark());
}

std::vector<std::pair<std::string, Template>> BuildContext::templates(
    YamlObject& o, const std::string& key) const {
  std::vector<std::pair<std::string, Template>> out;
  YAML::Node n = o.node(key);
  for (auto& [name, text] : o.pairs(key))
    out.emplace_back(name, Template::compile(text, names, diagnostics, n[name].Mark()));
  return out;
}

}  // namespace sluice::declarative

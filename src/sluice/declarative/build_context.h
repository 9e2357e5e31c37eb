#pragma once
// What every component's reader needs while a YAML source is loaded: where to report problems and
// what templates at that place may name.
#include "sluice/declarative/template.h"
#include "sluice/declarative/yaml_object.h"
#include "sluice/sdk/spec.h"

namespace sluice::declarative {

struct BuildContext {
  Diagnostics& diagnostics;
  TemplateNames names;

  // The template at `key` of `o` (empty when absent), checked against `names`.
  Template templ(YamlObject& o, const std::string& key, bool required = false) const;
  // A mapping of names to templates (headers, query parameters).
  std::vector<std::pair<std::string, Template>> templates(YamlObject& o,
                                                          const std::string& key) const;
};

}  // namespace sluice::declarative

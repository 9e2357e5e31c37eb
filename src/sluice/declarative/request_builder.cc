#include "sluice/declarative/request_builder.h"

namespace sluice::declarative {
namespace {

using Named = std::vector<std::pair<std::string, Template>>;

Named merge_named(const Named& base, const Named& over) {
  Named out = base;
  for (const auto& [name, t] : over) {
    bool replaced = false;
    for (auto& [n, existing] : out)
      if (n == name) existing = t, replaced = true;
    if (!replaced) out.emplace_back(name, t);
  }
  return out;
}

void render_named(const Named& named, const TemplateValues& v, Params& out) {
  for (const auto& [name, t] : named) {
    std::string value = t.render(v);
    if (!value.empty()) out.emplace_back(name, std::move(value));
  }
}

}  // namespace

RequestDefinition read_request(YamlObject& o, const BuildContext& c) {
  RequestDefinition r;
  r.base_url = c.templ(o, "base_url");
  r.path = c.templ(o, "path");
  r.method = o.text("method").value_or("");
  if (!r.method.empty() && r.method != "GET" && r.method != "POST")
    c.diagnostics.error(o.node("method").Mark(), "`method` must be GET or POST.");
  r.headers = c.templates(o, "headers");
  r.query = c.templates(o, "query");
  return r;
}

RequestDefinition merge_requests(const RequestDefinition& base, const RequestDefinition& over) {
  RequestDefinition r;
  r.base_url = over.base_url.empty() ? base.base_url : over.base_url;
  r.path = over.path.empty() ? base.path : over.path;
  r.method = over.method.empty() ? base.method : over.method;
  r.headers = merge_named(base.headers, over.headers);
  r.query = merge_named(base.query, over.query);
  return r;
}

Request build_request(const RequestDefinition& d, const TemplateValues& v) {
  Request r;
  r.method = d.method.empty() ? "GET" : d.method;
  r.url = join_url(d.base_url.render(v), d.path.render(v, /*encode_holes=*/true));
  render_named(d.query, v, r.query);
  render_named(d.headers, v, r.headers);
  return r;
}

}  // namespace sluice::declarative

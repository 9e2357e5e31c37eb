#pragma once
// The request of a YAML stream: base URL and path templates, headers and query parameters, set at
// the top (`requester:`) and per stream; the stream's win. A query parameter or header whose
// template renders empty (an optional configuration field left out) is not sent.
#include <string>
#include <utility>
#include <vector>

#include "sluice/declarative/build_context.h"
#include "sluice/http/request.h"

namespace sluice::declarative {

struct RequestDefinition {
  Template base_url;
  Template path;
  std::string method;  // empty: GET
  std::vector<std::pair<std::string, Template>> headers;
  std::vector<std::pair<std::string, Template>> query;
};

// Reads base_url, path, method, headers and query from `o` (those present).
RequestDefinition read_request(YamlObject& o, const BuildContext& context);
// `over`'s settings replace `base`'s, name by name.
RequestDefinition merge_requests(const RequestDefinition& base, const RequestDefinition& over);
Request build_request(const RequestDefinition& definition, const TemplateValues& values);

}  // namespace sluice::declarative

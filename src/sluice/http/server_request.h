#pragma once
// A request as HttpServer's handlers see it: decoded path and query, lower-case header names, the
// whole body.
#include <string>
#include <string_view>

#include "sluice/http/request.h"

namespace sluice {

struct ServerRequest {
  std::string method;
  std::string path;
  Params query;    // decoded, in order (repeated names allowed, e.g. form_uuids[])
  Params headers;  // names lower case
  std::string body;
  bool keep_alive = true;  // HTTP/1.1 unless `Connection: close`; HTTP/1.0 only when asked

  std::string param(std::string_view name, std::string fallback = {}) const;
  bool has_param(std::string_view name) const;
  const std::string* header(std::string_view lower_name) const;
};

// "a=1&b=two+words" -> {{"a", "1"}, {"b", "two words"}}, in order.
Params parse_query(std::string_view query);

}  // namespace sluice

#include "sluice/http/server_request.h"

namespace sluice {

std::string ServerRequest::param(std::string_view name, std::string fallback) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return fallback;
}

bool ServerRequest::has_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return true;
  return false;
}

const std::string* ServerRequest::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return &v;
  return nullptr;
}

Params parse_query(std::string_view q) {
  Params out;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    auto eq = pair.find('=');
    if (!pair.empty())
      out.emplace_back(url_decode(pair.substr(0, eq)),
                       eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace sluice

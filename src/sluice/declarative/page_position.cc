#include "sluice/declarative/page_position.h"

#include "sluice/core/redact.h"
#include "sluice/declarative/paginator.h"

namespace sluice::declarative {
namespace {

bool is_secret(const std::string& text) {
  return redact(text) != text;
}

const std::string* find_param(const Params& params, const std::string& name) {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace

nlohmann::json save_request(const Request& next) {
  nlohmann::json query = nlohmann::json::array();
  for (const auto& [name, value] : next.query)
    query.push_back({name, is_secret(value) ? nlohmann::json() : nlohmann::json(value)});
  // A path holding a secret (an API key as a path segment) is left out: the request's own path.
  const std::string path = url_path(next.url);
  return {{"url", is_secret(path) ? nlohmann::json() : nlohmann::json(path)},
          {"query", std::move(query)}};
}

bool restore_request(const nlohmann::json& saved, Request& built) {
  if (!saved.is_object() || !saved.contains("url") ||
      !(saved["url"].is_string() || saved["url"].is_null()) ||
      !saved.value("query", nlohmann::json()).is_array())
    return false;
  Params query;
  for (const auto& kv : saved["query"]) {
    if (!kv.is_array() || kv.size() != 2 || !kv[0].is_string()) return false;
    const std::string name = kv[0].get<std::string>();
    if (kv[1].is_string())
      query.emplace_back(name, kv[1].get<std::string>());
    else if (!kv[1].is_null())
      return false;
    else if (const std::string* secret = find_param(built.query, name))
      query.emplace_back(name, *secret);
  }
  if (saved["url"].is_string()) {
    const std::string path = saved["url"].get<std::string>();
    built.url = url_origin(built.url) + (path.empty() || path.front() != '/' ? "/" : "") + path;
  }
  built.query = std::move(query);
  return true;
}

}  // namespace sluice::declarative

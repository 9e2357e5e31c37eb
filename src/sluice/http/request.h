#pragma once
// An HTTP request and its answer, as plain values.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

using Params = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url;  // without the query string; see `query`
  Params query;
  Params headers;
  std::string body;
  // When set, a 2xx body is written to this file (truncated first) instead of kept in memory.
  std::string download_to;

  void set_query(std::string_view name, std::string value);
  void remove_query(std::string_view name);
  std::string full_url() const;
};

struct Response {
  long status = 0;
  Params headers;  // names lower case
  std::string body;

  const std::string* header(std::string_view lower_name) const;
};

std::string url_encode(std::string_view s);
std::string url_decode(std::string_view s);
// "https://host/v1/" + "forms" -> "https://host/v1/forms", whatever the slashes.
std::string join_url(std::string_view base, std::string_view path);
// "https://host/v1/forms?page=2" -> "/v1/forms": the path alone, for messages and matching.
std::string url_path(std::string_view url);

}  // namespace sluice

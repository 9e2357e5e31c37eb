#pragma once
// Countly's HTTP side: the api_key as a query parameter (redacted wherever a URL is shown), the
// retry policy from the configuration, and `{"result": …}` errors turned into sentences.
#include <simdjson.h>

#include <string>

#include "sluice/core/value.h"
#include "sluice/http/requester.h"
#include "sluice/sdk/spec.h"

namespace sluice::countly {

class CountlyClient {
 public:
  explicit CountlyClient(const Config& config);
  // GET base_url + path with `query`; the parsed body. Throws sluice::Error with Countly's words.
  simdjson::dom::element get(const std::string& path, Params query, simdjson::dom::parser& parser);
  int64_t requests_sent() const { return requester_.requests_sent(); }
  const std::string& app_id() const { return app_id_; }

 private:
  std::string base_url_;
  std::string app_id_;
  Requester requester_;
};

// Unix seconds (a number, or digits in a string) as a UTC timestamp value; NULL otherwise.
Value unix_seconds(simdjson::dom::element e);

}  // namespace sluice::countly

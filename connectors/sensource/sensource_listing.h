#pragma once
// The static listings (/api/zone, /api/space, …), each fetched once per sync and shared: the
// static tables load their rows from it, and the metrics streams size their windows by how many
// entities it holds, without asking the API a second time.
#include <simdjson.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "sluice/http/requester.h"
#include "sluice/sdk/connector_config.h"

namespace sluice::sensource {

class Listings {
 public:
  Listings(Config config, std::shared_ptr<Requester> api)
      : config_(std::move(config)), api_(std::move(api)) {}

  // The rows of /api/<endpoint>, parsed into `parser`. Endpoints answer a bare array or
  // `{results: [...]}`; both are read. Safe to call from several streams at once.
  simdjson::dom::array rows(const std::string& endpoint, simdjson::dom::parser& parser);
  // How many rows /api/<endpoint> lists.
  size_t count(const std::string& endpoint);

 private:
  Config config_;
  std::shared_ptr<Requester> api_;
  std::mutex mutex_;
  std::map<std::string, std::string> bodies_;  // endpoint -> the body as it came
};

}  // namespace sluice::sensource

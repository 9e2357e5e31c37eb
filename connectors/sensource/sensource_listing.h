#pragma once
// The static listings (/api/zone, /api/space, …), each fetched once per sync and shared: the
// static tables load their rows from it, and the metrics streams size their windows by how many
// entities it holds, without asking the API a second time.
#include <simdjson.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
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
  struct Entry {
    std::mutex mutex;                 // held while the endpoint is fetched
    std::optional<std::string> body;  // as it came
  };
  std::mutex mutex_;  // guards the map only
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace sluice::sensource

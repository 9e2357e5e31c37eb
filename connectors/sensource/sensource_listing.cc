#include "connectors/sensource/sensource_listing.h"

#include "sluice/core/error.h"

namespace sluice::sensource {

simdjson::dom::array Listings::rows(const std::string& endpoint, simdjson::dom::parser& parser) {
  Request request;
  request.url = join_url(config_.at("base_url").get<std::string>(), "/api/" + endpoint);
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = entries_[endpoint];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
  }
  std::string body;
  {
    // One fetch per endpoint even when a static table and a metrics stream ask at once; other
    // endpoints are fetched meanwhile.
    std::lock_guard<std::mutex> lock(entry->mutex);
    if (!entry->body) entry->body = api_->send(request).body;
    body = *entry->body;
  }
  simdjson::dom::element doc = api_->parse_json(body, request, parser);
  simdjson::dom::array out;
  if (doc.get(out) && doc["results"].get(out))
    throw Error(ErrorKind::kApi,
                "SenSource answered /api/" + endpoint + " with neither a list nor {results}.");
  return out;
}

size_t Listings::count(const std::string& endpoint) {
  simdjson::dom::parser parser;
  return rows(endpoint, parser).size();
}

}  // namespace sluice::sensource

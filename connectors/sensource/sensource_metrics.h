#pragma once
// The hourly metrics streams (traffic by zone, occupancy by space), read in windows.
#include <memory>
#include <string>

#include "connectors/sensource/sensource_listing.h"
#include "sluice/http/requester.h"
#include "sluice/sdk/stream.h"

namespace sluice::sensource {

struct MetricsKind {
  std::string table;        // traffic / occupancy
  std::string path;         // /api/data/traffic
  std::string entity_type;  // zone / space
  std::string id_field;     // zoneId / spaceId
  std::string metrics_key;  // the configuration field with the metrics
  std::string filter_key;   // the configuration field listing the entity ids to keep (optional)
};

std::unique_ptr<Stream> metrics_stream(MetricsKind kind, const Config& config,
                                       std::shared_ptr<Requester> api,
                                       std::shared_ptr<Listings> listings);

}  // namespace sluice::sensource

#pragma once
// The users stream: app users by last-seen time, through `user_details` (Enterprise) or the
// dbviewer (community), one page in memory at a time.
#include <memory>

#include "connectors/countly/countly_client.h"
#include "sluice/sdk/stream.h"

namespace sluice::countly {

std::unique_ptr<Stream> users_stream(const Config& config, std::shared_ptr<CountlyClient> client);

}  // namespace sluice::countly

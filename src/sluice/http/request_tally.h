#pragma once
// Requests and retries sent by every Requester of the process, counted together so that a sync's
// run history can tell them for any connector (the difference between two readings) without each
// connector passing its clients' counts up.
#include <cstdint>

namespace sluice {

struct RequestTally {
  int64_t requests = 0;
  int64_t retries = 0;
};

RequestTally request_tally();
void tally_request();
void tally_retry();

}  // namespace sluice

#pragma once
// Splitting one read of /responses into time windows read at once. Two one-item requests find how
// many responses the read holds and the reception times of its newest and oldest; the span
// between them is cut into equal parts, each a list of its own with its own page cursor. Windows
// come back newest first, the order the API lists responses in, so reading them one after the
// other gives exactly the sequence one list would.
#include <cstdint>
#include <vector>

#include "connectors/refiner/refiner_client.h"

namespace sluice::refiner {

struct TimeWindow {
  int64_t start = 0, end = 0;  // [start, end), microseconds, whole seconds
};

// [start, end) as at most `parts` windows; one window when the read is small (two pages or less),
// when the API answers within 20 ms (the machine, not the network, limits such a read) or when
// `parts` is 1. `filters` are the list's other parameters. `count`, when given, is set to how many
// responses the read holds when that was asked (-1 otherwise).
std::vector<TimeWindow> split_responses(RefinerClient& client, const Params& filters, int64_t start,
                                        int64_t end, int parts, int64_t page_length,
                                        int64_t* count = nullptr);

}  // namespace sluice::refiner

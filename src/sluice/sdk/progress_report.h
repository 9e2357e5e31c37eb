#pragma once
// How a connector says how much of a table's read lies ahead, for the progress bar: the rows it
// expects (Refiner's items_count) or the share of the read done (an export's percentComplete,
// windows planned in advance). The emitter a connector is given passes this on when it shows
// progress (runtime/progress.h) or replays a stream read ahead; any other emitter ignores it. A
// side interface, so faces and emitters that have no use for it need no change.
#include <cstdint>
#include <string>

#include "sluice/sdk/emitter.h"

namespace sluice {

class ProgressReceiver {
 public:
  virtual ~ProgressReceiver() = default;
  // The table's read in this sync emits about `rows` operations in all.
  virtual void expect_rows(const std::string& table, int64_t rows) = 0;
  // The share of the table's read done so far, 0 to 1.
  virtual void read_fraction(const std::string& table, double fraction) = 0;
};

// Tells `emit` when it listens; a no-op otherwise.
void expect_rows(Emitter& emit, const std::string& table, int64_t rows);
void report_fraction(Emitter& emit, const std::string& table, double fraction);

}  // namespace sluice

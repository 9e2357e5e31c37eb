#include "sluice/sdk/progress_report.h"

#include <algorithm>

namespace sluice {

void expect_rows(Emitter& emit, const std::string& table, int64_t rows) {
  if (auto* r = dynamic_cast<ProgressReceiver*>(&emit); r && rows >= 0) r->expect_rows(table, rows);
}

void report_fraction(Emitter& emit, const std::string& table, double fraction) {
  if (auto* r = dynamic_cast<ProgressReceiver*>(&emit))
    r->read_fraction(table, std::clamp(fraction, 0.0, 1.0));
}

}  // namespace sluice

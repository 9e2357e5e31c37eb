#pragma once
// The text of the progress display: one table's line on a terminal (name, bar, percentage, rows,
// rows/s, time left) and its summary line for logs. Pure formatting, so it is tested alone.
#include <cstdint>
#include <string>

namespace sluice {

struct TableProgress {
  std::string name;
  int64_t rows = 0;
  int64_t expected = -1;  // rows, when known
  double fraction = -1;   // of the read done, when known (from `expected` or the connector)
  double seconds = 0;     // since the table's first row or report
  bool complete = false;  // the sync finished: the bar is full, the time is the time taken
};

std::string format_count(int64_t n);                   // 1234567 -> "1,234,567"
std::string format_duration(double seconds);           // "4s", "2m05s", "1h07m"
std::string progress_bar(double fraction, int width);  // full and empty blocks, `width` cells

// `name_width` pads the name so the bars line up; the line is cut to `max_width` cells.
std::string progress_line(const TableProgress& t, size_t name_width, size_t max_width);
// "responses: 1,234 rows in 2.1 s (587 rows/s)", no bar.
std::string summary_line(const TableProgress& t);

}  // namespace sluice

#pragma once
// A live display on stderr (the progress block on a terminal) shares the screen with plain log
// lines: it draws through write_beside_log, and every log line first writes what `erase` returns,
// so a line never lands inside the block; the display draws itself again below it.
#include <functional>
#include <string>

namespace sluice {

// `erase` runs under the log's lock before each plain log line; empty to stop.
void set_log_erase(std::function<std::string()> erase);
// Writes what `text` returns to stderr under the log's lock.
void write_beside_log(const std::function<std::string()>& text);

}  // namespace sluice

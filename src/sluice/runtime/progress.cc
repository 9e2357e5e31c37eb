#include "sluice/runtime/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "sluice/core/log.h"
#include "sluice/core/log_beside.h"
#include "sluice/runtime/progress_format.h"

namespace sluice {
namespace {

// Redraws at most this often, on a terminal; a plain log line at most every 10 s otherwise.
constexpr double kFrameSeconds = 0.1;
constexpr double kLogSeconds = 10.0;

size_t terminal_width() {
  winsize w{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20) return w.ws_col;
  return 100;
}

}  // namespace

ProgressEmitter::ProgressEmitter(Emitter& inner, bool terminal, bool enabled)
    : inner_(inner),
      terminal_(terminal),
      enabled_(enabled),
      start_(Clock::now()),
      last_render_(start_) {
  // drawn_ is then only touched under the log's lock, from whichever thread logs.
  if (terminal_ && enabled_)
    set_log_erase([this] {
      std::string erase = drawn_ ? "\033[" + std::to_string(drawn_) + "A\r\033[J" : "";
      drawn_ = 0;
      return erase;
    });
}

ProgressEmitter::~ProgressEmitter() {
  finish(false);
}

void ProgressEmitter::upsert(const std::string& t, Record r) {
  inner_.upsert(t, std::move(r));
  tick(t);
}
void ProgressEmitter::upsert_row(const std::string& t, const RowShape& shape, const Cell* cells) {
  inner_.upsert_row(t, shape, cells);
  tick(t);
}
void ProgressEmitter::update(const std::string& t, Record r) {
  inner_.update(t, std::move(r));
  tick(t);
}
void ProgressEmitter::remove(const std::string& t, Record k) {
  inner_.remove(t, std::move(k));
  tick(t);
}
void ProgressEmitter::truncate(const std::string& t) {
  inner_.truncate(t);
}

void ProgressEmitter::checkpoint(const nlohmann::json& state) {
  inner_.checkpoint(state);
  last_state_ = state;
  has_state_ = true;
  ++checkpoints_;
  log_debug("checkpoint " + std::to_string(checkpoints_) + " committed");
  if (enabled_) render(false);
}

void ProgressEmitter::expect_rows(const std::string& name, int64_t rows) {
  Table& t = table(name);
  t.expected = rows;
  t.last = Clock::now();
  if (enabled_) render(false);
}

void ProgressEmitter::read_fraction(const std::string& name, double fraction) {
  Table& t = table(name);
  t.fraction = fraction;
  t.last = Clock::now();
  if (enabled_) render(false);
}

ProgressEmitter::Table& ProgressEmitter::table(const std::string& name) {
  auto [it, added] = tables_.try_emplace(name);
  if (added) it->second.first = it->second.last = Clock::now();
  return it->second;
}

void ProgressEmitter::tick(const std::string& name) {
  Table& t = table(name);
  ++t.rows;
  t.last = Clock::now();  // some 20 ns, against microseconds of loading a row
  if (enabled_ && ++since_check_ >= 64) {
    since_check_ = 0;
    render(false);
  }
}

std::vector<std::string> ProgressEmitter::lines(bool complete) const {
  const auto now = Clock::now();
  size_t name_width = 0;
  for (const auto& [name, t] : tables_) name_width = std::max(name_width, name.size());
  const size_t width = terminal_ ? terminal_width() - 1 : 1000;
  std::vector<std::string> out;
  for (const auto& [name, t] : tables_) {
    TableProgress p;
    p.name = name;
    p.rows = t.rows;
    p.expected = t.expected;
    p.fraction = t.expected > 0    ? static_cast<double>(t.rows) / static_cast<double>(t.expected)
                 : t.expected == 0 ? 1.0
                                   : t.fraction;
    // A table that went quiet (read, or waiting on its turn) keeps the rate it had.
    const bool quiet = complete || now - t.last > std::chrono::seconds(1);
    p.seconds = std::chrono::duration<double>((quiet ? t.last : now) - t.first).count();
    p.complete = complete;
    out.push_back(terminal_ ? progress_line(p, std::min<size_t>(name_width, 24), width)
                            : summary_line(p));
  }
  return out;
}

void ProgressEmitter::render(bool force) {
  const auto now = Clock::now();
  const double since = std::chrono::duration<double>(now - last_render_).count();
  if (!force && since < (terminal_ ? kFrameSeconds : kLogSeconds)) return;
  last_render_ = now;
  if (tables_.empty()) return;
  if (!terminal_) {
    std::string line;
    for (const std::string& l : lines(false)) line += (line.empty() ? "" : "; ") + l;
    log_info("progress: " + line + "; checkpoints " + std::to_string(checkpoints_));
    return;
  }
  // One write a frame: back to the block's first line, then every line cleared and drawn again.
  std::vector<std::string> block = lines(finished_);
  write_beside_log([&] {
    std::string frame;
    if (drawn_ > 0) frame += "\033[" + std::to_string(drawn_) + "A";
    for (const std::string& l : block) frame += "\r\033[K" + l + "\n";
    drawn_ = static_cast<int>(block.size());
    return frame;
  });
}

void ProgressEmitter::finish(bool succeeded) {
  if (finished_ || !enabled_) return;
  if (terminal_) {
    finished_ = succeeded;  // lines() draws the bars full only for a finished sync
    render(true);
    set_log_erase({});  // the final state stays
  } else {
    for (const std::string& l : lines(succeeded)) log_info(l);
  }
  finished_ = true;
}

}  // namespace sluice

#include "sluice/runtime/progress.h"

#include <cstdio>

#include "sluice/core/log.h"

namespace sluice {

ProgressEmitter::ProgressEmitter(Emitter& inner, bool terminal, bool enabled)
    : inner_(inner),
      terminal_(terminal),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_render_(start_) {}

ProgressEmitter::~ProgressEmitter() {
  finish();
}

void ProgressEmitter::upsert(const std::string& t, Record r) {
  inner_.upsert(t, std::move(r));
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
}

void ProgressEmitter::tick(const std::string& table) {
  ++rows_[table];
  if (enabled_ && ++since_render_ >= 256) {
    since_render_ = 0;
    render(false);
  }
}

void ProgressEmitter::render(bool force) {
  auto now = std::chrono::steady_clock::now();
  double since = std::chrono::duration<double>(now - last_render_).count();
  if (!force && since < (terminal_ ? 0.25 : 5.0)) return;
  last_render_ = now;
  double elapsed = std::max(1e-3, std::chrono::duration<double>(now - start_).count());
  std::string line;
  for (const auto& [table, n] : rows_) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s%s %lld (%.0f/s)", line.empty() ? "" : "  ", table.c_str(),
                  static_cast<long long>(n), n / elapsed);
    line += buf;
  }
  line += "  checkpoints " + std::to_string(checkpoints_);
  if (terminal_) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
    drawn_ = true;
  } else {
    log_info("progress: " + line);
  }
}

void ProgressEmitter::finish() {
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace sluice

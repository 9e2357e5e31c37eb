#include "sluice/sdk/stream.h"

#include <algorithm>

namespace sluice {

const nlohmann::json& StreamContext::cursor() const {
  static const nlohmann::json kNull;
  auto s = state_.find("streams");
  if (s == state_.end() || !s->is_object()) return kNull;
  auto c = s->find(stream_);
  return c == s->end() ? kNull : *c;
}

void StreamContext::checkpoint(nlohmann::json cursor) {
  state_["streams"][stream_] = std::move(cursor);
  emit_.checkpoint(state_);
}

void StreamConnector::update(const Config& config, const nlohmann::json& state, Emitter& emit) {
  nlohmann::json whole = state.is_object() ? state : nlohmann::json::object();
  // Streams finished earlier in this same sync (before a crash, or in an earlier call of a paged
  // protocol) are not read again; the list is cleared once every stream is done.
  nlohmann::json done = whole.value("completed_this_sync", nlohmann::json::array());
  auto all = streams(config);
  auto finished = [&](const Stream& s) {
    return std::find(done.begin(), done.end(), s.name()) != done.end();
  };
  for (auto& stream : all)
    if (!finished(*stream)) stream->prefetch(StreamContext(emit, whole, stream->name()).cursor());
  for (auto& stream : all) {
    if (finished(*stream)) continue;
    StreamContext context(emit, whole, stream->name());
    stream->read(context);
    done.push_back(stream->name());
    whole["completed_this_sync"] = done;
    emit.checkpoint(whole);
  }
  whole.erase("completed_this_sync");
  emit.checkpoint(whole);
}

}  // namespace sluice

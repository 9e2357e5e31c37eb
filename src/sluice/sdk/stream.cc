#include "sluice/sdk/stream.h"

#include <algorithm>

#include "sluice/sdk/stream_ahead.h"

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
  std::vector<Stream*> todo;
  for (auto& stream : all)
    if (std::find(done.begin(), done.end(), stream->name()) == done.end())
      todo.push_back(stream.get());
  for (Stream* stream : todo) stream->prefetch(StreamContext(emit, whole, stream->name()).cursor());
  // Declared after `all`: on every way out the workers stop before their streams go away.
  std::vector<std::unique_ptr<StreamAhead>> ahead(todo.size());
  size_t running = 0;
  for (size_t i = 0; i < todo.size(); ++i) {
    if (ahead[i]) --running;
    for (size_t j = i + 1; j < todo.size() && running < kStreamsAhead; ++j)
      if (todo[j]->independent() && !ahead[j]) {
        ahead[j] = std::make_unique<StreamAhead>(*todo[j], whole, kQueuedPerStream);
        ++running;
      }
    if (ahead[i]) {
      ahead[i]->replay(emit, whole);
      ahead[i].reset();
    } else {
      StreamContext context(emit, whole, todo[i]->name());
      todo[i]->read(context);
    }
    done.push_back(todo[i]->name());
    whole["completed_this_sync"] = done;
    emit.checkpoint(whole);
  }
  whole.erase("completed_this_sync");
  emit.checkpoint(whole);
}

}  // namespace sluice

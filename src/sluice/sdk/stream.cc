#include "sluice/sdk/stream.h"

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
  for (auto& stream : streams(config)) {
    StreamContext context(emit, whole, stream->name());
    stream->read(context);
  }
}

}  // namespace sluice

#pragma once
// Streams: a stream reads one table (or a parent and its children) from a cursor of its own, kept
// in the connection state under `streams.<name>`. StreamConnector loads its streams in order (after
// letting each start its downloads, and reading independent ones ahead on threads of their own)
// and folds each stream's cursor into the whole state at every checkpoint.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sluice/sdk/connector.h"

namespace sluice {

class StreamContext {
 public:
  StreamContext(Emitter& emit, nlohmann::json& state, std::string stream)
      : emit_(emit), state_(state), stream_(std::move(stream)) {}
  Emitter& emit() { return emit_; }
  // This stream's cursor as last committed (null when the stream never completed a checkpoint).
  const nlohmann::json& cursor() const;
  // Sets this stream's cursor and checkpoints the whole state with it.
  void checkpoint(nlohmann::json cursor);

 private:
  Emitter& emit_;
  nlohmann::json& state_;
  std::string stream_;
};

class Stream {
 public:
  virtual ~Stream() = default;
  virtual std::string name() const = 0;
  // Called for every stream about to be read, before the first is: a stream whose requests do
  // not depend on the streams before it may start downloading here. Whatever it fetches is
  // loaded only in read(), in stream order, so checkpoints mean what they mean sequentially.
  virtual void prefetch(const nlohmann::json& cursor) { (void)cursor; }
  virtual void read(StreamContext& context) = 0;
  // True when read() shares nothing with the other streams' reads but thread-safe clients: it may
  // then run on a thread of its own while earlier streams load (what it emits is still loaded
  // at its turn, in order).
  virtual bool independent() const { return false; }
};

class StreamConnector : public Connector {
 public:
  // Independent streams read at once besides the one being loaded, and what each may have
  // waiting (operations; a stream that runs further ahead waits for its turn).
  static constexpr size_t kStreamsAhead = 3;
  static constexpr size_t kQueuedPerStream = 1024;

  virtual std::vector<std::unique_ptr<Stream>> streams(const Config& config) = 0;
  void update(const Config& config, const nlohmann::json& state, Emitter& emit) override;
};

}  // namespace sluice

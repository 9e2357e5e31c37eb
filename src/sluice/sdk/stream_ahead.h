#pragma once
// One stream read on a worker thread while the streams before it are loaded. What it emits waits
// in a bounded queue (a full queue makes the worker wait) and is replayed into the real emitter
// when the stream's turn comes, so the warehouse sees exactly what a sequential read would give:
// the same operations, the same checkpoints, in the same order. Only the waiting overlaps.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "sluice/sdk/stream.h"

namespace sluice {

class StreamAhead {
 public:
  // Starts reading `stream` at once from its cursor in `state` (a copy: other streams' cursors
  // may move meanwhile, this stream's own only moves through its replayed checkpoints).
  StreamAhead(Stream& stream, nlohmann::json state, size_t max_queued);
  // Stops a worker still reading (its next emit throws inside it) and waits for it.
  ~StreamAhead();
  StreamAhead(const StreamAhead&) = delete;
  StreamAhead& operator=(const StreamAhead&) = delete;

  // Applies everything the stream emits to `emit`, its checkpoints folded into `whole` under
  // `streams.<name>`, until the stream ends; rethrows the stream's failure after what it emitted
  // before failing.
  void replay(Emitter& emit, nlohmann::json& whole);

  // Operations waiting now (for tests of the bound).
  size_t queued() const;

 private:
  // One emitted operation; `cursor` is this stream's, for a checkpoint, or the number a progress
  // report gives.
  struct Op {
    enum class Kind {
      kUpsert,
      kUpdate,
      kRemove,
      kTruncate,
      kSnapshotBegins,
      kSnapshotEnds,
      kCheckpoint,
      kExpectRows,
      kFraction
    } kind;
    std::string table;
    Record record;
    nlohmann::json cursor;
  };
  class Recorder;
  void push(Op op);  // waits while the queue is full; throws when stopped
  void run(Stream& stream, nlohmann::json state);

  const std::string name_;
  const size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Op> queue_;
  bool finished_ = false;  // the worker returned (queue_ may still hold its last operations)
  bool stopped_ = false;   // the consumer went away: the worker must end
  std::exception_ptr failure_;
  std::thread worker_;
};

}  // namespace sluice

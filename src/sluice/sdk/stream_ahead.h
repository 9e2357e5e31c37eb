#pragma once
// One stream read on a worker thread while the streams before it are loaded. What it emits waits
// in a bounded queue (a full queue makes the worker wait) and is replayed into the real emitter
// when the stream's turn comes, so the warehouse sees exactly what a sequential read would give:
// the same operations, the same checkpoints, in the same order. Only the waiting overlaps. Rows
// given by position wait as the shape (a copy, made once per shape) and their cells with their
// text in one block each, and are replayed by position.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "sluice/sdk/stream.h"

namespace sluice {

class StreamAhead {
 public:
  // Starts reading `stream` at once from its cursor in `state` (a copy: other streams' cursors
  // may move meanwhile, this stream's own only moves through its replayed checkpoints). At most
  // `max_queued` operations wait, and past `max_bytes` of their text only one more.
  StreamAhead(Stream& stream, nlohmann::json state, size_t max_queued,
              size_t max_bytes = kMaxQueuedBytes);
  // Stops a worker still reading (its next emit throws inside it) and waits for it.
  ~StreamAhead();
  StreamAhead(const StreamAhead&) = delete;
  StreamAhead& operator=(const StreamAhead&) = delete;

  // Applies everything the stream emits to `emit`, its checkpoints folded into `whole` under
  // `streams.<name>`, until the stream ends; rethrows the stream's failure after what it emitted
  // before failing.
  void replay(Emitter& emit, nlohmann::json& whole);

  // Operations waiting now, and the bytes of their text (for tests of the bound).
  size_t queued() const;
  size_t queued_bytes() const;

  static constexpr size_t kMaxQueuedBytes = 32 << 20;

 private:
  // One emitted operation; `cursor` is this stream's, for a checkpoint, or the number a progress
  // report gives. A row by position holds its shape and one block: its cells, then their text.
  struct Op {
    enum class Kind {
      kUpsert,
      kUpsertRow,
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
    std::shared_ptr<const RowShape> shape;
    std::unique_ptr<std::byte[]> cells;
    size_t bytes = 0;  // what it holds, for the bound
  };
  class Recorder;
  void push(Op op);  // waits while the queue is full; throws when stopped
  void run(Stream& stream, nlohmann::json state);

  const std::string name_;
  const size_t max_queued_;
  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Op> queue_;
  size_t queued_bytes_ = 0;
  bool finished_ = false;  // the worker returned (queue_ may still hold its last operations)
  bool stopped_ = false;   // the consumer went away: the worker must end
  std::exception_ptr failure_;
  std::thread worker_;
};

}  // namespace sluice

#include "sluice/sdk/stream_ahead.h"

#include <utility>

#include "sluice/sdk/progress_report.h"

namespace sluice {
namespace {

// Thrown inside a worker whose consumer went away; never leaves StreamAhead.
struct Stopped {};

}  // namespace

class StreamAhead::Recorder : public Emitter, public ProgressReceiver {
 public:
  Recorder(StreamAhead& owner) : owner_(owner) {}
  void upsert(const std::string& table, Record record) override {
    owner_.push({Op::Kind::kUpsert, table, std::move(record), {}});
  }
  void update(const std::string& table, Record record) override {
    owner_.push({Op::Kind::kUpdate, table, std::move(record), {}});
  }
  void remove(const std::string& table, Record keys) override {
    owner_.push({Op::Kind::kRemove, table, std::move(keys), {}});
  }
  void truncate(const std::string& table) override {
    owner_.push({Op::Kind::kTruncate, table, {}, {}});
  }
  void snapshot_begins(const std::string& table) override {
    owner_.push({Op::Kind::kSnapshotBegins, table, {}, {}});
  }
  void snapshot_ends(const std::string& table) override {
    owner_.push({Op::Kind::kSnapshotEnds, table, {}, {}});
  }
  // StreamContext hands over the whole (copied) state; only this stream's cursor is its own.
  void checkpoint(const nlohmann::json& state) override {
    owner_.push({Op::Kind::kCheckpoint, {}, {}, state["streams"][owner_.name_]});
  }
  // Reports wait in line too: they reach the progress display at the stream's turn.
  void expect_rows(const std::string& table, int64_t rows) override {
    owner_.push({Op::Kind::kExpectRows, table, {}, rows});
  }
  void read_fraction(const std::string& table, double fraction) override {
    owner_.push({Op::Kind::kFraction, table, {}, fraction});
  }

 private:
  StreamAhead& owner_;
};

StreamAhead::StreamAhead(Stream& stream, nlohmann::json state, size_t max_queued)
    : name_(stream.name()), max_queued_(max_queued ? max_queued : 1) {
  worker_ =
      std::thread([this, &stream, s = std::move(state)]() mutable { run(stream, std::move(s)); });
}

StreamAhead::~StreamAhead() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void StreamAhead::run(Stream& stream, nlohmann::json state) {
  Recorder recorder(*this);
  std::exception_ptr failure;
  try {
    StreamContext context(recorder, state, name_);
    stream.read(context);
  } catch (const Stopped&) {
  } catch (...) {
    failure = std::current_exception();
  }
  {
    std::lock_guard lock(mu_);
    finished_ = true;
    failure_ = failure;
  }
  changed_.notify_all();
}

void StreamAhead::push(Op op) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return stopped_ || queue_.size() < max_queued_; });
  if (stopped_) throw Stopped{};
  queue_.push_back(std::move(op));
  lock.unlock();
  changed_.notify_all();
}

size_t StreamAhead::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void StreamAhead::replay(Emitter& emit, nlohmann::json& whole) {
  std::deque<Op> batch;
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return finished_ || !queue_.empty(); });
      batch.swap(queue_);
      last = finished_;
    }
    changed_.notify_all();  // the worker may go on filling while this batch is applied
    for (Op& op : batch) {
      switch (op.kind) {
        case Op::Kind::kUpsert:
          emit.upsert(op.table, std::move(op.record));
          break;
        case Op::Kind::kUpdate:
          emit.update(op.table, std::move(op.record));
          break;
        case Op::Kind::kRemove:
          emit.remove(op.table, std::move(op.record));
          break;
        case Op::Kind::kTruncate:
          emit.truncate(op.table);
          break;
        case Op::Kind::kSnapshotBegins:
          emit.snapshot_begins(op.table);
          break;
        case Op::Kind::kSnapshotEnds:
          emit.snapshot_ends(op.table);
          break;
        case Op::Kind::kCheckpoint:
          whole["streams"][name_] = std::move(op.cursor);
          emit.checkpoint(whole);
          break;
        case Op::Kind::kExpectRows:
          sluice::expect_rows(emit, op.table, op.cursor.get<int64_t>());
          break;
        case Op::Kind::kFraction:
          report_fraction(emit, op.table, op.cursor.get<double>());
          break;
      }
    }
    batch.clear();
    if (last) break;
  }
  worker_.join();
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace sluice

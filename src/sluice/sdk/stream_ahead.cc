#include "sluice/sdk/stream_ahead.h"

#include <cstring>
#include <unordered_map>
#include <utility>

#include "sluice/sdk/progress_report.h"

namespace sluice {
namespace {

// Thrown inside a worker whose consumer went away; never leaves StreamAhead.
struct Stopped {};

size_t bytes_of(const Record& r) {
  size_t n = 0;
  for (const Field& f : r.fields) n += sizeof(Field) + f.name.size() + f.value.s.size();
  return n;
}

bool is_text(const Cell& c) {
  return c.kind == Value::Kind::kString || c.kind == Value::Kind::kJson;
}

}  // namespace

class StreamAhead::Recorder : public Emitter, public ProgressReceiver {
 public:
  Recorder(StreamAhead& owner) : owner_(owner) {}
  void upsert(const std::string& table, Record record) override {
    push_record(Op::Kind::kUpsert, table, std::move(record));
  }
  // The cells and their text are copied into one block: the page they borrow from goes away.
  void upsert_row(const std::string& table, const RowShape& shape, const Cell* cells) override {
    const size_t n = shape.size();
    size_t text = 0;
    for (size_t k = 0; k < n; ++k)
      if (is_text(cells[k])) text += cells[k].s.size();
    Op op{Op::Kind::kUpsertRow, table, {}, {}};
    op.shape = copy_of(shape);
    op.bytes = n * sizeof(Cell) + text;
    op.cells = std::make_unique_for_overwrite<std::byte[]>(op.bytes);
    Cell* out = reinterpret_cast<Cell*>(op.cells.get());
    char* at = reinterpret_cast<char*>(out + n);
    for (size_t k = 0; k < n; ++k) {
      out[k] = cells[k];
      if (!is_text(cells[k]) || cells[k].s.empty()) continue;
      std::memcpy(at, cells[k].s.data(), cells[k].s.size());
      out[k].s = std::string_view(at, cells[k].s.size());
      at += cells[k].s.size();
    }
    owner_.push(std::move(op));
  }
  void update(const std::string& table, Record record) override {
    push_record(Op::Kind::kUpdate, table, std::move(record));
  }
  void remove(const std::string& table, Record keys) override {
    push_record(Op::Kind::kRemove, table, std::move(keys));
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
  void push_record(Op::Kind kind, const std::string& table, Record record) {
    const size_t bytes = bytes_of(record);
    Op op{kind, table, std::move(record), {}};
    op.bytes = bytes;
    owner_.push(std::move(op));
  }

  // A copy of the shape, made once per shape: the connector's may be gone before the replay,
  // and the copy keeps its id, so the loader still places its rows without looking names up.
  const std::shared_ptr<const RowShape>& copy_of(const RowShape& shape) {
    if (last_ && last_->id() == shape.id()) return last_;
    auto& copy = shapes_[shape.id()];
    if (!copy) {
      if (shapes_.size() > kMaxShapes) {  // a connector making a shape per row: keep it bounded
        shapes_.clear();
        return last_ = std::make_shared<const RowShape>(shape);
      }
      copy = std::make_shared<const RowShape>(shape);
    }
    return last_ = copy;
  }

  static constexpr size_t kMaxShapes = 256;
  StreamAhead& owner_;
  std::unordered_map<uint64_t, std::shared_ptr<const RowShape>> shapes_;
  std::shared_ptr<const RowShape> last_;
};

StreamAhead::StreamAhead(Stream& stream, nlohmann::json state, size_t max_queued, size_t max_bytes)
    : name_(stream.name()), max_queued_(max_queued ? max_queued : 1), max_bytes_(max_bytes) {
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
  changed_.wait(lock, [&] {
    return stopped_ || queue_.empty() ||
           (queue_.size() < max_queued_ && queued_bytes_ < max_bytes_);
  });
  if (stopped_) throw Stopped{};
  queued_bytes_ += op.bytes;
  queue_.push_back(std::move(op));
  lock.unlock();
  changed_.notify_all();
}

size_t StreamAhead::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

size_t StreamAhead::queued_bytes() const {
  std::lock_guard lock(mu_);
  return queued_bytes_;
}

void StreamAhead::replay(Emitter& emit, nlohmann::json& whole) {
  std::deque<Op> batch;
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return finished_ || !queue_.empty(); });
      batch.swap(queue_);
      queued_bytes_ = 0;
      last = finished_;
    }
    changed_.notify_all();  // the worker may go on filling while this batch is applied
    for (Op& op : batch) {
      switch (op.kind) {
        case Op::Kind::kUpsert:
          emit.upsert(op.table, std::move(op.record));
          break;
        case Op::Kind::kUpsertRow:
          emit.upsert_row(op.table, *op.shape, reinterpret_cast<const Cell*>(op.cells.get()));
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

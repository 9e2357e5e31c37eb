#include "sluice/load/loader.h"

#include <algorithm>

#include "sluice/core/error.h"
#include "sluice/core/log.h"
#include "sluice/json/infer.h"
#include "sluice/load/row_hash.h"

namespace sluice {

struct Loader::TableState {
  TableSpec spec;
  std::vector<ColumnSpec> columns;      // as the destination will have them after pending DDL
  std::map<std::string, size_t> index;  // column name -> position in `columns`
  std::vector<ColumnSpec> pending_add;  // DDL waiting for the next flush
  std::vector<ColumnSpec> pending_widen;
  bool pending_create = false;
  // Operations since the last flush, in emission order. Tables are independent, so each keeps its
  // own runs: interleaved emission across tables still makes few, large batches.
  std::vector<Batch> batches;
  uint64_t batch_serial = 0;    // bumped with every new batch
  TableStats* stats = nullptr;  // this table's entry in Loader::stats_, once it has one
  // The field names of the last record placed, where each went, and in which batch: records of
  // one stream nearly always repeat a shape, and a repeat skips every name lookup.
  struct Shape {
    uint64_t batch_serial = 0;
    std::vector<std::string> names;
    std::vector<size_t> column, pos;  // index in `columns`, index in the batch's row
  } shape;

  // Places `record`'s values by the last shape, if the record repeats it and every value fits its
  // column as it is.
  bool place_by_shape(Record& record, Batch& batch) {
    if (shape.batch_serial != batch_serial || shape.names.size() != record.fields.size())
      return false;
    for (size_t k = 0; k < record.fields.size(); ++k)
      if (record.fields[k].name != shape.names[k] ||
          !fits(record.fields[k].value, columns[shape.column[k]].type))
        return false;
    for (size_t k = 0; k < record.fields.size(); ++k)
      batch.data[shape.pos[k]].push(std::move(record.fields[k].value));
    return true;
  }

  // Where the cells of rows of one RowShape go in the current batch, found once per batch.
  struct CellPlan {
    uint64_t shape_id = 0, batch_serial = 0;
    std::vector<size_t> column, pos, keys;  // per cell; the cells that hold the primary key
  } cell_plan;

  // Places a row given by position when every name is a column of the table and of the batch,
  // every key cell holds a value and every cell fits its column as it is; otherwise places
  // nothing and returns false (the caller takes the Record path, which adds and widens columns).
  bool place_cells(const RowShape& s, const Cell* cells, Batch& batch) {
    if ((cell_plan.shape_id != s.id() || cell_plan.batch_serial != batch_serial) &&
        !plan_cells(s, batch))
      return false;
    for (size_t k : cell_plan.keys)
      if (cells[k].kind == Value::Kind::kNull) return false;
    for (size_t k = 0; k < s.size(); ++k) {
      const Cell& c = cells[k];
      const ColumnType type = columns[cell_plan.column[k]].type;
      const bool text_as_is = (c.kind == Value::Kind::kString && type == ColumnType::kString) ||
                              (c.kind == Value::Kind::kJson && type == ColumnType::kJson);
      if (c.kind == Value::Kind::kNull || text_as_is) continue;
      // Text for another type (a time as text) is checked from its characters, not a copy.
      if (c.kind == Value::Kind::kString ? !text_fits(c.s, type) : !fits(c.value(), type))
        return false;
    }
    for (size_t k = 0; k < s.size(); ++k) {
      const Cell& c = cells[k];
      ColumnBuffer& data = batch.data[cell_plan.pos[k]];
      if (c.kind == Value::Kind::kString || c.kind == Value::Kind::kJson)
        data.push_text(c.kind, c.s);
      else
        data.push(c.value());
    }
    return true;
  }

  bool plan_cells(const RowShape& s, const Batch& batch) {
    cell_plan = {};
    const auto& names = s.names();
    for (const auto& key : spec.primary_key) {
      auto at = std::find(names.begin(), names.end(), key);
      if (at == names.end()) return false;
      cell_plan.keys.push_back(static_cast<size_t>(at - names.begin()));
    }
    for (const auto& name : names) {
      auto known = index.find(name);
      auto pos = std::find(batch.columns.begin(), batch.columns.end(), name);
      if (known == index.end() || pos == batch.columns.end()) return false;
      cell_plan.column.push_back(known->second);
      cell_plan.pos.push_back(static_cast<size_t>(pos - batch.columns.begin()));
    }
    cell_plan.shape_id = s.id();
    cell_plan.batch_serial = batch_serial;
    return true;
  }

  size_t column(const std::string& name, ColumnType type) {
    auto it = index.find(name);
    if (it != index.end()) {
      ColumnSpec& c = columns[it->second];
      ColumnType wider = widen(c.type, type);
      if (wider != c.type) {
        log_info("table " + spec.name + ": column " + name + " widened from " +
                 std::string(type_name(c.type)) + " to " + std::string(type_name(wider)));
        c.type = wider;
        if (!pending_create) pending_widen.push_back(c);
      }
      return it->second;
    }
    ColumnType t = spec.declared_type(name).value_or(type);
    columns.push_back({name, widen(t, type)});
    index[name] = columns.size() - 1;
    if (!pending_create) pending_add.push_back(columns.back());
    return columns.size() - 1;
  }
};

Loader::Loader(Destination& destination, const std::vector<TableSpec>& tables,
               std::string connection, int64_t synced_at, LoaderOptions options)
    : dest_(destination),
      connection_(std::move(connection)),
      synced_at_(synced_at),
      options_(options),
      writer_(options.max_buffered_values, options.write_behind) {
  if (options_.commit_interval_ms > 0)
    options_.commit_interval_ms =
        std::max(options_.commit_interval_ms, dest_.commit_interval_floor_ms());
  for (const auto& spec : tables) add_table(spec);
}

Loader::TableState& Loader::add_table(const TableSpec& spec) {
  auto t = std::make_unique<TableState>();
  t->spec = spec;
  if (t->spec.primary_key.empty()) {
    t->spec.primary_key = {"_sluice_id"};
    t->spec.columns.insert(t->spec.columns.begin(), {"_sluice_id", ColumnType::kString});
  }
  writer_.drain();  // the destination answers one caller at a time
  if (auto existing = dest_.table_columns(spec.name)) {
    t->columns = *existing;
    for (size_t k = 0; k < t->columns.size(); ++k) t->index[t->columns[k].name] = k;
  } else {
    t->pending_create = true;
  }
  // Declared columns exist from the start, so queries work even before data arrives.
  for (const auto& c : t->spec.columns) t->column(c.name, c.type);
  return *(tables_[spec.name] = std::move(t));
}

Loader::~Loader() {
  const bool failed = writer_.wait() != nullptr;
  if (in_transaction_ || failed) {
    try {
      dest_.rollback();
    } catch (...) {
    }
  }
}

Loader::TableState& Loader::table(const std::string& name) {
  auto it = tables_.find(name);
  if (it != tables_.end()) return *it->second;
  // A table the schema did not declare: keyless, merge by row hash, columns inferred.
  log_info("table " + name +
           " was not declared by the connector; creating it with inferred columns");
  TableSpec spec;
  spec.name = name;
  return add_table(spec);
}

void Loader::add(OpKind op, const std::string& name, Record record) {
  TableState& t = table(name);
  if (t.spec.primary_key.size() == 1 && t.spec.primary_key[0] == "_sluice_id" &&
      !record.find("_sluice_id") && op != OpKind::kDelete) {
    record.set("_sluice_id", Value::string(row_hash(record)));
  }
  for (const auto& key : t.spec.primary_key) {
    const Value* v = record.find(key);
    if (!v || v->is_null()) {
      ++stats_[name].skipped;
      log_warning("table " + name + ": skipped a record without a value for key column " + key);
      return;
    }
  }
  // Batches keep emission order within the table: a new one starts whenever the kind of
  // operation or (for partial updates) the set of columns changes.
  Batch* batch = t.batches.empty() ? nullptr : &t.batches.back();
  bool same_columns = true;
  if (batch && op == OpKind::kUpdate && batch->op == OpKind::kUpdate) {
    same_columns = batch->columns.size() == record.fields.size();
    for (size_t k = 0; same_columns && k < record.fields.size(); ++k)
      same_columns = batch->columns[k] == record.fields[k].name;
  }
  if (!batch || batch->op != op || !same_columns) {
    t.batches.push_back(Batch{op, name, {}, {}, 0});
    batch = &t.batches.back();
    ++t.batch_serial;
  }
  if (!t.place_by_shape(record, *batch)) place(t, *batch, record);
  row_added(op, t, *batch);
}

void Loader::upsert_row(const std::string& name, const RowShape& shape, const Cell* cells) {
  TableState& t = table(name);
  Batch* batch = t.batches.empty() ? nullptr : &t.batches.back();
  if (!batch || batch->op != OpKind::kUpsert || !t.place_cells(shape, cells, *batch))
    return add(OpKind::kUpsert, name, record_of(shape, cells));
  row_added(OpKind::kUpsert, t, *batch);
}

void Loader::row_added(OpKind op, TableState& t, Batch& batch) {
  batch.end_row();
  buffered_values_ += batch.columns.size();
  ++buffered_rows_;
  ++operations_;
  if (!t.stats) t.stats = &stats_[t.spec.name];  // map entries stay put
  TableStats& s = *t.stats;
  if (op == OpKind::kUpsert) ++s.upserts;
  if (op == OpKind::kUpdate) ++s.updates;
  if (op == OpKind::kDelete) ++s.deletes;
  if (buffered_rows_ >= options_.max_buffered_rows ||
      buffered_values_ >= options_.max_buffered_values) {
    if (pending_state_) commit_pending();  // the transaction must hold whole checkpoints only
    flush();
  }
}

void Loader::place(TableState& t, Batch& batch, Record& record) {
  TableState::Shape& shape = t.shape;
  shape.batch_serial = t.batch_serial;
  shape.names.clear();
  shape.column.clear();
  shape.pos.clear();
  for (auto& f : record.fields) {
    auto known = t.index.find(f.name);
    size_t column = 0;
    if (known != t.index.end() && fits(f.value, t.columns[known->second].type)) {
      column = known->second;  // the common case: the column exists and holds the value as it is
    } else if (auto type = infer_type(f.value)) {
      column = t.column(f.name, *type);
    } else if (known != t.index.end()) {
      column = known->second;
    } else {
      column = t.column(f.name, ColumnType::kString);  // a column seen only as NULL so far
    }
    size_t pos = 0;
    while (pos < batch.columns.size() && batch.columns[pos] != f.name) ++pos;
    if (pos == batch.columns.size()) batch.add_column(f.name);
    ColumnBuffer& data = batch.data[pos];
    if (data.size() > batch.count) {
      data.pop();  // a field named twice: the last value wins, and this shape is not reused
      shape.batch_serial = 0;
    }
    data.push(std::move(f.value));
    shape.names.push_back(f.name);
    shape.column.push_back(column);
    shape.pos.push_back(pos);
  }
}

void Loader::upsert(const std::string& table, Record record) {
  add(OpKind::kUpsert, table, std::move(record));
}
void Loader::update(const std::string& table, Record record) {
  add(OpKind::kUpdate, table, std::move(record));
}
void Loader::remove(const std::string& table, Record keys) {
  add(OpKind::kDelete, table, std::move(keys));
}

void Loader::truncate(const std::string& name) {
  table(name).batches.push_back(Batch{OpKind::kTruncate, name, {}, {}, 0});
  ++operations_;
}

void Loader::ensure_transaction() {
  if (!in_transaction_) {
    writer_.submit(0, [this] { dest_.begin(); });
    in_transaction_ = true;
  }
}

// Everything buffered goes to the writer as one task that owns it: schema changes first, then
// each table's batches against the columns as they stand now (later rows may add more).
void Loader::flush() {
  ensure_transaction();
  struct Work {
    const TableSpec* spec;
    bool create;
    std::vector<ColumnSpec> columns, add, widen;
    std::vector<Batch> batches;
  };
  std::vector<Work> work;
  for (auto& [name, t] : tables_) {
    if (!t->pending_create && t->pending_add.empty() && t->pending_widen.empty() &&
        t->batches.empty())
      continue;
    work.push_back({&t->spec, t->pending_create, t->columns, std::move(t->pending_add),
                    std::move(t->pending_widen), std::move(t->batches)});
    t->pending_create = false;
    t->pending_add.clear();
    t->pending_widen.clear();
    t->batches.clear();
  }
  const size_t values = buffered_values_;
  buffered_rows_ = 0;
  buffered_values_ = 0;
  if (work.empty()) return;
  writer_.submit(values, [this, work = std::move(work)] {
    for (const Work& w : work) {
      if (w.create) dest_.create_table(*w.spec, w.columns);
      for (const auto& c : w.add) dest_.add_column(w.spec->name, c);
      for (const auto& c : w.widen) dest_.widen_column(w.spec->name, c);
    }
    for (const Work& w : work)
      for (const Batch& b : w.batches) dest_.apply(*w.spec, w.columns, b, synced_at_);
  });
}

void Loader::checkpoint(const nlohmann::json& state) {
  try {
    flush();
  } catch (...) {
    pending_state_.reset();  // the transaction now holds part of a checkpoint: never commit it
    throw;
  }
  pending_state_ = state;
  ++checkpoints_;
  const auto now = std::chrono::steady_clock::now();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - started_);
  if (now - last_commit_ >= commit_interval(options_, elapsed)) commit_pending();
}

std::chrono::milliseconds commit_interval(const LoaderOptions& o,
                                          std::chrono::milliseconds elapsed) {
  using std::chrono::milliseconds;
  const milliseconds base(o.commit_interval_ms);
  if (base.count() <= 0) return base;
  return std::clamp(elapsed / 4, base, std::max(base, milliseconds(o.max_commit_interval_ms)));
}

void Loader::commit_pending() {
  nlohmann::json state = std::move(*pending_state_);
  pending_state_.reset();  // a failed commit is not tried again
  writer_.submit(0, [this, state = std::move(state)] {
    dest_.write_state(connection_, state);
    dest_.commit();
    ++commits_;
  });
  in_transaction_ = false;
  last_commit_ = std::chrono::steady_clock::now();
}

void Loader::finish() {
  if (pending_state_) commit_pending();
  writer_.drain();
}

void Loader::abandon() {
  for (auto& [name, t] : tables_) t->batches.clear();
  buffered_rows_ = 0;
  buffered_values_ = 0;
  // After a failed write the open transaction may hold part of a checkpoint: never commit it.
  std::exception_ptr failed = writer_.wait();
  if (pending_state_ && !failed) {
    try {
      commit_pending();
    } catch (...) {
    }
    failed = writer_.wait();
    if (!failed) return;
    try {
      std::rethrow_exception(failed);
    } catch (const std::exception& e) {
      log_warning(std::string("could not commit the last checkpoint: ") + e.what());
    }
  }
  pending_state_.reset();
  if (in_transaction_ || failed) {
    try {
      dest_.rollback();
    } catch (...) {
    }
    in_transaction_ = false;
  }
}

}  // namespace sluice

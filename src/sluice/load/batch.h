#pragma once
// A run of operations of one kind on one table, in emission order, ready for a destination: a
// column buffer per column, all of `count` rows (a record that skips a column has NULL there).
#include <string>
#include <vector>

#include "sluice/core/value.h"
#include "sluice/load/column_buffer.h"

namespace sluice {

enum class OpKind { kUpsert, kUpdate, kDelete, kTruncate };

struct Batch {
  OpKind op = OpKind::kUpsert;
  std::string table;
  std::vector<std::string> columns;  // the columns the rows carry, in order
  std::vector<ColumnBuffer> data;    // one per column
  size_t count = 0;                  // rows

  size_t size() const { return count; }
  // Adds a column, NULL in the rows before; returns its position.
  size_t add_column(const std::string& name);
  // Ends the row being filled: columns it gave no value are NULL in it.
  void end_row();
  Value value(size_t row, size_t column) const { return data[column].get(row); }
  // A batch of the same kind with the rows `keep` marks `which`, in order.
  Batch select(const std::vector<bool>& keep, bool which) const;
};

}  // namespace sluice

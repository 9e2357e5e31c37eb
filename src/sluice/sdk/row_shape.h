#pragma once
// Rows given by position: a connector that emits many rows of one kind names their columns once
// (a RowShape it keeps) and hands each row as cells borrowed from the parsed page, so the loader
// matches names to columns once per batch and copies text straight into its column buffers.
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/core/value.h"

namespace sluice {

class RowShape {
 public:
  // Throws std::invalid_argument when a name repeats: a row has one value per column.
  explicit RowShape(std::vector<std::string> names);
  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }
  uint64_t id() const { return id_; }  // distinct for every shape made in this process

 private:
  std::vector<std::string> names_;
  uint64_t id_;
};

// One value of such a row; a text or JSON cell borrows its characters until the call returns.
struct Cell {
  Value::Kind kind = Value::Kind::kNull;
  int64_t i = 0;  // as Value::i (and booleans as 0/1)
  double d = 0;
  std::string_view s;

  static Cell text(std::string_view s) { return {Value::Kind::kString, 0, 0, s}; }
  // Borrows `v`'s text: `v` must outlive the cell.
  static Cell of(const Value& v);
  Value value() const;  // an owning copy
};

// A row as the Record every emitter takes.
Record record_of(const RowShape& shape, const Cell* cells);

}  // namespace sluice

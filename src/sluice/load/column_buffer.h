#pragma once
// One column of a batch: a value per row, stored by kind rather than as a Value each. While every
// value of the column has one kind (the common case) they sit in a fixed-width array (integers,
// times, dates, booleans and doubles as 64-bit words) or, for text and JSON, in one arena with
// each row's end offset, plus a validity flag per row: no allocation per cell. The first value of
// another kind turns the column into a list of Values, each kept exactly as it came, so a widening
// in the middle of a batch still lands every earlier value as it was (the destination coerces).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/core/value.h"

namespace sluice {

class ColumnBuffer {
 public:
  size_t size() const { return valid_.size(); }
  void push(Value&& v);
  void push(const Value& v) { push(Value(v)); }
  // push() of a text or JSON value (`kind`) from characters the caller keeps.
  void push_text(Value::Kind kind, std::string_view s);
  void push_null();
  // Drops the last row (a record that named a field twice: its last value wins).
  void pop();
  // Appends NULLs up to `rows` (a column first seen mid-batch, or a record that skips it).
  void pad(size_t rows) {
    while (size() < rows) push_null();
  }

  // The one kind of the column's non-NULL values (kNull while it has none); meaningless when
  // mixed().
  Value::Kind kind() const { return kind_; }
  bool mixed() const { return mixed_; }
  bool is_null(size_t row) const { return !valid_[row]; }
  // Typed reads of a non-NULL row of an unmixed column of the matching kind.
  int64_t word(size_t row) const { return words_[row]; }  // kInt, kTimestamp, kDate, kBool
  double real(size_t row) const;
  std::string_view text(size_t row) const {  // kString, kJson
    const uint64_t start = row ? static_cast<uint64_t>(words_[row - 1]) : 0;
    return std::string_view(arena_).substr(start, static_cast<uint64_t>(words_[row]) - start);
  }
  // Any row as a Value (a copy).
  Value get(size_t row) const;

 private:
  void become_mixed();

  Value::Kind kind_ = Value::Kind::kNull;
  bool mixed_ = false;
  std::vector<uint8_t> valid_;
  // Unmixed: a word per row — the value, a double's bits, or for text the arena's size after it.
  std::vector<int64_t> words_;
  std::string arena_;
  std::vector<Value> values_;  // mixed: every row's value
};

}  // namespace sluice

#pragma once
// The cells of one row given by position, read from a parsed page: text that is on the page as it
// is stays there (borrowed), text that has to be made (the JSON of an array or object, a number
// past int64 as digits, a value computed by the connector) is kept here until the next row. Each
// reader gives the value its fields.h / flatten.h namesake gives, as a cell.
#include <simdjson.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/sdk/row_shape.h"

namespace sluice {

class RowCells {
 public:
  // A new row: the last row's cells and kept text go.
  void clear() {
    cells_.clear();
    kept_used_ = 0;
  }
  const Cell* data() const { return cells_.data(); }
  size_t size() const { return cells_.size(); }
  Cell& operator[](size_t k) { return cells_[k]; }

  void add(Cell c) { cells_.push_back(c); }
  void add_null() { cells_.push_back(Cell()); }
  // Any value; its text is kept.
  void add(const Value& v);
  // The element as to_value gives it.
  void add(simdjson::dom::element e) { add(cell(e)); }
  // The same cell without adding it; text it makes is kept until clear() as add()'s is.
  Cell cell(simdjson::dom::element e);
  // field_text: the field if it is a string, else NULL.
  void add_text(simdjson::dom::object o, std::string_view key) { add(text(o, key)); }
  // field_value: the field as its natural value.
  void add_value(simdjson::dom::object o, std::string_view key);
  // field_json: the field as JSON text, NULL when absent or null.
  void add_json(simdjson::dom::object o, std::string_view key);
  // A cell holding a copy of `v`'s text, kept until the next row.
  Cell kept(const Value& v);
  // field_text as a cell, borrowing the page's text.
  static Cell text(simdjson::dom::object o, std::string_view key);

 private:
  std::string& keep();  // an empty string that stays put until the next row

  std::vector<Cell> cells_;
  std::deque<std::string> kept_;  // a deque: growing it moves no string whose text is borrowed
  size_t kept_used_ = 0;
};

}  // namespace sluice

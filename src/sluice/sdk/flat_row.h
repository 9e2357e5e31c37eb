#pragma once
// A row built by name from a parsed JSON object and upserted by position: the names and cells of
// the Record that flatten() and Record::set would give, and a RowShape for each distinct list of
// names, made once and reused while rows repeat it. No name or text is allocated per row once
// the rows' shape is known: names are compared with the last row's in place, text is borrowed.
#include <simdjson.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/json/field_names.h"
#include "sluice/json/flatten.h"
#include "sluice/sdk/emitter.h"
#include "sluice/sdk/row_cells.h"

namespace sluice {

class FlatRow {
 public:
  explicit FlatRow(FlattenOptions options = {});

  // A new row.
  void clear();
  // Appends `object`'s fields as flatten_into(object, prefix) names and values them.
  void flatten(simdjson::dom::object object, std::string_view prefix = {});
  // Appends one field, named as given (its value as RowCells reads it).
  void add(std::string_view name, Cell c);
  void add(std::string_view name, simdjson::dom::element e);
  void add(std::string_view name, const Value& v) { add(name, cells_.kept(v)); }
  // As Record::set: replaces the value of the field of that name, or appends the field.
  void set(std::string_view name, Cell c);
  void set(std::string_view name, const Value& v) { set(name, cells_.kept(v)); }
  Cell* find(std::string_view name);
  // Cells are added through it right after naming them with name().
  RowCells& cells() { return cells_; }
  void name(std::string_view name) { put_name(name, {}); }

  // Upserts the row by position; a row that names a field twice goes as the Record Record::set
  // would make of it (the first place, the last value).
  void upsert(Emitter& emit, const std::string& table);
  Record record() const;

 private:
  void level(simdjson::dom::object object, std::string_view prefix, int depth);
  // Names the next field `a` or `a_b`, noting whether the names still repeat the last row's.
  void put_name(std::string_view a, std::string_view b);
  const RowShape* shape();  // nullptr when a name repeats

  static constexpr size_t kMaxShapes = 64;
  FlattenOptions options_;
  FieldNames normalized_;
  std::vector<std::string> names_;  // this row's in names_[0, count_); the slots are reused
  size_t count_ = 0;
  bool same_names_ = false;  // names_[0, count_) are the shape's so far
  RowCells cells_;
  std::vector<std::string> prefixes_;  // one per depth of nesting, sized once
  const RowShape* shape_ = nullptr;    // of the names last resolved, in names_[0, shape_count_)
  size_t shape_count_ = 0;
  bool shape_known_ = false;  // the slots still hold those names
  std::map<std::vector<std::string>, std::unique_ptr<const RowShape>> shapes_;
};

}  // namespace sluice

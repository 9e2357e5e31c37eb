#include "sluice/sdk/flat_row.h"

#include <set>

namespace sluice {

FlatRow::FlatRow(FlattenOptions options)
    : options_(options), prefixes_(static_cast<size_t>(std::max(options.max_depth, 0)) + 1) {}

void FlatRow::clear() {
  count_ = 0;
  same_names_ = shape_known_;
  cells_.clear();
  normalized_.start_record();
}

void FlatRow::put_name(std::string_view a, std::string_view b) {
  if (count_ == names_.size()) names_.emplace_back();
  std::string& slot = names_[count_++];
  const bool same = b.empty() ? slot == a
                              : slot.size() == a.size() + 1 + b.size() &&
                                    slot.compare(0, a.size(), a) == 0 && slot[a.size()] == '_' &&
                                    slot.compare(a.size() + 1, b.size(), b) == 0;
  if (same) return;
  same_names_ = shape_known_ = false;  // the slots no longer hold the shape's names
  slot.assign(a);
  if (!b.empty()) (slot += '_') += b;
}

// As flatten.cc's flatten_level, into names and cells.
void FlatRow::level(simdjson::dom::object object, std::string_view prefix, int depth) {
  for (auto [key, element] : object) {
    const std::string& name = normalized_(key);
    if (element.type() == simdjson::dom::element_type::OBJECT && depth < options_.max_depth) {
      simdjson::dom::object child = element.get_object().value_unsafe();
      if (child.size() == 0) {
        put_name(prefix.empty() ? name : prefix, prefix.empty() ? "" : name);
        cells_.add(Cell{Value::Kind::kJson, 0, 0, "{}"});
        continue;
      }
      std::string& nested = prefixes_[static_cast<size_t>(depth)];
      nested.assign(prefix);
      if (!prefix.empty()) nested += '_';
      nested += name;
      level(child, nested, depth + 1);
      continue;
    }
    put_name(prefix.empty() ? name : prefix, prefix.empty() ? "" : name);
    cells_.add(element);
  }
}

void FlatRow::flatten(simdjson::dom::object object, std::string_view prefix) {
  level(object, prefix, 0);
}

void FlatRow::add(std::string_view name, Cell c) {
  put_name(name, {});
  cells_.add(c);
}

void FlatRow::add(std::string_view name, simdjson::dom::element e) {
  put_name(name, {});
  cells_.add(e);
}

Cell* FlatRow::find(std::string_view name) {
  for (size_t k = 0; k < count_; ++k)
    if (names_[k] == name) return &cells_[k];
  return nullptr;
}

void FlatRow::set(std::string_view name, Cell c) {
  if (Cell* at = find(name)) {
    *at = c;
    return;
  }
  add(name, c);
}

const RowShape* FlatRow::shape() {
  if (same_names_ && count_ == shape_count_) return shape_;
  std::vector<std::string> names(names_.begin(), names_.begin() + static_cast<ptrdiff_t>(count_));
  auto it = shapes_.find(names);
  if (it == shapes_.end()) {
    if (shapes_.size() >= kMaxShapes) shapes_.clear();  // rows that never repeat a shape
    std::unique_ptr<const RowShape> made;
    if (std::set<std::string>(names.begin(), names.end()).size() == names.size())
      made = std::make_unique<const RowShape>(names);
    it = shapes_.emplace(std::move(names), std::move(made)).first;
  }
  shape_ = it->second.get();
  shape_count_ = count_;
  shape_known_ = true;
  same_names_ = true;
  return shape_;
}

void FlatRow::upsert(Emitter& emit, const std::string& table) {
  if (const RowShape* s = shape())
    emit.upsert_row(table, *s, cells_.data());
  else
    emit.upsert(table, record());
}

Record FlatRow::record() const {
  Record r;
  r.fields.reserve(count_);
  for (size_t k = 0; k < count_; ++k) r.set(names_[k], cells_.data()[k].value());
  return r;
}

}  // namespace sluice

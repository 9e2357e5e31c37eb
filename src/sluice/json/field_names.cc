#include "sluice/json/field_names.h"

#include "sluice/core/names.h"

namespace sluice {

const std::string& FieldNames::operator()(std::string_view key) {
  if (next_ < order_.size() && order_[next_]->first == key) return order_[next_++]->second;
  auto it = names_.find(key);
  if (it == names_.end()) {
    if (names_.size() >= kMaxNames) {
      names_.clear();
      order_.clear();
      next_ = 0;
    }
    it = names_.emplace(std::string(key), normalize_name(key)).first;
  }
  // The record's shape differs from the last one's from here on: remember its own order.
  order_.resize(next_);
  order_.push_back(&*it);
  ++next_;
  return it->second;
}

}  // namespace sluice

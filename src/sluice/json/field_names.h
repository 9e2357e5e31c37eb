#pragma once
// Column names of JSON keys, each normalised once: the records of a page share their keys, so a
// key seen before costs a compare (the same key at the same place as in the last record) or a
// hash lookup instead of normalize_name and its allocation.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sluice {

class FieldNames {
 public:
  // A new record begins: its keys are expected in the last record's order.
  void start_record() { next_ = 0; }
  // normalize_name(key), from the cache.
  const std::string& operator()(std::string_view key);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
  // Keys of records that never repeat (hostile or ever-changing) must not grow it without bound.
  static constexpr size_t kMaxNames = 4096;
  Map names_;
  std::vector<const Map::value_type*> order_;  // the last record's keys, in order
  size_t next_ = 0;
};

}  // namespace sluice

#include "sluice/destinations/sql/fresh_keys.h"

#include "sluice/core/env_setting.h"
#include "sluice/load/row_hash.h"

namespace sluice {

size_t key_set_bytes_from_env() {
  const char* v = env_setting("SLUICE_KEY_SET_MB");
  if (!v) return KeySet::kDefaultMaxBytes;
  return static_cast<size_t>(env_whole_number("SLUICE_KEY_SET_MB", v, 65536)) << 20;
}

size_t FreshKeys::mark_new(const TableSpec& spec, const std::vector<ColumnType>& types,
                           const Batch& batch, const std::function<bool()>& empty,
                           std::vector<bool>& is_new) {
  is_new.assign(batch.size(), false);
  auto it = tables_.find(spec.name);
  if (it == tables_.end()) {
    Table t;
    t.keys = KeySet(key_set_bytes_);
    t.fresh = empty();
    it = tables_.emplace(spec.name, std::move(t)).first;
  }
  Table& t = it->second;
  if (!t.fresh) return 0;
  std::vector<size_t> positions;
  std::vector<ColumnType> key_types;
  for (const auto& key : spec.primary_key) {
    size_t p = 0;
    while (p < batch.columns.size() && batch.columns[p] != key) ++p;
    if (p == batch.columns.size()) {
      stop(spec.name);
      return 0;
    }
    positions.push_back(p);
    key_types.push_back(types[p]);
  }
  if (t.key_types.empty()) t.key_types = key_types;
  if (t.key_types != key_types) {
    stop(spec.name);
    return 0;
  }
  std::vector<uint64_t> hashes(batch.size());
  for (size_t r = 0; r < batch.size(); ++r) hashes[r] = key_hash(batch, r, positions, key_types);
  return t.keys.insert_all(hashes, is_new);
}

void FreshKeys::stop(const std::string& table) {
  auto it = tables_.find(table);
  if (it == tables_.end()) return;
  it->second.fresh = false;
  it->second.keys.clear();
}

}  // namespace sluice

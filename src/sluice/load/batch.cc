#include "sluice/load/batch.h"

namespace sluice {

size_t Batch::add_column(const std::string& name) {
  columns.push_back(name);
  data.emplace_back().pad(count);
  return columns.size() - 1;
}

void Batch::end_row() {
  ++count;
  for (auto& c : data) c.pad(count);
}

Batch Batch::select(const std::vector<bool>& keep, bool which) const {
  Batch out{op, table, columns, std::vector<ColumnBuffer>(columns.size()), 0};
  for (size_t r = 0; r < count; ++r) {
    if (keep[r] != which) continue;
    for (size_t c = 0; c < data.size(); ++c) out.data[c].push(data[c].get(r));
    out.end_row();
  }
  return out;
}

}  // namespace sluice

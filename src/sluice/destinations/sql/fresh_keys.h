#pragma once
// While a table that was empty when this process first wrote to it is being filled, the hashes of
// the keys written so far (load/key_set) prove most rows new, so a destination can put those
// straight into the table instead of merging them. A table that held rows before marks none.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/load/batch.h"
#include "sluice/load/key_set.h"

namespace sluice {

// SLUICE_KEY_SET_MB (1 to 65,536) in bytes, the memory of each table's key hashes; 16 MB when it
// is unset. A malformed value is a configuration error that names the variable.
size_t key_set_bytes_from_env();

class FreshKeys {
 public:
  explicit FreshKeys(size_t key_set_bytes) : key_set_bytes_(key_set_bytes) {}

  // Records the key hashes of `batch` (`types`: a type per batch column) and marks in `is_new` the
  // rows whose key is certainly new to the table (the first of its key in the batch, too);
  // returns how many. `empty` says whether the table holds no rows; it is asked the first time
  // a table is seen. A table that held rows, a batch without a key column, or key columns that
  // changed type mark none from then on.
  size_t mark_new(const TableSpec& spec, const std::vector<ColumnType>& types, const Batch& batch,
                  const std::function<bool()>& empty, std::vector<bool>& is_new);
  // No row of `table` is marked new from now on (its keys may be anywhere).
  void stop(const std::string& table);
  // Forgets `table` (dropped): the next batch asks again whether it is empty.
  void forget(const std::string& table) { tables_.erase(table); }

 private:
  struct Table {
    bool fresh = false;
    KeySet keys;
    std::vector<ColumnType> key_types;
  };

  size_t key_set_bytes_;
  std::map<std::string, Table> tables_;
};

}  // namespace sluice

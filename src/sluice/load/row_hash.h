#pragma once
// `_sluice_id` for tables without a primary key: a stable hash of a row's values, as Fivetran
// derives `_fivetran_id`.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/core/types.h"
#include "sluice/core/value.h"
#include "sluice/load/batch.h"

namespace sluice {

std::string row_hash(const Record& record);

// A 64-bit hash of a batch row's key: the values of the columns at `positions`, each as a column
// of its type holds it, so a key hashes alike whichever JSON type carried it. Hashes are for this
// process's key sets only (never stored).
uint64_t key_hash(const Batch& batch, size_t row, const std::vector<size_t>& positions,
                  const std::vector<ColumnType>& types);

// A 64-bit digest of the values `names` hold in `record` (absent and NULL alike), kind included:
// equal digests mean writing those fields again would change nothing.
uint64_t fields_digest(const Record& record, std::initializer_list<std::string_view> names);

}  // namespace sluice

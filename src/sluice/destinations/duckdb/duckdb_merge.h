#pragma once
// The statements that merge a staged batch into a DuckDB table that has no key constraint: the
// key is the connector's, matched by joins, so no index of every key is kept in memory. Upserts
// replace (delete, then insert the newest change per key); append tables skip keys they already
// hold; partial updates change only their columns and create missing rows.
#include <string>
#include <vector>

#include "sluice/core/table_spec.h"
#include "sluice/load/batch.h"

namespace sluice::duck {

// For a batch of kUpsert or kUpdate rows staged in `stage` (with `_seq`), into table `target`.
std::vector<std::string> keyless_merge_sql(const TableSpec& spec, const std::string& target,
                                           const std::string& stage, const Batch& batch,
                                           int64_t synced_at);

}  // namespace sluice::duck

#include "sluice/destinations/duckdb/duckdb_merge.h"

#include <algorithm>

#include "sluice/load/sql_text.h"

namespace sluice::duck {

std::vector<std::string> keyless_merge_sql(const TableSpec& spec, const std::string& target,
                                           const std::string& stage, const Batch& batch,
                                           int64_t synced_at) {
  using sql::join_quoted;
  using sql::quote_ident;
  const auto& keys = spec.primary_key;
  const bool soft = spec.mode != WriteMode::kAppend;
  const std::string latest = sql::latest_staged(keys, stage);
  const std::string ts = sql::timestamp_literal(synced_at);
  const std::string insert = "INSERT INTO " + target + " (" + join_quoted(batch.columns) +
                             ", _sluice_synced" + (soft ? ", _sluice_deleted" : "") + ") SELECT " +
                             join_quoted(batch.columns, "s.") + ", " + ts +
                             (soft ? ", false" : "") + latest;
  const std::string absent = " WHERE NOT EXISTS (SELECT 1 FROM " + target + " d WHERE " +
                             sql::key_join(keys, "d", "s") + ")";
  if (batch.op == OpKind::kUpsert && spec.mode == WriteMode::kAppend)
    return {insert + absent};  // a re-read after a crash must not duplicate
  if (batch.op == OpKind::kUpsert)
    return {"DELETE FROM " + target + " d USING (SELECT DISTINCT " + join_quoted(keys) + " FROM " +
                stage + ") s WHERE " + sql::key_join(keys, "d", "s"),
            insert};
  // Partial update: only the given columns change; a missing row is created with them.
  std::string set = "_sluice_synced = " + ts;
  for (const auto& c : batch.columns)
    if (std::find(keys.begin(), keys.end(), c) == keys.end())
      set += ", " + quote_ident(c) + " = s." + quote_ident(c);
  return {
      "UPDATE " + target + " AS d SET " + set + latest + " WHERE " + sql::key_join(keys, "d", "s"),
      insert + absent};
}

}  // namespace sluice::duck

#pragma once
// DuckDB (the pinned 1.x) cannot replay from its write-ahead log an ALTER … USING that calls a
// function, such as the to_json() of a text column widened to JSON: opening the file fails with
// "Failure while replaying WAL file … no default database set" when a sync was killed after such
// a widening and before the next checkpoint. The same log replays when the file is attached to
// an in-memory database (which has a default database), and a checkpoint there folds it into
// the file. Nothing committed is lost or changed; the log is only applied.
#include <string>

namespace sluice::duck {

// Whether an open failed on that replay, from DuckDB's error text.
bool is_wal_replay_failure(const std::string& message);

// Attaches `path` to an in-memory database, which replays its log, checkpoints and detaches it.
// Returns an empty string on success, else DuckDB's error text.
std::string replay_wal_by_attaching(const std::string& path, const std::string& memory_limit);

}  // namespace sluice::duck

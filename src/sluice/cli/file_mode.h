#pragma once
// Files Sluice creates hold survey answers, contacts' emails and credentials, so they are private
// to the user: the process runs under umask 077 (files 0600, folders 0700), which covers what
// DuckDB creates as well (the warehouse, its .wal and spill files, Parquet files, manifests).
// SLUICE_UMASK sets another umask (027 lets the group read, 022 is the usual 0644).

namespace sluice::cli {

// Sets the process umask: SLUICE_UMASK, or 077. A malformed SLUICE_UMASK is a configuration
// error naming the variable.
void make_files_private();
// Puts back the umask Sluice started with, for files meant to be shared (`sluice new`'s sources).
void restore_user_umask();

}  // namespace sluice::cli

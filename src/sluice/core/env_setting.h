#pragma once
// Settings read from the environment (SLUICE_DUCKDB_THREADS, SLUICE_KEY_SET_MB, …).

namespace sluice {

// The variable's value; nullptr when it is unset or empty.
const char* env_setting(const char* name);

// `text`, the value of variable `name`, as a whole number from 1 to `most`; anything else is a
// configuration error (Error kConfig) that names the variable.
long env_whole_number(const char* name, const char* text, long most);

}  // namespace sluice

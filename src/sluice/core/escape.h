#pragma once
// JSON string escaping, shared by everything that writes JSON text by hand.
#include <string>
#include <string_view>

namespace sluice {

// Appends `s` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view s);

}  // namespace sluice

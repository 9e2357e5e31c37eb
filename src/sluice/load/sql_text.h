#pragma once
// SQL text shared by the SQL destinations: identifiers are always quoted, so any name an API
// invents (reserved words, quotes, semicolons) is safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::sql {

std::string quote_ident(std::string_view name);
std::string quote_literal(std::string_view text);
// `a."k1" = b."k1" AND a."k2" = b."k2"`
std::string key_join(const std::vector<std::string>& keys, std::string_view a, std::string_view b);
// `"a", "b"` or, with a prefix, `s."a", s."b"`
std::string join_quoted(const std::vector<std::string>& names, std::string_view prefix = {});
// ` FROM (…) s`: the staged rows with only the newest change (highest `_seq`) to each key.
std::string latest_staged(const std::vector<std::string>& keys, std::string_view stage);
// `TIMESTAMPTZ '…'` for microseconds since the epoch.
std::string timestamp_literal(int64_t micros);

}  // namespace sluice::sql

#pragma once
// SQL text helpers shared by the DuckDB destination's statements.
#include <string>
#include <string_view>
#include <vector>

#include "sluice/core/types.h"

namespace sluice::duck {

std::string quote_ident(std::string_view name);
std::string quote_literal(std::string_view text);
std::string sql_type(ColumnType t);
ColumnType column_type_from_sql(std::string_view sql_type);
// `a."k1" = b."k1" AND a."k2" = b."k2"`
std::string key_join(const std::vector<std::string>& keys, std::string_view a, std::string_view b);
std::string join_quoted(const std::vector<std::string>& names, std::string_view prefix = {});

}  // namespace sluice::duck
